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
    /** Their values in A. */
    float[] stepVals = new float[0];
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
}
