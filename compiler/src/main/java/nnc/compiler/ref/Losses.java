package nnc.compiler.ref;

import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;

/** Losses and their gradients in double precision, by their definitions. */
final class Losses {
    private static final double EPS = 1e-7;

    private Losses() {
    }

    static double loss(Node node, double[] p, double[] t, int n, int m) {
        String kind = node.attr("loss");
        boolean sparse = "CLASS_INDEX".equals(node.attr("target"));
        double s = 0;
        switch (kind) {
            case "MSE":
                for (int i = 0; i < n * m; i++) {
                    s += (p[i] - t[i]) * (p[i] - t[i]);
                }
                return s / (n * m);
            case "MAE":
                for (int i = 0; i < n * m; i++) {
                    s += Math.abs(p[i] - t[i]);
                }
                return s / (n * m);
            case "BINARY_CROSS_ENTROPY":
                for (int i = 0; i < n * m; i++) {
                    double q = clip(p[i]);
                    s -= t[i] * Math.log(q) + (1 - t[i]) * Math.log(1 - q);
                }
                return s / (n * m);
            case "CATEGORICAL_CROSS_ENTROPY":
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < m; c++) {
                        s -= target(t, r, c, m, sparse) * Math.log(Math.max(p[r * m + c], EPS));
                    }
                }
                return s / n;
            case "DICE": {
                double smooth = node.num("smooth");
                for (int r = 0; r < n; r++) {
                    double inter = 0;
                    double sum = 0;
                    for (int c = 0; c < m; c++) {
                        inter += p[r * m + c] * t[r * m + c];
                        sum += p[r * m + c] + t[r * m + c];
                    }
                    s += 1 - (2 * inter + smooth) / (sum + smooth);
                }
                return s / n;
            }
            default:
                throw new IllegalStateException(kind);
        }
    }

    static double[] grad(Node node, double[] p, double[] t, int n, int m) {
        String kind = node.attr("loss");
        boolean sparse = "CLASS_INDEX".equals(node.attr("target"));
        double[] g = new double[n * m];
        if (node.op() == Op.SOFTMAX_CE_GRAD) {
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < m; c++) {
                    g[r * m + c] = (p[r * m + c] - target(t, r, c, m, sparse)) / n;
                }
            }
            return g;
        }
        if (node.op() == Op.SIGMOID_BCE_GRAD) {
            for (int i = 0; i < n * m; i++) {
                g[i] = (p[i] - t[i]) / (n * m);
            }
            return g;
        }
        switch (kind) {
            case "MSE":
                for (int i = 0; i < n * m; i++) {
                    g[i] = 2 * (p[i] - t[i]) / (n * m);
                }
                return g;
            case "MAE":
                for (int i = 0; i < n * m; i++) {
                    g[i] = Math.signum(p[i] - t[i]) / (n * m);
                }
                return g;
            case "BINARY_CROSS_ENTROPY":
                for (int i = 0; i < n * m; i++) {
                    double q = clip(p[i]);
                    g[i] = (q - t[i]) / (q * (1 - q)) / (n * m);
                }
                return g;
            case "CATEGORICAL_CROSS_ENTROPY":
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < m; c++) {
                        g[r * m + c] = -target(t, r, c, m, sparse)
                                / Math.max(p[r * m + c], EPS) / n;
                    }
                }
                return g;
            case "DICE": {
                double smooth = node.num("smooth");
                for (int r = 0; r < n; r++) {
                    double inter = 0;
                    double sum = 0;
                    for (int c = 0; c < m; c++) {
                        inter += p[r * m + c] * t[r * m + c];
                        sum += p[r * m + c] + t[r * m + c];
                    }
                    double num = 2 * inter + smooth;
                    double den = sum + smooth;
                    for (int c = 0; c < m; c++) {
                        g[r * m + c] = -(2 * t[r * m + c] * den - num) / (den * den) / n;
                    }
                }
                return g;
            }
            default:
                throw new IllegalStateException(kind);
        }
    }

    private static double target(double[] t, int r, int c, int m, boolean sparse) {
        return sparse ? ((int) t[r] == c ? 1 : 0) : t[r * m + c];
    }

    private static double clip(double q) {
        return Math.min(Math.max(q, EPS), 1 - EPS);
    }
}
