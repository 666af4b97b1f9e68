package nnc.runtime.kernels;

/**
 * The activations a {@link Kernels#gemm} epilogue can apply to each output element.
 *
 * <p>{@code alpha} (an argument of the fused gemm) is the negative slope of {@link #LEAKY_RELU}
 * and the saturation value of {@link #ELU}; the other activations ignore it.
 */
public final class Act {
    /** Identity. */
    public static final int NONE = 0;
    /** {@code max(x, 0)}. */
    public static final int RELU = 1;
    /** {@code x > 0 ? x : alpha * x}. */
    public static final int LEAKY_RELU = 2;
    /** {@code x > 0 ? x : alpha * (exp(x) - 1)}. */
    public static final int ELU = 3;
    /** {@code 1 / (1 + exp(-x))}. */
    public static final int SIGMOID = 4;
    /** {@code tanh(x)}. */
    public static final int TANH = 5;

    private Act() {
    }

    /** Whether {@code act} is one of the constants above. */
    public static boolean isValid(int act) {
        return act >= NONE && act <= TANH;
    }

    /** The activation's name, for messages. */
    public static String name(int act) {
        switch (act) {
            case NONE: return "none";
            case RELU: return "relu";
            case LEAKY_RELU: return "leaky_relu";
            case ELU: return "elu";
            case SIGMOID: return "sigmoid";
            case TANH: return "tanh";
            default: return "act#" + act;
        }
    }

    /** The activation applied to one value: the scalar definition every kernel path follows. */
    public static float apply(int act, float alpha, float x) {
        switch (act) {
            case RELU: return Math.max(x, 0f);
            case LEAKY_RELU: return x > 0f ? x : alpha * x;
            case ELU: return x > 0f ? x : alpha * (float) Math.expm1(x);
            case SIGMOID: return 1f / (1f + (float) Math.exp(-x));
            case TANH: return (float) Math.tanh(x);
            default: return x;
        }
    }
}
