package nnc.cli.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import nnc.runtime.train.EpochMetrics;
import nnc.runtime.train.History;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of a training run with XChart: loss per epoch, and accuracy (or mean absolute error
 * for regression) per epoch, training and validation, side by side in one image.
 */
public final class TrainingCharts {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private TrainingCharts() {
    }

    /** Writes {@code png} and {@code svg}, each atomically. */
    public static void write(History history, Path png, Path svg) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<EpochMetrics> epochs = history.epochs();
        double[] x = epochs.stream().mapToDouble(EpochMetrics::epoch).toArray();
        XYChart loss = chart("loss", "loss");
        add(loss, "training", x, epochs.stream().mapToDouble(EpochMetrics::loss).toArray());
        add(loss, "validation", x, epochs.stream().mapToDouble(EpochMetrics::valLoss).toArray());
        boolean classifies = epochs.stream().anyMatch(m -> !Double.isNaN(m.accuracy()));
        XYChart second = chart(classifies ? "accuracy" : "mean absolute error",
                classifies ? "accuracy" : "mae");
        if (classifies) {
            add(second, "training", x, epochs.stream().mapToDouble(EpochMetrics::accuracy)
                    .toArray());
            add(second, "validation", x, epochs.stream().mapToDouble(EpochMetrics::valAccuracy)
                    .toArray());
        } else {
            add(second, "training", x, epochs.stream().mapToDouble(EpochMetrics::mae).toArray());
            add(second, "validation", x, epochs.stream().mapToDouble(EpochMetrics::valMae)
                    .toArray());
        }
        List<XYChart> charts = List.of(loss, second);
        atomically(png, tmp -> BitmapEncoder.saveBitmap(charts, 1, 2, tmp.toString(),
                BitmapEncoder.BitmapFormat.PNG));
        // XChart writes one chart per SVG file: the SVG holds the loss chart, the PNG both.
        atomically(svg, tmp -> VectorGraphicsEncoder.saveVectorGraphic(loss, tmp.toString(),
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).build();
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setXAxisDecimalPattern("#");
        c.getStyler().setXAxisMaxLabelCount(12);
        return c;
    }

    private static void add(XYChart chart, String name, double[] x, double[] y) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) {
                xs.add(x[i]);
                ys.add(y[i]);
            }
        }
        if (!ys.isEmpty()) {
            XYSeries s = chart.addSeries(name, xs, ys);
            s.setMarker(ys.size() <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
    }

    private interface Writer {
        void write(Path tmp) throws IOException;
    }

    /** Writes through a temporary file in the same folder, then moves it into place. */
    private static void atomically(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = target.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.'));
        Path tmp = Files.createTempFile(dir, ".nnc-chart", ext);
        try {
            // XChart appends the extension itself when it is missing; give it the full name.
            writer.write(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
