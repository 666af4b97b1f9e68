package nnc.cli.lsp;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import nnc.compiler.check.Spec;
import nnc.compiler.report.CostReport;

/**
 * What the checked model knows about its parts, as hover text: a layer's kind, output shape,
 * parameters and FLOPs per sample (counted like {@code nnc compile --report}), an input's
 * shape, the output's kind, the whole model's totals.
 */
final class ModelFacts {
    private final Spec.Model model;
    private final Map<String, Integer> width = new HashMap<>();

    ModelFacts(Spec.Model model) {
        this.model = model;
        model.inputs().forEach(i -> width.put(i.name(), i.size()));
        model.layers().forEach(l -> width.put(l.name(), l.size()));
    }

    /** The layer whose statement contains the cursor, as hover text; null if none. */
    String layerAt(LineMap.Cursor cursor) {
        return model.layers().stream().filter(l -> cursor.within(l.span())).findFirst()
                .map(this::layer).orElse(null);
    }

    /** An input, a layer or the output called {@code name}, as hover text; null if none. */
    String named(String name) {
        for (Spec.Input in : model.inputs()) {
            if (in.name().equals(name)) {
                return "**" + name + "** · input of shape `" + shape(in.shape()) + "` ("
                        + group(in.size()) + (in.size() == 1 ? " value" : " values")
                        + " per sample)";
            }
        }
        for (Spec.Layer l : model.layers()) {
            if (l.name().equals(name)) {
                return layer(l);
            }
        }
        Spec.Output out = model.output();
        if (out != null && out.name().equals(name)) {
            return "**" + name + "** · output: " + out.kind().name().toLowerCase(Locale.ROOT)
                    .replace('_', ' ') + ", " + out.units() + (out.units() == 1 ? " unit"
                    : " units");
        }
        return null;
    }

    /** The whole model in one line. */
    String summary() {
        long params = 0;
        long flops = 0;
        for (Spec.Layer l : model.layers()) {
            int in = width.getOrDefault(l.inputs().get(0), 0);
            params += CostReport.parameters(l, in);
            flops += CostReport.flops(l, in);
        }
        return "**" + model.name() + "** · model with " + model.layers().size()
                + (model.layers().size() == 1 ? " layer" : " layers") + "\n\n"
                + "parameters: " + group(params) + " · forward FLOPs per sample: "
                + group(flops);
    }

    private String layer(Spec.Layer l) {
        int in = width.getOrDefault(l.inputs().get(0), 0);
        String kind = l.kind().name().toLowerCase(Locale.ROOT);
        String act = l.activation() == null || l.kind() != Spec.LayerKind.DENSE
                && l.kind() != Spec.LayerKind.ACTIVATION ? "" : ", " + l.activation().word();
        return "**" + l.name() + "** · `" + kind + "` layer" + act + " → `" + shape(l.shape())
                + "`\n\n"
                + "parameters: " + group(CostReport.parameters(l, in))
                + " · FLOPs per sample: " + group(CostReport.flops(l, in))
                + " · " + (l.inputs().size() == 1 ? "input: " : "inputs: ")
                + l.inputs().stream().map(s -> "`" + s + "`").collect(Collectors.joining(", "));
    }

    static String shape(int[] s) {
        return Arrays.stream(s).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    static String group(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
