package nnc.runtime.kernels;

/**
 * Gemm for problems too small to pay for packing or threads (XOR-sized nets, and a batch-1
 * output layer on the scalar engine): plain loops over the caller's arrays, same summation
 * order as the blocked paths.
 */
final class SmallGemm {
    private SmallGemm() {
    }

    static void compute(GemmTask t) {
        int m = t.m;
        int n = t.n;
        int k = t.k;
        int kcMax = Blocking.kc(k);
        int aRs = t.aRowStride();
        int aCs = t.aColStride();
        int bRs = t.bRowStride();
        int bCs = t.bColStride();
        float[] a = t.a;
        float[] b = t.b;
        float[] c = t.c;
        float beta = t.beta;
        for (int i = 0; i < m; i++) {
            int ai = t.aOff + i * aRs;
            int ci = t.cOff + i * t.ldc;
            // Four columns at a time: four independent FMA chains instead of one, which waits
            // on the FMA latency at every step (a batch-1 output layer, 1 x 10 x 128: 1.6 us).
            // Past the last column, the chains repeat it and are not stored. Each element still
            // adds its products in the same order.
            for (int j = 0; j < n; j += 4) {
                int j1 = Math.min(j + 1, n - 1);
                int j2 = Math.min(j + 2, n - 1);
                int j3 = Math.min(j + 3, n - 1);
                int b0 = t.bOff + j * bCs;
                int b1 = t.bOff + j1 * bCs;
                int b2 = t.bOff + j2 * bCs;
                int b3 = t.bOff + j3 * bCs;
                float x0 = beta == 0f ? 0f : 0f + beta * c[ci + j];
                float x1 = beta == 0f ? 0f : 0f + beta * c[ci + j1];
                float x2 = beta == 0f ? 0f : 0f + beta * c[ci + j2];
                float x3 = beta == 0f ? 0f : 0f + beta * c[ci + j3];
                for (int pc = 0; pc < k; pc += kcMax) {
                    int pEnd = Math.min(k, pc + kcMax);
                    float s0 = 0f;
                    float s1 = 0f;
                    float s2 = 0f;
                    float s3 = 0f;
                    for (int p = pc; p < pEnd; p++) {
                        float av = a[ai + p * aCs];
                        int bp = p * bRs;
                        s0 = Math.fma(av, b[b0 + bp], s0);
                        s1 = Math.fma(av, b[b1 + bp], s1);
                        s2 = Math.fma(av, b[b2 + bp], s2);
                        s3 = Math.fma(av, b[b3 + bp], s3);
                    }
                    if (pc > 0) {
                        x0 = s0 + x0;
                        x1 = s1 + x1;
                        x2 = s2 + x2;
                        x3 = s3 + x3;
                    } else if (beta == 0f) {
                        x0 = s0;
                        x1 = s1;
                        x2 = s2;
                        x3 = s3;
                    } else {
                        x0 = s0 + beta * c[ci + j];
                        x1 = s1 + beta * c[ci + j1];
                        x2 = s2 + beta * c[ci + j2];
                        x3 = s3 + beta * c[ci + j3];
                    }
                }
                // A repeated last column computed the same value in each of its chains.
                c[ci + j3] = x3;
                c[ci + j2] = x2;
                c[ci + j1] = x1;
                c[ci + j] = x0;
            }
            ScalarEngine.finish(t, c, ci, 0, n);
        }
    }
}
