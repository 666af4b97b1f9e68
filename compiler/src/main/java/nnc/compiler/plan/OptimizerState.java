package nnc.compiler.plan;

import java.util.List;
import nnc.compiler.check.Spec;

/** The state arrays an optimizer keeps, each as long as the parameter array. */
public final class OptimizerState {
    private OptimizerState() {
    }

    /** Names of the state arrays of {@code opt}, in a fixed order. */
    public static List<String> names(Spec.Optimizer opt) {
        return switch (opt.kind()) {
            case SGD -> opt.num("momentum") > 0 ? List.of("velocity") : List.of();
            case ADAM, NADAM -> List.of("moment1", "moment2");
            case ADAMAX -> List.of("moment1", "infNorm");
            case RMSPROP -> opt.num("momentum") > 0 ? List.of("meanSquare", "momentum")
                    : List.of("meanSquare");
            case ADAGRAD -> List.of("accumulator");
            case ADADELTA -> List.of("meanSquare", "meanDelta");
            case RPROP -> List.of("previousGrad", "stepSize");
        };
    }
}
