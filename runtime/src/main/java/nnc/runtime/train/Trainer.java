package nnc.runtime.train;

import java.util.Locale;
import nnc.runtime.Model;
import nnc.runtime.Rng;
import nnc.runtime.TargetKind;
import nnc.runtime.TrainingConfig;
import nnc.runtime.data.Dataset;

/**
 * Drives training of a {@link Model}: epochs of shuffled batches, per-epoch metrics, the
 * learning-rate schedule, early stopping and divergence detection.
 *
 * <p>Every epoch's shuffle and dropout seed derive from the configured seed and the epoch
 * number alone, so with a fixed seed and one thread a run is bit-for-bit reproducible, and a run
 * resumed from a checkpoint at an epoch boundary continues exactly like an uninterrupted one.
 *
 * <p>The trainer does not initialize the model: call {@link Model#initialize(long)} first (or
 * restore a checkpoint) and hand the trainer a model ready to train.
 */
public final class Trainer {
    private static final long SHUFFLE_SALT = 0x5_4A_FF1EL;
    private static final long DROPOUT_SALT = 0xD_80_9017L;

    private final Model model;
    private final TrainingConfig config;
    private TrainingListener listener = new TrainingListener() { };
    private float[] bestParameters;

    /** A trainer of {@code model} with {@code config}, usually {@code model.trainingConfig()}. */
    public Trainer(Model model, TrainingConfig config) {
        this.model = model;
        this.config = config;
    }

    /** Sets who hears about progress; returns this trainer. */
    public Trainer listener(TrainingListener value) {
        this.listener = value == null ? new TrainingListener() { } : value;
        return this;
    }

    /**
     * A copy of the parameters of the best epoch so far, kept when early stopping with
     * {@code restore_best} is on; {@code null} otherwise. A checkpoint saves it, so a resumed run
     * can still restore the best epoch.
     */
    public float[] bestParameters() {
        return bestParameters == null ? null : bestParameters.clone();
    }

    /** Trains from epoch 1. {@code validation} may be null. */
    public History fit(Dataset train, Dataset validation) {
        return resume(train, validation, new History(), null);
    }

    /**
     * Continues training after the epochs in {@code previous}, with the model already holding
     * the parameters, optimizer state and step count of the end of its last epoch.
     *
     * @param previous       the history so far (copied; the result extends it)
     * @param bestParameters the best epoch's parameters saved with {@code previous}, or null
     */
    public History resume(Dataset train, Dataset validation, History previous,
                          float[] bestParameters) {
        if (validation != null && validation.size() == 0) {
            validation = null;
        }
        History history = new History(previous);
        history.stop(History.Stop.NONE, "");
        int n = train.size();
        if (n == 0) {
            throw new IllegalArgumentException(train.source() + ": no training samples");
        }
        int batch = batchSize(n);
        int batches = (n + batch - 1) / batch;
        Monitor monitor = Monitor.of(config.earlyStopping(), validation != null,
                model.targetKind());
        this.bestParameters = monitor == null ? null : monitor.replay(history, bestParameters);
        model.setThreads(config.threads() == 0 ? Runtime.getRuntime().availableProcessors()
                : config.threads());
        int firstEpoch = history.size() + 1;
        listener.onStart(model, firstEpoch, config.epochs(), n,
                validation == null ? 0 : validation.size(), batch);

        Snapshot lastGood = new Snapshot(model);
        Metrics trainMetrics = new Metrics(model.targetKind(), model.outputSize(), false);
        Metrics valMetrics = new Metrics(model.targetKind(), model.outputSize(), false);
        int[] order = new int[n];
        float[] inputs = model.inputBuffer();
        float[] targets = model.targetBuffer();
        float[] outputs = model.outputBuffer();

        for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            lastGood.take(model);
            double lr = learningRate(epoch - 1);
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            if (config.shuffle()) {
                new Rng(derive(config.seed(), epoch, SHUFFLE_SALT)).shuffle(order, n);
            }
            model.seedTraining(derive(config.seed(), epoch, DROPOUT_SALT));
            trainMetrics.reset();
            double lossSum = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * batch;
                int count = Math.min(batch, n - from);
                train.gather(order, from, count, inputs, targets);
                float loss = model.trainStep(count, (float) lr);
                if (!Float.isFinite(loss)) {
                    return diverged(history, lastGood, monitor, epoch, "the loss became " + loss
                            + " in epoch " + epoch + ", batch " + (b + 1) + " of " + batches);
                }
                lossSum += (double) loss * count;
                trainMetrics.add(outputs, targets, count);
                listener.onBatch(epoch, b + 1, batches, from + count, lossSum / (from + count));
            }
            long trained = System.nanoTime();
            if (!allFinite(model.parameters())) {
                return diverged(history, lastGood, monitor, epoch, "the parameters became NaN or "
                        + "infinite in the last update of epoch " + epoch);
            }
            double valLoss = Double.NaN;
            valMetrics.reset();
            if (validation != null) {
                valLoss = Evaluator.run(model, validation, valMetrics);
                if (!Double.isFinite(valLoss)) {
                    return diverged(history, lastGood, monitor, epoch, "the validation loss became "
                            + valLoss + " after epoch " + epoch);
                }
            }
            long end = System.nanoTime();
            EpochMetrics m = new EpochMetrics(epoch, lr, lossSum / n, trainMetrics.accuracy(),
                    trainMetrics.mae(), valLoss, valMetrics.accuracy(), valMetrics.mae(), n,
                    (trained - start) / 1e9, (end - start) / 1e9);
            history.add(m);
            boolean stop = monitor != null && monitor.observe(m, history, this);
            listener.onEpoch(m, history);
            if (stop) {
                finishEarly(history, monitor);
                listener.onEnd(history);
                return history;
            }
        }
        history.stop(History.Stop.COMPLETED, "");
        if (monitor != null) {
            restoreBest(history, monitor, "");
        }
        listener.onEnd(history);
        return history;
    }

    private int batchSize(int n) {
        int batch = config.batch() == 0 ? n : Math.min(config.batch(), n);
        if (batch > model.maxBatch()) {
            throw new IllegalArgumentException(config.batch() == 0
                    ? String.format(Locale.ROOT, "full-batch training needs all %d samples in "
                            + "one batch, but model `%s` holds at most %d; set a batch size or "
                            + "build the model for a larger batch", n, model.name(),
                            model.maxBatch())
                    : String.format(Locale.ROOT, "batch %d is larger than model `%s` holds (%d)",
                            batch, model.name(), model.maxBatch()));
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be 0 (full batch) or positive, not "
                    + config.batch());
        }
        return batch;
    }

    private double learningRate(int zeroBasedEpoch) {
        TrainingConfig.Schedule s = config.schedule();
        return s == null ? config.learningRate()
                : s.rate(config.learningRate(), zeroBasedEpoch, config.epochs());
    }

    private History diverged(History history, Snapshot lastGood, Monitor monitor, int epoch,
                             String what) {
        lastGood.restore(model);
        String restored = epoch > 1 ? "the parameters from the end of epoch " + (epoch - 1)
                : "the initial parameters";
        String message = "training stopped: " + what + "; restored " + restored
                + " (a lower learning rate often helps)";
        history.stop(History.Stop.DIVERGED, message);
        if (monitor != null) {
            restoreBest(history, monitor, message);
        }
        listener.onEnd(history);
        return history;
    }

    private void finishEarly(History history, Monitor monitor) {
        String message = String.format(Locale.ROOT, "early stopping: `%s` has not improved for %d "
                + "epochs since epoch %d (%.6g)", monitor.name, monitor.patience,
                monitor.bestEpoch, monitor.best);
        history.stop(History.Stop.EARLY_STOPPED, message);
        restoreBest(history, monitor, message);
    }

    private void restoreBest(History history, Monitor monitor, String message) {
        history.bestEpoch(monitor.bestEpoch);
        if (monitor.restoreBest && bestParameters != null && monitor.bestEpoch > 0
                && monitor.bestEpoch < history.size()) {
            System.arraycopy(bestParameters, 0, model.parameters(), 0, bestParameters.length);
            history.stop(history.stop(), (message.isEmpty() ? "" : message + "; ")
                    + "restored the parameters of epoch " + monitor.bestEpoch);
        }
    }

    private static boolean allFinite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** A seed for one epoch's use, independent of every other epoch's. */
    static long derive(long seed, int epoch, long salt) {
        return new Rng(seed ^ salt ^ (epoch * 0x9E3779B97F4A7C15L)).nextLong();
    }

    /** Parameters, optimizer state and step count at the start of an epoch. */
    private static final class Snapshot {
        private final float[] parameters;
        private final float[][] state;
        private long steps;

        Snapshot(Model model) {
            parameters = new float[model.parameters().length];
            float[][] s = model.optimizerState();
            state = new float[s.length][];
            for (int i = 0; i < s.length; i++) {
                state[i] = new float[s[i].length];
            }
        }

        void take(Model model) {
            System.arraycopy(model.parameters(), 0, parameters, 0, parameters.length);
            float[][] s = model.optimizerState();
            for (int i = 0; i < s.length; i++) {
                System.arraycopy(s[i], 0, state[i], 0, state[i].length);
            }
            steps = model.stepCount();
        }

        void restore(Model model) {
            System.arraycopy(parameters, 0, model.parameters(), 0, parameters.length);
            float[][] s = model.optimizerState();
            for (int i = 0; i < s.length; i++) {
                System.arraycopy(state[i], 0, s[i], 0, state[i].length);
            }
            model.setStepCount(steps);
        }
    }

    /** Early-stopping state: the best value of the monitored metric and when it was seen. */
    private static final class Monitor {
        final String name;
        final int patience;
        final double minDelta;
        final boolean maximize;
        final boolean restoreBest;
        double best;
        int bestEpoch;

        private Monitor(TrainingConfig.EarlyStopping es) {
            name = es.monitor();
            patience = es.patience();
            minDelta = Math.abs(es.minDelta());
            maximize = es.maximize();
            restoreBest = es.restoreBest();
            best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }

        static Monitor of(TrainingConfig.EarlyStopping es, boolean hasValidation,
                          TargetKind kind) {
            if (es == null) {
                return null;
            }
            String name = es.monitor();
            if (!EpochMetrics.NAMES.contains(name)) {
                throw new IllegalArgumentException("early stopping cannot monitor `" + name
                        + "`; it can monitor " + String.join(", ", EpochMetrics.NAMES));
            }
            if (name.startsWith("val_") && !hasValidation) {
                throw new IllegalArgumentException("early stopping monitors `" + name
                        + "`, but there is no validation data: set `validation` in train { } "
                        + "or monitor `" + name.substring(4) + "`");
            }
            boolean regression = kind == TargetKind.REGRESSION;
            if (regression && name.endsWith("accuracy")) {
                throw new IllegalArgumentException("early stopping monitors `" + name + "`, but "
                        + "a regression model has no accuracy; monitor `"
                        + name.replace("accuracy", "mae") + "` or a loss");
            }
            if (!regression && name.endsWith("mae")) {
                throw new IllegalArgumentException("early stopping monitors `" + name + "`, but "
                        + "mean absolute error is measured for regression only");
            }
            return new Monitor(es);
        }

        /** Rebuilds the state from the epochs of a resumed run; returns the best parameters. */
        float[] replay(History history, float[] savedBest) {
            for (EpochMetrics m : history.epochs()) {
                improved(m);
            }
            return savedBest == null ? null : savedBest.clone();
        }

        private boolean improved(EpochMetrics m) {
            double v = m.metric(name);
            boolean better = maximize ? v > best + minDelta : v < best - minDelta;
            if (better) {
                best = v;
                bestEpoch = m.epoch();
            }
            return better;
        }

        /** Records epoch {@code m}; returns whether training should stop. */
        boolean observe(EpochMetrics m, History history, Trainer trainer) {
            boolean better = improved(m);
            if (better && restoreBest) {
                float[] p = trainer.model.parameters();
                if (trainer.bestParameters == null) {
                    trainer.bestParameters = new float[p.length];
                }
                System.arraycopy(p, 0, trainer.bestParameters, 0, p.length);
            }
            history.bestEpoch(bestEpoch);
            return !better && m.epoch() - bestEpoch >= patience;
        }
    }
}
