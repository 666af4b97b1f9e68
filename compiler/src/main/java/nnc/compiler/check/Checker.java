package nnc.compiler.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nnc.compiler.check.Builtins.Category;
import nnc.compiler.check.Sig.Param;
import nnc.compiler.check.Spec.ActKind;
import nnc.compiler.check.Spec.Activation;
import nnc.compiler.check.Spec.Init;
import nnc.compiler.check.Spec.InitKind;
import nnc.compiler.check.Spec.LayerKind;
import nnc.compiler.check.Spec.LossKind;
import nnc.compiler.diag.Diagnostic;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.diag.Suggest;
import nnc.compiler.source.Span;
import nnc.compiler.syntax.Ast;
import nnc.runtime.DataConfig;
import nnc.runtime.TargetKind;
import nnc.runtime.TrainingConfig;

/**
 * Resolves names, binds every option against {@link Builtins}, infers shapes and checks that
 * the loss fits the output. All mistakes a user can make are reported here, several per run
 * where the checker can go on; nothing after it reports user errors.
 */
public final class Checker {
    private static final Set<String> JAVA_RESERVED = Set.of("abstract", "assert", "boolean",
            "break", "byte", "case", "catch", "char", "class", "const", "continue", "default",
            "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto",
            "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static",
            "strictfp", "super", "switch", "synchronized", "this", "throw", "throws",
            "transient", "try", "void", "volatile", "while", "true", "false", "null", "var",
            "record", "yield", "sealed", "permits", "_");

    private final Diagnostics diag;

    private Checker(Diagnostics diag) {
        this.diag = diag;
    }

    /** The checked model, or {@code null} when errors were reported. */
    public static Spec.Model check(Ast.Model ast, Diagnostics diag) {
        Spec.Model model = new Checker(diag).run(ast);
        return diag.hasErrors() ? null : model;
    }

    /** Where a symbol (input or named layer) was defined and its per-sample shape. */
    private record Symbol(String name, int[] shape, Span span, String what) {
    }

    private Spec.Model run(Ast.Model ast) {
        String name = ast.name().text();
        if (JAVA_RESERVED.contains(name)) {
            diag.error("E0209", ast.name().span(), "model name `" + name
                    + "` is a reserved word in Java", "cannot name a Java class",
                    "rename it, for example `" + Character.toUpperCase(name.charAt(0))
                            + name.substring(1) + "Model`");
        }
        List<Ast.InputDecl> inputDecls = new ArrayList<>();
        Map<Class<?>, Ast.Member> single = new HashMap<>();
        for (Ast.Member m : ast.members()) {
            if (m instanceof Ast.InputDecl in) {
                inputDecls.add(in);
                continue;
            }
            Ast.Member before = single.putIfAbsent(m.getClass(), m);
            if (before != null) {
                diag.report(Diagnostic.error("E0204", m.span(), "`" + memberWord(m)
                                + "` is declared twice", "second declaration",
                        "keep one `" + memberWord(m) + "`")
                        .withNote(before.span(), "first declared here"));
            }
        }
        List<Spec.Input> inputs = checkInputs(inputDecls, ast);
        Ast.OutputDecl outDecl = (Ast.OutputDecl) single.get(Ast.OutputDecl.class);
        Ast.LayersBlock layersBlock = (Ast.LayersBlock) single.get(Ast.LayersBlock.class);
        Ast.LossDecl lossDecl = (Ast.LossDecl) single.get(Ast.LossDecl.class);
        Ast.OptimizerDecl optDecl = (Ast.OptimizerDecl) single.get(Ast.OptimizerDecl.class);
        requireMember(outDecl, ast, "output", "output label: classes(10)");
        requireMember(layersBlock, ast, "layers", "layers { dense(10, activation: softmax) }");
        requireMember(lossDecl, ast, "loss", "loss: categorical_cross_entropy");
        requireMember(optDecl, ast, "optimizer", "optimizer: adam(lr: 1e-3)");

        Spec.Output output = outDecl == null ? null : checkOutput(outDecl);
        List<Spec.Reg> modelRegs = checkRegs(
                (Ast.RegularizeDecl) single.get(Ast.RegularizeDecl.class));
        List<Spec.Layer> layers = layersBlock == null ? List.of()
                : checkLayers(layersBlock, inputs, modelRegs);
        Spec.Loss loss = lossDecl == null ? null : checkLoss(lossDecl);
        Spec.Optimizer optimizer = optDecl == null ? null : checkOptimizer(optDecl);
        if (output != null && loss != null && !layers.isEmpty()) {
            checkHead(layers.get(layers.size() - 1), output, loss, outDecl);
        }
        double lr = optimizer == null ? 1e-3 : optimizer.lr();
        TrainingConfig training = checkTrain((Ast.TrainBlock) single.get(Ast.TrainBlock.class),
                lr);
        DataConfig data = checkData((Ast.DataBlock) single.get(Ast.DataBlock.class));
        if (output != null && loss != null && loss.kind() == LossKind.CATEGORICAL_CROSS_ENTROPY
                && !loss.sparse() && output.kind() == TargetKind.CLASS_INDEX) {
            output = new Spec.Output(output.name(), TargetKind.ONE_HOT, output.units(),
                    output.span());
        }
        if (diag.hasErrors()) {
            return null;
        }
        return new Spec.Model(name, inputs, output, layers, loss, optimizer, training, data,
                diag.source().sha256(), ast.span());
    }

    private static String memberWord(Ast.Member m) {
        if (m instanceof Ast.InputDecl) {
            return "input";
        } else if (m instanceof Ast.OutputDecl) {
            return "output";
        } else if (m instanceof Ast.LayersBlock) {
            return "layers";
        } else if (m instanceof Ast.LossDecl) {
            return "loss";
        } else if (m instanceof Ast.OptimizerDecl) {
            return "optimizer";
        } else if (m instanceof Ast.RegularizeDecl) {
            return "regularize";
        } else if (m instanceof Ast.TrainBlock) {
            return "train";
        }
        return "data";
    }

    private void requireMember(Ast.Member m, Ast.Model ast, String word, String example) {
        if (m == null) {
            diag.error("E0203", ast.name().span(), "model `" + ast.name().text() + "` has no `"
                    + word + "`", "declared here", "add one, for example `" + example + "`");
        }
    }

    // ---- inputs and output -------------------------------------------------------------------

    private List<Spec.Input> checkInputs(List<Ast.InputDecl> decls, Ast.Model ast) {
        if (decls.isEmpty()) {
            diag.error("E0203", ast.name().span(), "model `" + ast.name().text()
                    + "` has no `input`", "declared here",
                    "add one, for example `input image: [28, 28]`");
        }
        List<Spec.Input> inputs = new ArrayList<>();
        Map<String, Ast.InputDecl> seen = new HashMap<>();
        for (Ast.InputDecl d : decls) {
            Ast.InputDecl before = seen.putIfAbsent(d.name().text(), d);
            if (before != null) {
                diag.report(Diagnostic.error("E0202", d.name().span(), "input `"
                                + d.name().text() + "` is declared twice", "second declaration",
                        "give each input its own name")
                        .withNote(before.name().span(), "first declared here"));
                continue;
            }
            int[] shape = shapeOf(d.shape(), "input `" + d.name().text() + "`");
            if (shape != null) {
                inputs.add(new Spec.Input(d.name().text(), shape, d.span()));
            }
        }
        return inputs;
    }

    private int[] shapeOf(Ast.Value v, String what) {
        if (!(v instanceof Ast.ListOf list) || list.items().isEmpty()) {
            diag.error("E0402", v.span(), "the shape of " + what + " must be a list of sizes",
                    "not a shape", "write it like `[28, 28]` or `[4]`");
            return null;
        }
        int[] shape = new int[list.items().size()];
        for (int i = 0; i < shape.length; i++) {
            Ast.Value item = list.items().get(i);
            if (!(item instanceof Ast.Num n) || !n.integral() || n.value() < 1
                    || n.value() > Integer.MAX_VALUE) {
                diag.error("E0402", item.span(), "every size in the shape of " + what
                        + " must be a positive whole number", "not a size", "");
                return null;
            }
            shape[i] = (int) n.value();
        }
        long total = 1;
        for (int s : shape) {
            total *= s;
        }
        if (total > 1 << 26) {
            diag.error("E0402", v.span(), "the shape of " + what + " has " + total
                    + " values per sample, more than nnc supports (67108864)", "too large", "");
            return null;
        }
        return shape;
    }

    private Spec.Output checkOutput(Ast.OutputDecl d) {
        String name = d.name().text();
        if (d.kind() instanceof Ast.ListOf) {
            int[] shape = shapeOf(d.kind(), "output `" + name + "`");
            if (shape == null) {
                return null;
            }
            if (shape.length != 1) {
                diag.error("E0402", d.kind().span(), "output `" + name
                        + "` must be one-dimensional", "shape " + Arrays.toString(shape),
                        "write `[" + Arrays.stream(shape).reduce(1, (a, b) -> a * b) + "]`");
                return null;
            }
            return new Spec.Output(name, TargetKind.REGRESSION, shape[0], d.span());
        }
        Map<String, Object> args = bindWord(d.kind(), Category.OUTPUT);
        if (args == null) {
            return null;
        }
        String kind = ((Ast.Call) d.kind()).name().text();
        if (kind.equals("classes")) {
            int n = (Integer) args.get("n");
            if (n < 2) {
                diag.error("E0401", d.kind().span(), "`classes` needs at least 2 classes",
                        "1 class", "for one yes/no output use `binary`");
                return null;
            }
            return new Spec.Output(name, TargetKind.CLASS_INDEX, n, d.span());
        }
        return new Spec.Output(name, TargetKind.BINARY, (Integer) args.get("units"), d.span());
    }

    // ---- layers ------------------------------------------------------------------------------

    /**
     * The most parameters a model may have: they live in one Java array (with their gradients
     * and optimizer state in arrays of the same length), which holds at most about 2^31 values.
     */
    static final long MAX_PARAMETERS = Integer.MAX_VALUE - 64;

    private List<Spec.Layer> checkLayers(Ast.LayersBlock block, List<Spec.Input> inputs,
                                         List<Spec.Reg> modelRegs) {
        Map<String, Symbol> symbols = new LinkedHashMap<>();
        for (Spec.Input in : inputs) {
            symbols.put(in.name(), new Symbol(in.name(), in.shape(), in.span(), "input"));
        }
        Symbol previous = inputs.size() == 1 ? symbols.get(inputs.get(0).name()) : null;
        boolean afterError = false;
        Map<String, Integer> counters = new HashMap<>();
        List<Spec.Layer> layers = new ArrayList<>();
        if (block.layers().isEmpty()) {
            diag.error("E0203", block.span(), "`layers` is empty", "no layers",
                    "add at least one layer, for example `dense(10, activation: softmax)`");
            return layers;
        }
        boolean broken = false;
        long parameters = 0;
        for (Ast.LayerStmt stmt : block.layers()) {
            Spec.Layer layer = checkLayer(stmt, symbols, previous, counters, modelRegs,
                    afterError);
            if (layer == null) {
                broken = true;
                afterError = true;
                previous = null;
                if (stmt.binding() != null) {
                    symbols.putIfAbsent(stmt.binding().text(), new Symbol(stmt.binding().text(),
                            null, stmt.binding().span(), "layer"));
                }
                continue;
            }
            layers.add(layer);
            if (layer.kind() == LayerKind.DENSE && !broken) {
                int in = symbols.get(layer.inputs().get(0)).shape()[0];
                parameters += (long) in * layer.units() + layer.units();
                if (parameters > MAX_PARAMETERS) {
                    diag.error("E0305", stmt.span(), String.format(Locale.ROOT,
                                    "with this layer the model has %,d parameters; a model "
                                            + "holds at most %,d", parameters, MAX_PARAMETERS),
                            "too large", "use fewer units in this or earlier layers");
                    broken = true;
                }
            }
            previous = new Symbol(layer.name(), layer.shape(), stmt.span(), "layer");
            Symbol clash = symbols.get(layer.name());
            if (clash != null) {
                diag.report(Diagnostic.error("E0202", stmt.binding() == null ? stmt.span()
                                        : stmt.binding().span(),
                                "the name `" + layer.name() + "` is already taken by "
                                        + (clash.what().equals("input") ? "an input" : "a layer"),
                                "defined again here", "choose another name")
                        .withNote(clash.span(), "`" + layer.name() + "` is defined here"));
            } else {
                symbols.put(layer.name(), previous);
            }
        }
        return broken ? List.of() : layers;
    }

    private Spec.Layer checkLayer(Ast.LayerStmt stmt, Map<String, Symbol> symbols,
                                  Symbol previous, Map<String, Integer> counters,
                                  List<Spec.Reg> modelRegs, boolean afterError) {
        Ast.Call call = stmt.call();
        String word = call.name().text();
        Sig sig = Builtins.lookup(Category.LAYER, word);
        Activation bareActivation = null;
        if (sig == null && Builtins.lookup(Category.ACTIVATION, word) != null) {
            Map<String, Object> a = bindWord(call, Category.ACTIVATION);
            if (a == null) {
                return null;
            }
            bareActivation = activation(word, a);
            sig = Builtins.lookup(Category.LAYER, "activation");
        }
        if (sig == null) {
            unknownWord(call.name(), Category.LAYER,
                    union(Builtins.of(Category.LAYER).keySet(),
                            Builtins.of(Category.ACTIVATION).keySet()));
            return null;
        }
        LayerKind kind = LayerKind.valueOf(sig.name().toUpperCase(Locale.ROOT));
        String name;
        if (stmt.binding() != null) {
            name = stmt.binding().text();
        } else {
            int k = counters.merge(sig.name(), 1, Integer::sum);
            name = sig.name() + "_" + k;
            while (symbols.containsKey(name)) {
                k = counters.merge(sig.name(), 1, Integer::sum);
                name = sig.name() + "_" + k;
            }
        }
        boolean merge = kind == LayerKind.ADD || kind == LayerKind.CONCAT;
        if (sig.params().isEmpty() && !merge && !stmt.explicitInputs()
                && call.args().size() == 1 && call.args().get(0).key() == null
                && call.args().get(0).value() instanceof Ast.Call ref && !ref.parens()) {
            // `flatten(image)`: a layer without options takes its input as the argument.
            stmt = new Ast.LayerStmt(stmt.binding(), new Ast.Call(call.name(), List.of(), true,
                    call.span()), List.of(ref.name()), stmt.span());
            call = stmt.call();
        }
        Map<String, Object> args = merge ? Map.of() : bareActivation != null ? Map.of()
                : bind(call, sig, Category.LAYER);
        if (args == null) {
            return null;
        }
        List<Symbol> sources = resolveInputs(stmt, symbols, previous, merge, name, afterError);
        if (sources == null) {
            return null;
        }
        List<String> inputNames = sources.stream().map(Symbol::name).toList();
        Symbol in = sources.get(0);
        if (in.shape() == null) {
            return null;
        }
        int[] inShape = in.shape();
        Span span = stmt.span();
        switch (kind) {
            case DENSE: {
                if (inShape.length != 1) {
                    diag.report(Diagnostic.error("E0302", call.span(), "`dense` needs a flat "
                                    + "input, but `" + in.name() + "` has shape "
                                    + shapeText(inShape), "expects [n]",
                            "add `flatten` before this layer")
                            .withNote(in.span(), "`" + in.name() + "` gets shape "
                                    + shapeText(inShape) + " here"));
                    return null;
                }
                int units = (Integer) args.get("units");
                long weights = (long) inShape[0] * units + units;
                if (weights > MAX_PARAMETERS) {
                    diag.error("E0305", call.span(), String.format(Locale.ROOT,
                                    "this layer would have %,d parameters (%,d inputs x %,d "
                                            + "units + %,d biases); a model holds at most %,d",
                                    weights, inShape[0], units, units, MAX_PARAMETERS),
                            "too large", "use fewer units");
                    return null;
                }
                Activation act = (Activation) args.get("activation");
                Init weightInit = args.get("init") instanceof Init i ? i : autoInit(act);
                Init biasInit = (Init) args.get("bias_init");
                List<Spec.Reg> regs = args.get("regularize") instanceof Spec.Reg r ? List.of(r)
                        : modelRegs;
                return new Spec.Layer(name, kind, inputNames, new int[] {units}, units, act,
                        weightInit, biasInit, regs, 0, span);
            }
            case FLATTEN:
                return new Spec.Layer(name, kind, inputNames,
                        new int[] {Arrays.stream(inShape).reduce(1, (a, b) -> a * b)}, 0, null,
                        null, null, List.of(), 0, span);
            case DROPOUT:
                return new Spec.Layer(name, kind, inputNames, inShape, 0, null, null, null,
                        List.of(), (Double) args.get("rate"), span);
            case ACTIVATION: {
                Activation act = bareActivation != null ? bareActivation
                        : (Activation) args.get("function");
                if (act.kind() == ActKind.SOFTMAX && inShape.length != 1) {
                    diag.error("E0302", call.span(), "`softmax` needs a flat input, but `"
                            + in.name() + "` has shape " + shapeText(inShape), "expects [n]",
                            "add `flatten` before it");
                    return null;
                }
                return new Spec.Layer(name, kind, inputNames, inShape,
                        Arrays.stream(inShape).reduce(1, (a, b) -> a * b), act, null, null,
                        List.of(), 0, span);
            }
            case ADD: {
                for (Symbol other : sources.subList(1, sources.size())) {
                    if (other.shape() == null) {
                        return null;
                    }
                    if (!Arrays.equals(other.shape(), inShape)) {
                        diag.report(Diagnostic.error("E0300", call.span(), "`add` needs inputs "
                                        + "of one shape, but `" + in.name() + "` is "
                                        + shapeText(inShape) + " and `" + other.name() + "` is "
                                        + shapeText(other.shape()), "shapes differ",
                                "make both the same size, for example with a `dense("
                                        + inShape[0] + ")` projection")
                                .withNote(in.span(), "`" + in.name() + "` gets shape "
                                        + shapeText(inShape) + " here")
                                .withNote(other.span(), "`" + other.name() + "` gets shape "
                                        + shapeText(other.shape()) + " here"));
                        return null;
                    }
                }
                return new Spec.Layer(name, kind, inputNames, inShape, 0, null, null, null,
                        List.of(), 0, span);
            }
            case CONCAT: {
                int total = 0;
                for (Symbol s : sources) {
                    if (s.shape() == null) {
                        return null;
                    }
                    if (s.shape().length != 1) {
                        diag.report(Diagnostic.error("E0302", call.span(), "`concat` needs flat "
                                        + "inputs, but `" + s.name() + "` has shape "
                                        + shapeText(s.shape()), "expects [n]",
                                "flatten `" + s.name() + "` first")
                                .withNote(s.span(), "`" + s.name() + "` is defined here"));
                        return null;
                    }
                    total += s.shape()[0];
                }
                return new Spec.Layer(name, kind, inputNames, new int[] {total}, 0, null, null,
                        null, List.of(), 0, span);
            }
            default:
                throw new IllegalStateException(kind.toString());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new java.util.LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private List<Symbol> resolveInputs(Ast.LayerStmt stmt, Map<String, Symbol> symbols,
                                       Symbol previous, boolean merge, String layerName,
                                       boolean afterError) {
        List<Ast.Name> names = new ArrayList<>();
        Ast.Call call = stmt.call();
        if (merge) {
            for (Ast.Arg a : call.args()) {
                if (a.key() != null || !(a.value() instanceof Ast.Call c) || c.parens()) {
                    diag.error("E0400", a.span(), "the arguments of `" + call.name().text()
                                    + "` are the names of the layers it joins", "not a layer name",
                            "write it like `" + call.name().text() + "(hidden, skip)`");
                    return null;
                }
                names.add(c.name());
            }
            if (stmt.explicitInputs()) {
                names.addAll(stmt.inputs());
            }
            if (names.size() < 2) {
                diag.error("E0304", call.span(), "`" + call.name().text()
                                + "` joins two or more layers but names " + names.size(),
                        "needs two or more inputs", "write it like `"
                                + call.name().text() + "(hidden, skip)`");
                return null;
            }
        } else if (stmt.explicitInputs()) {
            names.addAll(stmt.inputs());
            if (names.size() != 1) {
                diag.error("E0304", stmt.span(), "`" + call.name().text()
                                + "` takes one input but names " + names.size(), "too many inputs",
                        "join them first with `add(...)` or `concat(...)`");
                return null;
            }
        } else {
            if (previous == null) {
                if (!afterError && symbols.values().stream().filter(s -> s.what().equals("input")).count() > 1) {
                    String first = symbols.keySet().iterator().next();
                    diag.error("E0304", stmt.span(), "this layer could take any of the "
                                    + "model's inputs", "which input?",
                            "name it after the call, for example `" + call.name().text()
                                    + (call.parens() ? "(...)" : "") + "(" + first + ")`");
                }
                return null;
            }
            return List.of(previous);
        }
        List<Symbol> out = new ArrayList<>();
        for (Ast.Name n : names) {
            Symbol s = symbols.get(n.text());
            if (s == null) {
                var known = symbols.keySet();
                String help = Suggest.closest(n.text(), known)
                        .map(c -> "did you mean `" + c + "`?")
                        .orElse(known.isEmpty() ? "" : "known names: "
                                + known.stream().map(k -> "`" + k + "`")
                                .collect(Collectors.joining(", ")));
                diag.error("E0201", n.span(), "no input or layer is named `" + n.text() + "`",
                        "not defined before this point", help);
                return null;
            }
            if (s.name().equals(layerName)) {
                diag.error("E0201", n.span(), "layer `" + layerName + "` cannot take itself "
                        + "as input", "refers to itself", "");
                return null;
            }
            out.add(s);
        }
        return out;
    }

    private static Init autoInit(Activation act) {
        return switch (act.kind()) {
            case RELU, LEAKY_RELU, PRELU, ELU -> new Init(InitKind.HE_NORMAL, 0, 0);
            default -> new Init(InitKind.XAVIER_UNIFORM, 0, 0);
        };
    }

    static String shapeText(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    // ---- loss, head, optimizer, regularization ---------------------------------------------

    private Spec.Loss checkLoss(Ast.LossDecl d) {
        Map<String, Object> args = bindWord(d.loss(), Category.LOSS);
        if (args == null) {
            return null;
        }
        String word = ((Ast.Call) d.loss()).name().text();
        LossKind kind = LossKind.valueOf(word.toUpperCase(Locale.ROOT));
        boolean sparse = !(args.get("sparse") instanceof Boolean b) || b;
        double smooth = args.get("smooth") instanceof Double s ? s : 1.0;
        return new Spec.Loss(kind, sparse, smooth, d.loss().span());
    }

    private void checkHead(Spec.Layer last, Spec.Output out, Spec.Loss loss,
                           Ast.OutputDecl outDecl) {
        int units = last.size();
        if (last.shape().length != 1) {
            diag.report(Diagnostic.error("E0301", last.span(), "the last layer must be flat, but "
                            + "`" + last.name() + "` has shape " + shapeText(last.shape()),
                    "not flat", "add `flatten` and a `dense` layer at the end"));
            return;
        }
        if (units != out.units()) {
            String want = switch (out.kind()) {
                case CLASS_INDEX, ONE_HOT -> "classes(" + out.units() + ")";
                case BINARY -> "binary(" + out.units() + ")";
                case REGRESSION -> "[" + out.units() + "]";
            };
            diag.report(Diagnostic.error("E0301", last.span(), "the last layer has " + units
                            + (units == 1 ? " unit" : " units") + " but output `" + out.name()
                            + "` is " + want, units + (units == 1 ? " unit" : " units"),
                    "make the last layer `dense(" + out.units() + ", ...)`")
                    .withNote(outDecl.span(), "the output is declared here"));
            return;
        }
        ActKind act = last.activation() == null ? ActKind.LINEAR : last.activation().kind();
        String head = last.kind() == LayerKind.DENSE || last.kind() == LayerKind.ACTIVATION
                ? act.name().toLowerCase(Locale.ROOT) : "no activation";
        switch (loss.kind()) {
            case CATEGORICAL_CROSS_ENTROPY -> {
                if (out.kind() != TargetKind.CLASS_INDEX) {
                    lossMismatch(loss, outDecl, "`categorical_cross_entropy` needs an output of "
                            + "`classes(n)`", "declare `output " + out.name() + ": classes("
                            + out.units() + ")`");
                } else if (act != ActKind.SOFTMAX || last.kind() == LayerKind.DROPOUT) {
                    diag.report(Diagnostic.error("E0303", last.span(),
                                    "`categorical_cross_entropy` needs probabilities, but the "
                                            + "last layer ends in " + head, "not softmax",
                                    "use `activation: softmax` on the last layer")
                            .withNote(loss.span(), "the loss is chosen here"));
                }
            }
            case BINARY_CROSS_ENTROPY -> {
                if (out.kind() != TargetKind.BINARY) {
                    lossMismatch(loss, outDecl, "`binary_cross_entropy` needs an output of "
                            + "`binary`", "declare `output " + out.name() + ": binary`");
                } else if (act != ActKind.SIGMOID) {
                    diag.report(Diagnostic.error("E0303", last.span(),
                                    "`binary_cross_entropy` needs probabilities, but the last "
                                            + "layer ends in " + head, "not sigmoid",
                                    "use `activation: sigmoid` on the last layer")
                            .withNote(loss.span(), "the loss is chosen here"));
                }
            }
            case DICE -> {
                if (out.kind() != TargetKind.BINARY) {
                    lossMismatch(loss, outDecl, "`dice` compares overlaps and needs an output of "
                            + "`binary(n)`", "declare `output " + out.name() + ": binary("
                            + out.units() + ")`");
                } else if (act != ActKind.SIGMOID && act != ActKind.SOFTMAX) {
                    diag.report(Diagnostic.error("E0303", last.span(), "`dice` needs outputs in "
                                    + "[0, 1], but the last layer ends in " + head,
                            "not sigmoid", "use `activation: sigmoid` on the last layer")
                            .withNote(loss.span(), "the loss is chosen here"));
                }
            }
            case MSE, MAE -> {
                if (out.kind() == TargetKind.CLASS_INDEX) {
                    lossMismatch(loss, outDecl, "`" + loss.kind().name().toLowerCase(Locale.ROOT)
                                    + "` compares numbers, but output `" + out.name()
                                    + "` is a class", "use `loss: categorical_cross_entropy`, or "
                                    + "declare `output " + out.name() + ": [" + out.units() + "]`");
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private void lossMismatch(Spec.Loss loss, Ast.OutputDecl outDecl, String message,
                              String help) {
        diag.report(Diagnostic.error("E0303", loss.span(), message, "does not fit the output",
                help).withNote(outDecl.span(), "the output is declared here"));
    }

    private Spec.Optimizer checkOptimizer(Ast.OptimizerDecl d) {
        Map<String, Object> args = bindWord(d.optimizer(), Category.OPTIMIZER);
        if (args == null) {
            return null;
        }
        String word = ((Ast.Call) d.optimizer()).name().text();
        var kind = Spec.OptKind.valueOf(word.toUpperCase(Locale.ROOT));
        Map<String, Object> params = new LinkedHashMap<>(args);
        double lr = (Double) params.remove("lr");
        if (kind == Spec.OptKind.SGD && (Boolean) params.get("nesterov")
                && (Double) params.get("momentum") == 0.0) {
            diag.error("E0401", d.optimizer().span(), "Nesterov momentum needs a momentum",
                    "`nesterov: true` with `momentum: 0`", "add `momentum: 0.9`");
        }
        return new Spec.Optimizer(kind, lr, Map.copyOf(params), d.optimizer().span());
    }

    private List<Spec.Reg> checkRegs(Ast.RegularizeDecl d) {
        if (d == null) {
            return List.of();
        }
        List<Spec.Reg> regs = new ArrayList<>();
        for (Ast.Value v : d.terms()) {
            Object r = convert(v, Sig.Type.REG, "regularize");
            if (r instanceof Spec.Reg reg) {
                regs.add(reg);
            }
        }
        return regs;
    }

    // ---- train and data ------------------------------------------------------------------

    private TrainingConfig checkTrain(Ast.TrainBlock block, double lr) {
        Map<String, Object> s = settings(block == null ? List.of() : block.settings(),
                Category.TRAIN);
        int epochs = s.get("epochs") instanceof Integer e ? e : 10;
        int batch = s.get("batch") instanceof Integer b ? b : 32;
        boolean shuffle = !(s.get("shuffle") instanceof Boolean b) || b;
        long seed = s.get("seed") instanceof Integer i ? i : 42;
        double validation = s.get("validation") instanceof Double v ? v : 0.0;
        int threads = s.get("threads") instanceof Integer t ? t : 0;
        if (threads > TrainingConfig.MAX_THREADS) {
            for (Ast.Setting setting : block.settings()) {
                if (setting.key().text().equals("threads")) {
                    diag.error("E0401", setting.value().span(), "`threads` must be at most "
                            + TrainingConfig.MAX_THREADS + ", not " + threads, "out of range",
                            "0 uses one thread per core");
                }
            }
            threads = 0;
        }
        var schedule = s.get("schedule") instanceof TrainingConfig.Schedule sc ? sc
                : TrainingConfig.Schedule.NONE;
        var early = s.get("early_stopping") instanceof TrainingConfig.EarlyStopping es ? es
                : null;
        return new TrainingConfig(epochs, batch, shuffle, seed, validation, threads, lr,
                schedule, early);
    }

    private DataConfig checkData(Ast.DataBlock block) {
        if (block == null) {
            return null;
        }
        Map<String, Object> s = settings(block.settings(), Category.DATA);
        if (!s.containsKey("train")) {
            if (!diag.hasErrors()) {
                diag.error("E0206", block.span(), "`data` has no `train` source",
                        "missing `train`", "add `train: csv(\"file.csv\", label: \"y\")`");
            }
            return null;
        }
        var normalize = s.get("normalize") instanceof DataConfig.Normalize n ? n
                : DataConfig.Normalize.NONE;
        return new DataConfig((DataConfig.Source) s.get("train"),
                (DataConfig.Source) s.get("test"), normalize,
                diag.source().baseDir().toString());
    }

    /** Settings of a block: each key once, each checked against its one-value signature. */
    private Map<String, Object> settings(List<Ast.Setting> settings, Category category) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Ast.Setting> seen = new HashMap<>();
        for (Ast.Setting st : settings) {
            String key = st.key().text();
            Sig sig = Builtins.lookup(category, key);
            if (sig == null) {
                unknownWord(st.key(), category, Builtins.of(category).keySet());
                continue;
            }
            Ast.Setting before = seen.putIfAbsent(key, st);
            if (before != null) {
                diag.report(Diagnostic.error("E0208", st.key().span(), "`" + key
                                + "` is set twice", "second setting", "keep one")
                        .withNote(before.span(), "first set here"));
                continue;
            }
            Object value;
            if (key.equals("early_stopping")) {
                if (!(st.value() instanceof Ast.Call c) || c != st.value()
                        || !c.name().text().equals(key)) {
                    diag.error("E0400", st.span(), "write early stopping as a call",
                            "not a call", "for example `early_stopping(monitor: val_loss, "
                                    + "patience: 3)`");
                    continue;
                }
                Map<String, Object> a = bind(c, sig, category);
                value = a == null ? null : new TrainingConfig.EarlyStopping(
                        (String) a.get("monitor"), (Integer) a.get("patience"),
                        (Double) a.get("min_delta"), (Boolean) a.get("restore_best"));
            } else {
                if (st.value() instanceof Ast.Call c && c.name() == st.key()) {
                    diag.error("E0400", st.span(), "`" + key + "` needs a value",
                            "missing `: value`", "write it like `" + key + ": ...`");
                    continue;
                }
                value = convert(st.value(), sig.params().get(0).type(), key);
            }
            if (value != null) {
                out.put(key, value);
            }
        }
        return out;
    }

    // ---- binding ---------------------------------------------------------------------------

    /** Binds a value that must be a word of {@code category} (with optional arguments). */
    private Map<String, Object> bindWord(Ast.Value v, Category category) {
        if (!(v instanceof Ast.Call call)) {
            diag.error("E0400", v.span(), "expected " + article(category.noun()) + " here",
                    "not " + article(category.noun()), "choose one of "
                            + listWords(Builtins.of(category).keySet()));
            return null;
        }
        Sig sig = Builtins.lookup(category, call.name().text());
        if (sig == null) {
            unknownWord(call.name(), category, Builtins.of(category).keySet());
            return null;
        }
        return bind(call, sig, category);
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    private static String listWords(Set<String> words) {
        return words.stream().map(w -> "`" + w + "`").collect(Collectors.joining(", "));
    }

    private void unknownWord(Ast.Name name, Category category, Set<String> known) {
        String help = Suggest.closest(name.text(), known).map(c -> "did you mean `" + c + "`?")
                .orElse(category.noun() + "s are " + listWords(known));
        diag.error("E0200", name.span(), "unknown " + category.noun() + " `" + name.text() + "`",
                "not " + article(category.noun()), help);
    }

    /** Binds a call's arguments to a signature, converting and range-checking each. */
    private Map<String, Object> bind(Ast.Call call, Sig sig, Category category) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Ast.Arg> given = new HashMap<>();
        boolean ok = true;
        int position = 0;
        for (Ast.Arg arg : call.args()) {
            Param p;
            if (arg.key() == null) {
                if (position >= sig.params().size()) {
                    diag.error("E0207", arg.span(), "`" + sig.name() + "` takes "
                                    + (sig.params().isEmpty() ? "no arguments"
                                    : "at most " + sig.params().size() + " argument"
                                    + (sig.params().size() == 1 ? "" : "s")),
                            "extra argument", sig.params().isEmpty() ? "write just `"
                                    + sig.name() + "`" : "usage: `" + sig.usage() + "`");
                    ok = false;
                    continue;
                }
                p = sig.params().get(position++);
            } else {
                p = sig.param(arg.key().text());
                if (p == null) {
                    var keys = sig.params().stream().map(Param::name).toList();
                    String help = Suggest.closest(arg.key().text(), keys)
                            .map(c -> "did you mean `" + c + "`?")
                            .orElse(keys.isEmpty() ? "`" + sig.name() + "` has no options"
                                    : "options of `" + sig.name() + "`: "
                                    + keys.stream().map(k -> "`" + k + "`")
                                    .collect(Collectors.joining(", ")));
                    diag.error("E0205", arg.key().span(), "`" + sig.name()
                            + "` has no option `" + arg.key().text() + "`", "unknown option", help);
                    ok = false;
                    continue;
                }
            }
            Ast.Arg before = given.putIfAbsent(p.name(), arg);
            if (before != null) {
                diag.report(Diagnostic.error("E0208", arg.span(), "`" + p.name()
                                + "` is given twice", "second value", "keep one")
                        .withNote(before.span(), "first given here"));
                ok = false;
                continue;
            }
            Object value = convert(arg.value(), p.type(), p.name());
            if (value == null) {
                ok = false;
            } else {
                out.put(p.name(), value);
            }
        }
        for (Param p : sig.params()) {
            if (out.containsKey(p.name()) || given.containsKey(p.name())) {
                continue;
            }
            if (p.required()) {
                diag.error("E0206", call.span(), "`" + sig.name() + "` needs `" + p.name()
                                + "` (" + p.doc() + ")", "missing `" + p.name() + "`",
                        "usage: `" + sig.usage() + "`");
                ok = false;
            } else {
                out.put(p.name(), defaultValue(p));
            }
        }
        return ok ? out : null;
    }

    private static Object defaultValue(Param p) {
        Object f = p.fallback();
        return switch (p.type()) {
            case ACTIVATION -> activation((String) f, Map.of());
            case INIT -> "auto".equals(f) ? "auto" : Init.ZEROS;
            case REG, SOURCE -> "none";
            case POS_INT, NON_NEG_INT, BATCH -> ((Number) f).intValue();
            case NUM, POS_NUM, NON_NEG_NUM, FRACTION -> ((Number) f).doubleValue();
            default -> f;
        };
    }

    /** Converts one value to the Java form of {@code type}, or reports why it cannot. */
    private Object convert(Ast.Value v, Sig.Type type, String what) {
        switch (type) {
            case POS_INT, NON_NEG_INT, BATCH: {
                if (type == Sig.Type.BATCH && v instanceof Ast.Call c && !c.parens()
                        && c.name().text().equals("full")) {
                    return 0;
                }
                if (v instanceof Ast.Num n && n.integral()) {
                    long x = (long) n.value();
                    boolean fits = x <= Integer.MAX_VALUE;
                    if (fits && (type == Sig.Type.NON_NEG_INT ? x >= 0 : x >= 1)) {
                        return (int) x;
                    }
                }
                return typeError(v, type, what);
            }
            case NUM, POS_NUM, NON_NEG_NUM, FRACTION: {
                if (!(v instanceof Ast.Num n)) {
                    return typeError(v, type, what);
                }
                double x = n.value();
                boolean inRange = switch (type) {
                    case POS_NUM -> x > 0;
                    case NON_NEG_NUM -> x >= 0;
                    case FRACTION -> x >= 0 && x < 1;
                    default -> true;
                };
                if (!inRange || Double.isInfinite(x)) {
                    diag.error("E0401", v.span(), "`" + what + "` must be "
                                    + type.description() + ", not " + n.text(), "out of range",
                            "");
                    return null;
                }
                if (Math.abs(x) > Float.MAX_VALUE) {
                    // The generated code computes in float, where this is infinity.
                    diag.error("E0401", v.span(), "`" + what + "` is " + n.text()
                                    + ", beyond what a float holds (about 3.4e38)",
                            "out of range", "");
                    return null;
                }
                return x;
            }
            case BOOL:
                return v instanceof Ast.Bool b ? b.value() : typeError(v, type, what);
            case STRING:
                return v instanceof Ast.Str s ? s.value() : typeError(v, type, what);
            case STRING_OR_INT:
                if (v instanceof Ast.Str s) {
                    return s.value();
                }
                if (v instanceof Ast.Num n && n.integral() && n.value() >= 0) {
                    return Integer.toString((int) n.value());
                }
                return typeError(v, type, what);
            case ACTIVATION: {
                Map<String, Object> a = bindWord(v, Category.ACTIVATION);
                return a == null ? null : activation(((Ast.Call) v).name().text(), a);
            }
            case INIT: {
                Map<String, Object> a = bindWord(v, Category.INIT);
                if (a == null) {
                    return null;
                }
                String w = ((Ast.Call) v).name().text();
                InitKind k = InitKind.valueOf(w.toUpperCase(Locale.ROOT));
                return switch (k) {
                    case UNIFORM -> {
                        double lo = (Double) a.get("low");
                        double hi = (Double) a.get("high");
                        if (lo >= hi) {
                            diag.error("E0401", v.span(), "`uniform` needs low < high", "empty range",
                                    "");
                            yield null;
                        }
                        yield new Init(k, lo, hi);
                    }
                    case NORMAL -> new Init(k, (Double) a.get("mean"), (Double) a.get("std"));
                    case CONSTANT -> new Init(k, (Double) a.get("value"), 0);
                    default -> new Init(k, 0, 0);
                };
            }
            case REG: {
                Map<String, Object> a = bindWord(v, Category.REGULARIZER);
                return a == null ? null : new Spec.Reg(((Ast.Call) v).name().text().equals("l1"),
                        (Double) a.get("lambda"));
            }
            case SCHEDULE: {
                Map<String, Object> a = bindWord(v, Category.SCHEDULE);
                if (a == null) {
                    return null;
                }
                String w = ((Ast.Call) v).name().text();
                return switch (w) {
                    case "step" -> new TrainingConfig.Schedule(TrainingConfig.Schedule.Kind.STEP,
                            (Integer) a.get("every"), (Double) a.get("gamma"), 0);
                    case "exponential" -> new TrainingConfig.Schedule(
                            TrainingConfig.Schedule.Kind.EXPONENTIAL, 0, (Double) a.get("gamma"),
                            0);
                    default -> new TrainingConfig.Schedule(TrainingConfig.Schedule.Kind.COSINE, 0,
                            1, (Double) a.get("min_lr"));
                };
            }
            case SOURCE: {
                Map<String, Object> a = bindWord(v, Category.SOURCE);
                if (a == null) {
                    return null;
                }
                String w = ((Ast.Call) v).name().text();
                DataConfig.Source fallback = a.get("fallback") instanceof DataConfig.Source f ? f
                        : null;
                if (w.equals("idx")) {
                    return new DataConfig.Source("idx",
                            List.of((String) a.get("images"), (String) a.get("labels")), Map.of(),
                            fallback);
                }
                return new DataConfig.Source("csv", List.of((String) a.get("file")),
                        Map.of("label", (String) a.get("label"), "header",
                                a.get("header").toString()), fallback);
            }
            case NORMALIZE: {
                if (v instanceof Ast.Call c && !c.parens()) {
                    switch (c.name().text()) {
                        case "none": return DataConfig.Normalize.NONE;
                        case "minmax": return DataConfig.Normalize.MINMAX;
                        case "standard": return DataConfig.Normalize.STANDARD;
                        default: break;
                    }
                    String help = Suggest.closest(c.name().text(),
                                    List.of("none", "minmax", "standard"))
                            .map(s -> "did you mean `" + s + "`?")
                            .orElse("choose `none`, `minmax` or `standard`");
                    diag.error("E0200", c.name().span(), "unknown normalization `"
                            + c.name().text() + "`", "not a normalization", help);
                    return null;
                }
                return typeError(v, type, what);
            }
            case MONITOR: {
                List<String> metrics = List.of("val_loss", "val_accuracy", "val_mae", "loss",
                        "accuracy", "mae");
                if (v instanceof Ast.Call c && !c.parens()) {
                    if (metrics.contains(c.name().text())) {
                        return c.name().text();
                    }
                    String help = Suggest.closest(c.name().text(), metrics)
                            .map(s -> "did you mean `" + s + "`?")
                            .orElse("choose " + listWords(new java.util.LinkedHashSet<>(metrics)));
                    diag.error("E0200", c.name().span(), "unknown metric `" + c.name().text()
                            + "`", "not a metric", help);
                    return null;
                }
                return typeError(v, type, what);
            }
            default:
                throw new IllegalStateException(type.toString());
        }
    }

    private Object typeError(Ast.Value v, Sig.Type type, String what) {
        String got;
        if (v instanceof Ast.Num n) {
            got = n.text();
        } else if (v instanceof Ast.Str) {
            got = "a string";
        } else if (v instanceof Ast.Bool b) {
            got = Boolean.toString(b.value());
        } else if (v instanceof Ast.ListOf) {
            got = "a list";
        } else {
            got = "`" + ((Ast.Call) v).name().text() + "`";
        }
        diag.error("E0400", v.span(), "`" + what + "` must be " + type.description() + ", not "
                + got, "expected " + type.description(), "");
        return null;
    }

    private static Activation activation(String word, Map<String, Object> args) {
        ActKind kind = ActKind.valueOf(word.toUpperCase(Locale.ROOT));
        double alpha = args.get("alpha") instanceof Double a ? a : switch (kind) {
            case LEAKY_RELU -> 0.01;
            case ELU -> 1.0;
            case PRELU -> 0.25;
            default -> 0.0;
        };
        return new Activation(kind, alpha);
    }
}
