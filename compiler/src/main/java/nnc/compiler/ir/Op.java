package nnc.compiler.ir;

/**
 * The closed set of IR operations. Every tensor is a matrix of {@code rows x cols}, rows being
 * the batch (symbolic {@code N}) or a fixed count for parameters. Each op has a derivative rule
 * in {@link Autodiff}, a case in the reference evaluator and a rendering in the emitters.
 */
public enum Op {
    /** All inputs of a batch, row-major [N, inputSize]. */
    INPUT(Kind.SOURCE),
    /** The targets of a batch [N, targetSize]. */
    TARGET(Kind.SOURCE),
    /** A parameter tensor inside the flat parameter array; attr {@code param}. */
    PARAM(Kind.SOURCE),
    /** Columns [offset, offset + cols) of its input; attr {@code offset}. */
    SLICE(Kind.DATA),
    /** Side-by-side join of its inputs' columns. */
    CONCAT(Kind.DATA),
    /** op(a)·op(b); attrs {@code transA}, {@code transB}. */
    MATMUL(Kind.GEMM),
    /**
     * Fused matrix product with epilogue: act(op(a)·op(b) + bias); inputs a, b and optionally
     * the bias row; attrs {@code transA}, {@code transB}, {@code act}, {@code alpha}.
     */
    GEMM(Kind.GEMM),
    /** x[N,M] + b[1,M]. */
    BIAS_ADD(Kind.ELEMENTWISE),
    /** Column sums [N,M] -> [1,M]; attr {@code fusedInto} when a MAP computes it. */
    SUM_ROWS(Kind.REDUCE),
    /** Element-wise activation; attrs {@code act}, {@code alpha}. */
    ACT(Kind.ELEMENTWISE),
    /** Gradient of an activation from dy and the activation's output y; attrs as ACT. */
    ACT_GRAD(Kind.ELEMENTWISE),
    /** PReLU with a learned slope row: x > 0 ? x : a·x. */
    PRELU(Kind.ELEMENTWISE),
    /** d/dx of PReLU from (dy, x, a). */
    PRELU_GRAD_X(Kind.ELEMENTWISE),
    /** d/da of PReLU from (dy, x): column sums of dy·min(x, 0). */
    PRELU_GRAD_A(Kind.REDUCE),
    /** a + b. */
    ADD(Kind.ELEMENTWISE),
    /** a · b, element by element. */
    MUL(Kind.ELEMENTWISE),
    /** Row-wise softmax. */
    SOFTMAX(Kind.ROW),
    /** Row-wise softmax Jacobian-vector product from (dy, y). */
    SOFTMAX_GRAD(Kind.ROW),
    /** Dropout mask: 0 or 1/(1-rate) per element, drawn per training step; attr {@code rate}. */
    DROPOUT_MASK(Kind.RANDOM),
    /** Mean loss of (prediction, target) as a 1x1 tensor; attrs {@code loss}, {@code smooth}. */
    LOSS(Kind.LOSS),
    /** dLoss/dPrediction of (prediction, target), including the 1/N of the mean. */
    LOSS_GRAD(Kind.LOSS),
    /** Fused softmax + cross-entropy gradient: (p - onehot(t)) / N. */
    SOFTMAX_CE_GRAD(Kind.LOSS),
    /** Fused sigmoid + binary cross-entropy gradient: (p - t) / (N·M). */
    SIGMOID_BCE_GRAD(Kind.LOSS),
    /** A fused element-wise loop: attr {@code expr} over its inputs. */
    MAP(Kind.ELEMENTWISE);

    /** Broad families of ops, for passes that treat a family alike. */
    public enum Kind { SOURCE, DATA, GEMM, ELEMENTWISE, REDUCE, ROW, RANDOM, LOSS }

    private final Kind kind;

    Op(Kind kind) {
        this.kind = kind;
    }

    /** The op's family. */
    public Kind kind() {
        return kind;
    }
}
