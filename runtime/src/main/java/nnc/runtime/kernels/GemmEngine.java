package nnc.runtime.kernels;

/** One implementation of the blocked gemm: the Vector API one or the scalar fallback. */
interface GemmEngine {

    /** Rows of the grid that work is split on; a part's first row is a multiple of this. */
    int rowGrain();

    /** Columns of the grid that work is split on; a part's first column is a multiple of this. */
    int colGrain();

    /** Floats each {@link Scratch} tile buffer needs. */
    int tileFloats();

    /**
     * Computes rows {@code [m0, m1)} and columns {@code [n0, n1)} of the task's C (the full
     * inner dimension, epilogue included), packing into {@code s} as needed.
     */
    void compute(GemmTask t, int m0, int m1, int n0, int n1, Scratch s);

    /**
     * Whether a single row of a product too small to pack ({@link Kernels#TINY_MACS}) is still
     * better served by {@link #compute} than by the plain loops of {@link SmallGemm}.
     */
    default boolean tinyRowKernel() {
        return false;
    }

    /**
     * Whether this engine computes a weight gradient of {@code m} x {@code n} over {@code k}
     * steps ({@code A^T B}, no bias, no activation) faster as the transposed product, B's transpose
     * times A, with C stored transposed ({@link GemmTask#swap}); the engine must then honour
     * {@link GemmTask#transC}.
     */
    default boolean swapsNarrowGradient(int m, int n, int k) {
        return false;
    }

    /**
     * The most rows a thread claims at a time when {@code parts} threads share a call's rows out
     * dynamically, or 0 when this engine splits this call statically ({@link #compute} on fixed
     * ranges).
     */
    default int sharedRowBlock(GemmTask t, int parts) {
        return 0;
    }

    /**
     * Computes blocks of at most {@code t.sharedBlock} rows of C (all columns), claimed from
     * {@code t.claimed} one at a time until none is left: a thread on a busy core then takes
     * fewer blocks instead of holding up the others. Several threads call it at once.
     */
    default void computeShared(GemmTask t, Scratch s) {
        throw new UnsupportedOperationException("no shared row blocks in " + name());
    }

    /** See {@link Kernels#activationGradColumns}; {@code mask} may be null. */
    void activationGradColumns(int act, float alpha, float[] out, int outOff, float[] dy,
                               int dyOff, float[] mask, int maskOff, float[] y, int yOff,
                               int rows, int cols, int from, int to, float[] sums, int sumsOff);

    /** See {@link Kernels#adam}. */
    void adam(float[] params, float[] grads, float[] m, float[] v, int from, int to, float lr,
              float b1, float b2, float eps, float c1, float c2);

    /** A short name for reports: "vector" or "scalar". */
    String name();
}
