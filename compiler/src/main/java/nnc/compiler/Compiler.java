package nnc.compiler;

import com.palantir.javapoet.JavaFile;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import nnc.compiler.check.Checker;
import nnc.compiler.check.Spec;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.emit.JavaEmitter;
import nnc.compiler.ir.Autodiff;
import nnc.compiler.ir.Graph;
import nnc.compiler.ir.Lowering;
import nnc.compiler.ir.Node;
import nnc.compiler.ir.Passes;
import nnc.compiler.ir.Printer;
import nnc.compiler.plan.Layout;
import nnc.compiler.plan.MemoryPlan;
import nnc.compiler.plan.PlanPrinter;
import nnc.compiler.syntax.Ast;
import nnc.compiler.syntax.Parser;

/**
 * The whole compiler on one page: each stage is one named line, every graph stage can be
 * printed with {@code --dump-after STAGE}, and compilation stops after the checker when the
 * file has errors (no later stage reports user mistakes).
 */
public final class Compiler {

    /** Stage names accepted by {@code --dump-after}, in pipeline order. */
    public static final List<String> STAGES = List.of("lower", "differentiate", "fuse-loss",
            "fuse-gemm", "fuse-elementwise", "fuse-bias-grad", "inference", "plan");

    /**
     * How to compile.
     *
     * @param packageName package of the generated class ("" for the default package)
     * @param dumpAfter   stages whose result is printed
     * @param dump        where dumps go
     */
    public record Options(String packageName, Set<String> dumpAfter, PrintStream dump) {
        /** No package, no dumps. */
        public static Options defaults() {
            return new Options("", Set.of(), System.err);
        }
    }

    /**
     * Everything compilation produced.
     *
     * @param model       the checked model
     * @param forward     forward graph of a training step (with loss)
     * @param training    optimized training graph (forward and backward)
     * @param inference   optimized inference graph
     * @param layout      parameter layout
     * @param trainPlan   memory plan of the training graph
     * @param inferPlan   memory plan of the inference graph
     * @param lastForward highest node id of the forward pass
     * @param java        the generated class
     */
    public record Result(Spec.Model model, Lowering.Result forward, Graph training,
                         Graph inference, Layout layout, MemoryPlan trainPlan,
                         MemoryPlan inferPlan, int lastForward, JavaFile java) {
        /** Fully qualified name of the generated class. */
        public String className() {
            return java.packageName().isEmpty() ? java.typeSpec().name()
                    : java.packageName() + "." + java.typeSpec().name();
        }
    }

    private final Diagnostics diag;
    private final Options options;

    private Compiler(Diagnostics diag, Options options) {
        this.diag = diag;
        this.options = options;
    }

    /** Compiles the file behind {@code diag}; null when it has errors (they are in diag). */
    public static Result compile(Diagnostics diag, Options options) {
        return new Compiler(diag, options).run(java.util.function.UnaryOperator.identity());
    }

    /**
     * Compiles with {@code edit} applied to the checked model before lowering: how a grid
     * search varies hyper-parameters that the generated code bakes in.
     */
    public static Result compile(Diagnostics diag, Options options,
                                 java.util.function.UnaryOperator<Spec.Model> edit) {
        return new Compiler(diag, options).run(edit);
    }

    /** Parses and checks only: what {@code nnc check} and the editor need. */
    public static Spec.Model check(Diagnostics diag) {
        Ast.Model ast = Parser.parse(diag);
        return ast == null ? null : Checker.check(ast, diag);
    }

    private Result run(java.util.function.UnaryOperator<Spec.Model> edit) {
        Spec.Model checked = check(diag);
        if (checked == null) {
            return null;
        }
        Spec.Model model = edit.apply(checked);
        Lowering.Result lowered = Lowering.lower(model);
        Graph forward = graph("lower", () -> lowered.graph());
        int lastForward = forward.nodes().stream().mapToInt(Node::id).max().orElse(0);
        Graph g = graph("differentiate", () -> Autodiff.differentiate(forward));
        Graph g1 = graph("fuse-loss", () -> Passes.fuseLossGradients(g));
        Graph g2 = graph("fuse-gemm", () -> Passes.fuseGemm(g1));
        Graph g3 = graph("fuse-elementwise", () -> Passes.fuseElementwise(g2));
        Graph training = graph("fuse-bias-grad", () -> Passes.fuseBiasGradients(g3));
        Graph inference = graph("inference", () -> Passes.fuseElementwise(
                Passes.fuseGemm(Passes.inference(forward))));
        Layout layout = Layout.of(lowered.params());
        MemoryPlan trainPlan = MemoryPlan.plan(training, layout.offsets());
        MemoryPlan inferPlan = MemoryPlan.plan(inference, layout.offsets());
        if (options.dumpAfter().contains("plan")) {
            options.dump().print(PlanPrinter.print("training plan", trainPlan));
            options.dump().print(PlanPrinter.print("inference plan", inferPlan));
        }
        JavaFile java = JavaEmitter.emit(new JavaEmitter.Input(model, layout, inferPlan,
                trainPlan, lastForward, diag.source().path() == null
                ? diag.source().displayName()
                : String.valueOf(diag.source().path().getFileName()),
                options.packageName(), model.name()));
        return new Result(model, lowered, training, inference, layout, trainPlan, inferPlan,
                lastForward, java);
    }

    private Graph graph(String stage, Supplier<Graph> pass) {
        Graph g = pass.get();
        if (options.dumpAfter().contains(stage)) {
            options.dump().print(Printer.print("after " + stage, g));
        }
        return g;
    }
}
