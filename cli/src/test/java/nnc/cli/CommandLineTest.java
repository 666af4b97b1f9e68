package nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import nnc.runtime.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes, messages and outputs of the commands that do not train. */
class CommandLineTest {

    @Test
    void checkAcceptsAValidModel() {
        Run r = Run.nnc("check", Run.path("models/iris.nn"));
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("is fine"), r::toString);
    }

    @Test
    void checkReportsMistakesWithFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.nn");
        Files.writeString(bad, "model M {\n  input x: [2]\n  output y: [1]\n"
                + "  layers { dense(1, activation: rleu) }\n  loss: mse\n  optimizer: sgd\n}\n");
        Run r = Run.nnc("check", bad.toString());
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains(bad + ":4:33"), r::toString);
        assertTrue(r.err().contains("did you mean `relu`?"), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
    }

    @Test
    void aFileFarLargerThanAnyModelIsRefusedUnread(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("huge.nn");
        Files.write(huge, new byte[(16 << 20) + 1]);
        Run r = Run.nnc("check", huge.toString());
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("is larger than 16 MB"), r::toString);
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheModel(@TempDir Path dir) throws Exception {
        Path bom = dir.resolve("bom.nn");
        Files.writeString(bom, "\uFEFF" + Files.readString(Path.of(Run.path("examples/xor.nn"))));
        Run r = Run.nnc("check", bom.toString());
        assertEquals(0, r.code(), r::toString);
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, Run.nnc().code());
        Run unknown = Run.nnc("chek", "x.nn");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("did you mean `nnc check`?"), unknown::toString);
        assertEquals(2, Run.nnc("check").code());
        assertEquals(2, Run.nnc("check", "/no/such/file.nn").code());
        // eval and predict name the missing model, not the weights file named after it.
        for (String[] args : List.of(new String[] {"eval", "/no/such/file.nn"},
                new String[] {"predict", "/no/such/file.nn", "1,0"})) {
            Run missing = Run.nnc(args);
            assertEquals(2, missing.code(), missing::toString);
            assertTrue(missing.err().contains("cannot read `/no/such/file.nn`: no such file"),
                    missing::toString);
        }
        Run flag = Run.nnc("train", Run.path("models/iris.nn"), "--epochs", "many");
        assertEquals(2, flag.code(), flag::toString);
        assertTrue(flag.err().contains("--epochs needs a whole number"), flag::toString);
        assertEquals(2, Run.nnc("compile", "--bogus", Run.path("models/iris.nn")).code());
        Run data = Run.nnc("eval", Run.path("models/iris.nn"), "--data", "a,b,c");
        assertEquals(2, data.code(), data::toString);
        assertTrue(data.err().contains("--data takes a .csv file or two IDX files"),
                data::toString);
        Run label = Run.nnc("train", Run.path("models/iris.nn"), "--label", "species");
        assertEquals(2, label.code(), label::toString);
        assertTrue(label.err().contains("given with --train or --test"), label::toString);
        Run stage = Run.nnc("compile", Run.path("models/iris.nn"), "--dump-after", "lowr");
        assertEquals(2, stage.code(), stage::toString);
        assertTrue(stage.err().contains("plan, or `all`"), stage::toString);
        Run batch = Run.nnc("train", Run.path("models/iris.nn"), "--batch", "-3");
        assertEquals(2, batch.code(), batch::toString);
        assertTrue(batch.err().contains("--batch must be at least 0"), batch::toString);
    }

    @Test
    void sweepChecksEveryValueBeforeItReadsDataOrTrains() {
        String iris = Run.path("models/iris.nn");
        String[][] cases = {
            {"train.validation=0.2,1.5", "`1.5` is not a fraction between 0 and 1"},
            {"train.validation=0", "`0` is not a fraction between 0 and 1"},
            {"optimizer.lr=0.1,,0.2", "an empty value in `0.1,,0.2`"},
            {"optimizer.lr=0", "`0` is not a positive number"},
            {"optimizer.momentum=0.5,1.5", "`1.5` is not a number from 0 up to (not including) 1"},
            {"optimizer.nesterov=maybe", "`maybe` is not `true` or `false`"},
            {"train.epochs=2.5", "`2.5` is not a positive whole number"},
        };
        for (String[] c : cases) {
            Run r = Run.nnc("sweep", iris, "--set", c[0]);
            assertEquals(2, r.code(), r::toString);
            assertTrue(r.err().contains(c[1]), r::toString);
            assertFalse(r.out().contains("training data"), r::toString);
        }
        Run twice = Run.nnc("sweep", iris, "--set", "optimizer.lr=0.1", "--set",
                "optimizer.lr=0.2");
        assertEquals(2, twice.code(), twice::toString);
        assertTrue(twice.err().contains("is given twice"), twice::toString);
    }

    @Test
    void sizesBeyondWhatJavaCanHoldAreTheUsersMistakeNotACrash(@TempDir Path dir)
            throws Exception {
        Path wide = dir.resolve("wide.nn");
        Files.writeString(wide, "model Wide {\n  input x: [2]\n  output y: [1]\n"
                + "  layers { dense(30000000) dense(1) }\n  loss: mse\n  optimizer: sgd\n}\n");
        Run batch = Run.nnc("gradcheck", wide.toString(), "--batch", "100");
        assertEquals(1, batch.code(), batch::toString);
        assertTrue(batch.err().contains("a batch of 100 is too large for model Wide"),
                batch::toString);
        assertTrue(batch.err().contains("use a batch of at most 71"), batch::toString);
        Run threads = Run.nnc("train", Run.path("examples/xor.nn"), "--threads", "100000");
        assertEquals(2, threads.code(), threads::toString);
        assertTrue(threads.err().contains("--threads must be at most 256"), threads::toString);
        Run epochs = Run.nnc("train", Run.path("examples/xor.nn"), "--epochs", "99999999999");
        assertEquals(2, epochs.code(), epochs::toString);
        assertTrue(epochs.err().contains("--epochs must be at most 2147483647"), epochs::toString);
    }

    @Test
    void batchFullOnTheCommandLineTrainsOnTheWholeSet(@TempDir Path dir) {
        Run r = Run.nnc("train", Run.path("examples/xor.nn"), "--batch", "full", "--epochs", "2",
                "--no-chart", "-o", dir.resolve("xor.nnw").toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("4 samples, batch 4, epochs 2"), r::toString);
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : Main.commands().keySet()) {
            Run r = Run.nnc(command, "--help");
            assertEquals(0, r.code(), command);
            assertTrue(r.out().contains("nnc " + command), r::toString);
        }
        assertEquals(0, Run.nnc("--help").code());
    }

    @Test
    void compiledJavaBuildsWithPlainJavacAgainstTheRuntime(@TempDir Path dir) throws Exception {
        Run r = Run.nnc("compile", Run.path("models/fashion_mlp.nn"), "-o", dir.toString(),
                "--package", "com.example.models");
        assertEquals(0, r.code(), r::toString);
        Path java = dir.resolve("com/example/models/FashionMlp.java");
        assertTrue(Files.exists(java), r::toString);
        String runtime = Path.of(Model.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-classpath", runtime, "-d",
                dir.resolve("classes").toString(), java.toString());
        assertEquals(0, status, "javac on the generated file");
        assertTrue(Files.exists(dir.resolve("classes/com/example/models/FashionMlp.class")));
        // Nothing but the .java file and the classes folder: no temporary files left.
        try (var files = Files.list(dir.resolve("com/example/models"))) {
            assertEquals(List.of(java), files.toList());
        }
        assertFalse(runtime.contains("antlr") || runtime.contains("javapoet"));
        assertTrue(new File(runtime).exists());
    }

    @Test
    void reportShowsShapesParametersFlopsAndMemory() {
        Run r = Run.nnc("compile", Run.path("models/fashion_mlp.nn"), "--report", "-o",
                System.getProperty("java.io.tmpdir") + "/nnc-report-test");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("200,960"), r::toString);
        assertTrue(r.out().contains("235,146"), r::toString);
        assertTrue(r.out().contains("peak training memory"), r::toString);
    }

    @Test
    void dumpAfterPrintsTheIr() {
        Run r = Run.nnc("compile", Run.path("examples/xor.nn"), "--dump-after", "fuse-gemm",
                "-o", System.getProperty("java.io.tmpdir") + "/nnc-dump-test");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("// after fuse-gemm"), r::toString);
        assertTrue(r.out().contains("GEMM"), r::toString);
    }

    @Test
    void gradcheckPassesOnEveryModelAndExample() throws Exception {
        for (String dir : List.of("models", "examples")) {
            try (var files = Files.list(Run.ROOT.resolve(dir))) {
                for (Path nn : files.filter(p -> p.toString().endsWith(".nn")).toList()) {
                    Run r = Run.nnc("gradcheck", nn.toString());
                    assertEquals(0, r.code(), r::toString);
                    assertTrue(r.out().contains("ok: every gradient is within tolerance"),
                            r::toString);
                }
            }
        }
    }
}
