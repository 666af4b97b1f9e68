package nnc.compiler.ref;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.ir.Elementwise;
import nnc.compiler.ir.Expr;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.runtime.Rng;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Evaluates any IR graph, fused or not, in double precision: the oracle that gradient checks
 * and tests compare generated float code against. It interprets each op by its definition,
 * with no shortcuts shared with the emitters, and uses EJML for matrix products.
 */
public final class Reference {
    private final Graph graph;
    private final Map<String, Integer> offsets;

    /** An evaluator of {@code graph} whose parameters sit at {@code offsets}. */
    public Reference(Graph graph, Map<String, Integer> offsets) {
        this.graph = graph;
        this.offsets = offsets;
    }

    /**
     * Dropout masks for a batch of {@code n}, drawn exactly as generated code draws them after
     * {@code seedTraining(seed)}: mask nodes in graph order, each element from the same
     * generator with the same float arithmetic.
     */
    public Map<String, double[]> dropoutMasks(long seed, int n) {
        Rng rng = new Rng(seed);
        Map<String, double[]> masks = new HashMap<>();
        for (Node node : graph.nodes()) {
            if (node.op() == Op.DROPOUT_MASK) {
                float rate = (float) node.num("rate");
                float keep = 1f - rate;
                float scale = 1f / keep;
                double[] m = new double[n * node.cols()];
                for (int i = 0; i < m.length; i++) {
                    m[i] = rng.nextFloat() < keep ? scale : 0f;
                }
                masks.put(node.label(), m);
            }
        }
        return masks;
    }

    /**
     * Every node's value.
     *
     * @param params flat parameters
     * @param input  n rows of input
     * @param target n rows of target
     * @param n      batch size
     * @param masks  dropout masks by mask label (from {@link #dropoutMasks})
     */
    public Map<Node, double[]> evaluate(double[] params, double[] input, double[] target, int n,
                                        Map<String, double[]> masks) {
        Map<Node, double[]> v = new HashMap<>();
        for (Node node : graph.nodes()) {
            v.put(node, eval(node, v, params, input, target, n, masks));
        }
        return v;
    }

    /** The mean loss. */
    public double loss(double[] params, double[] input, double[] target, int n,
                       Map<String, double[]> masks) {
        return evaluate(params, input, target, n, masks).get(graph.loss())[0];
    }

    /** Gradients of every parameter, laid out like {@code params}. */
    public double[] gradients(double[] params, double[] input, double[] target, int n,
                              Map<String, double[]> masks) {
        Map<Node, double[]> v = evaluate(params, input, target, n, masks);
        double[] g = new double[params.length];
        graph.grads().forEach((name, node) -> System.arraycopy(v.get(node), 0, g,
                offsets.get(name), v.get(node).length));
        return g;
    }

    private static int rows(Node node, int n) {
        return node.batched() ? n : node.rows();
    }

    private double[] eval(Node node, Map<Node, double[]> v, double[] params, double[] input,
                          double[] target, int n, Map<String, double[]> masks) {
        int r = rows(node, n);
        int c = node.cols();
        switch (node.op()) {
            case INPUT:
                return java.util.Arrays.copyOf(input, n * c);
            case TARGET:
                return java.util.Arrays.copyOf(target, n * c);
            case PARAM: {
                int off = offsets.get((String) node.attr("param"));
                return java.util.Arrays.copyOfRange(params, off, off + r * c);
            }
            case SLICE: {
                double[] x = v.get(node.in(0));
                int xc = node.in(0).cols();
                int off = node.attr("offset");
                double[] out = new double[r * c];
                for (int i = 0; i < r; i++) {
                    System.arraycopy(x, i * xc + off, out, i * c, c);
                }
                return out;
            }
            case CONCAT: {
                double[] out = new double[r * c];
                int col = 0;
                for (Node in : node.inputs()) {
                    double[] x = v.get(in);
                    for (int i = 0; i < r; i++) {
                        System.arraycopy(x, i * in.cols(), out, i * c + col, in.cols());
                    }
                    col += in.cols();
                }
                return out;
            }
            case MATMUL:
            case GEMM: {
                double[] out = matmul(node, v, n);
                if (node.op() == Op.GEMM) {
                    if (node.inputs().size() > 2) {
                        double[] b = v.get(node.in(2));
                        for (int i = 0; i < out.length; i++) {
                            out[i] += b[i % c];
                        }
                    }
                    String act = node.attr("act");
                    if ("SOFTMAX".equals(act)) {
                        return softmax(out, r, c);
                    }
                    Elementwise f = Elementwise.activation(act);
                    double[] arg = new double[1];
                    for (int i = 0; i < out.length; i++) {
                        arg[0] = out[i];
                        out[i] = f.eval(arg, node.num("alpha"));
                    }
                }
                return out;
            }
            case BIAS_ADD:
            case ACT:
            case ACT_GRAD:
            case PRELU:
            case PRELU_GRAD_X:
            case ADD:
            case MUL:
            case MAP:
                return elementwise(node, v, r, c);
            case SUM_ROWS: {
                double[] x = v.get(node.in(0));
                int xr = rows(node.in(0), n);
                double[] out = new double[c];
                for (int i = 0; i < xr; i++) {
                    for (int j = 0; j < c; j++) {
                        out[j] += x[i * c + j];
                    }
                }
                return out;
            }
            case PRELU_GRAD_A: {
                double[] dy = v.get(node.in(0));
                double[] x = v.get(node.in(1));
                double[] out = new double[c];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < c; j++) {
                        out[j] += dy[i * c + j] * Math.min(x[i * c + j], 0);
                    }
                }
                return out;
            }
            case SOFTMAX:
                return softmax(v.get(node.in(0)).clone(), r, c);
            case SOFTMAX_GRAD: {
                double[] dy = v.get(node.in(0));
                double[] y = v.get(node.in(1));
                double[] out = new double[r * c];
                for (int i = 0; i < r; i++) {
                    double dot = 0;
                    for (int j = 0; j < c; j++) {
                        dot += dy[i * c + j] * y[i * c + j];
                    }
                    for (int j = 0; j < c; j++) {
                        out[i * c + j] = y[i * c + j] * (dy[i * c + j] - dot);
                    }
                }
                return out;
            }
            case DROPOUT_MASK: {
                double[] m = masks.get(node.label());
                if (m == null) {
                    throw new IllegalArgumentException("no dropout mask for " + node.label());
                }
                return m;
            }
            case LOSS:
                return new double[] {Losses.loss(node, v.get(node.in(0)), v.get(node.in(1)), n,
                        node.in(0).cols())};
            case LOSS_GRAD:
            case SOFTMAX_CE_GRAD:
            case SIGMOID_BCE_GRAD:
                return Losses.grad(node, v.get(node.in(0)), v.get(node.in(1)), n,
                        node.in(0).cols());
            default:
                throw new IllegalStateException("no reference for " + node.op());
        }
    }

    private static double[] matmul(Node node, Map<Node, double[]> v, int n) {
        Node a = node.in(0);
        Node b = node.in(1);
        DMatrixRMaj ma = DMatrixRMaj.wrap(rows(a, n), a.cols(), v.get(a));
        DMatrixRMaj mb = DMatrixRMaj.wrap(rows(b, n), b.cols(), v.get(b));
        boolean ta = node.flag("transA");
        boolean tb = node.flag("transB");
        int m = ta ? ma.numCols : ma.numRows;
        int cols = tb ? mb.numRows : mb.numCols;
        DMatrixRMaj out = new DMatrixRMaj(m, cols);
        if (ta && tb) {
            CommonOps_DDRM.multTransAB(ma, mb, out);
        } else if (ta) {
            CommonOps_DDRM.multTransA(ma, mb, out);
        } else if (tb) {
            CommonOps_DDRM.multTransB(ma, mb, out);
        } else {
            CommonOps_DDRM.mult(ma, mb, out);
        }
        return out.data;
    }

    private static double[] softmax(double[] x, int r, int c) {
        for (int i = 0; i < r; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, x[i * c + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                x[i * c + j] = Math.exp(x[i * c + j] - max);
                sum += x[i * c + j];
            }
            for (int j = 0; j < c; j++) {
                x[i * c + j] /= sum;
            }
        }
        return x;
    }

    private static double[] elementwise(Node node, Map<Node, double[]> v, int r, int c) {
        Expr e = switch (node.op()) {
            case MAP -> node.attr("expr");
            case BIAS_ADD -> apply(Elementwise.ADD, 0, ref(0, false), ref(1, true));
            case ACT -> apply(Elementwise.activation(node.attr("act")), node.num("alpha"),
                    ref(0, false));
            case ACT_GRAD -> apply(Elementwise.activationGrad(node.attr("act")),
                    node.num("alpha"), ref(0, false), ref(1, false));
            case PRELU -> apply(Elementwise.PRELU, 0, ref(0, false), ref(1, true));
            case PRELU_GRAD_X -> apply(Elementwise.PRELU_GRAD_X, 0, ref(0, false),
                    ref(1, false), ref(2, true));
            case ADD -> apply(Elementwise.ADD, 0, ref(0, node.in(0).rows() == 1 && r != 1),
                    ref(1, node.in(1).rows() == 1 && r != 1));
            case MUL -> apply(Elementwise.MUL, 0, ref(0, false), ref(1, false));
            default -> throw new IllegalStateException();
        };
        List<double[]> operands = node.inputs().stream().map(v::get).toList();
        double[] out = new double[r * c];
        for (int i = 0; i < out.length; i++) {
            out[i] = at(e, operands, i, i % c);
        }
        return out;
    }

    private static Expr ref(int i, boolean row) {
        return new Expr.Ref(i, row);
    }

    private static Expr apply(Elementwise f, double alpha, Expr... args) {
        return new Expr.Apply(f, alpha, List.of(args));
    }

    private static double at(Expr e, List<double[]> operands, int i, int col) {
        if (e instanceof Expr.Ref r) {
            return operands.get(r.index())[r.row() ? col : i];
        }
        Expr.Apply a = (Expr.Apply) e;
        double[] args = new double[a.args().size()];
        for (int k = 0; k < args.length; k++) {
            args[k] = at(a.args().get(k), operands, i, col);
        }
        return a.fn().eval(args, a.alpha());
    }
}
