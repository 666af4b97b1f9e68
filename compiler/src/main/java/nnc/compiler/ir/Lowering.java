package nnc.compiler.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.compiler.check.Spec;
import nnc.compiler.check.Spec.ActKind;
import nnc.compiler.source.Span;

/**
 * Lowers a checked model to the forward IR graph of one training step: inputs, parameters,
 * layers as primitive ops, and the loss. Dropout appears as a mask multiplication; the
 * inference graph is derived from this one by {@link Passes#inference}.
 */
public final class Lowering {
    private final Spec.Model model;
    private final Graph.Builder b = new Graph.Builder();
    private final Map<String, Node> params = new LinkedHashMap<>();
    private final List<ParamSpec> paramSpecs = new ArrayList<>();

    private Lowering(Spec.Model model) {
        this.model = model;
    }

    /**
     * The result of lowering.
     *
     * @param graph  forward graph with the loss
     * @param params every parameter, in declaration order
     */
    public record Result(Graph graph, List<ParamSpec> params) {
    }

    /** Lowers {@code model}. */
    public static Result lower(Spec.Model model) {
        return new Lowering(model).run();
    }

    private Result run() {
        Map<String, Node> values = new HashMap<>();
        Node all = b.add(Op.INPUT, List.of(), Node.BATCH, model.inputSize(), Map.of(), "input",
                Span.NONE);
        int offset = 0;
        for (Spec.Input in : model.inputs()) {
            Node v = model.inputs().size() == 1 ? all
                    : b.add(Op.SLICE, List.of(all), Node.BATCH, in.size(),
                            Map.of("offset", offset), in.name(), in.span());
            values.put(in.name(), v);
            offset += in.size();
        }
        Node last = null;
        for (Spec.Layer layer : model.layers()) {
            List<Node> ins = layer.inputs().stream().map(values::get).toList();
            last = layer(layer, ins);
            values.put(layer.name(), last);
        }
        Spec.Output out = model.output();
        int targetCols = switch (out.kind()) {
            case CLASS_INDEX -> 1;
            default -> out.units();
        };
        Node target = b.add(Op.TARGET, List.of(), Node.BATCH, targetCols, Map.of(), "target",
                out.span());
        Map<String, Object> lossAttrs = new HashMap<>();
        lossAttrs.put("loss", model.loss().kind().name());
        lossAttrs.put("smooth", model.loss().smooth());
        lossAttrs.put("target", out.kind().name());
        Node loss = b.add(Op.LOSS, List.of(last, target), 1, 1, lossAttrs, "loss",
                model.loss().span());
        Graph g = new Graph(b.nodes(), last, loss, Map.of(), params);
        return new Result(g, List.copyOf(paramSpecs));
    }

    private Node param(Spec.Layer layer, String suffix, int rows, int cols, Spec.Init init,
                       int fanIn, int fanOut, List<Spec.Reg> regs) {
        String name = layer.name() + "." + suffix;
        Node p = b.add(Op.PARAM, List.of(), rows, cols, Map.of("param", name), name,
                layer.span());
        params.put(name, p);
        paramSpecs.add(new ParamSpec(name, rows, cols, init, fanIn, fanOut, regs, layer.span()));
        return p;
    }

    private Node layer(Spec.Layer layer, List<Node> ins) {
        Node x = ins.get(0);
        String n = layer.name();
        Span at = layer.span();
        switch (layer.kind()) {
            case DENSE: {
                int in = x.cols();
                int units = layer.units();
                Node w = param(layer, "weight", in, units, layer.weightInit(), in, units,
                        layer.regs());
                Node bias = param(layer, "bias", 1, units, layer.biasInit(), in, units,
                        List.of());
                Node z = b.add(Op.MATMUL, List.of(x, w), Node.BATCH, units,
                        Map.of("transA", false, "transB", false), n + ".xw", at);
                Node zb = b.add(Op.BIAS_ADD, List.of(z, bias), Node.BATCH, units, Map.of(),
                        n + ".z", at);
                return activation(layer, layer.activation(), zb);
            }
            case FLATTEN:
                return x;
            case DROPOUT: {
                Node mask = b.add(Op.DROPOUT_MASK, List.of(x), Node.BATCH, x.cols(),
                        Map.of("rate", layer.rate()), n + ".mask", at);
                return b.add(Op.MUL, List.of(x, mask), Node.BATCH, x.cols(), Map.of(), n, at);
            }
            case ACTIVATION:
                return activation(layer, layer.activation(), x);
            case ADD: {
                Node sum = x;
                for (int i = 1; i < ins.size(); i++) {
                    sum = b.add(Op.ADD, List.of(sum, ins.get(i)), Node.BATCH, x.cols(), Map.of(),
                            i == ins.size() - 1 ? n : n + ".partial" + i, at);
                }
                return sum;
            }
            case CONCAT:
                return b.add(Op.CONCAT, ins, Node.BATCH, layer.size(), Map.of(), n, at);
            default:
                throw new IllegalStateException(layer.kind().toString());
        }
    }

    private Node activation(Spec.Layer layer, Spec.Activation act, Node x) {
        String n = layer.name();
        Span at = layer.span();
        if (act.kind() == ActKind.LINEAR) {
            return x;
        }
        if (act.kind() == ActKind.SOFTMAX) {
            return b.add(Op.SOFTMAX, List.of(x), Node.BATCH, x.cols(), Map.of(), n, at);
        }
        if (act.kind() == ActKind.PRELU) {
            Spec.Init init = new Spec.Init(Spec.InitKind.CONSTANT, act.alpha(), 0);
            Node a = param(layer, "alpha", 1, x.cols(), init, x.cols(), x.cols(), List.of());
            return b.add(Op.PRELU, List.of(x, a), Node.BATCH, x.cols(), Map.of(), n, at);
        }
        return b.add(Op.ACT, List.of(x), Node.BATCH, x.cols(),
                Map.of("act", act.kind().name(), "alpha", act.alpha()), n, at);
    }
}
