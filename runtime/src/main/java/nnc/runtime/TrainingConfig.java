package nnc.runtime;

/**
 * The {@code train { }} settings of a model, with every default filled in.
 *
 * @param epochs        passes over the training data
 * @param batch         samples per step; 0 means the whole training set (full batch)
 * @param shuffle       reshuffle the training rows every epoch
 * @param seed          seed of initialization, shuffling, validation split and dropout
 * @param validation    fraction of the training rows held out for validation (0 = none)
 * @param threads       kernel threads; 0 means one per available core
 * @param learningRate  base learning rate of the optimizer
 * @param schedule      learning-rate schedule, applied per epoch
 * @param earlyStopping early stopping, or {@code null} when off
 */
public record TrainingConfig(
        int epochs,
        int batch,
        boolean shuffle,
        long seed,
        double validation,
        int threads,
        double learningRate,
        Schedule schedule,
        EarlyStopping earlyStopping) {

    /** A copy with other epochs. */
    /** The most kernel threads a model may ask for (a pool of threads is started up front). */
    public static final int MAX_THREADS = 256;

    public TrainingConfig withEpochs(int value) {
        return new TrainingConfig(value, batch, shuffle, seed, validation, threads, learningRate,
                schedule, earlyStopping);
    }

    /** A copy with another batch size. */
    public TrainingConfig withBatch(int value) {
        return new TrainingConfig(epochs, value, shuffle, seed, validation, threads, learningRate,
                schedule, earlyStopping);
    }

    /** A copy with another seed. */
    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(epochs, batch, shuffle, value, validation, threads, learningRate,
                schedule, earlyStopping);
    }

    /** A copy with another thread count. */
    public TrainingConfig withThreads(int value) {
        return new TrainingConfig(epochs, batch, shuffle, seed, validation, value, learningRate,
                schedule, earlyStopping);
    }

    /** A copy with another learning rate. */
    public TrainingConfig withLearningRate(double value) {
        return new TrainingConfig(epochs, batch, shuffle, seed, validation, threads, value,
                schedule, earlyStopping);
    }

    /** A copy with another validation fraction. */
    public TrainingConfig withValidation(double value) {
        return new TrainingConfig(epochs, batch, shuffle, seed, value, threads, learningRate,
                schedule, earlyStopping);
    }

    /**
     * A per-epoch learning-rate schedule.
     *
     * @param kind  none, step, exponential or cosine
     * @param every step: epochs between decays
     * @param gamma step and exponential: decay factor
     * @param minLr cosine: the floor reached at the last epoch
     */
    public record Schedule(Kind kind, int every, double gamma, double minLr) {
        /** Schedule kinds. */
        public enum Kind { NONE, STEP, EXPONENTIAL, COSINE }

        /** No schedule: the base rate throughout. */
        public static final Schedule NONE = new Schedule(Kind.NONE, 0, 1.0, 0.0);

        /** Learning rate for zero-based {@code epoch} of {@code epochs}. */
        public double rate(double base, int epoch, int epochs) {
            return switch (kind) {
                case NONE -> base;
                case STEP -> base * Math.pow(gamma, epoch / Math.max(1, every));
                case EXPONENTIAL -> base * Math.pow(gamma, epoch);
                case COSINE -> minLr + 0.5 * (base - minLr)
                        * (1 + Math.cos(Math.PI * epoch / Math.max(1, epochs)));
            };
        }
    }

    /**
     * Early stopping on a monitored metric.
     *
     * @param monitor     val_loss, val_accuracy, loss or accuracy
     * @param patience    epochs without improvement before stopping
     * @param minDelta    smallest change that counts as improvement
     * @param restoreBest put back the best epoch's weights when training stops
     */
    public record EarlyStopping(String monitor, int patience, double minDelta,
                                boolean restoreBest) {
        /** Whether a larger value of the monitored metric is better. */
        public boolean maximize() {
            return monitor.endsWith("accuracy");
        }
    }
}
