package nnc.runtime.train;

import nnc.runtime.Model;
import nnc.runtime.data.Dataset;

/** Measures a model on a data set, in batches of the model's {@code maxBatch}. */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * The result of an evaluation; metrics that do not apply are NaN.
     *
     * @param samples   samples evaluated
     * @param loss      mean data loss per sample
     * @param accuracy  fraction correct (classification), else NaN
     * @param mae       mean absolute error (regression), else NaN
     * @param confusion counts by [actual class][predicted class] for classes (and 2 x 2 for one
     *                  binary output), else {@code null}
     */
    public record Evaluation(int samples, double loss, double accuracy, double mae,
                             int[][] confusion) {
    }

    /** Evaluates {@code model} (inference mode, no dropout) on all of {@code data}. */
    public static Evaluation evaluate(Model model, Dataset data) {
        Metrics metrics = new Metrics(model.targetKind(), model.outputSize(), true);
        double loss = run(model, data, metrics);
        return new Evaluation(data.size(), loss, metrics.accuracy(), metrics.mae(),
                metrics.confusion());
    }

    /** Runs {@code data} through the model, adding to {@code metrics}; returns the mean loss. */
    static double run(Model model, Dataset data, Metrics metrics) {
        if (!data.hasTargets()) {
            throw new IllegalArgumentException(data.source() + ": has no targets to evaluate");
        }
        int max = model.maxBatch();
        double sum = 0;
        for (int start = 0; start < data.size(); start += max) {
            int n = Math.min(max, data.size() - start);
            data.gather(null, start, n, model.inputBuffer(), model.targetBuffer());
            model.forward(n, false);
            sum += (double) model.loss(n) * n;
            metrics.add(model.outputBuffer(), model.targetBuffer(), n);
        }
        return data.size() == 0 ? Double.NaN : sum / data.size();
    }
}
