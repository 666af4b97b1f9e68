package nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nnc.runtime.DataConfig;
import nnc.runtime.DataConfig.Normalize;
import nnc.runtime.DataConfig.Source;
import nnc.runtime.TargetKind;
import nnc.runtime.testing.LinearModel;
import nnc.runtime.train.Evaluator;
import nnc.runtime.train.History;
import nnc.runtime.train.Trainer;
import org.junit.jupiter.api.Test;

/** Reads the data sets shipped in the repository's data/ folder and trains on them briefly. */
class ShippedDataTest {
    private static final Path DATA = Path.of("..", "data");
    private static final String SUBSET = "fashion-mnist-subset/";

    private static DataConfig fashion(String primaryDir) {
        Source subsetTrain = new Source("idx", List.of(SUBSET + "train-images-idx3-ubyte.gz",
                SUBSET + "train-labels-idx1-ubyte.gz"), Map.of(), null);
        Source subsetTest = new Source("idx", List.of(SUBSET + "t10k-images-idx3-ubyte.gz",
                SUBSET + "t10k-labels-idx1-ubyte.gz"), Map.of(), null);
        return new DataConfig(
                new Source("idx", List.of(primaryDir + "/train-images-idx3-ubyte.gz",
                        primaryDir + "/train-labels-idx1-ubyte.gz"), Map.of(), subsetTrain),
                new Source("idx", List.of(primaryDir + "/t10k-images-idx3-ubyte.gz",
                        primaryDir + "/t10k-labels-idx1-ubyte.gz"), Map.of(), subsetTest),
                Normalize.MINMAX, DATA.toString());
    }

    @Test
    void fashionMnistSubsetTrainsASoftmaxRegression() {
        assumeTrue(Files.isDirectory(DATA.resolve(SUBSET)), "data/ is not beside runtime/");
        DataLoader.Loaded loaded = DataLoader.load(fashion("/nonexistent/fashion-mnist"));
        assertTrue(loaded.trainOrigin().usedFallback());
        assertEquals(3000, loaded.train().size());
        assertEquals(1000, loaded.test().size());
        assertArrayEquals(new int[] {28, 28}, loaded.train().shape());

        LinearModel model = new LinearModel("FashionSoftmax", 784, 10, 100);
        model.initialize(1);
        DataLoader.Prepared p = DataLoader.prepare(loaded, model, Normalize.MINMAX, 0.1, 1);
        model.config(model.trainingConfig().withEpochs(3).withBatch(100)
                .withLearningRate(0.01));
        History h = new Trainer(model, model.trainingConfig()).fit(p.train(), p.validation());
        assertEquals(3, h.size());
        double accuracy = Evaluator.evaluate(model, p.test()).accuracy();
        assertTrue(accuracy > 0.7, "test accuracy " + accuracy);
    }

    @Test
    void diabetesCsvReadsAsRegression() {
        Path csv = DATA.resolve("diabetes/diabetes.csv");
        assumeTrue(Files.exists(csv), "data/ is not beside runtime/");
        Dataset d = CsvReader.read(csv, new CsvReader.Options(true, "progression", ','));
        assertEquals(442, d.size());
        assertEquals(10, d.featureCount());
        assertArrayEquals(new float[] {59, 2, 32.1f, 101, 157, 93.2f, 38, 4, 4.8598f, 87},
                java.util.Arrays.copyOf(d.features(), 10));
        assertEquals(151f, d.targets()[0]);
        d.forModel(TargetKind.REGRESSION, 1);
    }
}
