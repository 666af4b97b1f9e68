package nnc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nnc.runtime.Model;
import nnc.runtime.data.DataException;
import nnc.runtime.data.Dataset;
import nnc.runtime.data.IdxReader;
import nnc.runtime.data.Normalizer;
import nnc.runtime.io.Checkpoint;
import nnc.runtime.io.IoErrors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code nnc predict FILE --weights W INPUT}: predictions for new inputs. */
final class PredictCommand extends Command {
    @Override
    String name() {
        return "predict";
    }

    @Override
    String summary() {
        return "predict new inputs: numbers like 1,0,0, a CSV file of rows, or IDX images";
    }

    @Override
    String usage() {
        return "FILE.nn [--weights W] INPUT";
    }

    @Override
    int minArgs() {
        return 2;
    }

    @Override
    int maxArgs() {
        return 2;
    }

    @Override
    Options options() {
        return new Options().addOption(Option.builder("w").longOpt("weights").hasArg()
                .argName("W").desc("weights file (default: FILE with extension .nnw)").get());
    }

    @Override
    int run(CommandLine cl, PrintStream out, PrintStream err) {
        Checkpoint ckpt = TrainCommand.weightsOf(cl);
        Session s = Session.open(cl, err);
        if (s == null) {
            return 1;
        }
        Model model = s.instantiate(1);
        TrainCommand.restore(ckpt, model);
        List<float[]> rows = inputs(cl.getArgList().get(1), model.inputSize());
        Normalizer normalizer = ckpt.normalizer();
        float[] y = new float[model.outputSize()];
        for (int i = 0; i < rows.size(); i++) {
            float[] x = rows.get(i);
            if (normalizer.featureCount() == x.length) {
                normalizer.applyInPlace(x, 0, 1);
            }
            model.predict(x, y);
            out.println((rows.size() > 1 ? "row " + (i + 1) + ": " : "") + describe(model, y));
        }
        return 0;
    }

    private static String describe(Model model, float[] y) {
        return switch (model.targetKind()) {
            case CLASS_INDEX, ONE_HOT -> {
                int best = 0;
                for (int c = 1; c < y.length; c++) {
                    if (y[c] > y[best]) {
                        best = c;
                    }
                }
                yield String.format(Locale.ROOT, "class %d (probability %.4f)", best, y[best]);
            }
            case BINARY -> {
                StringBuilder b = new StringBuilder();
                for (int c = 0; c < y.length; c++) {
                    b.append(c == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                            "%.4f -> %d", y[c], y[c] >= 0.5f ? 1 : 0));
                }
                yield b.toString();
            }
            case REGRESSION -> {
                StringBuilder b = new StringBuilder();
                for (int c = 0; c < y.length; c++) {
                    b.append(c == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6g", y[c]));
                }
                yield b.toString();
            }
        };
    }

    /** Rows of features from a literal, a CSV file or an IDX file. */
    static List<float[]> inputs(String input, int size) {
        Path path = Path.of(input);
        if (Files.isRegularFile(path)) {
            String lower = input.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".csv")) {
                return csv(path, size);
            }
            try {
                Dataset d = IdxReader.readFeatures(path);
                if (d.featureCount() != size) {
                    throw new UserException(input + ": images have " + d.featureCount()
                            + " values, but the model takes " + size);
                }
                List<float[]> rows = new ArrayList<>();
                for (int r = 0; r < d.size(); r++) {
                    float[] x = new float[size];
                    System.arraycopy(d.features(), r * size, x, 0, size);
                    rows.add(x);
                }
                return rows;
            } catch (DataException e) {
                throw new UserException(e.getMessage());
            }
        }
        if (Files.isDirectory(path)) {
            throw new UsageException("INPUT `" + input + "` is a folder; give a CSV or IDX file, "
                    + "or numbers like 1,0,0");
        }
        if (!input.matches("[-+0-9.eE,;\\s]+")) {
            throw new UsageException(input.contains(".") || input.contains("/")
                    ? "INPUT `" + input + "`: no such file"
                    : "INPUT `" + input + "` is neither a file nor numbers like 1,0,0");
        }
        List<float[]> rows = new ArrayList<>();
        String[] parts = input.split(";", -1);
        for (int i = 0; i < parts.length; i++) {
            rows.add(parseRow(parts[i], size,
                    parts.length > 1 ? "row " + (i + 1) + " of INPUT" : "INPUT", 0));
        }
        return rows;
    }

    private static List<float[]> csv(Path path, int size) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException("cannot read " + path + ": " + IoErrors.reason(e));
        }
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || (i == 0 && !line.matches("[-+0-9.eE,\\s]+"))) {
                continue;
            }
            rows.add(parseRow(line, size, path.toString(), i + 1));
        }
        if (rows.isEmpty()) {
            throw new UserException(path + ": no rows to predict"
                    + (lines.isEmpty() ? " (the file is empty)" : ""));
        }
        return rows;
    }

    private static float[] parseRow(String row, int size, String where, int line) {
        String[] cells = row.isBlank() ? new String[0] : row.trim().split("[,\\s]+");
        if (cells.length != size) {
            throw new UserException(where + (line > 0 ? ":" + line : "") + ": "
                    + (cells.length == 0 ? "the row is empty"
                    : "the row has " + cells.length + (cells.length == 1 ? " value" : " values"))
                    + ", but the model takes " + size);
        }
        float[] x = new float[size];
        for (int c = 0; c < size; c++) {
            String at = where + (line > 0 ? ":" + line + ":" + (c + 1) : "");
            try {
                x[c] = Float.parseFloat(cells[c]);
            } catch (NumberFormatException e) {
                throw new UserException(at + ": `" + cells[c] + "` is not a number");
            }
            if (!Float.isFinite(x[c])) {
                throw new UserException(at + ": `" + cells[c] + "` is not a finite number"
                        + (Float.isNaN(x[c]) ? "" : " (a float holds at most about 3.4e38)"));
            }
        }
        return x;
    }
}
