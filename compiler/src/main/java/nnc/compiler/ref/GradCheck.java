package nnc.compiler.ref;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nnc.compiler.Compiler;
import nnc.compiler.ir.ParamSpec;
import nnc.runtime.Model;
import nnc.runtime.Rng;
import nnc.runtime.TargetKind;

/**
 * Checks the compiler's gradients twice on a small random batch: the derived backward pass,
 * evaluated in double precision, against central differences of the loss; and the generated
 * float code's gradients against that double-precision backward pass.
 */
public final class GradCheck {
    /** Tolerance of the derived backward pass against central differences. */
    public static final double DERIVED_TOLERANCE = 1e-7;
    /** Tolerance of generated float code against the double reference. */
    public static final double GENERATED_TOLERANCE = 1e-4;
    /** Elements per parameter checked by central differences (all, when fewer). */
    private static final int SAMPLES = 24;

    private GradCheck() {
    }

    /**
     * The worst errors of one parameter tensor.
     *
     * @param name      parameter name
     * @param derived   relative error of the derived backward pass vs central differences
     * @param generated relative error of generated float code vs the double reference
     */
    public record Row(String name, double derived, double generated) {
        /** Whether both errors are within tolerance. */
        public boolean ok() {
            return derived <= DERIVED_TOLERANCE && generated <= GENERATED_TOLERANCE;
        }
    }

    /** Runs the check with a batch of {@code n} random rows drawn from {@code seed}. */
    public static List<Row> run(Compiler.Result compiled, Model generated, int n, long seed) {
        var layout = compiled.layout();
        Reference ref = new Reference(compiled.training(), layout.offsets());
        Rng rng = new Rng(seed);
        int inputs = compiled.model().inputSize();
        int outputs = compiled.model().output().units();
        TargetKind kind = compiled.model().output().kind();
        int targetCols = kind == TargetKind.CLASS_INDEX ? 1 : outputs;
        double[] x = new double[n * inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
        }
        double[] t = new double[n * targetCols];
        for (int r = 0; r < n; r++) {
            int label = rng.nextInt(outputs);
            for (int c = 0; c < targetCols; c++) {
                double value = switch (kind) {
                    case CLASS_INDEX -> label;
                    case ONE_HOT -> c == label ? 1 : 0;
                    case BINARY -> rng.nextDouble() < 0.5 ? 1 : 0;
                    case REGRESSION -> rng.nextGaussian();
                };
                t[r * targetCols + c] = value;
            }
        }
        // Parameters as the generated model holds them, so both sides start equal.
        float[] fp = generated.parameters();
        double[] theta = new double[fp.length];
        for (int i = 0; i < fp.length; i++) {
            theta[i] = fp[i];
        }
        long maskSeed = seed * 31 + 7;
        Map<String, double[]> masks = ref.dropoutMasks(maskSeed, n);
        double[] analytic = ref.gradients(theta, x, t, n, masks);

        for (int i = 0; i < n * inputs; i++) {
            generated.inputBuffer()[i] = (float) x[i];
        }
        for (int i = 0; i < n * targetCols; i++) {
            generated.targetBuffer()[i] = (float) t[i];
        }
        generated.seedTraining(maskSeed);
        generated.forward(n, true);
        generated.backward(n);
        float[] fg = generated.gradients();

        List<Row> rows = new ArrayList<>();
        for (ParamSpec p : layout.params()) {
            int off = layout.offsets().get(p.name());
            int size = p.size();
            int[] picks = pick(size, rng);
            double[] numeric = new double[picks.length];
            double[] derived = new double[picks.length];
            for (int k = 0; k < picks.length; k++) {
                int at = off + picks[k];
                double saved = theta[at];
                double h = 1e-5 * Math.max(1, Math.abs(saved));
                theta[at] = saved + h;
                double up = ref.loss(theta, x, t, n, masks);
                theta[at] = saved - h;
                double down = ref.loss(theta, x, t, n, masks);
                theta[at] = saved;
                numeric[k] = (up - down) / (2 * h);
                derived[k] = analytic[at];
            }
            double[] exact = new double[size];
            double[] single = new double[size];
            for (int i = 0; i < size; i++) {
                exact[i] = analytic[off + i];
                single[i] = fg[off + i];
            }
            rows.add(new Row(p.name(), relative(derived, numeric), relative(single, exact)));
        }
        return rows;
    }

    private static int[] pick(int size, Rng rng) {
        if (size <= SAMPLES) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] some = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            some[i] = rng.nextInt(size);
        }
        return some;
    }

    /** ‖a - b‖ / max(‖a‖, ‖b‖), 0 when both are zero. */
    static double relative(double[] a, double[] b) {
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        double scale = Math.sqrt(Math.max(na, nb));
        return scale < 1e-300 ? 0 : Math.sqrt(diff) / scale;
    }
}
