package nnc.compiler.ir;

import java.util.List;
import nnc.compiler.check.Spec;
import nnc.compiler.source.Span;

/**
 * A parameter tensor of the model.
 *
 * @param name   {@code layer.weight}, {@code layer.bias} or {@code layer.alpha}
 * @param rows   rows
 * @param cols   columns
 * @param init   how it starts
 * @param fanIn  inputs per unit (for He/Xavier)
 * @param fanOut outputs per unit (for Xavier)
 * @param regs   l1/l2 terms that apply to it
 * @param origin the layer statement
 */
public record ParamSpec(String name, int rows, int cols, Spec.Init init, int fanIn, int fanOut,
                        List<Spec.Reg> regs, Span origin) {
    /** Number of floats. */
    public int size() {
        return rows * cols;
    }

    /** Coefficient of the l1 term (0 without one). */
    public double l1() {
        return regs.stream().filter(Spec.Reg::l1).mapToDouble(Spec.Reg::lambda).sum();
    }

    /** Coefficient of the l2 term (0 without one). */
    public double l2() {
        return regs.stream().filter(r -> !r.l1()).mapToDouble(Spec.Reg::lambda).sum();
    }
}
