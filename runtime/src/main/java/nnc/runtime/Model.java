package nnc.runtime;

/**
 * A compiled model: what every class that nnc generates implements.
 *
 * <p>All buffers are allocated once, for {@link #maxBatch()} samples, when the model is built.
 * A training step fills the first {@code n} rows of {@link #inputBuffer()} (or points
 * {@link #useInput(float[], int)} at rows the caller already has) and of
 * {@link #targetBuffer()}, then calls {@link #trainStep(int, float)} (or the three phases
 * {@link #forward(int, boolean)}, {@link #backward(int)} and {@link #step(float)} one by one).
 * Rows are samples; a sample's features are laid out row-major in the declared input shape.
 * Several inputs are concatenated in declaration order.
 *
 * <p>All parameters live in one flat array, {@link #parameters()}, whose layout
 * {@link #parameterInfo()} describes; gradients and each optimizer state array have the same
 * layout, so the optimizer update is one pass and a checkpoint is a handful of arrays.
 */
public interface Model {

    /** The model's name as written in the {@code .nn} file. */
    String name();

    /** Hash of the {@code .nn} source this class was generated from (hex SHA-256). */
    String sourceHash();

    /** Largest batch the buffers hold. */
    int maxBatch();

    /** Floats per sample of input (product of the input shapes, all inputs together). */
    int inputSize();

    /** Per-sample shape of each input, in declaration order. */
    int[][] inputShapes();

    /** Names of the inputs, in declaration order. */
    String[] inputNames();

    /** Floats per sample of the model's output. */
    int outputSize();

    /** What the target of one sample is. */
    TargetKind targetKind();

    /** Floats per sample of target: 1 for a class index, otherwise {@link #outputSize()}. */
    int targetSize();

    /** Row-major input rows, {@code maxBatch * inputSize} floats. */
    float[] inputBuffer();

    /**
     * Reads the input rows of the following forward and backward passes from {@code rows},
     * starting at float {@code offset}, instead of from {@link #inputBuffer()}: a batch that
     * is already a run of rows in the caller's array needs no copy (a forward pass of
     * {@code n} rows reads {@code rows[offset .. offset + n*inputSize)}). The array is only
     * read; keep those rows unchanged until the backward pass of that batch has run.
     * {@code null} goes back to {@link #inputBuffer()}. {@link #predict(float[], float[])}
     * reads its sample through the input buffer and leaves this setting as it was.
     *
     * @throws IllegalArgumentException if {@code offset} is outside {@code rows}; a batch that
     *     does not fit from {@code offset} is refused when it runs
     */
    void useInput(float[] rows, int offset);

    /** Row-major target rows, {@code maxBatch * targetSize} floats (class indices as floats). */
    float[] targetBuffer();

    /** Row-major predictions of the last forward pass, {@code maxBatch * outputSize} floats. */
    float[] outputBuffer();

    /** Runs the forward pass on the first {@code n} rows; {@code training} turns dropout on. */
    void forward(int n, boolean training);

    /** Mean data loss over the first {@code n} rows of the last forward pass. */
    float loss(int n);

    /** Regularization penalty of the current parameters (0 without l1/l2). */
    float regularizationLoss();

    /** Backward pass for the last training forward pass; writes {@link #gradients()}. */
    void backward(int n);

    /** One optimizer update with learning rate {@code lr}, using {@link #gradients()}. */
    void step(float lr);

    /**
     * forward(n, true), loss, backward(n) and step(lr) in one call.
     *
     * @return the mean data loss of the batch before the update
     */
    float trainStep(int n, float lr);

    /** Initializes every parameter from {@code seed} and clears the optimizer state. */
    void initialize(long seed);

    /** Seeds the random numbers used during training (dropout masks). */
    void seedTraining(long seed);

    /** All parameters in one flat array. */
    float[] parameters();

    /** Gradients, laid out like {@link #parameters()}. */
    float[] gradients();

    /** Optimizer state arrays (moments, accumulators), each laid out like the parameters. */
    float[][] optimizerState();

    /** Names of the optimizer state arrays, parallel to {@link #optimizerState()}. */
    String[] optimizerStateNames();

    /** Number of optimizer steps taken so far (Adam's t). */
    long stepCount();

    /** Sets the step count, when training resumes from a checkpoint. */
    void setStepCount(long steps);

    /** Where each parameter tensor lives in the flat array. */
    ParameterInfo[] parameterInfo();

    /** The training settings written in the {@code .nn} file. */
    TrainingConfig trainingConfig();

    /** The data declared in the {@code .nn} file, or {@code null} when it declares none. */
    DataConfig dataConfig();

    /** Threads the kernels of this model may use (1 = the calling thread only). */
    void setThreads(int threads);

    /**
     * Predicts one sample: copies {@code sample} into row 0, runs inference and copies the
     * output row into {@code out}. Allocates nothing.
     */
    default void predict(float[] sample, float[] out) {
        System.arraycopy(sample, 0, inputBuffer(), 0, inputSize());
        forward(1, false);
        System.arraycopy(outputBuffer(), 0, out, 0, outputSize());
    }

    /** Predicts one sample into a new array. */
    default float[] predict(float[] sample) {
        float[] out = new float[outputSize()];
        predict(sample, out);
        return out;
    }
}
