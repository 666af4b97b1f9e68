package nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nnc.compiler.ir.Autodiff;
import nnc.compiler.ir.Graph;
import nnc.compiler.ref.GradCheck;
import nnc.compiler.ref.Reference;
import nnc.runtime.Model;
import nnc.runtime.Rng;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every derivative rule, checked on models that use every op: the derived backward pass in
 * double precision against central differences, the generated float code against it, and the
 * fused graph against the unfused one.
 */
class GradientCheckTest {

    @TestFactory
    Stream<DynamicTest> derivedAndGeneratedGradientsMatch() {
        return TestFiles.validModels().stream().map(file -> DynamicTest.dynamicTest(
                TestFiles.ROOT.relativize(file).toString(), () -> check(file)));
    }

    private static void check(Path file) {
        Compiler.Result r = TestFiles.compile(file);
        Model model = TestFiles.instantiate(r, 5);
        model.setThreads(1);
        List<GradCheck.Row> rows = GradCheck.run(r, model, 5, 3);
        assertEquals(r.layout().params().size(), rows.size());
        for (GradCheck.Row row : rows) {
            assertTrue(row.ok(), () -> file.getFileName() + " " + row);
        }
    }

    @TestFactory
    Stream<DynamicTest> fusionPreservesGradients() {
        return TestFiles.validModels().stream().map(file -> DynamicTest.dynamicTest(
                TestFiles.ROOT.relativize(file).toString(), () -> {
                    Compiler.Result r = TestFiles.compile(file);
                    Graph unfused = Autodiff.differentiate(r.forward().graph());
                    var offsets = r.layout().offsets();
                    Reference a = new Reference(unfused, offsets);
                    Reference b = new Reference(r.training(), offsets);
                    int n = 3;
                    Rng rng = new Rng(11);
                    double[] theta = new double[r.layout().total()];
                    float[] init = TestFiles.instantiate(r, n).parameters();
                    for (int i = 0; i < theta.length; i++) {
                        theta[i] = init[i];
                    }
                    double[] x = new double[n * r.model().inputSize()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = rng.nextGaussian();
                    }
                    int tc = r.forward().graph().nodes().stream()
                            .filter(node -> node.op() == nnc.compiler.ir.Op.TARGET)
                            .findFirst().orElseThrow().cols();
                    double[] t = new double[n * tc];
                    var kind = r.model().output().kind();
                    for (int row = 0; row < n; row++) {
                        int label = rng.nextInt(r.model().output().units());
                        for (int c = 0; c < tc; c++) {
                            // One-hot rows sum to 1, which softmax + cross-entropy fusion needs.
                            t[row * tc + c] = switch (kind) {
                                case CLASS_INDEX -> label;
                                case ONE_HOT -> c == label ? 1 : 0;
                                default -> rng.nextDouble() < 0.5 ? 1 : 0;
                            };
                        }
                    }
                    var masks = a.dropoutMasks(5, n);
                    double[] ga = a.gradients(theta, x, t, n, masks);
                    double[] gb = b.gradients(theta, x, t, n, masks);
                    for (int i = 0; i < ga.length; i++) {
                        assertEquals(ga[i], gb[i], 1e-12 * Math.max(1, Math.abs(ga[i])),
                                "gradient " + i);
                    }
                }));
    }
}
