package nnc.runtime.kernels;

/**
 * The gemm without the Vector API: a block of B copied into separate row arrays, each row of
 * A streamed over it with a multiply-add loop that C2's superword pass auto-vectorizes (it does
 * so only when both arrays are read at the same index, hence the row arrays). Used where the
 * {@code jdk.incubator.vector} module is absent (or for tests); slower than {@link VectorEngine}
 * but cache-blocked.
 *
 * <p>It keeps the summation order of every path (see {@link Blocking}), so its results equal the
 * vector engine's except in the last bit of transcendental activations.
 */
final class ScalarEngine implements GemmEngine {
    /** Columns of B per packed block: a block of {@link Blocking#KC_MAX} x NC stays in L2. */
    static final int NC = 256;
    /** Rows on the grid that work is split on. */
    private static final int ROWS = 4;

    @Override
    public int rowGrain() {
        return ROWS;
    }

    @Override
    public int colGrain() {
        return 16;
    }

    @Override
    public int tileFloats() {
        return NC;
    }

    @Override
    public void activationGradColumns(int act, float alpha, float[] out, int outOff,
                                      float[] dy, int dyOff, float[] mask, int maskOff,
                                      float[] y, int yOff, int rows, int cols, int from, int to,
                                      float[] sums, int sumsOff) {
        activationGradColumnsScalar(act, alpha, out, outOff, dy, dyOff, mask, maskOff, y, yOff,
                rows, cols, from, to, sums, sumsOff);
    }

    /**
     * The plain loop of {@link Kernels#activationGradColumns}, also the vector engine's tail;
     * {@code mask} may be null.
     */
    static void activationGradColumnsScalar(int act, float alpha, float[] out, int outOff,
                                            float[] dy, int dyOff, float[] mask, int maskOff,
                                            float[] y, int yOff, int rows, int cols, int from,
                                            int to, float[] sums, int sumsOff) {
        java.util.Arrays.fill(sums, sumsOff + from, sumsOff + to, 0f);
        for (int r = 0; r < rows; r++) {
            for (int c = from; c < to; c++) {
                int i = r * cols + c;
                float d = mask == null ? dy[dyOff + i] : dy[dyOff + i] * mask[maskOff + i];
                float t = gradient(act, alpha, d, y[yOff + i]);
                out[outOff + i] = t;
                sums[sumsOff + c] += t;
            }
        }
    }

    /**
     * The gradient through activation {@code act} of {@code d}, given the activation's output
     * {@code y}: the expressions the compiler emits for it (its {@code Elementwise} templates),
     * operation for operation.
     */
    static float gradient(int act, float alpha, float d, float y) {
        switch (act) {
            case Act.RELU:
                return nnc.runtime.Ops.ifPositive(y, d, 0f);
            case Act.LEAKY_RELU:
                return nnc.runtime.Ops.ifPositive(y, d, alpha * d);
            case Act.ELU:
                return nnc.runtime.Ops.ifPositive(y, d, d * (y + alpha));
            case Act.SIGMOID:
                return d * y * (1f - y);
            case Act.TANH:
                return d * (1f - y * y);
            default:
                throw new IllegalArgumentException("no gradient loop for " + Act.name(act));
        }
    }

    @Override
    public void adam(float[] params, float[] grads, float[] m, float[] v, int from, int to,
                     float lr, float b1, float b2, float eps, float c1, float c2) {
        adamScalar(params, grads, m, v, from, to, lr, b1, b2, eps, c1, c2);
    }

    /** The plain loop of {@link Kernels#adam}, also the vector engine's tail. */
    static void adamScalar(float[] params, float[] grads, float[] m, float[] v, int from,
                           int to, float lr, float b1, float b2, float eps, float c1, float c2) {
        float ob1 = 1f - b1;
        float ob2 = 1f - b2;
        for (int p = from; p < to; p++) {
            float g = grads[p];
            float mp = m[p] = b1 * m[p] + ob1 * g;
            float vp = v[p] = b2 * v[p] + ob2 * g * g;
            params[p] -= lr * (mp * c1) / ((float) Math.sqrt(vp * c2) + eps);
        }
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void compute(GemmTask t, int m0, int m1, int n0, int n1, Scratch s) {
        int k = t.k;
        int aRs = t.aRowStride();
        int aCs = t.aColStride();
        float[] a = t.a;
        float[] acc = s.acc;
        if (s.bRows == null) {
            s.bRows = new float[Blocking.KC_MAX][NC];
        }
        float[][] rows = s.bRows;
        int kcMax = Blocking.kc(k);
        for (int pc = 0; pc < k; pc += kcMax) {
            int kc = Math.min(kcMax, k - pc);
            boolean first = pc == 0;
            boolean last = pc + kc >= k;
            for (int jc = n0; jc < n1; jc += NC) {
                int nc = Math.min(NC, n1 - jc);
                packB(t, pc, kc, jc, nc, rows);
                for (int i = m0; i < m1; i++) {
                    int ai = t.aOff + i * aRs + pc * aCs;
                    for (int j = 0; j < nc; j++) {
                        acc[j] = 0f;
                    }
                    for (int p = 0; p < kc; p++) {
                        float x = a[ai + p * aCs];
                        float[] row = rows[p];
                        // Same index into both arrays: the form C2's superword vectorizes.
                        for (int j = 0; j < nc; j++) {
                            acc[j] = Math.fma(x, row[j], acc[j]);
                        }
                    }
                    store(t, acc, 0, i, jc, nc, first, last);
                }
            }
        }
    }

    /** Copies steps {@code [pc, pc+kc)}, columns {@code [jc, jc+nc)} of op(B) into rows. */
    private static void packB(GemmTask t, int pc, int kc, int jc, int nc, float[][] rows) {
        float[] b = t.b;
        int ldb = t.ldb;
        if (!t.transB) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, t.bOff + (pc + p) * ldb + jc, rows[p], 0, nc);
            }
        } else {
            for (int j = 0; j < nc; j++) {
                int src = t.bOff + (jc + j) * ldb + pc;
                for (int p = 0; p < kc; p++) {
                    rows[p][j] = b[src + p];
                }
            }
        }
    }

    /** Adds one row of block sums into C row {@code row}, columns {@code [col, col+nc)}. */
    private static void store(GemmTask t, float[] acc, int accOff, int row, int col, int nc,
                              boolean first, boolean last) {
        float[] c = t.c;
        int ci = t.cOff + row * t.ldc + col;
        if (first) {
            float beta = t.beta;
            if (beta == 0f) {
                System.arraycopy(acc, accOff, c, ci, nc);
            } else {
                for (int j = 0; j < nc; j++) {
                    c[ci + j] = acc[accOff + j] + beta * c[ci + j];
                }
            }
        } else {
            for (int j = 0; j < nc; j++) {
                c[ci + j] = acc[accOff + j] + c[ci + j];
            }
        }
        if (last) {
            finish(t, c, ci, col, nc);
        }
    }

    /** Bias and activation over {@code nc} finished values of C starting at {@code ci}. */
    static void finish(GemmTask t, float[] c, int ci, int col, int nc) {
        float[] bias = t.bias;
        if (bias != null) {
            int bi = t.biasOff + col;
            for (int j = 0; j < nc; j++) {
                c[ci + j] = c[ci + j] + bias[bi + j];
            }
        }
        int act = t.act;
        if (act == Act.NONE) {
            return;
        }
        float alpha = t.alpha;
        if (act == Act.RELU) {
            for (int j = 0; j < nc; j++) {
                c[ci + j] = Math.max(c[ci + j], 0f);
            }
        } else {
            for (int j = 0; j < nc; j++) {
                c[ci + j] = Act.apply(act, alpha, c[ci + j]);
            }
        }
    }
}
