package nnc.compiler.check;

import java.util.List;
import java.util.Map;
import nnc.compiler.source.Span;
import nnc.runtime.DataConfig;
import nnc.runtime.TargetKind;
import nnc.runtime.TrainingConfig;

/**
 * The checked model: every name resolved, every option bound and defaulted, every shape known.
 * Everything after the checker works from this, never from the syntax tree.
 */
public final class Spec {
    private Spec() {
    }

    /** Activation functions. */
    public enum ActKind { LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, PRELU, ELU, SOFTMAX }

    /** An activation with its parameter (leaky slope, ELU alpha, PReLU initial slope). */
    public record Activation(ActKind kind, double alpha) {
        /** The identity. */
        public static final Activation LINEAR = new Activation(ActKind.LINEAR, 0);

        /** Lowercase name as written in .nn files. */
        public String word() {
            return kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Initializer kinds. */
    public enum InitKind {
        HE_NORMAL, HE_UNIFORM, XAVIER_NORMAL, XAVIER_UNIFORM, UNIFORM, NORMAL, ZEROS, CONSTANT
    }

    /** An initializer with its parameters (uniform bounds, normal mean/std, constant). */
    public record Init(InitKind kind, double a, double b) {
        /** All zeros. */
        public static final Init ZEROS = new Init(InitKind.ZEROS, 0, 0);
    }

    /** l1 or l2 with its coefficient. */
    public record Reg(boolean l1, double lambda) {
    }

    /** A declared input. */
    public record Input(String name, int[] shape, Span span) {
        /** Floats per sample. */
        public int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** The declared output: what a target looks like. */
    public record Output(String name, TargetKind kind, int units, Span span) {
    }

    /** Layer kinds. */
    public enum LayerKind { DENSE, FLATTEN, DROPOUT, ACTIVATION, ADD, CONCAT }

    /**
     * A layer with its resolved inputs and per-sample output shape.
     *
     * @param name       stable name: the binding, or {@code dense_2} style when unnamed
     * @param kind       what it computes
     * @param inputs     names of the inputs or layers feeding it
     * @param shape      per-sample output shape
     * @param units      dense: output units
     * @param activation dense and activation layers: the function
     * @param weightInit dense: weight initializer
     * @param biasInit   dense: bias initializer
     * @param regs       dense: regularization of this layer's weights (after model-wide terms)
     * @param rate       dropout: the fraction dropped
     * @param span       the statement in the source
     */
    public record Layer(String name, LayerKind kind, List<String> inputs, int[] shape, int units,
                        Activation activation, Init weightInit, Init biasInit, List<Reg> regs,
                        double rate, Span span) {
        /** Floats per sample of the output. */
        public int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** Loss kinds. */
    public enum LossKind { MSE, MAE, BINARY_CROSS_ENTROPY, CATEGORICAL_CROSS_ENTROPY, DICE }

    /** The loss with its options. */
    public record Loss(LossKind kind, boolean sparse, double smooth, Span span) {
    }

    /** Optimizer kinds. */
    public enum OptKind { SGD, ADAM, RMSPROP, ADAGRAD, ADADELTA, ADAMAX, NADAM, RPROP }

    /** The optimizer, its learning rate and every other hyper-parameter by name. */
    public record Optimizer(OptKind kind, double lr, Map<String, Object> params, Span span) {
        /** A numeric hyper-parameter. */
        public double num(String key) {
            return ((Number) params.get(key)).doubleValue();
        }

        /** A boolean hyper-parameter. */
        public boolean flag(String key) {
            return (Boolean) params.get(key);
        }
    }

    /** The whole checked model. */
    public record Model(String name, List<Input> inputs, Output output, List<Layer> layers,
                        Loss loss, Optimizer optimizer, TrainingConfig training, DataConfig data,
                        String sourceHash, Span span) {
        /** The layer that produces the model's output. */
        public Layer last() {
            return layers.get(layers.size() - 1);
        }

        /** Floats per sample of all inputs together. */
        public int inputSize() {
            return inputs.stream().mapToInt(Input::size).sum();
        }
    }
}
