package nnc.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import nnc.runtime.train.History;

/** Writes the training charts beside the weights file. */
final class Charts {
    private Charts() {
    }

    /** PNG and SVG of loss and accuracy per epoch, named after {@code weights}. */
    static void write(History history, Path weights, PrintStream out, PrintStream err) {
        String name = weights.getFileName().toString();
        String stem = name.endsWith(".nnw") ? name.substring(0, name.length() - 4) : name;
        Path png = weights.resolveSibling(stem + ".png");
        Path svg = weights.resolveSibling(stem + ".svg");
        try {
            nnc.cli.chart.TrainingCharts.write(history, png, svg);
            out.println("wrote charts " + png + " and " + svg);
        } catch (java.io.IOException e) {
            String why = e instanceof java.nio.file.FileSystemException f
                    ? f.getFile() + ": " + nnc.runtime.io.IoErrors.reason(e) : e.getMessage();
            err.println("warning: could not write the training charts: " + why);
        } catch (RuntimeException e) {
            err.println("warning: could not write the training charts: " + e.getMessage());
        }
    }
}
