package nnc.runtime.kernels;

/**
 * One thread's working memory: packed panels and tile buffers. Grown when a larger shape first
 * appears, never shrunk, so steady-state calls allocate nothing.
 */
final class Scratch {
    float[] aPack = new float[0];
    float[] bPack = new float[0];
    /** One row of accumulators for the vector engine's single-row product. */
    float[] row = new float[0];
    /** The steps of one block that the single-row product does not skip (B's row offsets). */
    int[] steps = new int[0];
    /** Rows of the block this thread claimed last from a shared product. */
    int claimedRows;
    /** Their values in A. */
    float[] stepVals = new float[0];
    /** Where each block of the inner dimension starts in {@link #steps}, and where the last ends. */
    int[] blockEnds = new int[0];
    /** The direction the single-row product last took for each slot of B (see {@link #flipRow}). */
    private final boolean[] rowFlips = new boolean[16];
    /** The scalar engine's block of B, one array per row (see {@link ScalarEngine}). */
    float[][] bRows;
    /** A micro-tile of accumulators, then of C values for edge tiles. */
    final float[] acc;
    final float[] tile;
    final float[] tileBias;

    Scratch(int tileFloats) {
        acc = new float[tileFloats];
        tile = new float[tileFloats];
        tileBias = new float[tileFloats];
    }

    /**
     * Whether this single-row product with B starting at {@code key} runs its column panels
     * backwards, alternating from one call to the next. A sample's layer reads its weights once
     * and in order; the next sample's reads them again in the same order, so when they are a
     * little larger than the L2 cache each line has just been evicted when it is wanted again.
     * Backwards, the next call starts with the lines the last one read last, which are still in
     * L2. The columns' chains are independent of one another, so the result has the same bits
     * either way. Keys that share a slot only make the alternation less regular.
     */
    boolean flipRow(int key) {
        int slot = (key * 0x9E3779B9) >>> 28;
        boolean flip = !rowFlips[slot];
        rowFlips[slot] = flip;
        return flip;
    }
}
