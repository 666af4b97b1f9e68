package nnc.compiler.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import nnc.compiler.Compiler;
import nnc.compiler.check.Spec;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Op;
import nnc.compiler.plan.MemoryPlan;
import nnc.compiler.plan.OptimizerState;

/**
 * What a model costs before it runs: per layer its output shape, parameters and FLOPs per
 * sample; for the whole model the bytes of parameters, gradients, optimizer state and the
 * activations that the memory plan keeps at a batch size, and the peak of training memory.
 * A multiply-add counts as 2 FLOPs, an element-wise operation as 1.
 */
public final class CostReport {
    private CostReport() {
    }

    /** Parameters of one layer whose input is {@code in} wide. */
    public static long parameters(Spec.Layer l, int in) {
        return switch (l.kind()) {
            case DENSE -> (long) in * l.units() + l.units()
                    + (l.activation().kind() == Spec.ActKind.PRELU ? l.units() : 0);
            default -> 0;
        };
    }

    /** Forward FLOPs per sample of one layer whose input is {@code in} wide. */
    public static long flops(Spec.Layer l, int in) {
        long out = l.size();
        return switch (l.kind()) {
            case DENSE -> 2L * in * l.units() + out
                    + (l.activation().kind() == Spec.ActKind.LINEAR ? 0
                    : l.activation().kind() == Spec.ActKind.SOFTMAX ? 3 * out : out);
            case DROPOUT -> out;
            case ACTIVATION -> l.activation().kind() == Spec.ActKind.SOFTMAX ? 3 * out : out;
            case ADD -> out * (l.inputs().size() - 1);
            default -> 0;
        };
    }

    /** FLOPs of one training step per sample, counted over the training graph. */
    public static long trainingFlopsPerSample(Compiler.Result r) {
        long total = 0;
        for (Node n : r.training().nodes()) {
            if (n.op() == Op.GEMM || n.op() == Op.MATMUL) {
                long m = n.flag("transA") ? n.in(0).cols() : 1;
                long k = n.flag("transA") ? 1 : n.in(0).cols();
                total += 2 * m * n.cols() * k;
            } else if (n.op() != Op.PARAM && n.op() != Op.INPUT && n.op() != Op.TARGET
                    && n.batched()) {
                total += n.cols();
            }
        }
        return total;
    }

    /** The report as text for a batch of {@code batch} samples. */
    public static String render(Compiler.Result r, int batch) {
        Spec.Model m = r.model();
        java.util.Map<String, Integer> width = new java.util.HashMap<>();
        m.inputs().forEach(i -> width.put(i.name(), i.size()));
        m.layers().forEach(l -> width.put(l.name(), l.size()));
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "model %s: %d inputs of shape %s, output %s%n%n",
                m.name(), m.inputs().size(), m.inputs().stream()
                        .map(i -> i.name() + " " + shape(i.shape()))
                        .collect(Collectors.joining(", ")), m.output().name()));
        b.append(String.format(Locale.ROOT, "%-16s %-12s %-14s %12s %14s%n", "layer", "kind",
                "output", "parameters", "FLOPs/sample"));
        long params = 0;
        long flops = 0;
        for (Spec.Layer l : m.layers()) {
            int in = width.get(l.inputs().get(0));
            long p = parameters(l, in);
            long f = flops(l, in);
            params += p;
            flops += f;
            b.append(String.format(Locale.ROOT, "%-16s %-12s %-14s %12s %14s%n", l.name(),
                    l.kind().name().toLowerCase(Locale.ROOT), shape(l.shape()), group(p),
                    group(f)));
        }
        b.append(String.format(Locale.ROOT, "%-16s %-12s %-14s %12s %14s%n%n", "total", "", "",
                group(params), group(flops)));
        long paramBytes = 4L * r.layout().total();
        long optBytes = 4L * r.layout().total()
                * OptimizerState.names(m.optimizer()).size();
        long trainActs = activations(r.trainPlan(), batch);
        long inferActs = activations(r.inferPlan(), batch);
        long io = 4L * batch * (m.inputSize() + m.output().units()
                + (m.output().kind() == nnc.runtime.TargetKind.CLASS_INDEX ? 1
                : m.output().units()));
        b.append(String.format(Locale.ROOT, "memory at batch %d:%n", batch));
        b.append(row("parameters", paramBytes));
        b.append(row("gradients", paramBytes));
        b.append(row("optimizer state", optBytes));
        b.append(row("inputs, targets, outputs", io));
        b.append(row("activations (training plan, " + r.trainPlan().buffers().size()
                + " buffers)", trainActs));
        b.append(row("activations (inference plan, " + r.inferPlan().buffers().size()
                + " buffers)", inferActs));
        b.append(row("peak training memory", peakTrainingBytes(r, batch)));
        b.append(String.format(Locale.ROOT, "%ntraining step: %s FLOPs per sample (forward and "
                + "backward)%n", group(trainingFlopsPerSample(r))));
        return b.toString();
    }

    /**
     * The bytes of a model instance with room for {@code batch} rows: parameters, gradients,
     * optimizer state, inputs, targets and outputs, and the larger activation plan.
     */
    public static long peakTrainingBytes(Compiler.Result r, int batch) {
        Spec.Model m = r.model();
        long paramBytes = 4L * r.layout().total();
        long optBytes = paramBytes * OptimizerState.names(m.optimizer()).size();
        long io = 4L * batch * (m.inputSize() + m.output().units()
                + (m.output().kind() == nnc.runtime.TargetKind.CLASS_INDEX ? 1
                : m.output().units()));
        return 2 * paramBytes + optBytes + io
                + Math.max(activations(r.trainPlan(), batch), activations(r.inferPlan(), batch));
    }

    /** The most floats one array of an instance with room for {@code batch} rows holds. */
    public static long largestArray(Compiler.Result r, int batch) {
        long most = Math.max(r.layout().total(), (long) batch * Math.max(r.model().inputSize(),
                r.model().output().units()));
        for (MemoryPlan plan : List.of(r.trainPlan(), r.inferPlan())) {
            for (MemoryPlan.Buffer buf : plan.buffers()) {
                most = Math.max(most, buf.floats(batch));
            }
        }
        return most;
    }

    private static long activations(MemoryPlan plan, int batch) {
        return plan.buffers().stream().mapToLong(buf -> 4 * buf.floats(batch)).sum();
    }

    private static String row(String what, long bytes) {
        return String.format(Locale.ROOT, "  %-40s %12s%n", what, bytes(bytes));
    }

    static String shape(int[] s) {
        return Arrays.stream(s).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static String group(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.2f MiB", b / (1024.0 * 1024));
    }
}
