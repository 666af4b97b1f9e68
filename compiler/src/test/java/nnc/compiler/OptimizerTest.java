package nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.source.SourceFile;
import nnc.runtime.Model;
import nnc.runtime.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer's generated update, step by step, against an independent double-precision
 * implementation of its published formula (with l2 folded into the gradient).
 */
class OptimizerTest {

    /** One optimizer update rule in double precision, over all parameters. */
    interface Rule {
        void step(double[] p, double[] g, double[][] state, int t, double lr);
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd(lr: 0.1)", 0, (Rule) (p, g, s, t, lr) -> {
                    for (int i = 0; i < p.length; i++) {
                        p[i] -= lr * g[i];
                    }
                }),
                Arguments.of("sgd(lr: 0.1, momentum: 0.9)", 1, (Rule) (p, g, s, t, lr) -> {
                    for (int i = 0; i < p.length; i++) {
                        s[0][i] = 0.9 * s[0][i] - lr * g[i];
                        p[i] += s[0][i];
                    }
                }),
                Arguments.of("sgd(lr: 0.1, momentum: 0.9, nesterov: true)", 1,
                        (Rule) (p, g, s, t, lr) -> {
                            for (int i = 0; i < p.length; i++) {
                                s[0][i] = 0.9 * s[0][i] - lr * g[i];
                                p[i] += 0.9 * s[0][i] - lr * g[i];
                            }
                        }),
                Arguments.of("adam(lr: 0.01)", 2, (Rule) (p, g, s, t, lr) -> {
                    for (int i = 0; i < p.length; i++) {
                        s[0][i] = 0.9 * s[0][i] + 0.1 * g[i];
                        s[1][i] = 0.999 * s[1][i] + 0.001 * g[i] * g[i];
                        double mHat = s[0][i] / (1 - Math.pow(0.9, t));
                        double vHat = s[1][i] / (1 - Math.pow(0.999, t));
                        p[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-7);
                    }
                }),
                Arguments.of("nadam(lr: 0.01)", 2, (Rule) (p, g, s, t, lr) -> {
                    for (int i = 0; i < p.length; i++) {
                        s[0][i] = 0.9 * s[0][i] + 0.1 * g[i];
                        s[1][i] = 0.999 * s[1][i] + 0.001 * g[i] * g[i];
                        double mHat = 0.9 * s[0][i] / (1 - Math.pow(0.9, t + 1))
                                + 0.1 * g[i] / (1 - Math.pow(0.9, t));
                        double vHat = s[1][i] / (1 - Math.pow(0.999, t));
                        p[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-7);
                    }
                }),
                Arguments.of("adamax(lr: 0.01)", 2, (Rule) (p, g, s, t, lr) -> {
                    for (int i = 0; i < p.length; i++) {
                        s[0][i] = 0.9 * s[0][i] + 0.1 * g[i];
                        s[1][i] = Math.max(0.999 * s[1][i], Math.abs(g[i]));
                        p[i] -= lr / (1 - Math.pow(0.9, t)) * s[0][i] / (s[1][i] + 1e-7);
                    }
                }),
                Arguments.of("rmsprop(lr: 0.01)", 1, (Rule) (p, g, s, t, lr) -> {
                    for (int i = 0; i < p.length; i++) {
                        s[0][i] = 0.9 * s[0][i] + 0.1 * g[i] * g[i];
                        p[i] -= lr * g[i] / (Math.sqrt(s[0][i]) + 1e-7);
                    }
                }),
                Arguments.of("rmsprop(lr: 0.01, momentum: 0.5)", 2, (Rule) (p, g, s, t, lr) -> {
                    for (int i = 0; i < p.length; i++) {
                        s[0][i] = 0.9 * s[0][i] + 0.1 * g[i] * g[i];
                        s[1][i] = 0.5 * s[1][i] + lr * g[i] / (Math.sqrt(s[0][i]) + 1e-7);
                        p[i] -= s[1][i];
                    }
                }),
                Arguments.of("adagrad(lr: 0.1)", 1, (Rule) (p, g, s, t, lr) -> {
                    for (int i = 0; i < p.length; i++) {
                        if (t == 1) {
                            s[0][i] = 0.1;
                        }
                        s[0][i] += g[i] * g[i];
                        p[i] -= lr * g[i] / (Math.sqrt(s[0][i]) + 1e-7);
                    }
                }),
                Arguments.of("adadelta", 2, (Rule) (p, g, s, t, lr) -> {
                    for (int i = 0; i < p.length; i++) {
                        s[0][i] = 0.95 * s[0][i] + 0.05 * g[i] * g[i];
                        double d = Math.sqrt(s[1][i] + 1e-6) / Math.sqrt(s[0][i] + 1e-6) * g[i];
                        s[1][i] = 0.95 * s[1][i] + 0.05 * d * d;
                        p[i] -= lr * d;
                    }
                }),
                Arguments.of("rprop(lr: 0.01)", 2, (Rule) (p, g, s, t, lr) -> {
                    for (int i = 0; i < p.length; i++) {
                        if (t == 1) {
                            s[1][i] = 0.01;
                        }
                        double sign = g[i] * s[0][i];
                        if (sign > 0) {
                            s[1][i] = Math.min(s[1][i] * 1.2, 50);
                        } else if (sign < 0) {
                            s[1][i] = Math.max(s[1][i] * 0.5, 1e-6);
                        }
                        double gi = sign < 0 ? 0 : g[i];
                        p[i] -= Math.signum(gi) * s[1][i];
                        s[0][i] = gi;
                    }
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void generatedUpdateFollowsTheFormula(String optimizer, int states, Rule rule)
            throws Exception {
        String text = "model Opt {\n input x: [3]\n output y: [2]\n layers { dense(2) }\n"
                + " loss: mse\n optimizer: " + optimizer + "\n regularize: l2(0.01)\n}\n";
        Diagnostics d = new Diagnostics(SourceFile.of("opt.nn", text));
        Compiler.Result r = Compiler.compile(d, Compiler.Options.defaults());
        if (r == null) {
            throw new AssertionError(d.render());
        }
        Model m = TestFiles.instantiate(r, 1);
        assertEquals(states, m.optimizerState().length, "state arrays");
        int n = m.parameters().length;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = m.parameters()[i];
        }
        double[][] state = new double[states][n];
        Rng rng = new Rng(9);
        double lr = r.model().optimizer().lr();
        for (int t = 1; t <= 4; t++) {
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                float gi = (float) (rng.nextGaussian() * (t == 3 ? -1 : 1));
                m.gradients()[i] = gi;
                boolean decayed = i < 6; // the weight (3 x 2) comes first in the layout
                g[i] = gi + (decayed ? 2 * 0.01 * p[i] : 0);
            }
            m.step((float) lr);
            rule.step(p, g, state, t, lr);
            for (int i = 0; i < n; i++) {
                assertEquals(p[i], m.parameters()[i], 2e-5 * Math.max(1, Math.abs(p[i])),
                        optimizer + ": parameter " + i + " after step " + t);
            }
        }
    }
}
