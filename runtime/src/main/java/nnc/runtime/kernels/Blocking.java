package nnc.runtime.kernels;

/**
 * Blocking and threshold constants shared by the kernel paths.
 *
 * <p>Every path sums the inner dimension in blocks of {@link #kc(int)} steps: within a block a fused
 * multiply-add chain in increasing {@code p} starting from zero, and the block sums are added to C
 * in order. Because all paths (vector, scalar, tiny) and all thread counts keep this order, an
 * element's value does not depend on which path or how many threads computed it; only the
 * transcendental activations may differ in the last bit between the vector and scalar paths.
 */
final class Blocking {
    /** The deepest block of the inner dimension (packed panels hold at most this many steps). */
    static final int KC_MAX = 400;

    /**
     * The depth of the blocks for an inner dimension of {@code k}: {@code k} split into the
     * fewest blocks of at most {@link #KC_MAX} steps, of equal depth (the last one may be a few
     * steps shorter). Each block costs a pass over the C tile, so fewer is better, as long as a
     * 16-column micro-panel of B (16 x 400 floats, 25 KB) stays in a 32 KB L1: the bench MLP's
     * first layer (k = 784) takes two blocks of 392 where fixed blocks of 256 took three and a
     * sliver of 16 (batch 1024: 70.6-73.6 -> 75.5-75.7 GFLOP/s over two interleaved pairs, the
     * other products of the step unchanged).
     * A function of {@code k} alone, so every path and thread count still adds in one order.
     */
    static int kc(int k) {
        if (k <= KC_MAX) {
            return Math.max(1, k);
        }
        return ceilDiv(k, ceilDiv(k, KC_MAX));
    }

    private Blocking() {
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** {@code buf} if it holds at least {@code need} ints, else a new larger array. */
    static int[] ensure(int[] buf, int need) {
        if (buf.length >= need) {
            return buf;
        }
        return new int[Math.max(need, buf.length + (buf.length >> 1))];
    }

    /** {@code buf} if it holds at least {@code need} floats, else a new larger array. */
    static float[] ensure(float[] buf, int need) {
        if (buf.length >= need) {
            return buf;
        }
        return new float[Math.max(need, buf.length + (buf.length >> 1))];
    }
}
