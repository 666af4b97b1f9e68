package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nnc.runtime.io.Checkpoint;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training, evaluation and prediction end to end, through the command line. */
class TrainingTest {
    private static final String SUBSET = "data/fashion-mnist-subset/";

    @Test
    void perceptronLearnsTheFirstColumn(@TempDir Path dir) {
        String weights = dir.resolve("p.nnw").toString();
        Run train = Run.nnc("train", Run.path("examples/perceptron.nn"), "-o", weights,
                "--no-chart");
        assertEquals(0, train.code(), train::toString);
        Run predict = Run.nnc("predict", Run.path("examples/perceptron.nn"), "-w", weights,
                "1,0,0");
        assertEquals(0, predict.code(), predict::toString);
        double p = Double.parseDouble(predict.out().trim().split(" ")[0]);
        assertTrue(p > 0.9, predict::toString);
    }

    @Test
    void xorIsLearnedCompletely(@TempDir Path dir) {
        String weights = dir.resolve("x.nnw").toString();
        assertEquals(0, Run.nnc("train", Run.path("examples/xor.nn"), "-o", weights,
                "--no-chart").code());
        Run eval = Run.nnc("eval", Run.path("examples/xor.nn"), "-w", weights);
        assertEquals(0, eval.code(), eval::toString);
        assertTrue(eval.out().contains("accuracy 100.00%"), eval::toString);
        Run predict = Run.nnc("predict", Run.path("examples/xor.nn"), "-w", weights,
                "0,0;0,1;1,0;1,1");
        assertTrue(predict.out().matches("(?s)row 1: [0-9.]+ -> 0\\s+row 2: [0-9.]+ -> 1\\s+"
                + "row 3: [0-9.]+ -> 1\\s+row 4: [0-9.]+ -> 0\\s*"), predict::toString);
    }

    @Test
    void resumingFromAnotherModelsWeightsNamesTheModel(@TempDir Path dir) {
        String weights = dir.resolve("x.nnw").toString();
        assertEquals(0, Run.nnc("train", Run.path("examples/xor.nn"), "--epochs", "1", "-o",
                weights, "--no-chart").code());
        Run r = Run.nnc("train", Run.path("models/iris.nn"), "--epochs", "1", "--resume", "-o",
                weights, "--no-chart");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("was trained from model `Xor`"), r::toString);
    }

    @Test
    void predictRefusesInputsItCannotPredictOn(@TempDir Path dir) throws Exception {
        String model = Run.path("examples/xor.nn");
        String weights = dir.resolve("x.nnw").toString();
        assertEquals(0, Run.nnc("train", model, "--epochs", "1", "-o", weights, "--no-chart")
                .code());
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Path header = Files.writeString(dir.resolve("header.csv"), "a,b\n");
        Path nan = Files.writeString(dir.resolve("nan.csv"), "a,b\n1,NaN\n");
        String[][] cases = {
            {empty.toString(), "empty.csv: no rows to predict (the file is empty)"},
            {header.toString(), "header.csv: no rows to predict"},
            {nan.toString(), "nan.csv:2:2: `NaN` is not a finite number"},
            {"1,1e999", "INPUT: `1e999` is not a finite number"},
            {"1,0;;0,1", "row 2 of INPUT: the row is empty, but the model takes 2"},
            {"1,0;1", "row 2 of INPUT: the row has 1 value, but the model takes 2"},
        };
        for (String[] c : cases) {
            Run r = Run.nnc("predict", model, "-w", weights, c[0]);
            assertEquals(1, r.code(), r::toString);
            assertTrue(r.err().contains(c[1]), r::toString);
        }
        Run negative = Run.nnc("predict", model, "-w", weights, "-1,0");
        assertEquals(2, negative.code(), negative::toString);
        assertTrue(negative.err().contains("put `--` before them"), negative::toString);
        Run dashes = Run.nnc("predict", model, "-w", weights, "--", "-1,0");
        assertEquals(0, dashes.code(), dashes::toString);
    }

    @Test
    void fashionSubsetTrainsAndEvalReproducesTheTestAccuracy(@TempDir Path dir)
            throws Exception {
        String weights = dir.resolve("f.nnw").toString();
        Run train = Run.nnc("train", Run.path("models/fashion_mlp.nn"), "--epochs", "3",
                "--train", Run.path(SUBSET + "train-images-idx3-ubyte.gz") + ","
                        + Run.path(SUBSET + "train-labels-idx1-ubyte.gz"),
                "--test", Run.path(SUBSET + "t10k-images-idx3-ubyte.gz") + ","
                        + Run.path(SUBSET + "t10k-labels-idx1-ubyte.gz"),
                "-o", weights);
        assertEquals(0, train.code(), train::toString);
        assertTrue(train.out().contains("total parameters: 235,146"), train::toString);
        double trained = testAccuracy(train.out());
        assertTrue(trained > 0.70, train::toString);
        assertTrue(Files.exists(dir.resolve("f.png")) && Files.exists(dir.resolve("f.svg")));
        Run eval = Run.nnc("eval", Run.path("models/fashion_mlp.nn"), "-w", weights, "--data",
                Run.path(SUBSET + "t10k-images-idx3-ubyte.gz") + ","
                        + Run.path(SUBSET + "t10k-labels-idx1-ubyte.gz"));
        assertEquals(0, eval.code(), eval::toString);
        assertEquals(trained, testAccuracy(eval.out()), 1e-9, eval::toString);
        assertTrue(eval.out().contains("confusion matrix"), eval::toString);
    }

    @Test
    void fashionMnistFromTheDebianPackage(@TempDir Path dir) {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "dataset-fashion-mnist is not installed");
        Run train = Run.nnc("train", Run.path("models/fashion_mlp.nn"), "--epochs", "1",
                "-o", dir.resolve("full.nnw").toString(), "--no-chart");
        assertEquals(0, train.code(), train::toString);
        assertTrue(train.out().contains("/usr/share/datasets/fashion-mnist (60000 samples)"),
                train::toString);
        assertTrue(testAccuracy(train.out()) > 0.82, train::toString);
    }

    @Test
    void diabetesRegressionLearnsMoreThanTheMean(@TempDir Path dir) {
        Run train = Run.nnc("train", Run.path("models/diabetes_regression.nn"), "-o",
                dir.resolve("d.nnw").toString(), "--no-chart");
        assertEquals(0, train.code(), train::toString);
        // Predicting the mean progression for everyone gives a mean absolute error near 64.
        Matcher m = Pattern.compile("val_mae ([0-9.]+)").matcher(train.out());
        double best = Double.MAX_VALUE;
        while (m.find()) {
            best = Math.min(best, Double.parseDouble(m.group(1)));
        }
        assertTrue(best < 50, train::toString);
    }

    @Test
    void resumingGivesTheWeightsOfAnUninterruptedRun(@TempDir Path dir) {
        String model = Run.path("models/breast_cancer.nn");
        String whole = dir.resolve("whole.nnw").toString();
        String parts = dir.resolve("parts.nnw").toString();
        assertEquals(0, Run.nnc("train", model, "--epochs", "6", "--threads", "1", "-o", whole,
                "--no-chart").code());
        assertEquals(0, Run.nnc("train", model, "--epochs", "3", "--threads", "1", "-o", parts,
                "--no-chart").code());
        Run resumed = Run.nnc("train", model, "--epochs", "6", "--threads", "1", "-o", parts,
                "--resume", "--no-chart");
        assertEquals(0, resumed.code(), resumed::toString);
        assertTrue(resumed.out().contains("resuming"), resumed::toString);
        assertArrayEquals(Checkpoint.read(Path.of(whole)).parameters(),
                Checkpoint.read(Path.of(parts)).parameters());
    }

    @Test
    void trainingTwiceWithOneSeedGivesTheSameWeights(@TempDir Path dir) {
        String model = Run.path("models/iris.nn");
        for (String name : new String[] {"a.nnw", "b.nnw"}) {
            assertEquals(0, Run.nnc("train", model, "--epochs", "20", "--threads", "1", "-o",
                    dir.resolve(name).toString(), "--no-chart").code());
        }
        assertArrayEquals(Checkpoint.read(dir.resolve("a.nnw")).parameters(),
                Checkpoint.read(dir.resolve("b.nnw")).parameters());
    }

    @Test
    void corruptDataIsRefusedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path images = dir.resolve("images.gz");
        Files.write(images, new byte[] {1, 2, 3, 4, 5});
        Path labels = Run.ROOT.resolve(SUBSET + "train-labels-idx1-ubyte.gz");
        Path weights = dir.resolve("w.nnw");
        Run r = Run.nnc("train", Run.path("models/fashion_mlp.nn"), "--train", images + ","
                + labels, "-o", weights.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains(images.toString()), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
        assertFalse(Files.exists(weights));
    }

    @Test
    void weightsOfAnotherModelAreRefused(@TempDir Path dir) {
        String weights = dir.resolve("iris.nnw").toString();
        assertEquals(0, Run.nnc("train", Run.path("models/iris.nn"), "--epochs", "1", "-o",
                weights, "--no-chart").code());
        Run r = Run.nnc("eval", Run.path("examples/xor.nn"), "-w", weights);
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("Iris"), r::toString);
    }

    @Test
    void sweepTrainsEveryCombinationAndRanksThem() {
        Run r = Run.nnc("sweep", Run.path("models/iris.nn"), "--set", "optimizer.lr=0.1,0.001",
                "--set", "optimizer.momentum=0,0.9", "--set", "train.epochs=15");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("sweep: 4 combinations, ranked by val_accuracy"),
                r::toString);
        String table = r.out().substring(r.out().indexOf("rank "));
        assertEquals(5, table.strip().split("\n").length, table);
        // Ranked: the validation accuracy never increases down the table.
        double previous = 2;
        for (String line : table.strip().split("\n")) {
            if (line.startsWith("rank")) {
                continue;
            }
            String[] cells = line.trim().split("\\s+");
            double accuracy = Double.parseDouble(cells[cells.length - 4]);
            assertTrue(accuracy <= previous, table);
            previous = accuracy;
        }
        Run bad = Run.nnc("sweep", Run.path("models/iris.nn"), "--set", "optimizer.rl=1");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("did you mean `optimizer.lr`?"), bad::toString);
    }

    @Test
    void trainRefusesAnOutputItCannotOrShouldNotWriteBeforeTraining(@TempDir Path dir)
            throws Exception {
        Path model = dir.resolve("xor.nn");
        Path data = dir.resolve("xor.csv");
        Files.copy(Path.of(Run.path("examples/xor.nn")), model);
        Files.copy(Path.of(Run.path("examples/xor.csv")), data);
        byte[] source = Files.readAllBytes(model);
        byte[] rows = Files.readAllBytes(data);
        // The model's own source and its data are not weights files: never replaced.
        for (Path target : new Path[] {model, data}) {
            Run r = Run.nnc("train", model.toString(), "--epochs", "1", "-o", target.toString());
            assertEquals(1, r.code(), r::toString);
            assertTrue(r.err().contains("exists and is not an nnc weights file"), r::toString);
            assertFalse(r.out().contains("epoch 1/1"), r::toString);
        }
        assertArrayEquals(source, Files.readAllBytes(model));
        assertArrayEquals(rows, Files.readAllBytes(data));
        Run noFolder = Run.nnc("train", model.toString(), "--epochs", "1", "-o",
                dir.resolve("nodir/x.nnw").toString());
        assertEquals(1, noFolder.code(), noFolder::toString);
        assertTrue(noFolder.err().contains("nodir` does not exist"), noFolder::toString);
        assertFalse(noFolder.out().contains("epoch 1/1"), noFolder::toString);
        Run folder = Run.nnc("train", model.toString(), "--epochs", "1", "-o", dir.toString());
        assertEquals(2, folder.code(), folder::toString);
        assertTrue(folder.err().contains("is a folder"), folder::toString);
        assertFalse(folder.err().contains("Exception"), folder::toString);
    }

    @Test
    void aDivergedRunKeepsTheWeightsFileItWouldHaveReplaced(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("xor.nn");
        Files.copy(Path.of(Run.path("examples/xor.csv")), dir.resolve("xor.csv"));
        Files.writeString(model, Files.readString(Path.of(Run.path("examples/xor.nn")))
                .replace("output y: binary", "output y: [1]")
                .replace("dense(1, activation: sigmoid)", "dense(1)")
                .replace("binary_cross_entropy", "mse")
                .replace("adam(lr: 0.05)", "sgd(lr: 0.05)"));
        String weights = dir.resolve("x.nnw").toString();
        Run good = Run.nnc("train", model.toString(), "--epochs", "20", "-o", weights,
                "--no-chart");
        assertEquals(0, good.code(), good::toString);
        byte[] saved = Files.readAllBytes(Path.of(weights));
        Run diverged = Run.nnc("train", model.toString(), "--epochs", "5", "--lr", "1e30",
                "-o", weights, "--no-chart");
        assertEquals(1, diverged.code(), diverged::toString);
        assertTrue(diverged.out().contains("did not replace " + weights), diverged::toString);
        assertArrayEquals(saved, Files.readAllBytes(Path.of(weights)));
    }

    private static double testAccuracy(String out) {
        Matcher m = Pattern.compile("test: \\d+ samples, loss [0-9.]+, accuracy ([0-9.]+)%")
                .matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1)) / 100;
    }
}
