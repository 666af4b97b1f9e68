package nnc.cli;

import java.io.PrintStream;
import nnc.compiler.Compiler;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.source.SourceFile;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code nnc check FILE}: parse and check, report every mistake. */
final class CheckCommand extends Command {
    @Override
    String name() {
        return "check";
    }

    @Override
    String summary() {
        return "parse and check a model; exit 1 with diagnostics when it has errors";
    }

    @Override
    String usage() {
        return "FILE.nn";
    }

    @Override
    Options options() {
        return new Options();
    }

    @Override
    int run(CommandLine cl, PrintStream out, PrintStream err) {
        SourceFile src = Frontend.read(cl.getArgList().get(0));
        Diagnostics diag = new Diagnostics(src);
        var model = Compiler.check(diag);
        if (model == null) {
            err.print(diag.render());
            return 1;
        }
        out.println(src.displayName() + ": model `" + model.name() + "` is fine ("
                + model.layers().size() + " layers)");
        return 0;
    }
}
