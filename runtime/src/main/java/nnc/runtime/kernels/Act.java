package nnc.runtime.kernels;

/** Activation codes of the fused GEMM epilogue. */
public final class Act {
    /** No activation. */
    public static final int NONE = 0;
    /** max(x, 0). */
    public static final int RELU = 1;
    /** x or alpha·x. */
    public static final int LEAKY_RELU = 2;
    /** x or alpha·(e^x - 1). */
    public static final int ELU = 3;
    /** 1 / (1 + e^-x). */
    public static final int SIGMOID = 4;
    /** tanh(x). */
    public static final int TANH = 5;

    private Act() {
    }
}
