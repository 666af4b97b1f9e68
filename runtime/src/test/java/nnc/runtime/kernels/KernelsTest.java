package nnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every kernel path against a naive double-precision reference, plus determinism,
 * allocation-freedom and argument checking.
 */
class KernelsTest {
    /** One Kernels per (path, threads), shared so their pools are started once. */
    private static final Kernels VECTOR_1 = Kernels.vectorAvailable() ? new Kernels(1, true) : null;
    private static final Kernels VECTOR_2 = Kernels.vectorAvailable() ? new Kernels(2, true) : null;
    private static final Kernels SCALAR_1 = new Kernels(1, false);
    private static final Kernels SCALAR_2 = new Kernels(2, false);

    @AfterAll
    static void closeAll() {
        for (Kernels k : new Kernels[] {VECTOR_1, VECTOR_2, SCALAR_1, SCALAR_2}) {
            if (k != null) {
                k.close();
            }
        }
    }

    static Kernels kernels(boolean vector, int threads) {
        Kernels k = vector ? (threads == 1 ? VECTOR_1 : VECTOR_2)
                : (threads == 1 ? SCALAR_1 : SCALAR_2);
        assumeTrue(k != null, "the Vector API is not available (run with "
                + "--add-modules=jdk.incubator.vector)");
        return k;
    }

    /** A gemm problem with padded storage, its inputs, and a double-precision reference. */
    static final class Problem {
        final boolean transA;
        final boolean transB;
        final int m;
        final int n;
        final int k;
        final float beta;
        final int act;
        final float alpha;
        final boolean withBias;
        final int aOff = 3;
        final int bOff = 5;
        final int cOff = 7;
        final int biasOff = 2;
        final int lda;
        final int ldb;
        final int ldc;
        final float[] a;
        final float[] b;
        final float[] c0;
        final float[] bias;

        Problem(boolean transA, boolean transB, int m, int n, int k, float beta, int act,
                float alpha, boolean withBias, long seed) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.beta = beta;
            this.act = act;
            this.alpha = alpha;
            this.withBias = withBias;
            Random r = new Random(seed);
            lda = (transA ? m : k) + 2;
            ldb = (transB ? k : n) + 1;
            ldc = n + 3;
            a = random(r, aOff + (transA ? k : m) * lda);
            b = random(r, bOff + (transB ? n : k) * ldb);
            c0 = random(r, cOff + m * ldc);
            bias = withBias ? random(r, biasOff + n + 1) : null;
        }

        static float[] random(Random r, int len) {
            float[] x = new float[len];
            for (int i = 0; i < len; i++) {
                x[i] = r.nextFloat() * 2f - 1f;
            }
            return x;
        }

        double opA(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        double opB(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        float[] run(Kernels kern) {
            float[] c = c0.clone();
            kern.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc,
                    bias, biasOff, act, alpha);
            return c;
        }

        /** Asserts {@code c} is the reference result within float rounding, padding untouched. */
        void check(float[] c, String what) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    double mag = 0;
                    for (int p = 0; p < k; p++) {
                        double t = opA(i, p) * opB(p, j);
                        sum += t;
                        mag += Math.abs(t);
                    }
                    double pre = sum;
                    int ci = cOff + i * ldc + j;
                    if (beta != 0f) {
                        pre += beta * (double) c0[ci];
                        mag += Math.abs(beta * (double) c0[ci]);
                    }
                    if (bias != null) {
                        pre += bias[biasOff + j];
                        mag += Math.abs(bias[biasOff + j]);
                    }
                    double want = activate(pre);
                    double slope = Math.max(1.0, Math.abs(alpha));
                    double tol = slope * (k + 3) * 0x1p-23 * mag + 2e-6 * (1 + Math.abs(want));
                    double got = c[ci];
                    if (!(Math.abs(got - want) <= tol)) {
                        throw new AssertionError(what + ": C[" + i + "][" + j + "] = " + got
                                + ", want " + want + " (tolerance " + tol + ")");
                    }
                }
            }
            for (int i = 0; i < c.length; i++) {
                int row = (i - cOff) / ldc;
                int col = (i - cOff) % ldc;
                boolean inside = i >= cOff && row < m && col < n;
                if (!inside) {
                    assertEquals(c0[i], c[i], what + ": C storage outside the matrix changed at " + i);
                }
            }
        }

        double activate(double x) {
            switch (act) {
                case Act.RELU: return Math.max(x, 0);
                case Act.LEAKY_RELU: return x > 0 ? x : alpha * x;
                case Act.ELU: return x > 0 ? x : alpha * Math.expm1(x);
                case Act.SIGMOID: return 1 / (1 + Math.exp(-x));
                case Act.TANH: return Math.tanh(x);
                default: return x;
            }
        }

        @Override
        public String toString() {
            return (transA ? "T" : "N") + (transB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                    + " beta=" + beta + " act=" + Act.name(act) + (withBias ? " +bias" : "");
        }
    }

    static Stream<Arguments> paths() {
        return Stream.of(Arguments.of(true, 1), Arguments.of(true, 2),
                Arguments.of(false, 1), Arguments.of(false, 2));
    }

    /** Odd sizes around every blocking edge: micro-tile, packed block, inner-dimension block. */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {1, 3, 7}, {3, 1, 17}, {7, 17, 1}, {17, 33, 3}, {33, 17, 100}, {1, 257, 33},
        {257, 1, 7}, {100, 257, 33}, {257, 100, 17}, {5, 300, 257}, {33, 7, 520}, {64, 48, 513},
        {150, 40, 257}, {1, 100, 784}, {3, 1030, 20},
    };

    @ParameterizedTest(name = "vector={0} threads={1}")
    @MethodSource("paths")
    void matchesReferenceForAllTransposesAndOddShapes(boolean vector, int threads) {
        Kernels kern = kernels(vector, threads);
        int seed = 0;
        for (int ta = 0; ta < 2; ta++) {
            for (int tb = 0; tb < 2; tb++) {
                for (int[] s : SHAPES) {
                    seed++;
                    float beta = seed % 3 == 0 ? 0.5f : (seed % 2 == 0 ? 1f : 0f);
                    int act = seed % 6;
                    Problem pr = new Problem(ta == 1, tb == 1, s[0], s[1], s[2], beta, act, 0.1f,
                            seed % 4 != 0, seed);
                    pr.check(pr.run(kern), pr + " on " + kern.implementation() + " x" + threads);
                }
            }
        }
    }

    @ParameterizedTest(name = "vector={0} threads={1}")
    @MethodSource("paths")
    void everyActivationWithAndWithoutBiasAndBeta(boolean vector, int threads) {
        Kernels kern = kernels(vector, threads);
        for (int act = Act.NONE; act <= Act.TANH; act++) {
            for (int beta = 0; beta <= 1; beta++) {
                for (int bias = 0; bias <= 1; bias++) {
                    float alpha = act == Act.ELU ? 1f : 0.01f;
                    Problem pr = new Problem(act % 2 == 1, act % 3 == 1, 37, 45, 300, beta, act,
                            alpha, bias == 1, act * 4 + beta * 2 + bias);
                    pr.check(pr.run(kern), pr + " on " + kern.implementation() + " x" + threads);
                }
            }
        }
    }

    /**
     * The order a product with one block of rows takes on JDK 25 ({@code singleBlock}: B packed
     * block by block of the inner dimension, row by row) gives the bits of the blocked order,
     * for plain and transposed A, with beta, bias and every activation, on any JDK (the
     * engine takes it only on JDK 25, where this runs through {@code gemm} as well).
     */
    @Test
    void singleBlockOrderGivesTheBlockedBits() {
        assumeTrue(Kernels.vectorAvailable());
        Random r = new Random(11);
        int[][] shapes = {{17, 17, 7}, {32, 256, 784}, {33, 100, 401}, {100, 300, 500},
            {128, 256, 784}, {144, 33, 1001}, {20, 600, 64}};
        int seed = 0;
        for (int[] sh : shapes) {
            for (int ta = 0; ta < 2; ta++) {
                seed++;
                int m = sh[0];
                int n = sh[1];
                int k = sh[2];
                int act = seed % 6;
                float beta = seed % 3 == 0 ? 0.5f : (seed % 2 == 0 ? 1f : 0f);
                int lda = (ta == 1 ? m : k) + 1;
                int ldb = n + 2;
                int ldc = n + 1;
                float[] a = new float[(ta == 1 ? k : m) * lda + 1];
                float[] b = new float[k * ldb + 2];
                float[] bias = new float[n + 1];
                float[] c0 = new float[m * ldc + 1];
                for (float[] x : new float[][] {a, b, bias, c0}) {
                    for (int i = 0; i < x.length; i++) {
                        x[i] = r.nextFloat() - 0.5f;
                    }
                }
                float[] c1 = c0.clone();
                GemmTask t = new GemmTask();
                t.set(ta == 1, false, m, n, k, a, 1, lda, b, 2, ldb, beta, c0, 1, ldc,
                        seed % 2 == 0 ? bias : null, 1, act, 0.1f);
                VectorEngine.blocked(t, 0, m, 0, n, new Scratch(VectorEngine.MR * VectorEngine.NR),
                        false);
                t.c = c1;
                VectorEngine.singleBlock(t, 0, m, 0, n,
                        new Scratch(VectorEngine.MR * VectorEngine.NR));
                for (int i = 0; i < c0.length; i++) {
                    assertEquals(Float.floatToRawIntBits(c0[i]), Float.floatToRawIntBits(c1[i]),
                            "element " + i + " of " + m + " x " + n + " x " + k
                                    + (ta == 1 ? " (t, n)" : " (n, n)") + " act " + act);
                }
            }
        }
    }

    @Test
    void mlpShapesMatchReference() {
        for (boolean vector : new boolean[] {true, false}) {
            if (vector && !Kernels.vectorAvailable()) {
                continue;
            }
            Kernels kern = kernels(vector, 2);
            Problem fwd = new Problem(false, false, 32, 256, 784, 0f, Act.RELU, 0f, true, 1);
            fwd.check(fwd.run(kern), "forward " + fwd);
            Problem dx = new Problem(false, true, 32, 784, 256, 0f, Act.NONE, 0f, false, 2);
            dx.check(dx.run(kern), "dX " + dx);
            Problem dw = new Problem(true, false, 784, 256, 32, 1f, Act.NONE, 0f, false, 3);
            dw.check(dw.run(kern), "dW " + dw);
        }
    }

    @Test
    void betaZeroDoesNotReadC() {
        for (Kernels kern : available()) {
            for (int[] s : new int[][] {{2, 3, 4}, {40, 50, 60}}) {
                Problem pr = new Problem(false, false, s[0], s[1], s[2], 0f, Act.NONE, 0f, false, 9);
                float[] c = pr.c0.clone();
                java.util.Arrays.fill(c, Float.NaN);
                kern.gemm(false, false, pr.m, pr.n, pr.k, pr.a, pr.aOff, pr.lda, pr.b, pr.bOff,
                        pr.ldb, 0f, c, pr.cOff, pr.ldc);
                for (int i = 0; i < pr.m; i++) {
                    for (int j = 0; j < pr.n; j++) {
                        assertTrue(Float.isFinite(c[pr.cOff + i * pr.ldc + j]),
                                "NaN from C leaked through beta=0 on " + kern.implementation());
                    }
                }
            }
        }
    }

    @Test
    void emptyInnerDimensionGivesBetaCPlusBias() {
        for (Kernels kern : available()) {
            Problem pr = new Problem(false, false, 5, 6, 0, 0.5f, Act.RELU, 0f, true, 4);
            pr.check(pr.run(kern), "k=0 on " + kern.implementation());
        }
    }

    @Test
    void resultsAreBitIdenticalAcrossThreadCountsAndRuns() {
        // 784 x 256 and 600 x 200: at two and three threads the row blocks are claimed as
        // threads come free (the last one partial in the second).
        int[][] shapes = {{32, 256, 784}, {200, 300, 600}, {1024, 10, 128}, {784, 256, 32},
            {600, 200, 50}};
        for (boolean vector : new boolean[] {true, false}) {
            if (vector && !Kernels.vectorAvailable()) {
                continue;
            }
            try (Kernels three = new Kernels(3, vector)) {
                for (int[] s : shapes) {
                    for (int t = 0; t < 4; t++) {
                        Problem pr = new Problem(t / 2 == 1, t % 2 == 1, s[0], s[1], s[2], 1f,
                                Act.TANH, 0f, true, t);
                        float[] one = pr.run(kernels(vector, 1));
                        assertArrayEquals(one, pr.run(kernels(vector, 1)), "run to run " + pr);
                        assertArrayEquals(one, pr.run(kernels(vector, 2)), "2 threads " + pr);
                        assertArrayEquals(one, pr.run(three), "3 threads " + pr);
                    }
                }
            }
        }
    }

    @Test
    void fewRowsTakeTheRowKernelAndAgreeWithTheOtherPaths() {
        assumeTrue(Kernels.vectorAvailable());
        int seed = 1000;
        // k = 520: a single block of the inner dimension, and the narrowest rows stay under
        // the tiny-product threshold (plain loops on every engine).
        for (int k : new int[] {784, 520}) {
            for (int m = 1; m < 4; m++) {
                for (int n : new int[] {3, 5, 8, 10, 21, 29, 64, 77, 256}) {
                    for (int act : new int[] {Act.NONE, Act.RELU, Act.LEAKY_RELU}) {
                        seed++;
                        Problem pr = new Problem(seed % 2 == 0, false, m, n, k, seed % 2, act,
                                0.2f, seed % 3 != 0, seed);
                        float[] vector = pr.run(kernels(true, 1));
                        pr.check(vector, pr.toString());
                        assertArrayEquals(vector, pr.run(kernels(false, 1)), pr.toString());
                        // A single row's next call with the same B takes its column panels in
                        // the other order (see Scratch.flipRow): the same bits.
                        assertArrayEquals(vector, pr.run(kernels(true, 1)), pr + " again");
                    }
                }
            }
        }
    }

    @Test
    void singleRowsSkippingZeroInputsAgreeBitForBitWithTheFullChains() {
        // A single sample's product skips the rows of B where its input is zero (the row
        // kernel); the batched and scalar paths multiply them. Sparse, dense and half-zero rows,
        // with +0 and -0, must give the same bits everywhere.
        assumeTrue(Kernels.vectorAvailable());
        int seed = 5000;
        for (double zeros : new double[] {0.0, 0.05, 0.5, 0.95, 1.0}) {
            for (int n : new int[] {3, 8, 10, 21, 40, 77, 120, 256}) {
                seed++;
                Problem pr = new Problem(false, false, 1, n, 784, 0f, Act.RELU, 0f, true, seed);
                Random r = new Random(seed);
                for (int p = 0; p < pr.k; p++) {
                    if (r.nextDouble() < zeros) {
                        pr.a[pr.aOff + p] = r.nextBoolean() ? 0f : -0f;
                    }
                }
                float[] one = pr.run(kernels(true, 1));
                pr.check(one, pr.toString());
                assertArrayEquals(one, pr.run(kernels(true, 1)), pr + " panels reversed");
                assertArrayEquals(one, pr.run(kernels(false, 1)), pr.toString());
                assertArrayEquals(one, pr.run(kernels(true, 2)), pr.toString());
                // The same row inside a batch of eight takes the packed 4 x 16 kernel.
                int rows = 8;
                float[] a8 = new float[rows * pr.k];
                for (int i = 0; i < rows; i++) {
                    System.arraycopy(pr.a, pr.aOff, a8, i * pr.k, pr.k);
                }
                float[] c8 = new float[rows * n];
                kernels(true, 1).gemm(false, false, rows, n, pr.k, a8, 0, pr.k, pr.b, pr.bOff,
                        pr.ldb, 0f, c8, 0, n, pr.bias, pr.biasOff, Act.RELU, 0f);
                for (int j = 0; j < n; j++) {
                    assertEquals(Float.floatToRawIntBits(one[pr.cOff + j]),
                            Float.floatToRawIntBits(c8[3 * n + j]), pr + " column " + j);
                }
            }
        }
    }

    @Test
    void activationGradColumnsIsTheFusedLoopBitForBit() {
        float[] special = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 3.5e-39f, -2.5f};
        Random r = new Random(11);
        int[] acts = {Act.RELU, Act.LEAKY_RELU, Act.ELU, Act.SIGMOID, Act.TANH};
        for (int act : acts) {
            float alpha = act == Act.LEAKY_RELU ? 0.01f : act == Act.ELU ? 1.3f : 0f;
            for (boolean masked : new boolean[] {false, true}) {
                for (int cols : new int[] {1, 7, 8, 13, 43, 128, 131}) {
                    checkGradColumns(act, alpha, masked, cols, special, r);
                }
            }
        }
    }

    private void checkGradColumns(int act, float alpha, boolean masked, int cols,
                                  float[] special, Random r) {
        int rows = 37;
        float[] dy = new float[5 + rows * cols];
        float[] y = new float[3 + rows * cols];
        float[] mask = new float[7 + rows * cols];
        for (int i = 0; i < dy.length; i++) {
            dy[i] = r.nextInt(5) == 0 ? special[r.nextInt(special.length)] : r.nextFloat() - .5f;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextInt(5) == 0 ? special[r.nextInt(special.length)] : r.nextFloat() - .5f;
        }
        // A dropout mask: zeros and 1/(1-rate), and some specials.
        for (int i = 0; i < mask.length; i++) {
            mask[i] = r.nextInt(9) == 0 ? special[r.nextInt(special.length)]
                    : r.nextInt(10) == 0 ? 0f : 1f / 0.9f;
        }
        // The loop the compiler emits (the Elementwise templates), as the reference.
        float[] outRef = dy.clone();
        float[] sumRef = new float[2 + cols];
        Arrays.fill(sumRef, 42f);
        for (int c = 0; c < cols; c++) {
            sumRef[2 + c] = 0f;
        }
        for (int row = 0; row < rows; row++) {
            for (int c = 0; c < cols; c++) {
                int i = row * cols + c;
                float d = masked ? dy[5 + i] * mask[7 + i] : dy[5 + i];
                float x = y[3 + i];
                float t = switch (act) {
                    case Act.RELU -> x > 0f ? d : 0f;
                    case Act.LEAKY_RELU -> x > 0f ? d : alpha * d;
                    case Act.ELU -> x > 0f ? d : d * (x + alpha);
                    case Act.SIGMOID -> d * x * (1f - x);
                    default -> d * (1f - x * x);
                };
                outRef[5 + i] = t;
                sumRef[2 + c] += t;
            }
        }
        for (Kernels k : available()) {
            // In place (out == dy), in two column ranges as two threads would.
            float[] out = dy.clone();
            float[] sums = new float[2 + cols];
            Arrays.fill(sums, 42f);
            int split = cols / 2 / 16 * 16;
            if (act == Act.RELU && masked) {
                k.reluGradColumns(out, 5, out, 5, mask, 7, y, 3, rows, cols, 0, split, sums, 2);
                k.reluGradColumns(out, 5, out, 5, mask, 7, y, 3, rows, cols, split, cols, sums, 2);
            } else if (act == Act.RELU) {
                k.reluGradColumns(out, 5, out, 5, y, 3, rows, cols, 0, split, sums, 2);
                k.reluGradColumns(out, 5, out, 5, y, 3, rows, cols, split, cols, sums, 2);
            } else {
                k.activationGradColumns(act, alpha, out, 5, out, 5, masked ? mask : null, 7, y, 3,
                        rows, cols, 0, split, sums, 2);
                k.activationGradColumns(act, alpha, out, 5, out, 5, masked ? mask : null, 7, y, 3,
                        rows, cols, split, cols, sums, 2);
            }
            // Bit for bit, NaNs compared as NaNs: which NaN an addition of two NaNs (or of +inf
            // and -inf) gives depends on the order C2 puts the operands in, also in the plain
            // loop.
            String what = k.implementation() + " " + Act.name(act) + (masked ? " masked" : "")
                    + " cols " + cols;
            for (int i = 0; i < out.length; i++) {
                assertEquals(Float.floatToIntBits(outRef[i]), Float.floatToIntBits(out[i]),
                        what + " out " + i);
            }
            for (int i = 0; i < sums.length; i++) {
                assertEquals(Float.floatToIntBits(sumRef[i]), Float.floatToIntBits(sums[i]),
                        what + " sum " + i);
            }
        }
    }

    @Test
    void activationGradColumnsRefusesAnActivationWithoutALoop() {
        Kernels k = available().get(0);
        float[] a = new float[16];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.activationGradColumns(Act.NONE, 0f, a, 0, a, 0, null, 0, a, 0, 2, 8, 0, 8,
                        a, 0));
        assertTrue(e.getMessage().contains("none"), e.getMessage());
    }

    @Test
    void adamIsTheEmittedLoopBitForBit() {
        Random r = new Random(12);
        int n = 1003;
        float[] special = {0f, -0f, 1e-30f, -1e-30f, 1e30f, Float.MIN_VALUE, 3.5e-39f, -7f};
        for (int step : new int[] {1, 2, 10, 1000}) {
            float[] params = new float[n];
            float[] grads = new float[n];
            float[] m = new float[n];
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                params[i] = r.nextFloat() - .5f;
                grads[i] = r.nextInt(6) == 0 ? special[r.nextInt(special.length)]
                        : (float) r.nextGaussian() * 1e-2f;
                m[i] = (float) r.nextGaussian() * 1e-3f;
                v[i] = r.nextFloat() * 1e-4f;
            }
            // The loop the compiler emits for adam(lr: 1e-3) without regularization.
            final float lr = 1e-3f;
            final float b1 = 0.9f;
            final float b2 = 0.999f;
            final float eps = 1.0E-7f;
            final float c1 = 1f / (1f - (float) Math.pow(b1, step));
            final float c2 = 1f / (1f - (float) Math.pow(b2, step));
            float[] pRef = params.clone();
            float[] mRef = m.clone();
            float[] vRef = v.clone();
            for (int p = 0; p < n; p++) {
                float g = grads[p];
                float mm = mRef[p] = b1 * mRef[p] + (1f - b1) * g;
                float vv = vRef[p] = b2 * vRef[p] + (1f - b2) * g * g;
                pRef[p] -= lr * (mm * c1) / ((float) Math.sqrt(vv * c2) + eps);
            }
            for (Kernels k : available()) {
                float[] pk = params.clone();
                float[] mk = m.clone();
                float[] vk = v.clone();
                k.adam(pk, grads, mk, vk, 0, 517, lr, b1, b2, eps, c1, c2);
                k.adam(pk, grads, mk, vk, 517, n, lr, b1, b2, eps, c1, c2);
                for (int i = 0; i < n; i++) {
                    String what = k.implementation() + " step " + step + " parameter " + i;
                    assertEquals(Float.floatToIntBits(pRef[i]), Float.floatToIntBits(pk[i]), what);
                    assertEquals(Float.floatToIntBits(mRef[i]), Float.floatToIntBits(mk[i]), what);
                    assertEquals(Float.floatToIntBits(vRef[i]), Float.floatToIntBits(vk[i]), what);
                }
            }
        }
    }

    @Test
    void scalarAndVectorPathsAgreeBitForBitWithoutTranscendentals() {
        assumeTrue(Kernels.vectorAvailable());
        int seed = 0;
        for (int[] s : SHAPES) {
            for (int act : new int[] {Act.NONE, Act.RELU, Act.LEAKY_RELU}) {
                seed++;
                Problem pr = new Problem(seed % 2 == 0, seed % 3 == 0, s[0], s[1], s[2],
                        seed % 2, act, 0.2f, true, seed);
                assertArrayEquals(pr.run(kernels(true, 2)), pr.run(kernels(false, 1)), pr.toString());
            }
        }
    }

    /**
     * Weight gradients with at most 16 columns and 64 steps or more ({@code A^T B}, no bias,
     * no activation) run on the vector engine as the transposed product with C stored transposed: the same bits as
     * the scalar engine, at any thread count, with beta 0, 1 and 0.5, over edge tiles of
     * every size and inner dimensions of one and of several blocks.
     */
    @Test
    void narrowWeightGradientsAgreeBitForBitWithTheScalarPath() {
        assumeTrue(Kernels.vectorAvailable());
        int seed = 100;
        for (int n : new int[] {1, 3, 4, 10, 16, 17}) {
            for (int m : new int[] {5, 20, 128, 257}) {
                for (int k : new int[] {7, 63, 64, 1024}) {
                    seed++;
                    float beta = seed % 3 == 0 ? 0.5f : seed % 3;
                    Problem pr = new Problem(true, false, m, n, k, beta, Act.NONE, 0f, false,
                            seed);
                    float[] expected = pr.run(kernels(false, 1));
                    pr.check(expected, pr + " on the scalar engine");
                    assertArrayEquals(expected, pr.run(kernels(true, 1)), pr + " x1");
                    assertArrayEquals(expected, pr.run(kernels(true, 2)), pr + " x2");
                }
            }
        }
    }

    /**
     * Every index of a parallel loop runs exactly once, in chunks that start on multiples of
     * 16, on any number of threads.
     */
    @Test
    void parallelForRunsEveryIndexOnceInChunksOfSixteen() {
        for (int threads : new int[] {1, 2, 3}) {
            try (Kernels kern = new Kernels(threads)) {
                for (int count : new int[] {0, 1, 15, 16, 17, 128, 16_384, 100_003, 235_146}) {
                    int[] hits = new int[count];
                    boolean[] aligned = {true};
                    Kernels.Range body = (from, to) -> {
                        if (from % 16 != 0 || from >= to) {
                            aligned[0] = false;
                        }
                        for (int i = from; i < to; i++) {
                            hits[i]++;
                        }
                    };
                    kern.parallelFor(count, body);
                    for (int i = 0; i < count; i++) {
                        assertEquals(1, hits[i], "index " + i + " of " + count + " x" + threads);
                    }
                    // The overload that decides by work: a loop over 128 or 256 columns.
                    Arrays.fill(hits, 0);
                    kern.parallelFor(count, 1024L * count, body);
                    for (int i = 0; i < count; i++) {
                        assertEquals(1, hits[i], "column " + i + " of " + count + " x" + threads);
                    }
                    assertTrue(aligned[0], "chunks of " + count + " x" + threads);
                }
            }
        }
    }

    @Test
    void callsAllocateNothingAfterWarmUp() {
        List<Kernels> all = new ArrayList<>(available());
        for (Kernels kern : all) {
            Problem fwd = new Problem(false, false, 32, 256, 784, 0f, Act.RELU, 0f, true, 1);
            Problem dx = new Problem(false, true, 32, 300, 256, 0f, Act.NONE, 0f, false, 2);
            Problem dw = new Problem(true, false, 300, 256, 32, 1f, Act.NONE, 0f, false, 3);
            Problem act = new Problem(false, false, 20, 37, 30, 1f, Act.SIGMOID, 0f, true, 4);
            Problem tiny = new Problem(false, false, 4, 2, 2, 0f, Act.TANH, 0f, true, 5);
            Problem gemv = new Problem(false, false, 1, 256, 784, 0f, Act.NONE, 0f, true, 6);
            // Single rows: under the tiny threshold (plain loops), and over it with vector
            // columns and an overlapping last vector, or scalar columns, with and without a
            // scalar activation.
            Problem head = new Problem(false, false, 1, 10, 128, 0f, Act.NONE, 0f, true, 8);
            Problem tinyRow = new Problem(false, false, 1, 3, 5, 1f, Act.TANH, 0f, true, 9);
            Problem tanhRow = new Problem(false, false, 1, 16, 30, 0f, Act.TANH, 0f, true, 10);
            Problem sigmoidRow = new Problem(false, false, 1, 1, 16, 0f, Act.SIGMOID, 0f, true,
                    11);
            Problem eightRow = new Problem(false, false, 1, 8, 16, 0f, Act.RELU, 0f, true, 12);
            Problem headRow = new Problem(false, false, 1, 10, 512, 0f, Act.NONE, 0f, true, 13);
            Problem tanhLong = new Problem(false, false, 1, 16, 300, 1f, Act.TANH, 0f, true, 14);
            Problem narrowLong = new Problem(false, false, 1, 3, 2000, 0f, Act.SIGMOID, 0f,
                    true, 15);
            // Enough rows that two threads claim blocks of them as they come free.
            Problem shared = new Problem(true, false, 600, 256, 32, 0f, Act.NONE, 0f, false, 7);
            // A narrow weight gradient, which the vector engine computes transposed.
            Problem narrowGrad = new Problem(true, false, 128, 10, 1024, 0f, Act.NONE, 0f, false,
                    16);
            for (Problem pr : new Problem[] {fwd, dx, dw, act, tiny, gemv, head, tinyRow, tanhRow,
                    sigmoidRow, eightRow, headRow, tanhLong, narrowLong, shared, narrowGrad}) {
                float[] c = pr.c0.clone();
                long bytes = -1;
                // At least 100 rounds, and for up to 10 seconds: after a new shape takes a branch
                // C2 had left out, or reaches a method C2 has not compiled yet, that method runs
                // in the interpreter or C1's code (and allocates its vectors) until C2 has
                // compiled it, which on two busy cores can take a good part of a second behind
                // other compilations, while a tiny call runs 22,000 times in a few milliseconds.
                // An allocation in the call itself never stops, and fails.
                long start = System.nanoTime();
                for (int round = 0; bytes != 0
                        && (round < 100 || System.nanoTime() - start < 10_000_000_000L); round++) {
                    for (int i = 0; i < 200; i++) {
                        call(kern, pr, c);
                    }
                    long overhead = -allocatedBytes() + allocatedBytes();
                    long before = allocatedBytes();
                    for (int i = 0; i < 20; i++) {
                        call(kern, pr, c);
                    }
                    // At least zero: on JDK 25 the pair that measures the overhead sometimes counted
                    // 88 bytes that the measured calls did not, which left -88 for 10 seconds.
                    bytes = Math.max(0, allocatedBytes() - before - overhead);
                }
                assertEquals(0, bytes, "bytes allocated per 20 calls of " + pr + " on "
                        + kern.implementation() + " x" + kern.threads());
            }
        }
    }

    @Test
    void activationGradColumnsAllocatesNothingAfterWarmUp() {
        int rows = 64;
        int cols = 43;
        float[] dy = new float[rows * cols];
        float[] y = new float[rows * cols];
        float[] mask = new float[rows * cols];
        float[] sums = new float[cols];
        Random r = new Random(5);
        for (int i = 0; i < dy.length; i++) {
            dy[i] = r.nextFloat() - .5f;
            y[i] = r.nextFloat() - .5f;
            mask[i] = r.nextInt(10) == 0 ? 0f : 1f / 0.9f;
        }
        for (Kernels kern : available()) {
            for (int act : new int[] {Act.RELU, Act.LEAKY_RELU, Act.ELU, Act.SIGMOID, Act.TANH}) {
                for (float[] m : new float[][] {null, mask}) {
                    float[] out = dy.clone();
                    long bytes = -1;
                    long start = System.nanoTime();
                    for (int round = 0; bytes != 0 && (round < 100
                            || System.nanoTime() - start < 10_000_000_000L); round++) {
                        for (int i = 0; i < 200; i++) {
                            kern.activationGradColumns(act, 0.1f, out, 0, dy, 0, m, 0, y, 0, rows,
                                    cols, 0, cols, sums, 0);
                        }
                        long overhead = -allocatedBytes() + allocatedBytes();
                        long before = allocatedBytes();
                        for (int i = 0; i < 20; i++) {
                            kern.activationGradColumns(act, 0.1f, out, 0, dy, 0, m, 0, y, 0, rows,
                                    cols, 0, cols, sums, 0);
                        }
                        // At least zero: on JDK 25 the pair that measures the overhead sometimes counted
                        // 88 bytes that the measured calls did not, which left -88 for 10 seconds.
                        bytes = Math.max(0, allocatedBytes() - before - overhead);
                    }
                    assertEquals(0, bytes, "bytes allocated per 20 calls of the "
                            + Act.name(act) + " gradient" + (m != null ? " with a mask" : "")
                            + " on " + kern.implementation());
                }
            }
        }
    }

    private static void call(Kernels kern, Problem pr, float[] c) {
        kern.gemm(pr.transA, pr.transB, pr.m, pr.n, pr.k, pr.a, pr.aOff, pr.lda, pr.b, pr.bOff,
                pr.ldb, pr.beta, c, pr.cOff, pr.ldc, pr.bias, pr.biasOff, pr.act, pr.alpha);
    }

    /** Bytes the calling thread allocated so far (the query itself allocates a constant few). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    private static List<Kernels> available() {
        List<Kernels> all = new ArrayList<>();
        if (Kernels.vectorAvailable()) {
            all.add(VECTOR_1);
            all.add(VECTOR_2);
        }
        all.add(SCALAR_1);
        all.add(SCALAR_2);
        return all;
    }

    @Test
    void threadCountCanChangeAndCloseLeavesACallerThreadInstance() {
        try (Kernels kern = new Kernels(2, false)) {
            assertEquals(2, kern.threads());
            kern.setThreads(0);
            assertEquals(Runtime.getRuntime().availableProcessors(), kern.threads());
            kern.setThreads(3);
            assertEquals(3, kern.threads());
            Problem pr = new Problem(false, false, 64, 96, 80, 0f, Act.NONE, 0f, false, 8);
            pr.check(pr.run(kern), "3 threads");
            kern.close();
            assertEquals(1, kern.threads());
            pr.check(pr.run(kern), "after close");
        }
    }

    @Test
    void badArgumentsAreRejectedOnTheCallingThread() {
        Kernels kern = SCALAR_2;
        float[] x = new float[12];
        assertThrows(IllegalArgumentException.class,
                () -> kern.gemm(false, false, 3, 4, 3, x, 0, 2, x, 0, 4, 0f, x, 0, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> kern.gemm(false, false, 3, 4, 4, x, 0, 4, x, 0, 4, 0f, x, 0, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> kern.gemm(false, false, 3, 4, 3, x, 4, 3, x, 0, 4, 0f, x, 0, 4));
        assertThrows(IllegalArgumentException.class,
                () -> kern.gemm(false, false, -1, 4, 3, x, 0, 3, x, 0, 4, 0f, x, 0, 4));
        assertThrows(IllegalArgumentException.class,
                () -> kern.gemm(false, false, 3, 4, 3, x, 0, 3, x, 0, 4, 0f, x, 0, 4,
                        null, 0, 42, 0f));
        assertThrows(IndexOutOfBoundsException.class,
                () -> kern.gemm(false, false, 3, 4, 3, x, 0, 3, x, 0, 4, 0f, x, 0, 4,
                        new float[3], 0, Act.NONE, 0f));
        kern.gemm(false, false, 0, 4, 3, null, 0, 0, x, 0, 4, 0f, x, 0, 4);
    }

    /**
     * Runs a gemm in a JVM started without {@code --add-modules=jdk.incubator.vector}: it must
     * pick the scalar path and never touch a Vector API class.
     */
    @Test
    void runsWithoutTheVectorModule() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
                + "java";
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                NoVectorModuleMain.class.getName()).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            out = buf.toString(StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("scalar ok"), out);
    }
}
