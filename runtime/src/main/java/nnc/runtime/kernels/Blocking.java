package nnc.runtime.kernels;

/**
 * Blocking and threshold constants shared by the kernel paths.
 *
 * <p>Every path sums the inner dimension in blocks of {@link #KC}: within a block a fused
 * multiply-add chain in increasing {@code p} starting from zero, and the block sums are added to C
 * in order. Because all paths (vector, scalar, tiny) and all thread counts keep this order, an
 * element's value does not depend on which path or how many threads computed it; only the
 * transcendental activations may differ in the last bit between the vector and scalar paths.
 */
final class Blocking {
    /** Depth of one block of the inner dimension (packed panels hold this many steps). */
    static final int KC = 256;

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
