package nnc.runtime.testing;

import nnc.runtime.DataConfig;
import nnc.runtime.Model;
import nnc.runtime.ParameterInfo;
import nnc.runtime.Rng;
import nnc.runtime.TargetKind;
import nnc.runtime.TrainingConfig;

/**
 * A hand-written {@link Model} for tests: one dense layer with softmax (classes), sigmoid
 * (binary) or identity (regression) output, optional input dropout, trained with Adam. It
 * follows the contract the way generated models do: one flat parameter array, gradients and
 * two optimizer state arrays of the same layout, buffers for {@code maxBatch} rows.
 */
public final class LinearModel implements Model {
    private final String name;
    private String hash;
    private final int in;
    private final int out;
    private final TargetKind kind;
    private final int maxBatch;
    private final float dropout;
    private final float[] input;
    private float[] inputRows;
    private int inputFrom;
    private final float[] target;
    private final float[] output;
    private final float[] params;
    private final float[] grads;
    private final float[] m;
    private final float[] v;
    private final float[] dropMask;
    private long steps;
    private Rng dropRng = new Rng(0);
    private long poisonAtStep = -1;
    private TrainingConfig config = new TrainingConfig(5, 8, true, 42, 0, 1, 0.05,
            TrainingConfig.Schedule.NONE, null);

    /** A model {@code name} from {@code in} inputs to {@code out} outputs. */
    public LinearModel(String name, int in, int out, TargetKind kind, int maxBatch,
                       float dropout) {
        this.name = name;
        this.hash = Integer.toHexString(name.hashCode()) + "00112233445566778899aabbccddeeff";
        this.in = in;
        this.out = out;
        this.kind = kind;
        this.maxBatch = maxBatch;
        this.dropout = dropout;
        input = new float[maxBatch * in];
        inputRows = input;
        target = new float[maxBatch * targetSize()];
        output = new float[maxBatch * out];
        params = new float[in * out + out];
        grads = new float[params.length];
        m = new float[params.length];
        v = new float[params.length];
        dropMask = new float[maxBatch * in];
    }

    /** A classifier without dropout. */
    public LinearModel(String name, int in, int out, int maxBatch) {
        this(name, in, out, TargetKind.CLASS_INDEX, maxBatch, 0f);
    }

    /** Uses {@code value} as {@link #trainingConfig()}. */
    public LinearModel config(TrainingConfig value) {
        config = value;
        return this;
    }

    /** Pretends to come from a source with hash {@code value}. */
    public LinearModel sourceHash(String value) {
        hash = value;
        return this;
    }

    /** Makes the update of step {@code step} write NaN into the parameters (a blow-up). */
    public LinearModel poisonAtStep(long step) {
        poisonAtStep = step;
        return this;
    }

    @Override public String name() { return name; }
    @Override public String sourceHash() { return hash; }
    @Override public int maxBatch() { return maxBatch; }
    @Override public int inputSize() { return in; }
    @Override public int[][] inputShapes() { return new int[][] {{in}}; }
    @Override public String[] inputNames() { return new String[] {"x"}; }
    @Override public int outputSize() { return out; }
    @Override public TargetKind targetKind() { return kind; }
    @Override public int targetSize() { return kind == TargetKind.CLASS_INDEX ? 1 : out; }
    @Override public float[] inputBuffer() { return input; }

    @Override
    public void useInput(float[] rows, int offset) {
        inputRows = rows == null ? input : rows;
        inputFrom = rows == null ? 0 : offset;
    }
    @Override public float[] targetBuffer() { return target; }
    @Override public float[] outputBuffer() { return output; }
    @Override public float[] parameters() { return params; }
    @Override public float[] gradients() { return grads; }
    @Override public float[][] optimizerState() { return new float[][] {m, v}; }
    @Override public String[] optimizerStateNames() { return new String[] {"adam.m", "adam.v"}; }
    @Override public long stepCount() { return steps; }
    @Override public void setStepCount(long s) { steps = s; }
    @Override public TrainingConfig trainingConfig() { return config; }
    @Override public DataConfig dataConfig() { return null; }
    @Override public void setThreads(int threads) { }
    @Override public void seedTraining(long seed) { dropRng = new Rng(seed); }
    @Override public float regularizationLoss() { return 0; }

    @Override
    public ParameterInfo[] parameterInfo() {
        return new ParameterInfo[] {
            new ParameterInfo("dense.weight", 0, new int[] {out, in}, true),
            new ParameterInfo("dense.bias", in * out, new int[] {out}, false)};
    }

    @Override
    public void initialize(long seed) {
        Rng rng = new Rng(seed);
        double std = Math.sqrt(1.0 / in);
        for (int i = 0; i < in * out; i++) {
            params[i] = (float) (rng.nextGaussian() * std);
        }
        for (int i = in * out; i < params.length; i++) {
            params[i] = 0;
        }
        java.util.Arrays.fill(m, 0);
        java.util.Arrays.fill(v, 0);
        steps = 0;
    }

    @Override
    public void forward(int n, boolean training) {
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < in; j++) {
                float keep = 1f;
                if (training && dropout > 0) {
                    keep = dropRng.nextFloat() < dropout ? 0f : 1f / (1 - dropout);
                }
                dropMask[r * in + j] = keep;
            }
            for (int o = 0; o < out; o++) {
                float z = params[in * out + o];
                for (int j = 0; j < in; j++) {
                    z += params[o * in + j] * inputRows[inputFrom + r * in + j] * dropMask[r * in + j];
                }
                output[r * out + o] = z;
            }
            activate(r);
        }
    }

    private void activate(int r) {
        int base = r * out;
        switch (kind) {
            case CLASS_INDEX, ONE_HOT -> {
                float max = Float.NEGATIVE_INFINITY;
                for (int o = 0; o < out; o++) {
                    max = Math.max(max, output[base + o]);
                }
                float sum = 0;
                for (int o = 0; o < out; o++) {
                    output[base + o] = (float) Math.exp(output[base + o] - max);
                    sum += output[base + o];
                }
                for (int o = 0; o < out; o++) {
                    output[base + o] /= sum;
                }
            }
            case BINARY -> {
                for (int o = 0; o < out; o++) {
                    output[base + o] = (float) (1 / (1 + Math.exp(-output[base + o])));
                }
            }
            case REGRESSION -> { }
        }
    }

    private float want(int r, int o) {
        return kind == TargetKind.CLASS_INDEX ? ((int) target[r] == o ? 1f : 0f)
                : target[r * out + o];
    }

    @Override
    public float loss(int n) {
        double sum = 0;
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                float p = output[r * out + o];
                float t = want(r, o);
                sum += switch (kind) {
                    case CLASS_INDEX, ONE_HOT -> t > 0 ? -t * Math.log(Math.max(p, 1e-12f)) : 0;
                    case BINARY -> -(t * Math.log(Math.max(p, 1e-7f))
                            + (1 - t) * Math.log(Math.max(1 - p, 1e-7f)));
                    case REGRESSION -> (p - t) * (double) (p - t);
                };
            }
        }
        return (float) (sum / n);
    }

    @Override
    public void backward(int n) {
        java.util.Arrays.fill(grads, 0);
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                float d = output[r * out + o] - want(r, o);
                if (kind == TargetKind.REGRESSION) {
                    d *= 2;
                }
                d /= n;
                for (int j = 0; j < in; j++) {
                    grads[o * in + j] += d * inputRows[inputFrom + r * in + j] * dropMask[r * in + j];
                }
                grads[in * out + o] += d;
            }
        }
    }

    @Override
    public void step(float lr) {
        steps++;
        double b1 = 0.9;
        double b2 = 0.999;
        double c1 = 1 - Math.pow(b1, steps);
        double c2 = 1 - Math.pow(b2, steps);
        for (int i = 0; i < params.length; i++) {
            m[i] = (float) (b1 * m[i] + (1 - b1) * grads[i]);
            v[i] = (float) (b2 * v[i] + (1 - b2) * grads[i] * grads[i]);
            params[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
        }
        if (steps == poisonAtStep) {
            params[0] = Float.NaN;
        }
    }

    @Override
    public float trainStep(int n, float lr) {
        forward(n, true);
        float l = loss(n);
        backward(n);
        step(lr);
        return l;
    }
}
