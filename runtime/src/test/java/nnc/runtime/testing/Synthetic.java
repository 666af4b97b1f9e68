package nnc.runtime.testing;

import nnc.runtime.Rng;
import nnc.runtime.data.Dataset;

/** Small synthetic data sets for tests. */
public final class Synthetic {
    private Synthetic() {
    }

    /** {@code n} samples of {@code classes} Gaussian blobs in {@code dims} dimensions. */
    public static Dataset blobs(int n, int dims, int classes, long seed) {
        Rng rng = new Rng(seed);
        float[] centers = new float[classes * dims];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = (float) (rng.nextGaussian() * 3);
        }
        float[] x = new float[n * dims];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            y[i] = c;
            for (int j = 0; j < dims; j++) {
                x[i * dims + j] = centers[c * dims + j] + (float) rng.nextGaussian();
            }
        }
        return new Dataset("blobs", x, new int[] {dims}, y, 1);
    }

    /** {@code n} samples of {@code y = 2 x0 - x1 + 0.5} plus a little noise. */
    public static Dataset line(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) rng.nextGaussian();
            x[2 * i + 1] = (float) rng.nextGaussian();
            y[i] = 2 * x[2 * i] - x[2 * i + 1] + 0.5f + (float) (0.01 * rng.nextGaussian());
        }
        return new Dataset("line", x, new int[] {2}, y, 1);
    }
}
