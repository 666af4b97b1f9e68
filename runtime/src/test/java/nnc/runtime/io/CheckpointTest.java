package nnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import nnc.runtime.DataConfig.Normalize;
import nnc.runtime.TargetKind;
import nnc.runtime.TrainingConfig;
import nnc.runtime.data.Dataset;
import nnc.runtime.data.Normalizer;
import nnc.runtime.testing.LinearModel;
import nnc.runtime.testing.Synthetic;
import nnc.runtime.train.EpochMetrics;
import nnc.runtime.train.History;
import nnc.runtime.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    static final TrainingConfig CONFIG = new TrainingConfig(6, 8, true, 11, 0, 1, 0.02,
            TrainingConfig.Schedule.NONE, null);

    @TempDir
    Path dir;

    private static LinearModel model(String name) {
        LinearModel m = new LinearModel(name, 4, 3, TargetKind.CLASS_INDEX, 8, 0.2f);
        m.initialize(3);
        return m;
    }

    @Test
    void roundTripsEverything() {
        Dataset data = Synthetic.blobs(40, 4, 3, 1);
        LinearModel m = model("Blobs");
        History h = new Trainer(m, CONFIG.withEpochs(2)).fit(data, null);
        Normalizer norm = Normalizer.fit(Normalize.MINMAX, data);
        float[] best = new float[m.parameters().length];
        Arrays.fill(best, 0.25f);
        Path file = dir.resolve("weights.nnw");
        Checkpoint.capture(m, 11, h, norm, best).write(file);

        Checkpoint c = Checkpoint.read(file);
        assertEquals("Blobs", c.modelName());
        assertEquals(m.sourceHash(), c.sourceHash());
        assertEquals(11, c.seed());
        assertEquals(2, c.epoch());
        assertEquals(10, c.stepCount());
        assertArrayEquals(m.parameters(), c.parameters());
        assertArrayEquals(best, c.bestParameters());
        assertEquals(Normalize.MINMAX, c.normalizer().kind());
        assertArrayEquals(norm.apply(data).features(), c.normalizer().apply(data).features());
        List<EpochMetrics> epochs = c.history().epochs();
        assertEquals(h.epochs(), epochs);
        assertEquals(History.Stop.COMPLETED, c.history().stop());

        LinearModel fresh = model("Blobs");
        c.restoreInto(fresh);
        assertArrayEquals(m.parameters(), fresh.parameters());
        assertArrayEquals(m.optimizerState()[0], fresh.optimizerState()[0]);
        assertArrayEquals(m.optimizerState()[1], fresh.optimizerState()[1]);
        assertEquals(10, fresh.stepCount());
    }

    @Test
    void resumedTrainingMatchesAnUninterruptedRunBitForBit() {
        Dataset data = Synthetic.blobs(45, 4, 3, 2);
        Dataset.Split split = data.split(0.2, 1);

        LinearModel straight = model("Blobs");
        History all = new Trainer(straight, CONFIG).fit(split.train(), split.validation());

        LinearModel first = model("Blobs");
        History half = new Trainer(first, CONFIG.withEpochs(3)).fit(split.train(),
                split.validation());
        Path file = dir.resolve("run.nnw");
        Checkpoint.capture(first, CONFIG.seed(), half, Normalizer.none(), null).write(file);

        LinearModel second = new LinearModel("Blobs", 4, 3, TargetKind.CLASS_INDEX, 8, 0.2f);
        Checkpoint c = Checkpoint.read(file);
        c.restoreInto(second);
        History rest = new Trainer(second, CONFIG).resume(split.train(), split.validation(),
                c.history(), c.bestParameters());

        assertArrayEquals(straight.parameters(), second.parameters());
        assertArrayEquals(straight.optimizerState()[0], second.optimizerState()[0]);
        assertEquals(straight.stepCount(), second.stepCount());
        assertEquals(6, rest.size());
        for (int i = 0; i < 6; i++) {
            EpochMetrics a = all.epochs().get(i);
            EpochMetrics b = rest.epochs().get(i);
            assertEquals(a.epoch(), b.epoch());
            assertEquals(a.loss(), b.loss());
            assertEquals(a.valLoss(), b.valLoss());
            assertEquals(a.accuracy(), b.accuracy());
        }
    }

    @Test
    void failedWriteLeavesThePreviousFileIntactAndNoTemporaryFile() throws IOException {
        LinearModel m = new LinearModel("Big", 200, 100, 4); // 20,100 parameters, ~240 kB
        m.initialize(1);
        Path file = dir.resolve("weights.nnw");
        Checkpoint.capture(m, 1, new History(), null, null).write(file);
        byte[] before = Files.readAllBytes(file);

        m.initialize(2);
        Checkpoint changed = Checkpoint.capture(m, 2, new History(), null, null);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> changed.write(file, written -> {
                    if (written >= 65536) {
                        throw new IOException("disk full (simulated)");
                    }
                }));
        assertEquals("cannot write " + file + ": disk full (simulated)", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(1, Checkpoint.read(file).seed());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void leftoverTemporaryFileFromACrashDoesNotMatter() throws IOException {
        Path file = dir.resolve("weights.nnw");
        Files.writeString(dir.resolve("weights.nnw.tmp"), "half a checkpoint");
        LinearModel m = model("Blobs");
        Checkpoint.capture(m, 5, null, null, null).write(file);
        assertEquals(5, Checkpoint.read(file).seed());
        assertTrue(Files.notExists(dir.resolve("weights.nnw.tmp")));
    }

    @Test
    void refusesACheckpointOfAnotherModel() {
        Path file = dir.resolve("weights.nnw");
        Checkpoint.capture(model("Xor"), 1, null, null, null).write(file);
        Checkpoint c = Checkpoint.read(file);
        LinearModel other = model("FashionMlp");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> c.restoreInto(other));
        assertEquals("weights.nnw was trained from model `Xor` (source hash "
                + model("Xor").sourceHash().substring(0, 8) + "…), not from `FashionMlp` "
                + "(source hash " + other.sourceHash().substring(0, 8) + "…)", e.getMessage());
    }

    @Test
    void refusesAnotherVersionOrSizeOfTheSameModel() {
        Path file = dir.resolve("weights.nnw");
        Checkpoint.capture(model("Blobs"), 1, null, null, null).write(file);
        Checkpoint c = Checkpoint.read(file);
        LinearModel wider = new LinearModel("Blobs", 5, 3, 8);
        assertEquals("weights.nnw holds 15 parameters, but model `Blobs` has 18",
                assertThrows(CheckpointException.class, () -> c.checkFits(wider)).getMessage());
        LinearModel edited = new LinearModel("Blobs", 4, 3, 8).sourceHash("ffffffff00000000");
        assertTrue(assertThrows(CheckpointException.class, () -> c.checkFits(edited))
                .getMessage().startsWith("weights.nnw was trained from another version of model "
                        + "`Blobs`"));
    }

    @Test
    void refusesANormalizerOfAnotherWidth() {
        // A file written by hand (its checksum matches) whose scaling is 5 features wide for a
        // model of 4 inputs: the scaled rows would be read past their end, or misaligned.
        Path file = dir.resolve("weights.nnw");
        LinearModel m = model("Blobs");
        Normalizer five = Normalizer.fit(Normalize.MINMAX, Synthetic.blobs(10, 5, 3, 1));
        Checkpoint.capture(m, 1, null, five, null).write(file);
        Checkpoint c = Checkpoint.read(file);
        assertEquals("weights.nnw scales 5 features, but model `Blobs` takes 4; the file is "
                + "damaged", assertThrows(CheckpointException.class, () -> c.checkFits(m))
                .getMessage());
    }

    @Test
    void refusesDamagedTruncatedAndForeignFiles() throws IOException {
        Path file = dir.resolve("weights.nnw");
        Checkpoint.capture(model("Blobs"), 1, null, null, null).write(file);
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[40] ^= 1;
        Files.write(file, flipped);
        assertEquals("weights.nnw is damaged: its checksum does not match its contents (was it "
                + "truncated or changed?)", assertThrows(CheckpointException.class,
                        () -> Checkpoint.read(file)).getMessage());

        Files.write(file, Arrays.copyOf(good, good.length - 20));
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.read(file))
                .getMessage().startsWith("weights.nnw is damaged"));

        Files.writeString(file, "PK\u0003\u0004 a zip file");
        assertEquals("weights.nnw is not an nnc checkpoint (it does not start with the bytes "
                + "NNCW)", assertThrows(CheckpointException.class, () -> Checkpoint.read(file))
                        .getMessage());

        byte[] newer = good.clone();
        newer[7] = 9;
        Files.write(file, newer);
        assertEquals("weights.nnw has checkpoint format 9, but this nnc reads format 1; it was "
                + "written by a newer nnc", assertThrows(CheckpointException.class,
                        () -> Checkpoint.read(file)).getMessage());

        assertEquals(dir.resolve("absent.nnw") + ": no such file", assertThrows(
                CheckpointException.class, () -> Checkpoint.read(dir.resolve("absent.nnw")))
                        .getMessage());
    }

    @Test
    void keepsNoBestParametersUnlessGiven() {
        Path file = dir.resolve("w.nnw");
        Checkpoint.capture(model("Blobs"), 1, null, null, null).write(file);
        assertNull(Checkpoint.read(file).bestParameters());
    }
}
