package nnc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import nnc.compiler.diag.Diagnostics;
import nnc.compiler.format.Formatter;
import nnc.compiler.source.SourceFile;
import nnc.runtime.io.IoErrors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code nnc fmt FILE}: print, check or rewrite a model in the canonical style. */
final class FmtCommand extends Command {
    @Override
    String name() {
        return "fmt";
    }

    @Override
    String summary() {
        return "format a model in the canonical style (print, --check or --write)";
    }

    @Override
    String usage() {
        return "FILE.nn [--check | --write]";
    }

    @Override
    Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("check")
                        .desc("exit 1 when FILE is not formatted; change nothing").get())
                .addOption(Option.builder().longOpt("write")
                        .desc("rewrite FILE in place instead of printing it").get());
    }

    @Override
    int run(CommandLine cl, PrintStream out, PrintStream err) throws IOException {
        if (cl.hasOption("check") && cl.hasOption("write")) {
            throw new UsageException("--check and --write exclude each other");
        }
        SourceFile src = Frontend.read(cl.getArgList().get(0));
        Diagnostics diag = new Diagnostics(src);
        String formatted = Formatter.format(diag);
        if (formatted == null) {
            err.print(diag.render());
            return 1;
        }
        if (cl.hasOption("check")) {
            return check(src, formatted, err);
        }
        if (cl.hasOption("write")) {
            if (!formatted.equals(src.text())) {
                replace(src.path(), formatted);
                out.println("formatted " + src.displayName());
            }
            return 0;
        }
        out.print(formatted);
        return 0;
    }

    private static int check(SourceFile src, String formatted, PrintStream err) {
        if (formatted.equals(src.text())) {
            return 0;
        }
        err.println("error: " + src.displayName() + " is not formatted (first difference on line "
                + firstDifferentLine(src.text(), formatted) + ")");
        err.println("  = help: `nnc fmt --write " + src.displayName() + "` formats it");
        return 1;
    }

    static int firstDifferentLine(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        int i = 0;
        while (i < x.length && i < y.length && x[i].equals(y[i])) {
            i++;
        }
        return i + 1;
    }

    /** Writes beside the file, then moves over it: an interrupted run never leaves half a file. */
    private static void replace(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, ".nnc-fmt", ".nn.tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UserException("cannot write " + file + ": " + IoErrors.reason(e));
        }
    }
}
