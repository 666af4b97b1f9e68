package nnc.runtime.kernels;

/**
 * Gemm for problems too small to pay for packing or threads (batch-1 heads, XOR-sized nets):
 * plain loops over the caller's arrays, same summation order as the blocked paths.
 */
final class SmallGemm {
    private SmallGemm() {
    }

    static void compute(GemmTask t) {
        int m = t.m;
        int n = t.n;
        int k = t.k;
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
            for (int j = 0; j < n; j++) {
                int bj = t.bOff + j * bCs;
                float x = beta == 0f ? 0f : 0f + beta * c[ci + j];
                for (int pc = 0; pc < k; pc += Blocking.KC) {
                    int pEnd = Math.min(k, pc + Blocking.KC);
                    float sum = 0f;
                    for (int p = pc; p < pEnd; p++) {
                        sum = Math.fma(a[ai + p * aCs], b[bj + p * bRs], sum);
                    }
                    if (pc > 0) {
                        x = sum + x;
                    } else if (beta == 0f) {
                        x = sum;
                    } else {
                        x = sum + beta * c[ci + j];
                    }
                }
                c[ci + j] = x;
            }
            ScalarEngine.finish(t, c, ci, 0, n);
        }
    }
}
