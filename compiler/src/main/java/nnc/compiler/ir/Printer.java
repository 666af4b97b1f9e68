package nnc.compiler.ir;

import java.util.Map;
import java.util.stream.Collectors;

/** Prints a graph one node a line, for {@code nnc compile --dump-after STAGE}. */
public final class Printer {
    private Printer() {
    }

    /** The text of {@code g}. */
    public static String print(String title, Graph g) {
        StringBuilder b = new StringBuilder();
        b.append("// ").append(title).append(": ").append(g.nodes().size()).append(" nodes\n");
        for (Node n : g.nodes()) {
            b.append(String.format("%-5s = %-16s %-12s", "%" + n.id(), n.op(), n.shapeText()));
            b.append(n.inputs().stream().map(Node::toString).collect(Collectors.joining(", ")));
            String attrs = n.attrs().entrySet().stream()
                    .map(e -> e.getKey() + "=" + show(e.getValue()))
                    .collect(Collectors.joining(", "));
            if (!attrs.isEmpty()) {
                b.append("  {").append(attrs).append('}');
            }
            b.append("  // ").append(n.label());
            if (n.origin().known()) {
                b.append(" @").append(n.origin().line());
            }
            b.append('\n');
        }
        b.append("results: prediction=").append(g.prediction());
        if (g.loss() != null) {
            b.append(", loss=").append(g.loss());
        }
        for (Map.Entry<String, Node> e : g.grads().entrySet()) {
            b.append(", d").append(e.getKey()).append('=').append(e.getValue());
        }
        return b.append('\n').toString();
    }

    private static String show(Object v) {
        if (v instanceof Expr e) {
            return Expr.show(e);
        }
        return String.valueOf(v);
    }
}
