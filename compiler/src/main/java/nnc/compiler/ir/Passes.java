package nnc.compiler.ir;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Graph-to-graph passes. Each is a pure function from graph to graph; {@code Compiler} runs
 * them in a fixed order and can print the graph after each. Passes decide every target-neutral
 * choice (what fuses with what); emitters only render what they are given.
 */
public final class Passes {
    private Passes() {
    }

    /** Rebuilds a graph, replacing nodes by id and re-pointing operands and results. */
    private static final class Rewriter {
        private final Map<Integer, Node> current = new HashMap<>();
        private final List<Node> out = new ArrayList<>();

        Node resolve(Node n) {
            return current.getOrDefault(n.id(), n);
        }

        /** Keeps {@code n} with operands re-pointed; returns the kept version. */
        Node keep(Node n) {
            List<Node> ins = n.inputs().stream().map(this::resolve).toList();
            Node kept = ins.equals(n.inputs()) && sameIdentity(ins, n.inputs()) ? n
                    : new Node(n.id(), n.op(), ins, n.rows(), n.cols(), n.attrs(), n.label(),
                    n.origin());
            current.put(n.id(), kept);
            out.add(kept);
            return kept;
        }

        /** Puts {@code replacement} where {@code n} was (same id, so references follow). */
        Node replace(Node n, Op op, List<Node> inputs, Map<String, Object> attrs) {
            List<Node> ins = inputs.stream().map(this::resolve).toList();
            Node r = new Node(n.id(), op, ins, n.rows(), n.cols(), attrs, n.label(), n.origin());
            current.put(n.id(), r);
            out.add(r);
            return r;
        }

        /** Drops {@code n}; users must have been rewritten not to need it. */
        void alias(Node n, Node to) {
            current.put(n.id(), resolve(to));
        }

        Graph build(Graph g) {
            Map<String, Node> grads = new LinkedHashMap<>();
            g.grads().forEach((k, v) -> grads.put(k, resolve(v)));
            Map<String, Node> params = new LinkedHashMap<>();
            g.params().forEach((k, v) -> params.put(k, resolve(v)));
            return new Graph(out, resolve(g.prediction()),
                    g.loss() == null ? null : resolve(g.loss()), grads, params);
        }

        private static boolean sameIdentity(List<Node> a, List<Node> b) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) != b.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Removes nodes that no result depends on (parameters are always kept). */
    public static Graph deadCodeElimination(Graph g) {
        Set<Node> live = new HashSet<>(g.results());
        live.addAll(g.params().values());
        List<Node> nodes = g.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (live.contains(n)) {
                live.addAll(n.inputs());
            }
        }
        List<Node> kept = nodes.stream().filter(live::contains).toList();
        return new Graph(kept, g.prediction(), g.loss(), g.grads(), g.params());
    }

    /**
     * The inference graph of a forward graph: no loss, no gradients, and dropout as the
     * identity (inverted dropout scales at training time, so nothing else changes).
     */
    public static Graph inference(Graph forward) {
        Rewriter r = new Rewriter();
        for (Node n : forward.nodes()) {
            if (n.op() == Op.MUL && n.in(1).op() == Op.DROPOUT_MASK) {
                r.alias(n, n.in(0));
            } else {
                r.keep(n);
            }
        }
        Graph g = r.build(forward);
        return deadCodeElimination(new Graph(g.nodes(), g.prediction(), null, Map.of(),
                g.params()));
    }

    /**
     * Fuses the gradient of softmax followed by cross-entropy into (p - onehot(t)) / N, and of
     * sigmoid followed by binary cross-entropy into (p - t) / (N·M): cheaper, and free of the
     * 1/p that makes the unfused chain lose precision.
     */
    public static Graph fuseLossGradients(Graph g) {
        Map<Node, Integer> uses = g.useCounts();
        Rewriter r = new Rewriter();
        Set<Node> dropped = new HashSet<>();
        for (Node n : g.nodes()) {
            if (n.op() == Op.SOFTMAX_GRAD && n.in(0).op() == Op.LOSS_GRAD
                    && "CATEGORICAL_CROSS_ENTROPY".equals(n.in(0).attr("loss"))
                    && n.in(0).in(0).equals(n.in(1)) && uses.get(n.in(0)) == 1) {
                r.replace(n, Op.SOFTMAX_CE_GRAD, n.in(0).inputs(), n.in(0).attrs());
                dropped.add(n.in(0));
            } else if (n.op() == Op.ACT_GRAD && "SIGMOID".equals(n.attr("act"))
                    && n.in(0).op() == Op.LOSS_GRAD
                    && "BINARY_CROSS_ENTROPY".equals(n.in(0).attr("loss"))
                    && n.in(0).in(0).equals(n.in(1)) && uses.get(n.in(0)) == 1) {
                r.replace(n, Op.SIGMOID_BCE_GRAD, n.in(0).inputs(), n.in(0).attrs());
                dropped.add(n.in(0));
            } else {
                r.keep(n);
            }
        }
        return deadCodeElimination(r.build(g));
    }

    /**
     * Fuses matrix products with what follows them: MATMUL becomes GEMM; a bias added to a
     * GEMM's only use joins it; an activation or softmax applied to a biased GEMM's only use
     * joins it as the epilogue. The pre-activation values are then never stored: gradients
     * of activations are written in terms of the activation's output.
     */
    public static Graph fuseGemm(Graph g) {
        Map<Node, Integer> uses = g.useCounts();
        Set<Node> results = new HashSet<>(g.results());
        Rewriter r = new Rewriter();
        Map<Integer, Node> gemmOf = new HashMap<>();
        for (Node n : g.nodes()) {
            if (n.op() == Op.MATMUL) {
                Map<String, Object> attrs = new LinkedHashMap<>(n.attrs());
                attrs.put("act", "LINEAR");
                attrs.put("alpha", 0.0);
                gemmOf.put(n.id(), r.replace(n, Op.GEMM, n.inputs(), attrs));
                continue;
            }
            Node src = n.inputs().isEmpty() ? null : r.resolve(n.in(0));
            boolean single = src != null && uses.get(n.in(0)) == 1 && !results.contains(n.in(0));
            if (n.op() == Op.BIAS_ADD && single && src.op() == Op.GEMM && src.inputs().size() == 2
                    && "LINEAR".equals(src.attr("act")) && src.batched()) {
                List<Node> ins = new ArrayList<>(src.inputs());
                ins.add(n.in(1));
                r.replace(n, Op.GEMM, ins, src.attrs());
                drop(r, src);
                continue;
            }
            boolean biased = src != null && src.op() == Op.GEMM && src.inputs().size() == 3
                    && "LINEAR".equals(src.attr("act"));
            if ((n.op() == Op.ACT || n.op() == Op.SOFTMAX) && single && biased) {
                Map<String, Object> attrs = new LinkedHashMap<>(src.attrs());
                attrs.put("act", n.op() == Op.SOFTMAX ? "SOFTMAX" : n.attr("act"));
                attrs.put("alpha", n.op() == Op.SOFTMAX ? 0.0 : n.num("alpha"));
                r.replace(n, Op.GEMM, src.inputs(), attrs);
                drop(r, src);
                continue;
            }
            r.keep(n);
        }
        return r.build(g);
    }

    private static void drop(Rewriter r, Node n) {
        r.out.removeIf(x -> x.id() == n.id());
    }

    private static final Set<Op> FUSABLE = EnumSet.of(Op.ACT, Op.ACT_GRAD, Op.MUL, Op.ADD,
            Op.BIAS_ADD, Op.PRELU, Op.PRELU_GRAD_X);

    /**
     * Fuses chains of element-wise ops into MAP nodes, each one loop whose body is an
     * expression tree. A producer is folded into its consumer when the consumer is its only
     * user and it is not a result; otherwise it stays a loop of its own.
     */
    public static Graph fuseElementwise(Graph g) {
        Map<Node, Integer> uses = g.useCounts();
        Set<Node> results = new HashSet<>(g.results());
        Map<Node, Node> consumer = new HashMap<>();
        for (Node n : g.nodes()) {
            if (!FUSABLE.contains(n.op())) {
                continue;
            }
            for (Node in : n.inputs()) {
                if (FUSABLE.contains(in.op()) && uses.get(in) == 1 && !results.contains(in)
                        && in.rows() == n.rows()) {
                    consumer.put(in, n);
                }
            }
        }
        Rewriter r = new Rewriter();
        Map<Node, Expr> exprs = new HashMap<>();
        Map<Node, List<Node>> leavesOf = new HashMap<>();
        for (Node n : g.nodes()) {
            if (!FUSABLE.contains(n.op())) {
                r.keep(n);
                continue;
            }
            List<Node> leaves = new ArrayList<>();
            List<Expr> args = new ArrayList<>();
            for (Node in : n.inputs()) {
                if (consumer.get(in) == n) {
                    args.add(remap(exprs.get(in), leavesOf.get(in), leaves, n));
                } else {
                    args.add(leaf(in, leaves, n));
                }
            }
            Expr e = new Expr.Apply(function(n), alpha(n), args);
            exprs.put(n, e);
            leavesOf.put(n, leaves);
            if (!consumer.containsKey(n)) {
                r.replace(n, Op.MAP, leaves, Map.of("expr", e));
            }
        }
        return r.build(g);
    }

    private static Expr leaf(Node in, List<Node> leaves, Node user) {
        int i = leaves.indexOf(in);
        if (i < 0) {
            leaves.add(in);
            i = leaves.size() - 1;
        }
        return new Expr.Ref(i, in.rows() == 1 && user.rows() != 1);
    }

    private static Expr remap(Expr e, List<Node> from, List<Node> to, Node user) {
        if (e instanceof Expr.Ref ref) {
            return leaf(from.get(ref.index()), to, user);
        }
        Expr.Apply a = (Expr.Apply) e;
        return new Expr.Apply(a.fn(), a.alpha(),
                a.args().stream().map(x -> remap(x, from, to, user)).toList());
    }

    private static Elementwise function(Node n) {
        return switch (n.op()) {
            case ACT -> Elementwise.activation(n.attr("act"));
            case ACT_GRAD -> Elementwise.activationGrad(n.attr("act"));
            case MUL -> Elementwise.MUL;
            case ADD, BIAS_ADD -> Elementwise.ADD;
            case PRELU -> Elementwise.PRELU;
            case PRELU_GRAD_X -> Elementwise.PRELU_GRAD_X;
            default -> throw new IllegalStateException(n.op().toString());
        };
    }

    private static double alpha(Node n) {
        return n.op() == Op.ACT || n.op() == Op.ACT_GRAD ? n.num("alpha") : 0.0;
    }

    /**
     * Folds a bias gradient (column sums of a MAP's output, written straight into the gradient
     * array) into the MAP's loop, so dZ and db come out of one pass over the data.
     */
    public static Graph fuseBiasGradients(Graph g) {
        Map<Node, Node> colsum = new HashMap<>();
        Set<Node> gradResults = new HashSet<>(g.grads().values());
        for (Node n : g.nodes()) {
            if (n.op() == Op.SUM_ROWS && n.in(0).op() == Op.MAP && gradResults.contains(n)
                    && !colsum.containsKey(n.in(0))) {
                colsum.put(n.in(0), n);
            }
        }
        Rewriter r = new Rewriter();
        for (Node n : g.nodes()) {
            Node sum = colsum.get(n);
            if (sum != null) {
                Map<String, Object> attrs = new LinkedHashMap<>(n.attrs());
                attrs.put("colsum", sum.id());
                r.replace(n, n.op(), n.inputs(), attrs);
            } else if (n.op() == Op.SUM_ROWS && colsum.get(n.in(0)) == n) {
                r.replace(n, n.op(), n.inputs(), Map.of("fusedInto", n.in(0).id()));
            } else {
                r.keep(n);
            }
        }
        return r.build(g);
    }
}
