package nnc.runtime.train;

/**
 * What one epoch of training measured. Metrics that do not apply are {@code NaN}: accuracy for
 * regression, MAE for classification, and every {@code val} metric without validation data.
 *
 * @param epoch        one-based epoch number
 * @param learningRate learning rate used during the epoch
 * @param loss         mean training loss over the epoch's samples (data loss, as measured by
 *                     each batch's forward pass before its update)
 * @param accuracy     training accuracy over the epoch (argmax, or threshold 0.5 for binary)
 * @param mae          training mean absolute error (regression)
 * @param valLoss      validation loss after the epoch
 * @param valAccuracy  validation accuracy after the epoch
 * @param valMae       validation mean absolute error after the epoch
 * @param samples      training samples processed
 * @param trainSeconds seconds spent in training steps
 * @param seconds      seconds for the whole epoch, validation included
 */
public record EpochMetrics(int epoch, double learningRate, double loss, double accuracy,
                           double mae, double valLoss, double valAccuracy, double valMae,
                           long samples, double trainSeconds, double seconds) {

    /** The metric names {@link #metric(String)} knows. */
    public static final java.util.List<String> NAMES =
            java.util.List.of("loss", "accuracy", "mae", "val_loss", "val_accuracy", "val_mae");

    /** Training samples per second. */
    public double samplesPerSecond() {
        return trainSeconds > 0 ? samples / trainSeconds : 0;
    }

    /**
     * A metric by the name early stopping uses: {@code loss}, {@code accuracy}, {@code mae},
     * {@code val_loss}, {@code val_accuracy} or {@code val_mae}.
     *
     * @throws IllegalArgumentException for another name
     */
    public double metric(String name) {
        return switch (name) {
            case "loss" -> loss;
            case "accuracy" -> accuracy;
            case "mae" -> mae;
            case "val_loss" -> valLoss;
            case "val_accuracy" -> valAccuracy;
            case "val_mae" -> valMae;
            default -> throw new IllegalArgumentException("unknown metric `" + name
                    + "` (known: loss, accuracy, mae, val_loss, val_accuracy, val_mae)");
        };
    }
}
