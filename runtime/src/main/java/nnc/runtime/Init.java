package nnc.runtime;

/** Parameter initializers; each fills {@code a[off .. off + count)} from {@code rng}. */
public final class Init {
    private Init() {
    }

    /** Normal with the given mean and standard deviation. */
    public static void normal(float[] a, int off, int count, double mean, double std, Rng rng) {
        for (int i = 0; i < count; i++) {
            a[off + i] = (float) (mean + std * rng.nextGaussian());
        }
    }

    /** Uniform in [low, high). */
    public static void uniform(float[] a, int off, int count, double low, double high,
                               Rng rng) {
        for (int i = 0; i < count; i++) {
            a[off + i] = (float) (low + (high - low) * rng.nextDouble());
        }
    }

    /** He normal: std sqrt(2 / fanIn). */
    public static void heNormal(float[] a, int off, int count, int fanIn, Rng rng) {
        normal(a, off, count, 0, Math.sqrt(2.0 / fanIn), rng);
    }

    /** He uniform: ±sqrt(6 / fanIn). */
    public static void heUniform(float[] a, int off, int count, int fanIn, Rng rng) {
        double lim = Math.sqrt(6.0 / fanIn);
        uniform(a, off, count, -lim, lim, rng);
    }

    /** Xavier (Glorot) normal: std sqrt(2 / (fanIn + fanOut)). */
    public static void xavierNormal(float[] a, int off, int count, int fanIn, int fanOut,
                                    Rng rng) {
        normal(a, off, count, 0, Math.sqrt(2.0 / (fanIn + fanOut)), rng);
    }

    /** Xavier (Glorot) uniform: ±sqrt(6 / (fanIn + fanOut)). */
    public static void xavierUniform(float[] a, int off, int count, int fanIn, int fanOut,
                                     Rng rng) {
        double lim = Math.sqrt(6.0 / (fanIn + fanOut));
        uniform(a, off, count, -lim, lim, rng);
    }

    /** Every value {@code value}. */
    public static void constant(float[] a, int off, int count, double value) {
        java.util.Arrays.fill(a, off, off + count, (float) value);
    }
}
