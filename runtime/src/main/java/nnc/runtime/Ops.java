package nnc.runtime;

/**
 * Row-wise operations, losses and their gradients that generated code calls by name. Matrices
 * are row-major; {@code n} is the batch (rows), {@code m} the columns. Losses are means over
 * the batch: per sample they average over outputs (mse, mae, binary cross-entropy), sum over
 * classes (categorical cross-entropy), or take the Dice score of the whole row.
 */
public final class Ops {
    /** Cross-entropies clip probabilities to [EPS, 1 - EPS] so log never sees 0. */
    public static final float EPS = 1e-7f;

    private Ops() {
    }

    /**
     * {@code c > 0f ? a : b}, without a branch: the piecewise activations and their gradients
     * (relu, leaky relu, prelu, elu) select this way in generated loops. Their condition is as
     * good as random on real data (about half of a layer's units are off, in no order), and C2
     * compiles a float {@code ?:} to a conditional jump on x86, which mispredicted once every
     * other element made the relu backward pass of a 1024 x 256 layer six times slower (2 ms
     * instead of 0.35). The result is bit for bit that of the {@code ?:}, NaNs and signed zeros
     * included: {@code c > 0} holds exactly when c's bits, as an int, lie in
     * {@code [1, 0x7F800000]} (positive, up to +infinity, not NaN).
     */
    public static float ifPositive(float c, float a, float b) {
        int u = Float.floatToRawIntBits(c) - 1;
        int mask = ((u - 0x7F800000) & ~u) >> 31; // -1 where 0 <= u < 0x7F800000, else 0
        return Float.intBitsToFloat((Float.floatToRawIntBits(a) & mask)
                | (Float.floatToRawIntBits(b) & ~mask));
    }

    /**
     * Row-wise softmax of x into y (may be the same array): {@code exp(x - max)} of each row
     * (with {@link #expNonPositive}), divided by the row's sum.
     */
    public static void softmax(float[] x, int xOff, float[] y, int yOff, int n, int m) {
        for (int r = 0; r < n; r++) {
            int xr = xOff + r * m;
            int yr = yOff + r * m;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < m; c++) {
                max = Math.max(max, x[xr + c]);
            }
            float sum = 0f;
            for (int c = 0; c < m; c++) {
                float e = expNonPositive(x[xr + c] - max);
                y[yr + c] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int c = 0; c < m; c++) {
                y[yr + c] *= inv;
            }
        }
    }

    private static final float LOG2E = 1.44269504f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude under 2^22 to an integer. */
    private static final float ROUND = 12582912f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;

    /**
     * {@code exp(x)} for the shifted logits of a softmax ({@code x <= 0}), within about one unit
     * in the last place: {@code x = n ln 2 + r} with {@code n} an integer and
     * {@code |r| <= ln 2 / 2}, Cephes' degree-5 polynomial for {@code exp(r)} (fused
     * multiply-adds), times {@code 2^n} built in the exponent bits. Below -87 (where the
     * result would be under 1.7e-38) it returns 0; NaN stays NaN. The same float operations in
     * the same order on every JVM and CPU, so a softmax has the same bits everywhere; it takes
     * a quarter of the time of {@code (float) Math.exp(x)} (a batch of 1024 x 10 softmax
     * outputs: about 130 -> 30 us).
     */
    public static float expNonPositive(float x) {
        if (!(x >= -87f)) {
            return x < -87f ? 0f : x;
        }
        float t = Math.fma(x, LOG2E, ROUND);
        float k = t - ROUND;
        float r = Math.fma(k, -LN2_HI, x);
        r = Math.fma(k, -LN2_LO, r);
        float p = 1.9875691500e-4f;
        p = Math.fma(p, r, 1.3981999507e-3f);
        p = Math.fma(p, r, 8.3334519073e-3f);
        p = Math.fma(p, r, 4.1665795894e-2f);
        p = Math.fma(p, r, 1.6666665459e-1f);
        p = Math.fma(p, r, 5.0000001201e-1f);
        float e = Math.fma(p, r * r, r) + 1f;
        int scale = (Float.floatToRawIntBits(t) - 0x4B400000 + 127) << 23;
        return e * Float.intBitsToFloat(scale);
    }

    /** dx = y ⊙ (dy - Σ dy⊙y) per row: the softmax Jacobian applied to dy. */
    public static void softmaxGrad(float[] dy, int dyOff, float[] y, int yOff, float[] dx,
                                   int dxOff, int n, int m) {
        for (int r = 0; r < n; r++) {
            float dot = 0f;
            for (int c = 0; c < m; c++) {
                dot += dy[dyOff + r * m + c] * y[yOff + r * m + c];
            }
            for (int c = 0; c < m; c++) {
                dx[dxOff + r * m + c] = y[yOff + r * m + c] * (dy[dyOff + r * m + c] - dot);
            }
        }
    }

    /** Column sums of x[n, m] into out[outOff .. outOff + m). */
    public static void sumRows(float[] x, int xOff, int n, int m, float[] out, int outOff) {
        java.util.Arrays.fill(out, outOff, outOff + m, 0f);
        for (int r = 0; r < n; r++) {
            int row = xOff + r * m;
            for (int c = 0; c < m; c++) {
                out[outOff + c] += x[row + c];
            }
        }
    }

    /** PReLU slope gradient: column sums of dy ⊙ min(x, 0). */
    public static void preluGradAlpha(float[] dy, int dyOff, float[] x, int xOff, int n, int m,
                                      float[] out, int outOff) {
        java.util.Arrays.fill(out, outOff, outOff + m, 0f);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < m; c++) {
                float v = x[xOff + r * m + c];
                if (v < 0f) {
                    out[outOff + c] += dy[dyOff + r * m + c] * v;
                }
            }
        }
    }

    /** Inverted-dropout mask: each of {@code count} entries is 0 or 1/(1-rate). */
    public static void dropoutMask(Rng rng, float[] mask, int off, int count, float rate) {
        float keep = 1f - rate;
        float scale = 1f / keep;
        for (int i = 0; i < count; i++) {
            mask[off + i] = rng.nextFloat() < keep ? scale : 0f;
        }
    }

    /** Copies columns [col, col + w) of src[n, srcCols] into dst[n, w] or back. */
    public static void copyColumns(float[] src, int srcOff, int srcCols, int col, float[] dst,
                                   int dstOff, int dstCols, int dstCol, int n, int w) {
        for (int r = 0; r < n; r++) {
            System.arraycopy(src, srcOff + r * srcCols + col, dst, dstOff + r * dstCols + dstCol,
                    w);
        }
    }

    // ---- losses ------------------------------------------------------------------------------

    /** Mean squared error. */
    public static float mse(float[] p, float[] t, int n, int m) {
        double s = 0;
        for (int i = 0; i < n * m; i++) {
            double d = p[i] - t[i];
            s += d * d;
        }
        return (float) (s / ((double) n * m));
    }

    /** Gradient of {@link #mse}: 2 (p - t) / (n m). */
    public static void mseGrad(float[] p, float[] t, float[] g, int gOff, int n, int m) {
        float k = 2f / ((float) n * m);
        for (int i = 0; i < n * m; i++) {
            g[gOff + i] = k * (p[i] - t[i]);
        }
    }

    /** Mean absolute error. */
    public static float mae(float[] p, float[] t, int n, int m) {
        double s = 0;
        for (int i = 0; i < n * m; i++) {
            s += Math.abs(p[i] - t[i]);
        }
        return (float) (s / ((double) n * m));
    }

    /** Gradient of {@link #mae}: sign(p - t) / (n m). */
    public static void maeGrad(float[] p, float[] t, float[] g, int gOff, int n, int m) {
        float k = 1f / ((float) n * m);
        for (int i = 0; i < n * m; i++) {
            g[gOff + i] = k * Math.signum(p[i] - t[i]);
        }
    }

    /** Binary cross-entropy of probabilities p against targets t in [0, 1]. */
    public static float binaryCrossEntropy(float[] p, float[] t, int n, int m) {
        double s = 0;
        for (int i = 0; i < n * m; i++) {
            double q = Math.min(Math.max(p[i], EPS), 1 - EPS);
            s -= t[i] * Math.log(q) + (1 - t[i]) * Math.log(1 - q);
        }
        return (float) (s / ((double) n * m));
    }

    /** Gradient of {@link #binaryCrossEntropy} with respect to p. */
    public static void binaryCrossEntropyGrad(float[] p, float[] t, float[] g, int gOff, int n,
                                              int m) {
        float k = 1f / ((float) n * m);
        for (int i = 0; i < n * m; i++) {
            float q = Math.min(Math.max(p[i], EPS), 1 - EPS);
            g[gOff + i] = k * (q - t[i]) / (q * (1 - q));
        }
    }

    /** Fused sigmoid + binary cross-entropy gradient with respect to the logits: (p - t)/(n m). */
    public static void sigmoidBinaryCrossEntropyGrad(float[] p, float[] t, float[] g, int gOff,
                                                     int n, int m) {
        float k = 1f / ((float) n * m);
        for (int i = 0; i < n * m; i++) {
            g[gOff + i] = k * (p[i] - t[i]);
        }
    }

    /** Categorical cross-entropy; {@code sparse} targets are class indices, else rows. */
    public static float categoricalCrossEntropy(float[] p, float[] t, int n, int m,
                                                boolean sparse) {
        double s = 0;
        for (int r = 0; r < n; r++) {
            if (sparse) {
                s -= Math.log(Math.max(p[r * m + (int) t[r]], EPS));
            } else {
                for (int c = 0; c < m; c++) {
                    s -= t[r * m + c] * Math.log(Math.max(p[r * m + c], EPS));
                }
            }
        }
        return (float) (s / n);
    }

    /** Gradient of {@link #categoricalCrossEntropy} with respect to p: -t / (p n). */
    public static void categoricalCrossEntropyGrad(float[] p, float[] t, float[] g, int gOff,
                                                   int n, int m, boolean sparse) {
        float k = 1f / n;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < m; c++) {
                float target = sparse ? ((int) t[r] == c ? 1f : 0f) : t[r * m + c];
                g[gOff + r * m + c] = -k * target / Math.max(p[r * m + c], EPS);
            }
        }
    }

    /** Fused softmax + cross-entropy gradient with respect to the logits: (p - t) / n. */
    public static void softmaxCrossEntropyGrad(float[] p, float[] t, float[] g, int gOff, int n,
                                               int m, boolean sparse) {
        float k = 1f / n;
        for (int r = 0; r < n; r++) {
            int label = sparse ? (int) t[r] : -1;
            for (int c = 0; c < m; c++) {
                float target = sparse ? (label == c ? 1f : 0f) : t[r * m + c];
                g[gOff + r * m + c] = k * (p[r * m + c] - target);
            }
        }
    }

    /** Soft Dice loss averaged over samples: 1 - (2 Σpt + s) / (Σp + Σt + s). */
    public static float dice(float[] p, float[] t, int n, int m, float smooth) {
        double s = 0;
        for (int r = 0; r < n; r++) {
            double inter = 0;
            double sum = 0;
            for (int c = 0; c < m; c++) {
                inter += p[r * m + c] * t[r * m + c];
                sum += p[r * m + c] + t[r * m + c];
            }
            s += 1 - (2 * inter + smooth) / (sum + smooth);
        }
        return (float) (s / n);
    }

    /** Gradient of {@link #dice} with respect to p. */
    public static void diceGrad(float[] p, float[] t, float[] g, int gOff, int n, int m,
                                float smooth) {
        for (int r = 0; r < n; r++) {
            double inter = 0;
            double sum = 0;
            for (int c = 0; c < m; c++) {
                inter += p[r * m + c] * t[r * m + c];
                sum += p[r * m + c] + t[r * m + c];
            }
            double num = 2 * inter + smooth;
            double den = sum + smooth;
            for (int c = 0; c < m; c++) {
                double d = -(2 * t[r * m + c] * den - num) / (den * den);
                g[gOff + r * m + c] = (float) (d / n);
            }
        }
    }
}
