package nnc.compiler.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.source.Span;

/**
 * A dataflow graph in topological order with named results: the prediction, the loss, and the
 * gradient of each parameter. Graphs are values: passes return new ones.
 *
 * @param nodes      every node, operands before users
 * @param prediction the model's output
 * @param loss       the mean loss, or null in an inference graph
 * @param grads      parameter name to the node computing its gradient (training graphs)
 * @param params     parameter name to its PARAM node
 */
public record Graph(List<Node> nodes, Node prediction, Node loss, Map<String, Node> grads,
                    Map<String, Node> params) {

    /** Copies the collections. */
    public Graph {
        nodes = List.copyOf(nodes);
        grads = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(grads));
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Number of users of each node, counting results as users. */
    public Map<Node, Integer> useCounts() {
        Map<Node, Integer> uses = new HashMap<>();
        for (Node n : nodes) {
            for (Node in : n.inputs()) {
                uses.merge(in, 1, Integer::sum);
            }
        }
        for (Node r : results()) {
            uses.merge(r, 1, Integer::sum);
        }
        return uses;
    }

    /** Nodes that are results: prediction, loss, gradients. */
    public List<Node> results() {
        List<Node> r = new ArrayList<>();
        r.add(prediction);
        if (loss != null) {
            r.add(loss);
        }
        r.addAll(grads.values());
        return r;
    }

    /** The parameter a gradient node belongs to, or null. */
    public String gradOf(Node n) {
        for (var e : grads.entrySet()) {
            if (e.getValue().equals(n)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Builds graphs: hands out ids and keeps creation order (which is topological). */
    public static final class Builder {
        private final List<Node> nodes = new ArrayList<>();
        private int nextId;

        /** A builder whose ids start above every id in {@code existing}. */
        public static Builder continuing(Graph existing) {
            Builder b = new Builder();
            for (Node n : existing.nodes()) {
                b.nextId = Math.max(b.nextId, n.id() + 1);
            }
            return b;
        }

        /** Adds a node. */
        public Node add(Op op, List<Node> inputs, int rows, int cols, Map<String, Object> attrs,
                        String label, Span origin) {
            Node n = new Node(nextId++, op, inputs, rows, cols, attrs, label, origin);
            nodes.add(n);
            return n;
        }

        /** Adds an existing node unchanged (used by passes that keep most nodes). */
        public Node keep(Node n) {
            nodes.add(n);
            nextId = Math.max(nextId, n.id() + 1);
            return n;
        }

        /** The nodes so far. */
        public List<Node> nodes() {
            return nodes;
        }
    }
}
