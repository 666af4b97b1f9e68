package nnc.runtime.kernels;

/**
 * The arguments of one gemm call, kept in one reusable object so that a call allocates nothing
 * and the pool's workers can read them.
 *
 * <p>Written by the calling thread before it starts the workers (which then only read it), and
 * cleared of array references when the call returns so the kernels do not keep arrays alive.
 */
final class GemmTask {
    boolean transA;
    boolean transB;
    int m;
    int n;
    int k;
    float[] a;
    int aOff;
    int lda;
    float[] b;
    int bOff;
    int ldb;
    float beta;
    float[] c;
    int cOff;
    int ldc;
    /** Null when the epilogue adds no bias. */
    float[] bias;
    int biasOff;
    int act;
    float alpha;
    /**
     * Whether C is stored transposed: the task then computes {@code C^T} and element (i, j) of
     * its result goes to {@code c[cOff + j*ldc + i]} (see {@link #swap}).
     */
    boolean transC;
    /**
     * Rows claimed so far when the threads share the rows of C out dynamically
     * ({@link GemmEngine#computeShared}); reset by the caller before it starts them.
     */
    final java.util.concurrent.atomic.AtomicInteger claimed =
            new java.util.concurrent.atomic.AtomicInteger();
    /**
     * The most rows a thread claims at once ({@link GemmEngine#sharedRowBlock}); set with
     * {@link #claimed}.
     */
    int sharedBlock;
    /** The threads that share the rows; set with {@link #claimed}. */
    int sharedParts;

    void set(boolean transA, boolean transB, int m, int n, int k,
             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
             float beta, float[] c, int cOff, int ldc,
             float[] bias, int biasOff, int act, float alpha) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.beta = beta;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        this.bias = bias;
        this.biasOff = biasOff;
        this.act = act;
        this.alpha = alpha;
        this.transC = false;
    }

    /**
     * Turns the task into the product of the transposes, {@code C^T = op(B)^T op(A)^T}, with C
     * stored transposed. For a weight gradient with few columns ({@code A^T B}, B narrow), the
     * wide operand becomes a plain B that the engine can read in place. Only for tasks without
     * bias and activation. Every element still takes the same products in the same order
     * (a fused multiply-add does not depend on the order of its factors), so the result has
     * the same bits.
     */
    void swap() {
        boolean ta = transA;
        int m0 = m;
        float[] a0 = a;
        int aOff0 = aOff;
        int lda0 = lda;
        transA = !transB;
        transB = !ta;
        m = n;
        n = m0;
        a = b;
        aOff = bOff;
        lda = ldb;
        b = a0;
        bOff = aOff0;
        ldb = lda0;
        transC = !transC;
    }

    void clear() {
        a = null;
        b = null;
        c = null;
        bias = null;
    }

    /** Distance in {@code a} between op(A)[i][p] and op(A)[i+1][p]. */
    int aRowStride() {
        return transA ? 1 : lda;
    }

    /** Distance in {@code a} between op(A)[i][p] and op(A)[i][p+1]. */
    int aColStride() {
        return transA ? lda : 1;
    }

    /** Distance in {@code b} between op(B)[p][j] and op(B)[p+1][j]. */
    int bRowStride() {
        return transB ? 1 : ldb;
    }

    /** Distance in {@code b} between op(B)[p][j] and op(B)[p][j+1]. */
    int bColStride() {
        return transB ? ldb : 1;
    }
}
