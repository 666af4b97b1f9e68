package nnc.runtime.kernels;

/**
 * Matrix products for generated models. This is the plain reference version of the API; the
 * vectorized, blocked and threaded implementation replaces its body.
 */
public final class Kernels implements AutoCloseable {
    private int threads;

    /** Kernels using {@code threads} threads (0 or less: one per core). */
    public Kernels(int threads) {
        setThreads(threads);
    }

    /** Threads in use. */
    public int threads() {
        return threads;
    }

    /** Changes the thread count. */
    public void setThreads(int threads) {
        this.threads = threads <= 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** C = beta·C + op(A)·op(B). */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
                     int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff,
                     int ldc) {
        gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null, 0,
                Act.NONE, 0f);
    }

    /** C = act(beta·C + op(A)·op(B) + bias). */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff,
                     int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff,
                     int ldc, float[] bias, int biasOff, int act, float alpha) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                int at = cOff + i * ldc + j;
                float v = (beta == 0f ? 0f : beta * c[at]) + s
                        + (bias == null ? 0f : bias[biasOff + j]);
                c[at] = switch (act) {
                    case Act.RELU -> Math.max(v, 0f);
                    case Act.LEAKY_RELU -> v > 0f ? v : alpha * v;
                    case Act.ELU -> v > 0f ? v : alpha * ((float) Math.exp(v) - 1f);
                    case Act.SIGMOID -> 1f / (1f + (float) Math.exp(-v));
                    case Act.TANH -> (float) Math.tanh(v);
                    default -> v;
                };
            }
        }
    }

    @Override
    public void close() {
    }
}
