package nnc.compiler.emit;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;
import nnc.compiler.check.Spec;
import nnc.compiler.plan.Layout;

/**
 * Renders the optimizer update as one loop per region of the parameter array (a region is a
 * run with the same l1/l2 coefficients): regularization, moment updates and the parameter
 * change fused into a single pass that reads each gradient once. The pass is a method over a
 * range of parameters, which {@code step} splits among the kernels' threads.
 *
 * <p>Each optimizer is an entry of the table in {@link #body}: its state arrays and the
 * statements of one element's update, in terms of {@code g} (the regularized gradient),
 * {@code p} (the parameter's index) and the hoisted scalars declared in {@link #prologue}.
 */
final class OptimizerEmitter {
    private final Spec.Optimizer opt;
    private final Layout layout;

    OptimizerEmitter(Spec.Optimizer opt, Layout layout) {
        this.opt = opt;
        this.layout = layout;
    }

    /** Names of the state arrays, each as long as the parameter array. */
    List<String> stateNames() {
        return nnc.compiler.plan.OptimizerState.names(opt);
    }

    /** Clears the state (Adagrad starts at 0.1 like Keras; Rprop at the initial step). */
    void resetState(MethodSpec.Builder m) {
        for (String s : stateNames()) {
            float start = switch (s) {
                case "accumulator" -> 0.1f;
                case "stepSize" -> (float) opt.lr();
                default -> 0f;
            };
            m.addStatement("java.util.Arrays.fill($L, $L)", s, Elem.f(start));
        }
    }

    private static final class Elem {
        static String f(double v) {
            return nnc.compiler.ir.Elementwise.floatLiteral(v);
        }
    }

    /**
     * {@code step(lr)}: counts the step and runs {@link #update} over all parameters, split
     * among the kernels' threads (an elementwise pass: the split does not change the result).
     */
    MethodSpec step() {
        return MethodSpec.methodBuilder("step").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).addParameter(float.class, "lr")
                .addJavadoc("One $L update of every parameter, with regularization folded in.\n",
                        opt.kind().name().toLowerCase(Locale.ROOT))
                .addStatement("steps++")
                .addStatement("stepLr = lr")
                .addStatement("kernels.parallelFor(PARAMETER_COUNT, updateRange)")
                .build();
    }

    /** Fields the split update needs: its learning rate and the loop body as a method value. */
    void fields(TypeSpec.Builder type, TypeName range) {
        type.addField(FieldSpec.builder(float.class, "stepLr", Modifier.PRIVATE)
                .addJavadoc("The learning rate of the step in progress.\n").build());
        type.addField(FieldSpec.builder(range, "updateRange", Modifier.PRIVATE, Modifier.FINAL)
                .initializer("this::update").build());
    }

    /** The update of parameters {@code [from, to)}: one fused loop per region. */
    MethodSpec update() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("update")
                .addModifiers(Modifier.PRIVATE).addParameter(int.class, "from")
                .addParameter(int.class, "to")
                .addJavadoc("The $L update of parameters {@code [from, to)}.\n",
                        opt.kind().name().toLowerCase(Locale.ROOT))
                .addStatement("final float lr = stepLr");
        prologue(m);
        for (Layout.Region r : layout.regions()) {
            String reg = r.l1() == 0 && r.l2() == 0 ? "no regularization"
                    : (r.l2() != 0 ? "l2 " + r.l2() : "") + (r.l1() != 0 && r.l2() != 0 ? ", "
                    : "") + (r.l1() != 0 ? "l1 " + r.l1() : "");
            m.addComment("parameters $L..$L: $L", r.offset(), r.offset() + r.length() - 1, reg);
            if (opt.kind() == Spec.OptKind.ADAM && r.l1() == 0 && r.l2() == 0) {
                // The runtime's vector loop: the same arithmetic, bit for bit (C2 does not
                // vectorize the plain loop below).
                m.addStatement("kernels.adam(params, grads, moment1, moment2, Math.max(from, $L), "
                        + "Math.min(to, $L), lr, b1, b2, eps, c1, c2)", r.offset(),
                        r.offset() + r.length());
                continue;
            }
            m.beginControlFlow("for (int p = Math.max(from, $L), end = Math.min(to, $L); "
                    + "p < end; p++)", r.offset(), r.offset() + r.length());
            StringBuilder g = new StringBuilder("float g = grads[p]");
            if (r.l2() != 0) {
                g.append(" + ").append(Elem.f(2 * r.l2())).append(" * params[p]");
            }
            if (r.l1() != 0) {
                g.append(" + ").append(Elem.f(r.l1())).append(" * Math.signum(params[p])");
            }
            m.addStatement(g.toString());
            for (String line : body()) {
                m.addStatement(line);
            }
            m.endControlFlow();
        }
        return m.build();
    }

    /** Scalars computed once per step. */
    private void prologue(MethodSpec.Builder m) {
        switch (opt.kind()) {
            case SGD -> {
                if (opt.num("momentum") > 0) {
                    m.addStatement("final float mu = $L", Elem.f(opt.num("momentum")));
                }
            }
            case ADAM -> {
                betas(m);
                m.addStatement("final float c1 = 1f / (1f - (float) Math.pow(b1, steps))");
                m.addStatement("final float c2 = 1f / (1f - (float) Math.pow(b2, steps))");
            }
            case NADAM -> {
                betas(m);
                m.addStatement("final float c1 = 1f / (1f - (float) Math.pow(b1, steps + 1))");
                m.addStatement("final float c1now = 1f / (1f - (float) Math.pow(b1, steps))");
                m.addStatement("final float c2 = 1f / (1f - (float) Math.pow(b2, steps))");
            }
            case ADAMAX -> {
                betas(m);
                m.addStatement("final float rate = lr / (1f - (float) Math.pow(b1, steps))");
            }
            case RMSPROP -> {
                m.addStatement("final float rho = $L", Elem.f(opt.num("rho")));
                m.addStatement("final float eps = $L", Elem.f(opt.num("epsilon")));
                if (opt.num("momentum") > 0) {
                    m.addStatement("final float mu = $L", Elem.f(opt.num("momentum")));
                }
            }
            case ADAGRAD -> m.addStatement("final float eps = $L", Elem.f(opt.num("epsilon")));
            case ADADELTA -> {
                m.addStatement("final float rho = $L", Elem.f(opt.num("rho")));
                m.addStatement("final float eps = $L", Elem.f(opt.num("epsilon")));
            }
            case RPROP -> {
                m.addStatement("final float up = $L", Elem.f(opt.num("eta_plus")));
                m.addStatement("final float down = $L", Elem.f(opt.num("eta_minus")));
                m.addStatement("final float stepMin = $L", Elem.f(opt.num("step_min")));
                m.addStatement("final float stepMax = $L", Elem.f(opt.num("step_max")));
            }
            default -> throw new IllegalStateException();
        }
    }

    private void betas(MethodSpec.Builder m) {
        m.addStatement("final float b1 = $L", Elem.f(opt.num("beta1")));
        m.addStatement("final float b2 = $L", Elem.f(opt.num("beta2")));
        m.addStatement("final float eps = $L", Elem.f(opt.num("epsilon")));
    }

    /** The per-element update of each optimizer. */
    private List<String> body() {
        return switch (opt.kind()) {
            case SGD -> {
                if (opt.num("momentum") == 0) {
                    yield List.of("params[p] -= lr * g");
                }
                if (opt.flag("nesterov")) {
                    yield List.of("float v = velocity[p] = mu * velocity[p] - lr * g",
                            "params[p] += mu * v - lr * g");
                }
                yield List.of("float v = velocity[p] = mu * velocity[p] - lr * g",
                        "params[p] += v");
            }
            case ADAM -> List.of(
                    "float m = moment1[p] = b1 * moment1[p] + (1f - b1) * g",
                    "float v = moment2[p] = b2 * moment2[p] + (1f - b2) * g * g",
                    "params[p] -= lr * (m * c1) / ((float) Math.sqrt(v * c2) + eps)");
            case NADAM -> List.of(
                    "float m = moment1[p] = b1 * moment1[p] + (1f - b1) * g",
                    "float v = moment2[p] = b2 * moment2[p] + (1f - b2) * g * g",
                    "float mHat = b1 * m * c1 + (1f - b1) * g * c1now",
                    "params[p] -= lr * mHat / ((float) Math.sqrt(v * c2) + eps)");
            case ADAMAX -> List.of(
                    "float m = moment1[p] = b1 * moment1[p] + (1f - b1) * g",
                    "float u = infNorm[p] = Math.max(b2 * infNorm[p], Math.abs(g))",
                    "params[p] -= rate * m / (u + eps)");
            case RMSPROP -> opt.num("momentum") > 0
                    ? List.of("float s = meanSquare[p] = rho * meanSquare[p] + (1f - rho) * g * g",
                    "float v = momentum[p] = mu * momentum[p] + lr * g / ((float) Math.sqrt(s) + eps)",
                    "params[p] -= v")
                    : List.of("float s = meanSquare[p] = rho * meanSquare[p] + (1f - rho) * g * g",
                    "params[p] -= lr * g / ((float) Math.sqrt(s) + eps)");
            case ADAGRAD -> List.of("float a = accumulator[p] += g * g",
                    "params[p] -= lr * g / ((float) Math.sqrt(a) + eps)");
            case ADADELTA -> List.of(
                    "float s = meanSquare[p] = rho * meanSquare[p] + (1f - rho) * g * g",
                    "float d = (float) Math.sqrt(meanDelta[p] + eps) / (float) Math.sqrt(s + eps) * g",
                    "meanDelta[p] = rho * meanDelta[p] + (1f - rho) * d * d",
                    "params[p] -= lr * d");
            case RPROP -> List.of(
                    "float sign = g * previousGrad[p]",
                    "float size = stepSize[p] = sign > 0f ? Math.min(stepSize[p] * up, stepMax)"
                            + " : sign < 0f ? Math.max(stepSize[p] * down, stepMin) : stepSize[p]",
                    "if (sign < 0f) g = 0f",
                    "params[p] -= Math.signum(g) * size",
                    "previousGrad[p] = g");
        };
    }

    MethodSpec regularizationLoss() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("regularizationLoss")
                .addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(float.class).addStatement("double penalty = 0");
        for (Layout.Region r : layout.regions()) {
            if (r.l1() == 0 && r.l2() == 0) {
                continue;
            }
            m.beginControlFlow("for (int p = $L; p < $L; p++)", r.offset(),
                    r.offset() + r.length());
            if (r.l2() != 0) {
                m.addStatement("penalty += $L * params[p] * params[p]", r.l2());
            }
            if (r.l1() != 0) {
                m.addStatement("penalty += $L * Math.abs(params[p])", r.l1());
            }
            m.endControlFlow();
        }
        return m.addStatement("return (float) penalty").build();
    }
}
