package nnc.cli.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import nnc.runtime.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingChartsTest {
    @TempDir
    Path dir;

    /** A history of {@code n} epochs, built through its checkpoint encoding. */
    static History history(int n, boolean regression, boolean validation) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(n);
        for (int e = 1; e <= n; e++) {
            double loss = 2.0 / e;
            out.writeInt(e);
            out.writeDouble(0.01);
            out.writeDouble(loss);
            out.writeDouble(regression ? Double.NaN : 1 - loss / 4);
            out.writeDouble(regression ? loss / 2 : Double.NaN);
            out.writeDouble(validation ? loss * 1.1 : Double.NaN);
            out.writeDouble(validation && !regression ? 1 - loss / 3 : Double.NaN);
            out.writeDouble(validation && regression ? loss / 1.8 : Double.NaN);
            out.writeLong(1000);
            out.writeDouble(0.5);
            out.writeDouble(0.6);
        }
        out.writeByte(History.Stop.COMPLETED.ordinal());
        out.writeUTF("");
        out.writeInt(0);
        return History.readFrom(new DataInputStream(new ByteArrayInputStream(
                bytes.toByteArray())));
    }

    @Test
    void writesPngAndSvgHeadless() throws IOException {
        Path png = dir.resolve("charts/training.png");
        Path svg = dir.resolve("charts/training.svg");
        TrainingCharts.write(history(12, false, true), png, svg);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 * TrainingCharts.CHART_WIDTH, image.getWidth());
        assertEquals(TrainingCharts.HEIGHT, image.getHeight());
        String text = Files.readString(svg);
        // XChart draws text as outlines, so the SVG holds paths, not words; the second chart is
        // drawn shifted right by one chart width.
        assertTrue(text.contains("<svg") && text.contains("viewBox=\"0 0 1280 420\""),
                text.substring(0, Math.min(400, text.length())));
        assertTrue(text.contains("translate(640 0)"));
        assertEquals("true", System.getProperty("java.awt.headless"));
    }

    @Test
    void drawsTheSeriesThatExist() throws IOException {
        var classification = TrainingCharts.charts(history(3, false, false));
        assertEquals("Accuracy", classification.get(1).getTitle());
        assertEquals(1, classification.get(0).getSeriesMap().size());
        var regression = TrainingCharts.charts(history(3, true, true));
        assertEquals("Mean absolute error", regression.get(1).getTitle());
        assertEquals(2, regression.get(1).getSeriesMap().size());
    }

    @Test
    void drawsASingleEpoch() throws IOException {
        TrainingCharts.write(history(1, true, false), dir.resolve("one.png"), null);
        assertTrue(Files.size(dir.resolve("one.png")) > 1000);
    }

    @Test
    void aFileThatCannotBeWrittenLeavesTheOtherAndNoTemporaryFile() throws IOException {
        Path png = Files.createDirectories(dir.resolve("x.png/in-the-way"));
        Path svg = dir.resolve("x.svg");
        IOException e = assertThrows(IOException.class, () -> TrainingCharts.write(
                history(3, false, true), png.getParent(), svg));
        assertTrue(e.getMessage().contains("x.png is a folder"), e.getMessage());
        assertTrue(Files.isDirectory(png), "the folder in the way is left alone");
        assertTrue(Files.readString(svg).contains("<svg"), "the SVG is still written");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")));
        }
    }

    @Test
    void refusesAnEmptyHistory() {
        assertThrows(IllegalArgumentException.class,
                () -> TrainingCharts.write(new History(), dir.resolve("x.png"), null));
    }
}
