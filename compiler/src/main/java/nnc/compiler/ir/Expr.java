package nnc.compiler.ir;

import java.util.List;

/**
 * The body of a fused element-wise loop: a small expression tree over the loop's operands.
 * Emitters render it to source (Java, later OpenCL C) through {@link Elementwise}'s templates;
 * the reference evaluator evaluates it in double precision.
 */
public sealed interface Expr permits Expr.Ref, Expr.Apply {

    /**
     * Operand {@code index} of the MAP node, at the current element; a {@code row} operand is a
     * [1, M] vector read at the current column.
     */
    record Ref(int index, boolean row) implements Expr {
    }

    /** An element-wise function applied to sub-expressions. */
    record Apply(Elementwise fn, double alpha, List<Expr> args) implements Expr {
        /** Copies the arguments. */
        public Apply {
            args = List.copyOf(args);
        }
    }

    /** Prints in a compact functional form: {@code relu_grad(%0, %1)}. */
    static String show(Expr e) {
        if (e instanceof Ref r) {
            return "$" + r.index() + (r.row() ? "[col]" : "");
        }
        Apply a = (Apply) e;
        StringBuilder b = new StringBuilder(a.fn().word());
        if (a.fn().hasAlpha()) {
            b.append('{').append(a.alpha()).append('}');
        }
        b.append('(');
        for (int i = 0; i < a.args().size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(show(a.args().get(i)));
        }
        return b.append(')').toString();
    }
}
