package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nnc.runtime.Model;
import nnc.runtime.TargetKind;
import nnc.runtime.TrainingConfig;
import nnc.runtime.TrainingConfig.EarlyStopping;
import nnc.runtime.TrainingConfig.Schedule;
import nnc.runtime.data.Dataset;
import nnc.runtime.testing.LinearModel;
import nnc.runtime.testing.Synthetic;
import org.junit.jupiter.api.Test;

class TrainerTest {
    static final TrainingConfig BASE = new TrainingConfig(5, 8, true, 42, 0, 1, 0.05,
            Schedule.NONE, null);

    static LinearModel model(int maxBatch) {
        LinearModel m = new LinearModel("Blobs", 4, 3, maxBatch);
        m.initialize(42);
        return m;
    }

    /** Records the size of every batch. */
    static final class Batches implements TrainingListener {
        final List<Integer> sizes = new ArrayList<>();
        long last;

        @Override
        public void onBatch(int epoch, int batch, int batches, long samplesDone, double loss) {
            sizes.add((int) (samplesDone - (batch == 1 ? 0 : last)));
            last = samplesDone;
        }
    }

    private static List<Integer> batchSizes(int batch, int n, int maxBatch) {
        LinearModel m = model(maxBatch);
        Batches b = new Batches();
        new Trainer(m, BASE.withBatch(batch).withEpochs(2)).listener(b)
                .fit(Synthetic.blobs(n, 4, 3, 1), null);
        assertEquals(b.sizes.size(), m.stepCount());
        return b.sizes;
    }

    @Test
    void fullBatchTakesOneStepPerEpoch() {
        assertEquals(List.of(30, 30), batchSizes(0, 30, 32));
    }

    @Test
    void stochasticTakesOneStepPerSample() {
        List<Integer> sizes = batchSizes(1, 10, 4);
        assertEquals(20, sizes.size());
        assertTrue(sizes.stream().allMatch(s -> s == 1));
    }

    @Test
    void miniBatchHandlesTheLastPartialBatch() {
        assertEquals(List.of(8, 8, 8, 6, 8, 8, 8, 6), batchSizes(8, 30, 8));
    }

    @Test
    void batchLargerThanTheDataIsOneBatch() {
        assertEquals(List.of(5, 5), batchSizes(64, 5, 64));
    }

    @Test
    void fullBatchLargerThanTheBuffersIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(model(16), BASE.withBatch(0)).fit(
                        Synthetic.blobs(30, 4, 3, 1), null));
        assertTrue(e.getMessage().startsWith("full-batch training needs all 30 samples in one "
                + "batch, but model `Blobs` holds at most 16"), e.getMessage());
    }

    @Test
    void learnsAndReportsMetricsPerEpoch() {
        Dataset data = Synthetic.blobs(300, 4, 3, 3);
        Dataset.Split split = data.split(0.2, 1);
        LinearModel m = model(32);
        History h = new Trainer(m, BASE.withEpochs(8).withBatch(32)).fit(split.train(),
                split.validation());
        assertEquals(8, h.size());
        assertEquals(History.Stop.COMPLETED, h.stop());
        EpochMetrics first = h.epochs().get(0);
        EpochMetrics last = h.last();
        assertEquals(1, first.epoch());
        assertEquals(240, last.samples());
        assertTrue(last.loss() < first.loss());
        assertTrue(last.accuracy() > 0.9, "accuracy " + last.accuracy());
        assertTrue(last.valAccuracy() > 0.9, "val accuracy " + last.valAccuracy());
        assertTrue(Double.isNaN(last.mae()));
        assertTrue(last.samplesPerSecond() > 0);
        Evaluator.Evaluation e = Evaluator.evaluate(m, split.validation());
        assertEquals(last.valLoss(), e.loss(), 1e-9);
        assertEquals(last.valAccuracy(), e.accuracy(), 1e-12);
    }

    @Test
    void trainLossIsTheMeanOverSamples() {
        // One epoch, no update effect on the loss: learning rate 0, batches of 8, 8, 4.
        Dataset data = Synthetic.blobs(20, 4, 3, 3);
        LinearModel m = model(8);
        History h = new Trainer(m, BASE.withEpochs(1).withLearningRate(0).withBatch(8))
                .fit(data, null);
        assertEquals(Evaluator.evaluate(m, data).loss(), h.last().loss(), 1e-6);
    }

    @Test
    void regressionReportsMaeInsteadOfAccuracy() {
        LinearModel m = new LinearModel("Line", 2, 1, TargetKind.REGRESSION, 16, 0);
        m.initialize(1);
        History h = new Trainer(m, BASE.withEpochs(30).withBatch(16).withLearningRate(0.1))
                .fit(Synthetic.line(64, 2), null);
        assertTrue(Double.isNaN(h.last().accuracy()));
        assertTrue(h.last().mae() < 0.1, "mae " + h.last().mae());
        assertTrue(Evaluator.evaluate(m, Synthetic.line(64, 9)).mae() < 0.1);
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        Dataset data = Synthetic.blobs(50, 4, 3, 3);
        float[] a = trained(data, 42);
        float[] b = trained(data, 42);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, trained(data, 43)));
    }

    private static float[] trained(Dataset data, long seed) {
        LinearModel m = new LinearModel("Drop", 4, 3, TargetKind.CLASS_INDEX, 8, 0.3f);
        m.initialize(7);
        new Trainer(m, BASE.withSeed(seed)).fit(data, null);
        return m.parameters().clone();
    }

    @Test
    void scheduleSetsTheRatePerEpoch() {
        TrainingConfig c = BASE.withEpochs(4).withLearningRate(0.1);
        c = new TrainingConfig(c.epochs(), c.batch(), c.shuffle(), c.seed(), c.validation(),
                c.threads(), c.learningRate(), new Schedule(Schedule.Kind.STEP, 2, 0.5, 0),
                null);
        History h = new Trainer(model(8), c).fit(Synthetic.blobs(16, 4, 3, 1), null);
        assertEquals(List.of(0.1, 0.1, 0.05, 0.05),
                h.epochs().stream().map(EpochMetrics::learningRate).toList());
    }

    /** Validation labels are shifted, so the better the model fits, the worse validation gets. */
    private static Dataset contrary(Dataset d) {
        float[] t = d.targets().clone();
        for (int i = 0; i < t.length; i++) {
            t[i] = (t[i] + 1) % 3;
        }
        return new Dataset("contrary", d.features(), d.shape(), t, 1);
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        Dataset train = Synthetic.blobs(60, 4, 3, 5);
        TrainingConfig c = withEarlyStopping(BASE.withEpochs(20),
                new EarlyStopping("val_loss", 2, 0.0, true));
        LinearModel m = model(8);
        History h = new Trainer(m, c).fit(train, contrary(train));
        assertEquals(History.Stop.EARLY_STOPPED, h.stop());
        int best = h.bestEpoch();
        assertEquals(best + 2, h.size());
        assertTrue(h.stopMessage().contains("restored the parameters of epoch " + best),
                h.stopMessage());

        LinearModel reference = model(8);
        new Trainer(reference, BASE.withEpochs(best)).fit(train, null);
        assertArrayEquals(reference.parameters(), m.parameters());
    }

    @Test
    void earlyStoppingWithoutValidationDataIsRefused() {
        TrainingConfig c = withEarlyStopping(BASE, new EarlyStopping("val_loss", 2, 0, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(model(8), c).fit(Synthetic.blobs(10, 4, 3, 1), null));
        assertTrue(e.getMessage().contains("no validation data"), e.getMessage());
    }

    @Test
    void divergenceStopsAndRestoresTheLastGoodEpoch() {
        Dataset data = Synthetic.blobs(30, 4, 3, 1); // 4 batches per epoch
        LinearModel m = model(8).poisonAtStep(10); // the third epoch's second step
        History h = new Trainer(m, BASE.withEpochs(5)).fit(data, null);
        assertEquals(History.Stop.DIVERGED, h.stop());
        assertEquals(2, h.size());
        assertTrue(h.stopMessage().startsWith("training stopped: the loss became NaN in epoch 3, "
                + "batch 3 of 4; restored the parameters from the end of epoch 2"),
                h.stopMessage());

        LinearModel reference = model(8);
        new Trainer(reference, BASE.withEpochs(2)).fit(data, null);
        assertArrayEquals(reference.parameters(), m.parameters());
        assertArrayEquals(reference.optimizerState()[1], m.optimizerState()[1]);
        assertEquals(8, m.stepCount());
    }

    @Test
    void divergenceFromTooLargeLearningRateIsCaught() {
        LinearModel m = new LinearModel("Line", 2, 1, TargetKind.REGRESSION, 16, 0);
        m.initialize(1);
        float[] initial = m.parameters().clone();
        History h = new Trainer(m, BASE.withLearningRate(1e30)).fit(Synthetic.line(64, 2), null);
        assertEquals(History.Stop.DIVERGED, h.stop());
        assertTrue(h.stopMessage().contains("epoch 1"), h.stopMessage());
        assertArrayEquals(initial, m.parameters());
    }

    @Test
    void plainProgressPrintsOneLinePerEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Dataset data = Synthetic.blobs(40, 4, 3, 1);
        Dataset.Split s = data.split(0.25, 1);
        new Trainer(model(8), BASE.withEpochs(3)).listener(new ConsoleProgress(out, false))
                .fit(s.train(), s.validation());
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"));
        String[] lines = text.split("\n");
        assertEquals(4, lines.length, text);
        assertEquals("training `Blobs`: 30 samples (+10 for validation), batch 8, epochs 3",
                lines[0]);
        assertTrue(lines[3].matches("epoch 3/3  loss \\d\\.\\d{4}  acc \\d+\\.\\d\\d%  val_loss "
                + "\\d\\.\\d{4}  val_acc \\d+\\.\\d\\d%  lr 0\\.0500  .* samples/s  .*s"),
                lines[3]);
    }

    @Test
    void terminalProgressDrawsABar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Trainer(model(8), BASE.withEpochs(1)).listener(new ConsoleProgress(out, true))
                .fit(Synthetic.blobs(40, 4, 3, 1), null);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\repoch 1/1 [========================] 100%"), text);
        assertTrue(text.contains("ETA"), text);
    }

    @Test
    void evaluatorCountsAConfusionMatrixInBatches() {
        Dataset data = Synthetic.blobs(50, 4, 3, 3);
        Model m = model(8); // 50 samples take 7 batches
        Evaluator.Evaluation e = Evaluator.evaluate(m, data);
        int[] perClass = {17, 17, 16};
        int total = 0;
        int diagonal = 0;
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                total += e.confusion()[i][j];
            }
            diagonal += e.confusion()[i][i];
            assertEquals(perClass[i],
                    e.confusion()[i][0] + e.confusion()[i][1] + e.confusion()[i][2]);
        }
        assertEquals(50, total);
        assertEquals(diagonal / 50.0, e.accuracy(), 1e-12);
    }

    static TrainingConfig withEarlyStopping(TrainingConfig c, EarlyStopping es) {
        return new TrainingConfig(c.epochs(), c.batch(), c.shuffle(), c.seed(), c.validation(),
                c.threads(), c.learningRate(), c.schedule(), es);
    }
}
