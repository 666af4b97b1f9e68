package nnc.runtime.train;

import nnc.runtime.Model;

/** Hears about training progress; every method does nothing unless overridden. */
public interface TrainingListener {

    /**
     * Training starts (or resumes).
     *
     * @param firstEpoch     one-based epoch it starts at (greater than 1 when resuming)
     * @param epochs         last epoch it will run, at most
     * @param trainSize      training samples per epoch
     * @param validationSize validation samples (0 without)
     * @param batchSize      samples per step
     */
    default void onStart(Model model, int firstEpoch, int epochs, int trainSize,
                         int validationSize, int batchSize) {
    }

    /**
     * A training step finished.
     *
     * @param epoch       one-based epoch
     * @param batch       one-based batch within the epoch
     * @param batches     batches per epoch
     * @param samplesDone samples processed this epoch so far
     * @param runningLoss mean loss over the epoch's samples so far
     */
    default void onBatch(int epoch, int batch, int batches, long samplesDone,
                         double runningLoss) {
    }

    /** An epoch finished and was added to {@code history}. */
    default void onEpoch(EpochMetrics metrics, History history) {
    }

    /** Training ended; {@link History#stop()} says how. */
    default void onEnd(History history) {
    }
}
