package nnc.cli.chart;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import nnc.runtime.io.IoErrors;
import nnc.runtime.train.EpochMetrics;
import nnc.runtime.train.History;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a training history as two charts side by side: loss per epoch, and accuracy per epoch
 * (mean absolute error for regression), each with its training and validation curve.
 *
 * <p>Works without a display: it sets {@code java.awt.headless=true} unless the property is
 * already set, and never opens a window.
 */
public final class TrainingCharts {
    /** Width of one chart in pixels; the image holds two side by side. */
    static final int CHART_WIDTH = 640;
    /** Height of the image in pixels. */
    static final int HEIGHT = 420;

    private static final Color TRAIN = new Color(0x1F77B4);
    private static final Color VALIDATION = new Color(0xFF7F0E);

    private TrainingCharts() {
    }

    /**
     * Writes the charts of {@code history} as a PNG and as an SVG file; either path may be
     * {@code null} to skip that format.
     *
     * @throws IllegalArgumentException when the history has no epochs
     * @throws IOException              when a file cannot be written
     */
    public static void write(History history, Path pngPath, Path svgPath) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<XYChart> charts = charts(history);
        // Each file on its own: one that cannot be written does not keep the other from being.
        IOException failed = null;
        if (pngPath != null) {
            BufferedImage image = new BufferedImage(2 * CHART_WIDTH, HEIGHT,
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            paint(charts, g);
            g.dispose();
            // Through a stream of our own: ImageIO's own file stream prints a stack trace to
            // stderr when the file cannot be created.
            ImageIO.setUseCache(false); // buffer in memory, not in a file under java.io.tmpdir
            try {
                writeAtomically(pngPath, out -> {
                    if (!ImageIO.write(image, "png", out)) {
                        throw new IOException("no PNG writer is available");
                    }
                });
            } catch (IOException e) {
                failed = e;
            }
        }
        if (svgPath != null) {
            VectorGraphics2D g = new VectorGraphics2D();
            paint(charts, g);
            Document doc = new SVGProcessor().getDocument(g.getCommands(),
                    new PageSize(0, 0, 2 * CHART_WIDTH, HEIGHT));
            try {
                writeAtomically(svgPath, doc::writeTo);
            } catch (IOException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** What writes one file's bytes. */
    @FunctionalInterface
    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code file} through a temporary file beside it, moved into place when complete:
     * a full disk or a failed write leaves the previous file (or none), never half of one.
     */
    private static void writeAtomically(Path file, Writer writer) throws IOException {
        createParent(file);
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder");
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.write(out);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            if (e instanceof IOException io && !(e instanceof java.nio.file.FileSystemException)) {
                // SAX and ImageIO wrap the cause; the innermost message is the reason.
                Throwable t = io;
                while (t.getCause() != null) {
                    t = t.getCause();
                }
                if (t instanceof IOException inner && t != io) {
                    throw new IOException(file + ": " + IoErrors.reason(inner), inner);
                }
            }
            throw e;
        }
    }

    private static void paint(List<XYChart> charts, Graphics2D g) {
        for (int i = 0; i < charts.size(); i++) {
            Graphics2D part = (Graphics2D) g.create();
            part.translate(i * CHART_WIDTH, 0);
            charts.get(i).paint(part, CHART_WIDTH, HEIGHT);
            part.dispose();
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    /** The two charts: loss, then accuracy or mean absolute error. */
    static List<XYChart> charts(History history) {
        List<EpochMetrics> epochs = history.epochs();
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("the history has no epochs to chart");
        }
        boolean regression = Double.isNaN(epochs.get(0).accuracy());
        // Losses and errors fall, so their legend goes top right; accuracy rises, bottom right.
        XYChart loss = chart("Loss", "loss", epochs, EpochMetrics::loss, EpochMetrics::valLoss,
                Styler.LegendPosition.InsideNE);
        XYChart second = regression
                ? chart("Mean absolute error", "MAE", epochs, EpochMetrics::mae,
                        EpochMetrics::valMae, Styler.LegendPosition.InsideNE)
                : chart("Accuracy", "accuracy (%)", epochs, m -> 100 * m.accuracy(),
                        m -> 100 * m.valAccuracy(), Styler.LegendPosition.InsideSE);
        return List.of(loss, second);
    }

    private static XYChart chart(String title, String yTitle, List<EpochMetrics> epochs,
                                 ToDoubleFunction<EpochMetrics> train,
                                 ToDoubleFunction<EpochMetrics> validation,
                                 Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(CHART_WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(yTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(legend);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xE0E0E0));
        styler.setXAxisDecimalPattern("#");
        styler.setYAxisDecimalPattern("0.####");
        double[] x = new double[epochs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = epochs.get(i).epoch();
        }
        addSeries(chart, "training", x, epochs, train, TRAIN);
        addSeries(chart, "validation", x, epochs, validation, VALIDATION);
        return chart;
    }

    private static void addSeries(XYChart chart, String name, double[] x,
                                  List<EpochMetrics> epochs, ToDoubleFunction<EpochMetrics> f,
                                  Color color) {
        double[] y = new double[x.length];
        boolean any = false;
        for (int i = 0; i < y.length; i++) {
            y[i] = f.applyAsDouble(epochs.get(i));
            any |= !Double.isNaN(y[i]);
        }
        if (!any) {
            return;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(x.length <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
}
