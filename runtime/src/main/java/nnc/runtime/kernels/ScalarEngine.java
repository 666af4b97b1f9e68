package nnc.runtime.kernels;

/**
 * The gemm without the Vector API: B packed into row-major blocks, A rows streamed over them
 * with a multiply-add loop that C2 auto-vectorizes. Used where the {@code jdk.incubator.vector}
 * module is absent (or for tests); slower than {@link VectorEngine} but cache-blocked.
 *
 * <p>It keeps the summation order of every path (see {@link Blocking}), so its results equal the
 * vector engine's except in the last bit of transcendental activations.
 */
final class ScalarEngine implements GemmEngine {
    private static final int KC = Blocking.KC;
    /** Columns of B per packed block: a {@code KC x NC} block stays in L2. */
    static final int NC = 256;
    /** Rows computed together, sharing each load of a packed B row. */
    private static final int ROWS = 2;

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
        return ROWS * NC;
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
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean first = pc == 0;
            boolean last = pc + kc >= k;
            for (int jc = n0; jc < n1; jc += NC) {
                int nc = Math.min(NC, n1 - jc);
                s.bPack = Blocking.ensure(s.bPack, kc * nc);
                float[] bp = s.bPack;
                packB(t, pc, kc, jc, nc, bp);
                int i = m0;
                for (; i + 1 < m1; i += 2) {
                    int a0 = t.aOff + i * aRs + pc * aCs;
                    int a1 = a0 + aRs;
                    for (int j = 0; j < 2 * nc; j++) {
                        acc[j] = 0f;
                    }
                    for (int p = 0; p < kc; p++) {
                        float x0 = a[a0 + p * aCs];
                        float x1 = a[a1 + p * aCs];
                        int bRow = p * nc;
                        for (int j = 0; j < nc; j++) {
                            float bv = bp[bRow + j];
                            acc[j] = Math.fma(x0, bv, acc[j]);
                            acc[nc + j] = Math.fma(x1, bv, acc[nc + j]);
                        }
                    }
                    store(t, acc, 0, i, jc, nc, first, last);
                    store(t, acc, nc, i + 1, jc, nc, first, last);
                }
                if (i < m1) {
                    int a0 = t.aOff + i * aRs + pc * aCs;
                    for (int j = 0; j < nc; j++) {
                        acc[j] = 0f;
                    }
                    for (int p = 0; p < kc; p++) {
                        float x0 = a[a0 + p * aCs];
                        int bRow = p * nc;
                        for (int j = 0; j < nc; j++) {
                            acc[j] = Math.fma(x0, bp[bRow + j], acc[j]);
                        }
                    }
                    store(t, acc, 0, i, jc, nc, first, last);
                }
            }
        }
    }

    /** Packs steps {@code [pc, pc+kc)}, columns {@code [jc, jc+nc)} of op(B) row-major. */
    private static void packB(GemmTask t, int pc, int kc, int jc, int nc, float[] dst) {
        float[] b = t.b;
        int ldb = t.ldb;
        if (!t.transB) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, t.bOff + (pc + p) * ldb + jc, dst, p * nc, nc);
            }
        } else {
            for (int j = 0; j < nc; j++) {
                int src = t.bOff + (jc + j) * ldb + pc;
                for (int p = 0; p < kc; p++) {
                    dst[p * nc + j] = b[src + p];
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
