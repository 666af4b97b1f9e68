package nnc.compiler.plan;

import nnc.compiler.ir.Node;

/** Prints a memory plan: the schedule with each value's home, then the scratch buffers. */
public final class PlanPrinter {
    private PlanPrinter() {
    }

    /** The text of {@code plan}. */
    public static String print(String title, MemoryPlan plan) {
        StringBuilder b = new StringBuilder("// ").append(title).append(": ")
                .append(plan.schedule().size()).append(" steps, ").append(plan.buffers().size())
                .append(" scratch buffers\n");
        for (Node n : plan.schedule()) {
            MemoryPlan.Home h = plan.homes().get(n);
            String home = switch (h.area()) {
                case BUFFER -> "buf" + h.index();
                default -> h.area().name().toLowerCase(java.util.Locale.ROOT)
                        + (h.offset() == 0 ? "" : "+" + h.offset());
            };
            b.append(String.format("%-6s %-16s %-12s -> %s  // %s%n", "%" + n.id(), n.op(),
                    n.shapeText(), home, n.label()));
        }
        for (int i = 0; i < plan.buffers().size(); i++) {
            MemoryPlan.Buffer buf = plan.buffers().get(i);
            b.append("buf").append(i).append(": ").append(buf.batched() ? "N x " + buf.width()
                    : buf.width() + " floats").append('\n');
        }
        return b.toString();
    }
}
