package nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nnc.runtime.DataConfig;
import nnc.runtime.DataConfig.Normalize;
import nnc.runtime.DataConfig.Source;
import nnc.runtime.TargetKind;
import nnc.runtime.testing.LinearModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {
    @TempDir
    Path dir;

    private static Source idx(String images, String labels, Source fallback) {
        return new Source("idx", List.of(images, labels), Map.of(), fallback);
    }

    private void writeIdx(String folder, int n) throws IOException {
        Files.createDirectories(dir.resolve(folder));
        Files.write(dir.resolve(folder + "/images.gz"), IdxReaderTest.gzip(
                IdxReaderTest.ubytes(n, 2, 2)));
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        Files.write(dir.resolve(folder + "/labels.gz"), IdxReaderTest.gzip(
                IdxReaderTest.labels(labels)));
    }

    @Test
    void usesPrimarySourceWhenItsFilesExist() throws IOException {
        writeIdx("full", 8);
        writeIdx("subset", 4);
        DataConfig config = new DataConfig(idx("full/images.gz", "full/labels.gz",
                idx("subset/images.gz", "subset/labels.gz", null)), null, Normalize.NONE,
                dir.toString());
        DataLoader.Loaded loaded = DataLoader.load(config);
        assertEquals(8, loaded.train().size());
        assertFalse(loaded.trainOrigin().usedFallback());
        assertEquals(dir.resolve("full").toString(), loaded.trainOrigin().describe());
        assertNull(loaded.test());
    }

    @Test
    void fallsBackWhenPrimaryFilesAreMissingAndSaysSo() throws IOException {
        writeIdx("subset", 4);
        Path absent = dir.resolve("nowhere");
        DataConfig config = new DataConfig(
                idx(absent + "/images.gz", absent + "/labels.gz",
                        idx("subset/images.gz", "subset/labels.gz", null)),
                idx(absent + "/t.gz", absent + "/l.gz",
                        idx("subset/images.gz", "subset/labels.gz", null)),
                Normalize.NONE, dir.toString());
        DataLoader.Loaded loaded = DataLoader.load(config);
        assertEquals(4, loaded.train().size());
        assertTrue(loaded.trainOrigin().usedFallback());
        assertEquals(List.of(absent.resolve("images.gz"), absent.resolve("labels.gz")),
                loaded.trainOrigin().missing());
        assertEquals(List.of(dir.resolve("subset/images.gz"), dir.resolve("subset/labels.gz")),
                loaded.trainOrigin().files());
        assertEquals(4, loaded.test().size());
    }

    @Test
    void namesEveryMissingFileWhenNoSourceExists() {
        DataConfig config = new DataConfig(idx("a/i", "a/l", idx("b/i", "b/l", null)), null,
                Normalize.NONE, dir.toString());
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(config));
        assertEquals("none of the data files exist: " + dir.resolve("a/i") + ", "
                + dir.resolve("a/l") + ", " + dir.resolve("b/i") + ", " + dir.resolve("b/l"),
                e.getMessage());
    }

    @Test
    void readsCsvWithOptions() throws IOException {
        Files.writeString(dir.resolve("d.csv"), "y,a,b\n1,2,3\n0,4,5\n");
        DataConfig config = new DataConfig(new Source("csv", List.of("d.csv"),
                Map.of("label", "y", "header", "true"), null), null, Normalize.NONE,
                dir.toString());
        Dataset d = DataLoader.load(config).train();
        assertArrayEquals(new float[] {2, 3, 4, 5}, d.features());
        assertArrayEquals(new float[] {1, 0}, d.targets());
    }

    @Test
    void fitsNormalizerOnTrainingSplitOnlyAndAppliesItUnchanged() throws IOException {
        writeIdx("full", 40);
        writeIdx("test", 10);
        DataConfig config = new DataConfig(idx("full/images.gz", "full/labels.gz", null),
                idx("test/images.gz", "test/labels.gz", null), Normalize.STANDARD,
                dir.toString());
        DataLoader.Loaded loaded = DataLoader.load(config);
        LinearModel model = new LinearModel("m", 4, 3, 16);
        DataLoader.Prepared p = DataLoader.prepare(loaded, model, Normalize.STANDARD, 0.25, 5);
        assertEquals(30, p.train().size());
        assertEquals(10, p.validation().size());

        // The statistics are those of the 30 training rows, not of all 40.
        DataLoader.Prepared raw = DataLoader.prepare(loaded, model, Normalize.NONE, 0.25, 5);
        Dataset rawTrain = raw.train();
        Normalizer expected = Normalizer.fit(Normalize.STANDARD, rawTrain);
        for (int j = 0; j < 4; j++) {
            assertEquals(expected.offset(j), p.normalizer().offset(j));
            assertEquals(expected.scale(j), p.normalizer().scale(j));
        }
        Normalizer everything = Normalizer.fit(Normalize.STANDARD, loaded.train());
        assertTrue(everything.offset(0) != p.normalizer().offset(0));

        // Validation and test rows use the training statistics.
        Dataset rawVal = raw.validation();
        for (int i = 0; i < rawVal.features().length; i++) {
            int j = i % 4;
            assertEquals((rawVal.features()[i] - expected.offset(j)) * expected.scale(j),
                    p.validation().features()[i]);
        }
        for (int i = 0; i < loaded.test().features().length; i++) {
            int j = i % 4;
            assertEquals((loaded.test().features()[i] - expected.offset(j)) * expected.scale(j),
                    p.test().features()[i]);
        }

        // A normalizer from a checkpoint is used as it is, not refitted.
        DataLoader.Prepared again = DataLoader.prepare(loaded, model, p.normalizer(), 0.25, 5);
        assertArrayEquals(p.train().features(), again.train().features());
    }

    @Test
    void checksInputSizeAndTargets() throws IOException {
        writeIdx("full", 6);
        DataLoader.Loaded loaded = DataLoader.load(new DataConfig(
                idx("full/images.gz", "full/labels.gz", null), null, Normalize.NONE,
                dir.toString()));
        DataException wide = assertThrows(DataException.class, () -> DataLoader.prepare(loaded,
                new LinearModel("Wide", 5, 3, 8), Normalize.NONE, 0, 1));
        assertEquals(dir.resolve("full/images.gz") + ": samples have 4 features [2, 2], but "
                + "model `Wide` takes 5 [[5]]", wide.getMessage());
        DataException classes = assertThrows(DataException.class, () -> DataLoader.prepare(
                loaded, new LinearModel("Two", 4, 2, 8), Normalize.NONE, 0, 1));
        assertTrue(classes.getMessage().endsWith("sample 3: class 2 is out of range: the model "
                + "has 2 classes (0 to 1)"), classes.getMessage());
        DataLoader.Prepared oneHot = DataLoader.prepare(loaded,
                new LinearModel("Hot", 4, 3, TargetKind.ONE_HOT, 8, 0), Normalize.NONE, 0, 1);
        assertEquals(3, oneHot.train().targetSize());
    }
}
