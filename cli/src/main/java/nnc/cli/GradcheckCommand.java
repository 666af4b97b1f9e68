package nnc.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import nnc.compiler.Compiler;
import nnc.compiler.ref.GradCheck;
import nnc.compiler.source.SourceFile;
import nnc.runtime.Model;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code nnc gradcheck FILE}: check the compiler's gradients on a small random batch. */
final class GradcheckCommand extends Command {
    @Override
    String name() {
        return "gradcheck";
    }

    @Override
    String summary() {
        return "check derived gradients against central differences and generated code";
    }

    @Override
    String usage() {
        return "FILE.nn [--batch N] [--seed S]";
    }

    @Override
    Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("batch").hasArg().argName("N")
                        .desc("rows in the random batch (default 4)").get())
                .addOption(Option.builder().longOpt("seed").hasArg().argName("S")
                        .desc("seed of the random batch (default 1)").get());
    }

    @Override
    int run(CommandLine cl, PrintStream out, PrintStream err) {
        SourceFile src = Frontend.read(cl.getArgList().get(0));
        // Central differences evaluate the whole batch twice per parameter in double
        // precision: a gradient check wants a few rows, not a training batch.
        int batch = intOption(cl, "batch", 4, 1, 1024);
        int seed = intOption(cl, "seed", 1, 0);
        Compiler.Result r = Frontend.compile(src, "", Set.of(), err, out);
        if (r == null) {
            return 1;
        }
        Model model = Frontend.instantiate(r, batch);
        model.setThreads(1);
        List<GradCheck.Row> rows = GradCheck.run(r, model, batch, seed);
        out.printf("gradient check of `%s` on %d random rows%n", r.model().name(), batch);
        out.printf("%-24s %22s %22s%n", "parameter", "derived vs numeric", "float vs double");
        out.printf("%-24s %22s %22s%n", "", "(tolerance " + GradCheck.DERIVED_TOLERANCE + ")",
                "(tolerance " + GradCheck.GENERATED_TOLERANCE + ")");
        boolean ok = true;
        for (GradCheck.Row row : rows) {
            out.printf("%-24s %22.3e %22.3e%s%n", row.name(), row.derived(), row.generated(),
                    row.ok() ? "" : "  FAILED");
            ok &= row.ok();
        }
        out.println(ok ? "ok: every gradient is within tolerance"
                : "FAILED: some gradients exceed their tolerance");
        return ok ? 0 : 1;
    }
}
