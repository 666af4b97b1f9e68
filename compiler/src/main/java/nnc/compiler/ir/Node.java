package nnc.compiler.ir;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nnc.compiler.source.Span;

/**
 * One IR value: an op applied to input nodes, with its shape and attributes. Nodes are
 * immutable; passes build new ones. {@code rows == BATCH} means the batch dimension.
 *
 * @param id     unique within a graph, in creation order
 * @param op     the operation
 * @param inputs its operands
 * @param rows   row count, or {@link #BATCH}
 * @param cols   column count
 * @param attrs  op attributes (sorted, so printing is deterministic)
 * @param label  human-readable name derived from the layer ({@code dense_1.z})
 * @param origin the .nn statement it came from
 */
public record Node(int id, Op op, List<Node> inputs, int rows, int cols,
                   Map<String, Object> attrs, String label, Span origin) {

    /** Marks the symbolic batch dimension. */
    public static final int BATCH = -1;

    /** Validating constructor: copies attributes into a sorted map. */
    public Node {
        inputs = List.copyOf(inputs);
        attrs = java.util.Collections.unmodifiableMap(new TreeMap<>(attrs));
        if (cols <= 0) {
            throw new IllegalArgumentException("node " + label + " has " + cols + " columns");
        }
    }

    /** Operand {@code i}. */
    public Node in(int i) {
        return inputs.get(i);
    }

    /** Whether rows are the batch. */
    public boolean batched() {
        return rows == BATCH;
    }

    /** Elements for a batch of {@code n}. */
    public long elements(int n) {
        return (long) (batched() ? n : rows) * cols;
    }

    /** An attribute. */
    @SuppressWarnings("unchecked")
    public <T> T attr(String key) {
        return (T) attrs.get(key);
    }

    /** A numeric attribute, 0 when absent. */
    public double num(String key) {
        Object v = attrs.get(key);
        return v == null ? 0.0 : ((Number) v).doubleValue();
    }

    /** A boolean attribute, false when absent. */
    public boolean flag(String key) {
        return Boolean.TRUE.equals(attrs.get(key));
    }

    /** "[N, 256]" or "[784, 256]". */
    public String shapeText() {
        return "[" + (batched() ? "N" : Integer.toString(rows)) + ", " + cols + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Node n && n.id == id;
    }

    @Override
    public int hashCode() {
        return id;
    }

    @Override
    public String toString() {
        return "%" + id;
    }
}
