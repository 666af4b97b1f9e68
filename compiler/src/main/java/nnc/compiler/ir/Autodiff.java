package nnc.compiler.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation at compile time: appends to a forward graph the nodes that
 * compute the gradient of the loss with respect to every parameter.
 *
 * <p>The derivative rules form a table, one entry per op, next to nothing else: each rule gets
 * the forward node and the gradient flowing into it, and returns the gradient contributions
 * for its operands (null for operands that need none). Contributions to one node are summed.
 */
public final class Autodiff {

    /** Builds new nodes for a rule. */
    interface Emit {
        Node add(Op op, List<Node> inputs, int rows, int cols, Map<String, Object> attrs,
                 String label);
    }

    /** A derivative rule: gradients of the operands given the node and its output gradient. */
    interface Rule {
        List<Node> apply(Node node, Node dy, Emit e);
    }

    private static final Map<Op, Rule> RULES = new LinkedHashMap<>();

    static {
        RULES.put(Op.LOSS, (n, dy, e) -> listOf(
                e.add(Op.LOSS_GRAD, n.inputs(), Node.BATCH, n.in(0).cols(), n.attrs(),
                        n.in(0).label() + ".grad")));
        RULES.put(Op.MATMUL, (n, dy, e) -> List.of(
                // d(x·W)/dx = dy·Wᵀ
                e.add(Op.MATMUL, List.of(dy, n.in(1)), Node.BATCH, n.in(0).cols(),
                        Map.of("transA", false, "transB", true), n.in(0).label() + ".grad"),
                // d(x·W)/dW = xᵀ·dy
                e.add(Op.MATMUL, List.of(n.in(0), dy), n.in(1).rows(), n.in(1).cols(),
                        Map.of("transA", true, "transB", false), n.in(1).label() + ".grad")));
        RULES.put(Op.BIAS_ADD, (n, dy, e) -> List.of(dy,
                e.add(Op.SUM_ROWS, List.of(dy), 1, n.cols(), Map.of(),
                        n.in(1).label() + ".grad")));
        RULES.put(Op.ACT, (n, dy, e) -> listOf(
                e.add(Op.ACT_GRAD, List.of(dy, n), Node.BATCH, n.cols(), n.attrs(),
                        n.in(0).label() + ".grad")));
        RULES.put(Op.PRELU, (n, dy, e) -> List.of(
                e.add(Op.PRELU_GRAD_X, List.of(dy, n.in(0), n.in(1)), Node.BATCH, n.cols(),
                        Map.of(), n.in(0).label() + ".grad"),
                e.add(Op.PRELU_GRAD_A, List.of(dy, n.in(0)), 1, n.cols(), Map.of(),
                        n.in(1).label() + ".grad")));
        RULES.put(Op.SOFTMAX, (n, dy, e) -> listOf(
                e.add(Op.SOFTMAX_GRAD, List.of(dy, n), Node.BATCH, n.cols(), Map.of(),
                        n.in(0).label() + ".grad")));
        // Dropout is x·mask; the mask needs no gradient.
        RULES.put(Op.MUL, (n, dy, e) -> List.of(
                e.add(Op.MUL, List.of(dy, n.in(1)), Node.BATCH, n.cols(), Map.of(),
                        n.in(0).label() + ".grad"),
                e.add(Op.MUL, List.of(dy, n.in(0)), Node.BATCH, n.cols(), Map.of(),
                        n.in(1).label() + ".grad")));
        RULES.put(Op.ADD, (n, dy, e) -> List.of(dy, dy));
        RULES.put(Op.CONCAT, (n, dy, e) -> {
            List<Node> out = new ArrayList<>();
            int offset = 0;
            for (Node in : n.inputs()) {
                out.add(e.add(Op.SLICE, List.of(dy), Node.BATCH, in.cols(),
                        Map.of("offset", offset), in.label() + ".grad"));
                offset += in.cols();
            }
            return out;
        });
    }

    private static List<Node> listOf(Node single) {
        List<Node> l = new ArrayList<>();
        l.add(single);
        return l;
    }

    private Autodiff() {
    }

    /** The forward graph with gradient nodes appended and {@code grads} filled in. */
    public static Graph differentiate(Graph forward) {
        Graph.Builder b = Graph.Builder.continuing(forward);
        forward.nodes().forEach(b::keep);
        Set<Node> needsGrad = dependsOnParams(forward);
        Map<Node, Node> grad = new HashMap<>();
        Node[] current = new Node[1];
        Emit emit = (op, inputs, rows, cols, attrs, label) ->
                b.add(op, inputs, rows, cols, attrs, label, current[0].origin());
        grad.put(forward.loss(), null);
        List<Node> order = forward.nodes();
        for (int i = order.size() - 1; i >= 0; i--) {
            Node n = order.get(i);
            if (!grad.containsKey(n) || !needsGrad.contains(n)) {
                continue;
            }
            Node dy = grad.get(n);
            current[0] = n;
            Rule rule = RULES.get(n.op());
            if (rule == null) {
                if (n.op() == Op.PARAM) {
                    continue;
                }
                throw new IllegalStateException("no derivative rule for " + n.op());
            }
            List<Node> contributions = rule.apply(n, dy, emit);
            for (int k = 0; k < n.inputs().size(); k++) {
                Node in = n.in(k);
                Node c = k < contributions.size() ? contributions.get(k) : null;
                if (c == null || !needsGrad.contains(in)) {
                    continue;
                }
                Node before = grad.get(in);
                grad.put(in, before == null ? c : b.add(Op.ADD, List.of(before, c), c.rows(),
                        c.cols(), Map.of(), in.label() + ".grad", in.origin()));
            }
        }
        Map<String, Node> grads = new LinkedHashMap<>();
        for (var e : forward.params().entrySet()) {
            Node g = grad.get(e.getValue());
            if (g == null) {
                throw new IllegalStateException("parameter " + e.getKey() + " gets no gradient");
            }
            grads.put(e.getKey(), g);
        }
        return Passes.deadCodeElimination(new Graph(b.nodes(), forward.prediction(),
                forward.loss(), grads, forward.params()));
    }

    /** Nodes whose value depends on some parameter (only they need gradients). */
    private static Set<Node> dependsOnParams(Graph g) {
        Set<Node> s = new HashSet<>();
        for (Node n : g.nodes()) {
            // A dropout mask is drawn at random: no function of its input, so no gradient.
            if (n.op() == Op.PARAM || n.op() != Op.DROPOUT_MASK
                    && n.inputs().stream().anyMatch(s::contains)) {
                s.add(n);
            }
        }
        return s;
    }
}
