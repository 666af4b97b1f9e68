package nnc.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.lang.model.SourceVersion;
import nnc.compiler.Compiler;
import nnc.compiler.report.CostReport;
import nnc.compiler.source.SourceFile;
import nnc.runtime.io.IoErrors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code nnc compile FILE}: write the generated Java class. */
final class CompileCommand extends Command {
    @Override
    String name() {
        return "compile";
    }

    @Override
    String summary() {
        return "compile a model to one Java class (written beside it in generated/)";
    }

    @Override
    String usage() {
        return "FILE.nn [-o DIR] [--package NAME] [--report] [--dump-after STAGE]";
    }

    @Override
    Options options() {
        return new Options()
                .addOption(Option.builder("o").longOpt("out").hasArg().argName("DIR")
                        .desc("folder for the .java file (default: generated/ beside FILE)")
                        .get())
                .addOption(Option.builder().longOpt("package").hasArg().argName("NAME")
                        .desc("Java package of the class (default: none)").get())
                .addOption(Option.builder().longOpt("report").desc("print each layer's "
                        + "shape, parameters and FLOPs, and the memory the model needs").get())
                .addOption(Option.builder().longOpt("batch").hasArg().argName("N")
                        .desc("batch size for --report's memory (default: the file's)").get())
                .addOption(Option.builder().longOpt("dump-after").hasArg().argName("STAGE")
                        .desc("print the IR after a stage: " + String.join(", ",
                                Compiler.STAGES) + ", or all").get());
    }

    @Override
    int run(CommandLine cl, PrintStream out, PrintStream err) throws IOException {
        String file = cl.getArgList().get(0);
        String pkg = cl.getOptionValue("package", "");
        if (!pkg.isEmpty() && !SourceVersion.isName(pkg)) {
            throw new UsageException("`" + pkg + "` is not a Java package name");
        }
        Set<String> dumps = new LinkedHashSet<>();
        for (String s : cl.getOptionValues("dump-after") == null ? new String[0]
                : cl.getOptionValues("dump-after")) {
            if (s.equals("all")) {
                dumps.addAll(Compiler.STAGES);
            } else if (Compiler.STAGES.contains(s)) {
                dumps.add(s);
            } else {
                throw new UsageException("unknown stage `" + s + "`; stages are "
                        + String.join(", ", Compiler.STAGES) + ", or `all`");
            }
        }
        SourceFile src = Frontend.read(file);
        Compiler.Result r = Frontend.compile(src, pkg, dumps, err, out);
        if (r == null) {
            return 1;
        }
        if (cl.hasOption("report")) {
            int batch = intOption(cl, "batch", Math.max(1, r.model().training().batch()), 1);
            out.print(CostReport.render(r, batch));
        }
        Path dir = cl.hasOption("out") ? Path.of(cl.getOptionValue("out"))
                : src.baseDir().resolve("generated");
        Path target = dir;
        for (String part : pkg.isEmpty() ? new String[0] : pkg.split("\\.")) {
            target = target.resolve(part);
        }
        for (Path p = target; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new UserException("cannot write into `" + p + "`: it is a file, not a "
                        + "folder");
            }
        }
        Path javaFile = target.resolve(r.model().name() + ".java");
        try {
            Files.createDirectories(target);
            Path tmp = Files.createTempFile(target, ".nnc", ".java.tmp");
            try {
                Files.writeString(tmp, r.java().toString(), StandardCharsets.UTF_8);
                Files.move(tmp, javaFile, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UserException("cannot write " + javaFile + ": " + IoErrors.reason(e));
        }
        out.println("wrote " + javaFile);
        return 0;
    }
}
