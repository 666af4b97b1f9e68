package nnc.compiler.ir;

import java.util.List;

/**
 * Every element-wise function with its double-precision meaning and its Java rendering, side by
 * side, so each can be checked against the other. Templates use {@code $0}, {@code $1}, ... for
 * operands and {@code $a} for the alpha parameter. The emitter binds every operand to a local
 * first, so a template may read an operand more than once. The piecewise functions select with
 * the runtime's branch-free {@code Ops.ifPositive} (see there why); ELU's forward keeps a
 * {@code ?:} so that it does not compute an exponential for the positive half.
 */
public enum Elementwise {
    ADD("add", 2, false, "($0 + $1)"),
    MUL("mul", 2, false, "($0 * $1)"),
    LINEAR("linear", 1, false, "$0"),
    RELU("relu", 1, false, "Math.max($0, 0f)"),
    LEAKY_RELU("leaky_relu", 1, true, null),
    ELU("elu", 1, true, null),
    SIGMOID("sigmoid", 1, false, "(1f / (1f + (float) Math.exp(-$0)))"),
    TANH("tanh", 1, false, "(float) Math.tanh($0)"),
    PRELU("prelu", 2, false, null),
    /* Gradients take (dy, y) where y is the activation's output. */
    LINEAR_GRAD("linear_grad", 2, false, "$0"),
    RELU_GRAD("relu_grad", 2, false, "Ops.ifPositive($1, $0, 0f)"),
    LEAKY_RELU_GRAD("leaky_relu_grad", 2, true, "Ops.ifPositive($1, $0, $a * $0)"),
    ELU_GRAD("elu_grad", 2, true, "Ops.ifPositive($1, $0, $0 * ($1 + $a))"),
    SIGMOID_GRAD("sigmoid_grad", 2, false, null),
    TANH_GRAD("tanh_grad", 2, false, null),
    /* PReLU's input gradient takes (dy, x, a). */
    PRELU_GRAD_X("prelu_grad_x", 3, false, "Ops.ifPositive($1, $0, $2 * $0)");

    private final String word;
    private final int arity;
    private final boolean alpha;
    private final String template;

    Elementwise(String word, int arity, boolean alpha, String template) {
        this.word = word;
        this.arity = arity;
        this.alpha = alpha;
        this.template = template;
    }

    /** Name used when printing IR. */
    public String word() {
        return word;
    }

    /** Number of operands. */
    public int arity() {
        return arity;
    }

    /** Whether the function has the alpha parameter. */
    public boolean hasAlpha() {
        return alpha;
    }

    /** Java source of the function applied to operands that are local variable names. */
    public String java(List<String> args, double alphaValue) {
        String a = floatLiteral(alphaValue);
        String t = switch (this) {
            case LEAKY_RELU -> "Ops.ifPositive($0, $0, $a * $0)";
            case ELU -> "($0 > 0f ? $0 : $a * ((float) Math.exp($0) - 1f))";
            case PRELU -> "Ops.ifPositive($0, $0, $1 * $0)";
            case SIGMOID_GRAD -> "($0 * $1 * (1f - $1))";
            case TANH_GRAD -> "($0 * (1f - $1 * $1))";
            default -> template;
        };
        String out = t.replace("$a", a);
        for (int i = args.size() - 1; i >= 0; i--) {
            out = out.replace("$" + i, args.get(i));
        }
        return out;
    }

    /** The function in double precision: the reference semantics. */
    public double eval(double[] x, double a) {
        return switch (this) {
            case ADD -> x[0] + x[1];
            case MUL -> x[0] * x[1];
            case LINEAR -> x[0];
            case RELU -> Math.max(x[0], 0);
            case LEAKY_RELU -> x[0] > 0 ? x[0] : a * x[0];
            case ELU -> x[0] > 0 ? x[0] : a * (Math.exp(x[0]) - 1);
            case SIGMOID -> 1 / (1 + Math.exp(-x[0]));
            case TANH -> Math.tanh(x[0]);
            case PRELU -> x[0] > 0 ? x[0] : x[1] * x[0];
            case LINEAR_GRAD -> x[0];
            case RELU_GRAD -> x[1] > 0 ? x[0] : 0;
            case LEAKY_RELU_GRAD -> x[1] > 0 ? x[0] : a * x[0];
            case ELU_GRAD -> x[1] > 0 ? x[0] : x[0] * (x[1] + a);
            case SIGMOID_GRAD -> x[0] * x[1] * (1 - x[1]);
            case TANH_GRAD -> x[0] * (1 - x[1] * x[1]);
            case PRELU_GRAD_X -> x[1] > 0 ? x[0] : x[2] * x[0];
        };
    }

    /** A Java float literal that round-trips. */
    public static String floatLiteral(double v) {
        float f = (float) v;
        if (f == Math.rint(f) && Math.abs(f) < 1e7) {
            return (int) f + "f";
        }
        return Float.toString(f) + "f";
    }

    /** The activation function of an activation kind name, e.g. RELU. */
    public static Elementwise activation(String act) {
        return valueOf(act);
    }

    /** The gradient function of an activation kind name. */
    public static Elementwise activationGrad(String act) {
        return valueOf(act + "_GRAD");
    }
}
