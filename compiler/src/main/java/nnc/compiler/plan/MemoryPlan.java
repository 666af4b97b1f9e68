package nnc.compiler.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nnc.compiler.ir.Expr;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;

/**
 * The schedule of a graph and where every value lives while it runs. Parameters, gradients,
 * inputs, targets and the prediction have fixed homes; every other value gets a scratch buffer
 * that is handed to a later value once its last reader has run. An element-wise loop writes in
 * place over an operand that dies at that loop.
 *
 * @param schedule nodes to run, in order
 * @param homes    where each scheduled or source node's value is
 * @param buffers  scratch buffers: widths in floats per batch row, or fixed sizes
 */
public record MemoryPlan(List<Node> schedule, Map<Node, Home> homes, List<Buffer> buffers) {

    /** Storage areas of a compiled model. */
    public enum Area { INPUT, TARGET, OUTPUT, PARAMS, GRADS, BUFFER, NONE }

    /**
     * Where a value is.
     *
     * @param area   which storage
     * @param index  buffer number for {@link Area#BUFFER}
     * @param offset first float
     */
    public record Home(Area area, int index, int offset) {
    }

    /**
     * A scratch buffer.
     *
     * @param batched whether it holds {@code width} floats per batch row
     * @param width   floats per row when batched, else total floats
     */
    public record Buffer(boolean batched, int width) {
        /** Floats for a batch of {@code n}. */
        public long floats(int n) {
            return batched ? (long) n * width : width;
        }
    }

    /** Plans {@code g}; {@code offsets} gives each parameter's place in the flat arrays. */
    public static MemoryPlan plan(Graph g, Map<String, Integer> offsets) {
        Map<Node, Home> homes = new HashMap<>();
        List<Node> schedule = new ArrayList<>();
        for (Node n : g.nodes()) {
            switch (n.op()) {
                case PARAM -> homes.put(n, new Home(Area.PARAMS, 0, offsets.get((String) n
                        .attr("param"))));
                case INPUT -> homes.put(n, new Home(Area.INPUT, 0, 0));
                case TARGET -> homes.put(n, new Home(Area.TARGET, 0, 0));
                case LOSS -> homes.put(n, new Home(Area.NONE, 0, 0));
                default -> schedule.add(n);
            }
        }
        homes.put(g.prediction(), new Home(Area.OUTPUT, 0, 0));
        g.grads().forEach((p, node) -> homes.put(node, new Home(Area.GRADS, 0, offsets.get(p))));

        Map<Node, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < schedule.size(); i++) {
            for (Node in : schedule.get(i).inputs()) {
                lastUse.put(in, i);
            }
        }
        Set<Node> pinned = new HashSet<>(g.results());
        List<Buffer> buffers = new ArrayList<>();
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            Node n = schedule.get(i);
            if (!homes.containsKey(n)) {
                Integer reuse = inPlaceOperand(n, homes, lastUse, i, pinned);
                if (reuse != null) {
                    homes.put(n, new Home(Area.BUFFER, reuse, 0));
                } else {
                    homes.put(n, new Home(Area.BUFFER, take(n, buffers, free), 0));
                }
            }
            for (Node in : new HashSet<>(n.inputs())) {
                Home h = homes.get(in);
                if (lastUse.get(in) == i && h.area() == Area.BUFFER && !pinned.contains(in)
                        && !(homes.get(n).area() == Area.BUFFER
                        && homes.get(n).index() == h.index())) {
                    free.add(h.index());
                }
            }
            Home own = homes.get(n);
            if (own.area() == Area.BUFFER && !lastUse.containsKey(n) && !pinned.contains(n)) {
                free.add(own.index());
            }
        }
        return new MemoryPlan(List.copyOf(schedule), homes, List.copyOf(buffers));
    }

    /** A same-shaped operand of an element-wise loop that dies here, whose buffer it can reuse. */
    private static Integer inPlaceOperand(Node n, Map<Node, Home> homes,
                                          Map<Node, Integer> lastUse, int step,
                                          Set<Node> pinned) {
        if (n.op() != Op.MAP) {
            return null;
        }
        Expr e = n.attr("expr");
        for (int k = 0; k < n.inputs().size(); k++) {
            Node in = n.in(k);
            Home h = homes.get(in);
            if (h != null && h.area() == Area.BUFFER && lastUse.get(in) == step
                    && !pinned.contains(in) && in.rows() == n.rows() && in.cols() == n.cols()
                    && !readsAsRow(e, k)) {
                return h.index();
            }
        }
        return null;
    }

    private static boolean readsAsRow(Expr e, int k) {
        if (e instanceof Expr.Ref r) {
            return r.index() == k && r.row();
        }
        return ((Expr.Apply) e).args().stream().anyMatch(a -> readsAsRow(a, k));
    }

    private static int take(Node n, List<Buffer> buffers, List<Integer> free) {
        boolean batched = n.batched();
        int width = batched ? n.cols() : n.rows() * n.cols();
        int best = -1;
        for (int idx : free) {
            Buffer b = buffers.get(idx);
            if (b.batched() == batched && (best < 0 || fitsBetter(b, buffers.get(best), width))) {
                best = idx;
            }
        }
        if (best >= 0) {
            free.remove(Integer.valueOf(best));
            Buffer b = buffers.get(best);
            if (b.width() < width) {
                buffers.set(best, new Buffer(batched, width));
            }
            return best;
        }
        buffers.add(new Buffer(batched, width));
        return buffers.size() - 1;
    }

    private static boolean fitsBetter(Buffer candidate, Buffer current, int width) {
        boolean cFits = candidate.width() >= width;
        boolean bFits = current.width() >= width;
        if (cFits != bFits) {
            return cFits;
        }
        return cFits ? candidate.width() < current.width() : candidate.width() > current.width();
    }
}
