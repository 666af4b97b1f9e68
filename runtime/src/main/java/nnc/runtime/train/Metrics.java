package nnc.runtime.train;

import nnc.runtime.TargetKind;

/**
 * Accumulates accuracy, mean absolute error and a confusion matrix over batches of
 * predictions. Outputs are read as the model's predictions: probabilities for binary targets
 * (thresholded at 0.5), scores for classes (argmax), values for regression.
 */
final class Metrics {
    private final TargetKind kind;
    private final int outputs;
    private final int[][] confusion;
    private long correct;
    private long judged;
    private double absError;
    private long values;

    Metrics(TargetKind kind, int outputs, boolean withConfusion) {
        this.kind = kind;
        this.outputs = outputs;
        int classes = switch (kind) {
            case CLASS_INDEX, ONE_HOT -> outputs;
            case BINARY -> outputs == 1 ? 2 : 0;
            case REGRESSION -> 0;
        };
        this.confusion = withConfusion && classes > 0 ? new int[classes][classes] : null;
    }

    void reset() {
        correct = 0;
        judged = 0;
        absError = 0;
        values = 0;
        if (confusion != null) {
            for (int[] row : confusion) {
                java.util.Arrays.fill(row, 0);
            }
        }
    }

    /** Adds the first {@code n} rows of predictions {@code out} against {@code target}. */
    void add(float[] out, float[] target, int n) {
        switch (kind) {
            case CLASS_INDEX, ONE_HOT -> {
                for (int i = 0; i < n; i++) {
                    int predicted = argmax(out, i * outputs, outputs);
                    int actual = kind == TargetKind.CLASS_INDEX ? (int) target[i]
                            : argmax(target, i * outputs, outputs);
                    correct += predicted == actual ? 1 : 0;
                    if (confusion != null) {
                        confusion[actual][predicted]++;
                    }
                }
                judged += n;
            }
            case BINARY -> {
                for (int i = 0; i < n * outputs; i++) {
                    int predicted = out[i] >= 0.5f ? 1 : 0;
                    int actual = target[i] >= 0.5f ? 1 : 0;
                    correct += predicted == actual ? 1 : 0;
                    if (confusion != null) {
                        confusion[actual][predicted]++;
                    }
                }
                judged += (long) n * outputs;
            }
            case REGRESSION -> {
                for (int i = 0; i < n * outputs; i++) {
                    absError += Math.abs((double) out[i] - target[i]);
                }
                values += (long) n * outputs;
            }
        }
    }

    /** Fraction correct, or NaN for regression. */
    double accuracy() {
        return judged == 0 ? Double.NaN : (double) correct / judged;
    }

    /** Mean absolute error, or NaN for classification. */
    double mae() {
        return values == 0 ? Double.NaN : absError / values;
    }

    /** Counts by [actual][predicted], or null. */
    int[][] confusion() {
        if (confusion == null) {
            return null;
        }
        int[][] copy = new int[confusion.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    private static int argmax(float[] a, int from, int count) {
        int best = 0;
        for (int c = 1; c < count; c++) {
            if (a[from + c] > a[from + best]) {
                best = c;
            }
        }
        return best;
    }
}
