package nnc.runtime.data;

import java.util.Arrays;
import nnc.runtime.Rng;
import nnc.runtime.TargetKind;

/**
 * Samples in memory: features row-major ({@code size x featureCount}) with a per-sample shape,
 * and targets row-major ({@code size x targetSize}).
 *
 * <p>A target row is either one class index stored as a float ({@code targetSize == 1}), a
 * one-hot or binary vector, or regression values. {@link #forModel} converts between them for a
 * model's {@link TargetKind} and checks the values. A data set for prediction has no targets
 * ({@code targetSize == 0}).
 *
 * <p>The arrays are shared, not copied: a dataset is treated as immutable after it is built.
 */
public final class Dataset {
    private final String source;
    private final String targetSource;
    private final int firstLine;
    private final int size;
    private final int[] shape;
    private final int featureCount;
    private final float[] features;
    private final int targetSize;
    private final float[] targets;

    /**
     * A data set.
     *
     * @param source     where it came from, for messages (a file name)
     * @param features   {@code size * product(shape)} floats, row-major
     * @param shape      the shape of one sample's features
     * @param targets    {@code size * targetSize} floats, or {@code null} without targets
     * @param targetSize floats of target per sample (0 without targets)
     */
    public Dataset(String source, float[] features, int[] shape, float[] targets, int targetSize) {
        this(source, source, 0, features, shape, targets, targetSize);
    }

    /**
     * As above, where {@code targetSource} names the file of the targets (the labels file of an
     * IDX pair) and {@code firstLine > 0} is the line of the source that holds sample 0.
     */
    Dataset(String source, String targetSource, int firstLine, float[] features, int[] shape,
            float[] targets, int targetSize) {
        int count = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("bad sample shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, d);
        }
        if (features.length % count != 0) {
            throw new IllegalArgumentException(features.length + " floats do not make whole "
                    + "samples of shape " + Arrays.toString(shape));
        }
        this.source = source;
        this.targetSource = targetSource;
        this.firstLine = firstLine;
        this.shape = shape.clone();
        this.featureCount = count;
        this.features = features;
        this.size = features.length / count;
        if (targets == null || targetSize == 0) {
            this.targetSize = 0;
            this.targets = null;
        } else {
            if (targets.length != (long) size * targetSize) {
                throw new IllegalArgumentException(size + " samples need " + (long) size
                        * targetSize + " target floats, not " + targets.length);
            }
            this.targetSize = targetSize;
            this.targets = targets;
        }
    }

    /** Where the samples came from (a file name), for messages. */
    public String source() {
        return source;
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    /** Floats of features per sample. */
    public int featureCount() {
        return featureCount;
    }

    /** The shape of one sample's features. */
    public int[] shape() {
        return shape.clone();
    }

    /** The features, row-major; the backing array, not a copy. */
    public float[] features() {
        return features;
    }

    /** Floats of target per sample; 0 when there are no targets. */
    public int targetSize() {
        return targetSize;
    }

    /** Whether the samples have targets. */
    public boolean hasTargets() {
        return targets != null;
    }

    /** The targets, row-major, or {@code null}; the backing array, not a copy. */
    public float[] targets() {
        return targets;
    }

    /**
     * Names sample {@code row} (zero-based) of the target file for a message: {@code file:line}
     * when the rows are lines of a text file, else {@code file: sample n} (one-based).
     */
    public String where(int row) {
        return firstLine > 0 ? targetSource + ":" + (firstLine + row)
                : targetSource + ": sample " + (row + 1);
    }

    /**
     * Copies rows {@code order[start] .. order[start + count - 1]} into the first {@code count}
     * rows of {@code inputs} and {@code targetsOut}. Allocates nothing.
     *
     * @param order      row indices, or {@code null} for rows {@code start .. start + count - 1}
     * @param targetsOut the target buffer, or {@code null} to copy features only
     */
    public void gather(int[] order, int start, int count, float[] inputs, float[] targetsOut) {
        for (int i = 0; i < count; i++) {
            int row = order == null ? start + i : order[start + i];
            System.arraycopy(features, row * featureCount, inputs, i * featureCount, featureCount);
            if (targetsOut != null && targets != null) {
                System.arraycopy(targets, row * targetSize, targetsOut, i * targetSize,
                        targetSize);
            }
        }
    }

    /** A new data set of the given rows, in that order. */
    public Dataset subset(int[] rows) {
        float[] f = new float[rows.length * featureCount];
        float[] t = targets == null ? null : new float[rows.length * targetSize];
        gather(rows, 0, rows.length, f, t);
        return new Dataset(source, targetSource, 0, f, shape, t, targetSize);
    }

    /** A new data set of rows {@code from} (inclusive) to {@code to} (exclusive). */
    public Dataset range(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("rows " + from + ".." + to + " of " + size);
        }
        float[] f = Arrays.copyOfRange(features, from * featureCount, to * featureCount);
        float[] t = targets == null ? null
                : Arrays.copyOfRange(targets, from * targetSize, to * targetSize);
        int line = firstLine > 0 ? firstLine + from : 0;
        return new Dataset(source, targetSource, line, f, shape, t, targetSize);
    }

    /** The same samples with other features (same count), keeping targets and source. */
    Dataset withFeatures(float[] newFeatures) {
        return new Dataset(source, targetSource, firstLine, newFeatures, shape, targets,
                targetSize);
    }

    /** A training part and a held-out validation part. */
    public record Split(Dataset train, Dataset validation) {
    }

    /**
     * Holds out {@code round(size * fraction)} random rows for validation (at least one when the
     * fraction is positive). The choice depends only on {@code seed}; both parts keep the
     * original order of their rows. A fraction of 0 gives this data set and {@code null}.
     */
    public Split split(double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction " + fraction
                    + " is not in [0, 1)");
        }
        if (fraction == 0) {
            return new Split(this, null);
        }
        int held = (int) Math.max(1, Math.round(size * fraction));
        if (held >= size) {
            throw new DataException(source + ": " + size + " samples are too few to hold out "
                    + Math.round(fraction * 100) + "% for validation");
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        new Rng(seed).shuffle(order, size);
        int[] val = Arrays.copyOfRange(order, 0, held);
        int[] train = Arrays.copyOfRange(order, held, size);
        Arrays.sort(val);
        Arrays.sort(train);
        return new Split(subset(train), subset(val));
    }

    /**
     * This data set with targets laid out as a model with {@code kind} and {@code outputSize}
     * expects them: class indices become one-hot rows and back, and every value is checked
     * (class indices are whole numbers below {@code outputSize}, binary targets lie in [0, 1]).
     *
     * @throws DataException naming the first bad sample
     */
    public Dataset forModel(TargetKind kind, int outputSize) {
        if (targets == null) {
            return this;
        }
        return switch (kind) {
            case CLASS_INDEX -> targetSize == 1 ? checkedIndices(outputSize)
                    : withTargets(toIndices(outputSize), 1);
            case ONE_HOT -> {
                if (targetSize == 1) {
                    yield checkedIndices(outputSize).withTargets(toOneHot(outputSize), outputSize);
                }
                yield withTargets(sameWidth(outputSize), outputSize);
            }
            case BINARY -> {
                if (targetSize == 1 && outputSize > 1) {
                    yield checkedIndices(outputSize).withTargets(toOneHot(outputSize), outputSize);
                }
                float[] t = sameWidth(outputSize);
                for (int i = 0; i < t.length; i++) {
                    if (!(t[i] >= 0 && t[i] <= 1)) {
                        throw new DataException(where(i / targetSize) + ": target " + format(t[i])
                                + " is not between 0 and 1, as a binary target must be");
                    }
                }
                yield this;
            }
            case REGRESSION -> {
                float[] t = sameWidth(outputSize);
                for (int i = 0; i < t.length; i++) {
                    if (!Float.isFinite(t[i])) {
                        throw new DataException(where(i / targetSize) + ": target "
                                + format(t[i]) + " is not a finite number");
                    }
                }
                yield this;
            }
        };
    }

    private Dataset withTargets(float[] newTargets, int newSize) {
        return new Dataset(source, targetSource, firstLine, features, shape, newTargets,
                newSize);
    }

    private float[] sameWidth(int outputSize) {
        if (targetSize != outputSize) {
            throw new DataException(targetSource + ": has " + targetSize + " target value"
                    + (targetSize == 1 ? "" : "s") + " per sample, but the model has "
                    + outputSize + " output" + (outputSize == 1 ? "" : "s"));
        }
        return targets;
    }

    private Dataset checkedIndices(int classes) {
        for (int i = 0; i < size; i++) {
            float c = targets[i];
            if (c != Math.rint(c) || c < 0) {
                throw new DataException(where(i) + ": label " + format(c)
                        + " is not a class index (a whole number from 0)");
            }
            if (c >= classes) {
                throw new DataException(where(i) + ": class " + format(c) + " is out of range: "
                        + "the model has " + classes + " classes (0 to " + (classes - 1) + ")");
            }
        }
        return this;
    }

    private float[] toOneHot(int classes) {
        float[] t = new float[size * classes];
        for (int i = 0; i < size; i++) {
            t[i * classes + (int) targets[i]] = 1f;
        }
        return t;
    }

    private float[] toIndices(int classes) {
        sameWidth(classes);
        float[] t = new float[size];
        for (int i = 0; i < size; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (targets[i * classes + c] > targets[i * classes + best]) {
                    best = c;
                }
            }
            t[i] = best;
        }
        return t;
    }

    private static String format(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
    }

    @Override
    public String toString() {
        return source + " (" + size + " samples of " + Arrays.toString(shape) + ")";
    }
}
