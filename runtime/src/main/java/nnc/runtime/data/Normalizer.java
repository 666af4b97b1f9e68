package nnc.runtime.data;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import nnc.runtime.DataConfig.Normalize;

/**
 * Per-feature scaling {@code x' = (x - offset) * scale}, fitted on the training split only and
 * then applied unchanged to validation, test and prediction inputs, so no statistic of held-out
 * data leaks into training.
 *
 * <p>MINMAX maps each feature's training range to [0, 1]; STANDARD gives each feature mean 0
 * and standard deviation 1 on the training data. A feature that is constant in the training data
 * keeps scale 1 (it becomes 0) instead of dividing by zero.
 */
public final class Normalizer {
    private final Normalize kind;
    private final float[] offset;
    private final float[] scale;

    private Normalizer(Normalize kind, float[] offset, float[] scale) {
        this.kind = kind;
        this.offset = offset;
        this.scale = scale;
    }

    /** The identity: leaves features as they are. */
    public static Normalizer none() {
        return new Normalizer(Normalize.NONE, new float[0], new float[0]);
    }

    /** Fits {@code kind} on {@code train}'s features. */
    public static Normalizer fit(Normalize kind, Dataset train) {
        if (kind == null || kind == Normalize.NONE) {
            return none();
        }
        int d = train.featureCount();
        int n = train.size();
        float[] x = train.features();
        float[] offset = new float[d];
        float[] scale = new float[d];
        if (n == 0) {
            java.util.Arrays.fill(scale, 1f);
            return new Normalizer(kind, offset, scale);
        }
        if (kind == Normalize.MINMAX) {
            float[] min = new float[d];
            float[] max = new float[d];
            System.arraycopy(x, 0, min, 0, d);
            System.arraycopy(x, 0, max, 0, d);
            for (int i = 1; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    float v = x[i * d + j];
                    min[j] = Math.min(min[j], v);
                    max[j] = Math.max(max[j], v);
                }
            }
            for (int j = 0; j < d; j++) {
                offset[j] = min[j];
                double range = (double) max[j] - min[j];
                scale[j] = range > 0 ? (float) (1.0 / range) : 1f;
            }
        } else {
            double[] sum = new double[d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    sum[j] += x[i * d + j];
                }
            }
            double[] squares = new double[d];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    double dev = x[i * d + j] - sum[j] / n;
                    squares[j] += dev * dev;
                }
            }
            for (int j = 0; j < d; j++) {
                double mean = sum[j] / n;
                double std = Math.sqrt(squares[j] / n);
                offset[j] = (float) mean;
                scale[j] = std > 1e-12 * Math.max(1, Math.abs(mean)) ? (float) (1.0 / std) : 1f;
            }
        }
        return new Normalizer(kind, offset, scale);
    }

    /** The kind of scaling. */
    public Normalize kind() {
        return kind;
    }

    /** Number of features it was fitted on (0 for {@link #none()}). */
    public int featureCount() {
        return offset.length;
    }

    /** A copy of {@code data} with scaled features (the same data set for NONE). */
    public Dataset apply(Dataset data) {
        if (data == null || kind == Normalize.NONE) {
            return data;
        }
        checkWidth(data.featureCount(), data.source());
        float[] copy = data.features().clone();
        applyInPlace(copy, 0, data.size());
        return data.withFeatures(copy);
    }

    /** Scales {@code rows} samples in place, starting at {@code offset} floats into {@code x}. */
    public void applyInPlace(float[] x, int start, int rows) {
        if (kind == Normalize.NONE) {
            return;
        }
        int d = offset.length;
        for (int i = 0; i < rows; i++) {
            int base = start + i * d;
            for (int j = 0; j < d; j++) {
                x[base + j] = (x[base + j] - offset[j]) * scale[j];
            }
        }
    }

    private void checkWidth(int features, String source) {
        if (features != offset.length) {
            throw new DataException(source + ": has " + features + " features per sample, but "
                    + "the normalizer was fitted on " + offset.length);
        }
    }

    /** Writes kind and statistics (for a checkpoint). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(kind.ordinal());
        out.writeInt(offset.length);
        for (int j = 0; j < offset.length; j++) {
            out.writeFloat(offset[j]);
            out.writeFloat(scale[j]);
        }
    }

    /** Reads what {@link #writeTo} wrote. */
    public static Normalizer readFrom(DataInput in) throws IOException {
        int k = in.readByte();
        if (k < 0 || k >= Normalize.values().length) {
            throw new IOException("unknown normalizer kind " + k);
        }
        int d = in.readInt();
        if (d < 0) {
            throw new IOException("negative normalizer width " + d);
        }
        if (in instanceof java.io.InputStream s && (long) d * 8 > s.available()) {
            // Two floats per feature must follow: a larger width is a damaged file, not a
            // reason to allocate gigabytes.
            throw new IOException("the normalizer declares " + d + " features, more than the "
                    + "file holds");
        }
        float[] offset = new float[d];
        float[] scale = new float[d];
        for (int j = 0; j < d; j++) {
            offset[j] = in.readFloat();
            scale[j] = in.readFloat();
        }
        return new Normalizer(Normalize.values()[k], offset, scale);
    }

    /** Offset of feature {@code j} (minimum or mean). */
    public float offset(int j) {
        return offset[j];
    }

    /** Scale of feature {@code j} (1 / range or 1 / standard deviation). */
    public float scale(int j) {
        return scale[j];
    }
}
