package nnc.compiler.check;

import static nnc.compiler.check.Sig.Type.ACTIVATION;
import static nnc.compiler.check.Sig.Type.BATCH;
import static nnc.compiler.check.Sig.Type.BOOL;
import static nnc.compiler.check.Sig.Type.FRACTION;
import static nnc.compiler.check.Sig.Type.INIT;
import static nnc.compiler.check.Sig.Type.MONITOR;
import static nnc.compiler.check.Sig.Type.NON_NEG_INT;
import static nnc.compiler.check.Sig.Type.NON_NEG_NUM;
import static nnc.compiler.check.Sig.Type.NORMALIZE;
import static nnc.compiler.check.Sig.Type.NUM;
import static nnc.compiler.check.Sig.Type.POS_INT;
import static nnc.compiler.check.Sig.Type.POS_NUM;
import static nnc.compiler.check.Sig.Type.REG;
import static nnc.compiler.check.Sig.Type.SCHEDULE;
import static nnc.compiler.check.Sig.Type.SOURCE;
import static nnc.compiler.check.Sig.Type.STRING;
import static nnc.compiler.check.Sig.Type.STRING_OR_INT;
import static nnc.compiler.check.Sig.opt;
import static nnc.compiler.check.Sig.req;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every built-in word of the language with its signature and one line of documentation,
 * grouped by category. The grammar lists the same words as lexer tokens (for highlighting); a
 * test keeps the two in step.
 */
public final class Builtins {
    private Builtins() {
    }

    /** Categories of built-in words. */
    public enum Category {
        LAYER("layer"), ACTIVATION("activation"), INIT("initializer"), LOSS("loss"),
        OPTIMIZER("optimizer"), REGULARIZER("regularizer"), SCHEDULE("schedule"),
        SOURCE("data source"), OUTPUT("output kind"), TRAIN("training setting"),
        DATA("data setting");

        private final String noun;

        Category(String noun) {
            this.noun = noun;
        }

        /** How messages name the category. */
        public String noun() {
            return noun;
        }
    }

    private static final Map<Category, Map<String, Sig>> TABLE = new LinkedHashMap<>();

    private static void add(Category c, Sig sig) {
        TABLE.computeIfAbsent(c, k -> new LinkedHashMap<>()).put(sig.name(), sig);
    }

    static {
        add(Category.LAYER, Sig.of("dense", "fully connected layer: act(x·W + b)",
                req("units", POS_INT, "number of output units"),
                opt("activation", ACTIVATION, "linear", "applied to x·W + b"),
                opt("init", INIT, "auto", "weight initializer; he_normal for relu-like "
                        + "activations, xavier_uniform otherwise"),
                opt("bias_init", INIT, "zeros", "bias initializer"),
                opt("regularize", REG, "none", "l1 or l2 on this layer's weights")));
        add(Category.LAYER, Sig.of("flatten", "reshapes each sample to one dimension"));
        add(Category.LAYER, Sig.of("dropout",
                "inverted dropout: zeroes a fraction of units while training, identity at inference",
                req("rate", FRACTION, "fraction of units dropped")));
        add(Category.LAYER, Sig.of("activation", "applies an activation function",
                req("function", ACTIVATION, "the activation")));
        add(Category.LAYER, Sig.of("add", "element-wise sum of layers of the same shape"));
        add(Category.LAYER, Sig.of("concat", "joins flat layers side by side"));

        add(Category.ACTIVATION, Sig.of("linear", "the identity: f(x) = x"));
        add(Category.ACTIVATION, Sig.of("sigmoid", "f(x) = 1 / (1 + e^-x), in (0, 1)"));
        add(Category.ACTIVATION, Sig.of("tanh", "hyperbolic tangent, in (-1, 1)"));
        add(Category.ACTIVATION, Sig.of("relu", "f(x) = max(0, x)"));
        add(Category.ACTIVATION, Sig.of("leaky_relu", "f(x) = x for x > 0, alpha·x otherwise",
                opt("alpha", NON_NEG_NUM, 0.01, "slope for negative inputs")));
        add(Category.ACTIVATION, Sig.of("prelu",
                "leaky ReLU whose negative slope is learned per unit",
                opt("alpha", NUM, 0.25, "initial slope")));
        add(Category.ACTIVATION, Sig.of("elu", "f(x) = x for x > 0, alpha·(e^x - 1) otherwise",
                opt("alpha", POS_NUM, 1.0, "saturation value for negative inputs")));
        add(Category.ACTIVATION, Sig.of("softmax",
                "normalizes each sample's outputs into probabilities"));

        add(Category.INIT, Sig.of("he_normal", "normal with std sqrt(2 / fan_in)"));
        add(Category.INIT, Sig.of("he_uniform", "uniform in ±sqrt(6 / fan_in)"));
        add(Category.INIT, Sig.of("xavier_normal", "normal with std sqrt(2 / (fan_in + fan_out))"));
        add(Category.INIT, Sig.of("xavier_uniform",
                "uniform in ±sqrt(6 / (fan_in + fan_out))"));
        add(Category.INIT, Sig.of("uniform", "uniform in [low, high)",
                opt("low", NUM, -0.05, "lower bound"), opt("high", NUM, 0.05, "upper bound")));
        add(Category.INIT, Sig.of("normal", "normal distribution",
                opt("std", POS_NUM, 0.05, "standard deviation"), opt("mean", NUM, 0.0, "mean")));
        add(Category.INIT, Sig.of("zeros", "all zeros"));
        add(Category.INIT, Sig.of("constant", "every value the same",
                req("value", NUM, "the value")));

        add(Category.LOSS, Sig.of("mse", "mean squared error"));
        add(Category.LOSS, Sig.of("mae", "mean absolute error"));
        add(Category.LOSS, Sig.of("binary_cross_entropy",
                "cross-entropy of sigmoid outputs against 0/1 targets"));
        add(Category.LOSS, Sig.of("categorical_cross_entropy",
                "cross-entropy of softmax outputs; its gradient is fused with the softmax",
                opt("sparse", BOOL, true, "targets are class indices (true) or one-hot rows")));
        add(Category.LOSS, Sig.of("dice", "soft Dice loss, 1 - 2|P∩T| / (|P| + |T|), per sample",
                opt("smooth", NON_NEG_NUM, 1.0, "added to numerator and denominator")));

        add(Category.OPTIMIZER, Sig.of("sgd", "stochastic gradient descent",
                opt("lr", POS_NUM, 0.01, "learning rate"),
                opt("momentum", FRACTION, 0.0, "momentum"),
                opt("nesterov", BOOL, false, "Nesterov momentum")));
        add(Category.OPTIMIZER, Sig.of("adam", "Adam (Kingma & Ba, 2015)",
                opt("lr", POS_NUM, 0.001, "learning rate"),
                opt("beta1", FRACTION, 0.9, "decay of the first moment"),
                opt("beta2", FRACTION, 0.999, "decay of the second moment"),
                opt("epsilon", POS_NUM, 1e-7, "added to the denominator")));
        add(Category.OPTIMIZER, Sig.of("rmsprop", "RMSprop (Hinton, 2012)",
                opt("lr", POS_NUM, 0.001, "learning rate"),
                opt("rho", FRACTION, 0.9, "decay of the squared-gradient average"),
                opt("momentum", FRACTION, 0.0, "momentum"),
                opt("epsilon", POS_NUM, 1e-7, "added to the denominator")));
        add(Category.OPTIMIZER, Sig.of("adagrad", "Adagrad (Duchi et al., 2011)",
                opt("lr", POS_NUM, 0.01, "learning rate"),
                opt("epsilon", POS_NUM, 1e-7, "added to the denominator")));
        add(Category.OPTIMIZER, Sig.of("adadelta", "Adadelta (Zeiler, 2012)",
                opt("lr", POS_NUM, 1.0, "learning rate"),
                opt("rho", FRACTION, 0.95, "decay of the running averages"),
                opt("epsilon", POS_NUM, 1e-6, "added inside the square roots")));
        add(Category.OPTIMIZER, Sig.of("adamax", "Adamax, Adam with the infinity norm",
                opt("lr", POS_NUM, 0.002, "learning rate"),
                opt("beta1", FRACTION, 0.9, "decay of the first moment"),
                opt("beta2", FRACTION, 0.999, "decay of the infinity norm"),
                opt("epsilon", POS_NUM, 1e-7, "added to the denominator")));
        add(Category.OPTIMIZER, Sig.of("nadam", "Adam with Nesterov momentum (Dozat, 2016)",
                opt("lr", POS_NUM, 0.002, "learning rate"),
                opt("beta1", FRACTION, 0.9, "decay of the first moment"),
                opt("beta2", FRACTION, 0.999, "decay of the second moment"),
                opt("epsilon", POS_NUM, 1e-7, "added to the denominator")));
        add(Category.OPTIMIZER, Sig.of("rprop",
                "resilient backpropagation: per-weight steps from gradient signs (full batch)",
                opt("lr", POS_NUM, 0.01, "initial step size"),
                opt("eta_plus", POS_NUM, 1.2, "step growth when the sign holds"),
                opt("eta_minus", POS_NUM, 0.5, "step shrink when the sign flips"),
                opt("step_min", POS_NUM, 1e-6, "smallest step"),
                opt("step_max", POS_NUM, 50.0, "largest step")));

        add(Category.REGULARIZER, Sig.of("l1", "adds lambda·Σ|w| to the loss",
                req("lambda", NON_NEG_NUM, "coefficient")));
        add(Category.REGULARIZER, Sig.of("l2", "adds lambda·Σw² to the loss",
                req("lambda", NON_NEG_NUM, "coefficient")));

        add(Category.SCHEDULE, Sig.of("step", "multiplies the rate by gamma every few epochs",
                opt("every", POS_INT, 10, "epochs between decays"),
                opt("gamma", POS_NUM, 0.5, "decay factor")));
        add(Category.SCHEDULE, Sig.of("exponential", "multiplies the rate by gamma every epoch",
                opt("gamma", POS_NUM, 0.95, "decay factor")));
        add(Category.SCHEDULE, Sig.of("cosine", "cosine decay to min_lr over the epochs",
                opt("min_lr", NON_NEG_NUM, 0.0, "rate at the end")));

        add(Category.SOURCE, Sig.of("idx", "IDX files of the MNIST family, plain or gzip",
                req("images", STRING, "images file"), req("labels", STRING, "labels file"),
                opt("fallback", SOURCE, "none", "used when these files do not exist")));
        add(Category.SOURCE, Sig.of("csv", "a CSV file of numeric columns",
                req("file", STRING, "the CSV file"),
                req("label", STRING_OR_INT, "target column, by name or 0-based number"),
                opt("header", BOOL, true, "whether the first row names the columns"),
                opt("fallback", SOURCE, "none", "used when this file does not exist")));

        add(Category.OUTPUT, Sig.of("classes", "one class out of n; targets are class indices",
                req("n", POS_INT, "number of classes")));
        add(Category.OUTPUT, Sig.of("binary", "0/1 targets per output unit",
                opt("units", POS_INT, 1, "number of outputs")));

        add(Category.TRAIN, Sig.of("epochs", "passes over the training data",
                req("value", POS_INT, "")));
        add(Category.TRAIN, Sig.of("batch",
                "samples per step: 1 is stochastic, `full` is full batch",
                req("value", BATCH, "")));
        add(Category.TRAIN, Sig.of("shuffle", "reshuffle the training rows every epoch",
                req("value", BOOL, "")));
        add(Category.TRAIN, Sig.of("seed", "seed of initialization, shuffling and dropout",
                req("value", NON_NEG_INT, "")));
        add(Category.TRAIN, Sig.of("validation",
                "fraction of the training data held out for validation",
                req("value", FRACTION, "")));
        add(Category.TRAIN, Sig.of("threads", "kernel threads; 0 uses every core",
                req("value", NON_NEG_INT, "")));
        add(Category.TRAIN, Sig.of("schedule", "learning-rate schedule, applied per epoch",
                req("value", SCHEDULE, "")));
        add(Category.TRAIN, Sig.of("early_stopping",
                "stops when the monitored metric stops improving",
                opt("monitor", MONITOR, "val_loss", "metric to watch"),
                opt("patience", POS_INT, 5, "epochs without improvement before stopping"),
                opt("min_delta", NON_NEG_NUM, 0.0, "smallest change that counts"),
                opt("restore_best", BOOL, true, "restore the best epoch's weights")));

        add(Category.DATA, Sig.of("train", "training data", req("value", SOURCE, "")));
        add(Category.DATA, Sig.of("test", "test data, evaluated after training",
                req("value", SOURCE, "")));
        add(Category.DATA, Sig.of("normalize",
                "feature scaling fitted on the training split only",
                req("value", NORMALIZE, "")));
    }

    /** The words of one category with their signatures, in a stable order. */
    public static Map<String, Sig> of(Category c) {
        return TABLE.get(c);
    }

    /** The signature of {@code word} in category {@code c}, or null. */
    public static Sig lookup(Category c, String word) {
        return TABLE.get(c).get(word);
    }

    /** The whole table. */
    public static Map<Category, Map<String, Sig>> all() {
        return TABLE;
    }
}
