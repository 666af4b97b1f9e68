package nnc.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** One {@code nnc} subcommand: its options, its help and what it does. */
abstract class Command {
    /** The word after {@code nnc}. */
    abstract String name();

    /** One line for {@code nnc --help}. */
    abstract String summary();

    /** Usage line after {@code nnc NAME}. */
    abstract String usage();

    /** Its options, without {@code --help}. */
    abstract Options options();

    /** Runs with parsed options; returns the exit code. */
    abstract int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception;

    /** Positional arguments this command takes: min and max. */
    int minArgs() {
        return 1;
    }

    int maxArgs() {
        return 1;
    }

    final int execute(String[] args, PrintStream out, PrintStream err) {
        Options options = options();
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options, args);
        } catch (org.apache.commons.cli.UnrecognizedOptionException e) {
            String token = e.getOption();
            if (token != null && token.matches("-[0-9.][-+0-9.eE,;\\s]*")) {
                throw new UsageException("`" + token + "` looks like numbers, not an option: put "
                        + "`--` before them, as in `nnc " + name() + " FILE.nn -- " + token + "`");
            }
            throw new UsageException(lowerFirst(e.getMessage()));
        } catch (ParseException e) {
            throw new UsageException(lowerFirst(e.getMessage()));
        }
        if (cl.hasOption("help")) {
            printHelp(out);
            return 0;
        }
        List<String> rest = cl.getArgList();
        if (rest.size() < minArgs()) {
            throw new UsageException("`nnc " + name() + "` needs " + usage());
        }
        if (rest.size() > maxArgs()) {
            throw new UsageException("unexpected argument `" + rest.get(maxArgs()) + "`");
        }
        try {
            return run(cl, out, err);
        } catch (RuntimeException e) {
            throw e;
        } catch (java.nio.file.FileSystemException e) {
            throw new UserException((e.getFile() == null ? "" : e.getFile() + ": ")
                    + nnc.runtime.io.IoErrors.reason(e));
        } catch (Exception e) {
            throw new UserException(e.getMessage());
        }
    }

    void printHelp(PrintStream out) {
        HelpFormatter f = HelpFormatter.builder().get();
        PrintWriter w = new PrintWriter(out);
        Options options = options();
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").get());
        f.printHelp(w, 100, "nnc " + name() + " " + usage(), summary(), options, 2, 2, "",
                false);
        w.flush();
    }

    static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** Parses an integer option, or throws a usage error naming it. */
    static int intOption(CommandLine cl, String name, int fallback, int min) {
        return intOption(cl, name, fallback, min, Integer.MAX_VALUE);
    }

    static int intOption(CommandLine cl, String name, int fallback, int min, int max) {
        String v = cl.getOptionValue(name);
        if (v == null) {
            return fallback;
        }
        long x;
        try {
            x = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " needs a whole number, not `" + v + "`");
        }
        if (x < min) {
            throw new UsageException("--" + name + " must be at least " + min + ", not " + v);
        }
        if (x > max) {
            throw new UsageException("--" + name + " must be at most " + max + ", not " + v);
        }
        return (int) x;
    }

    /** {@code --threads}: 0 (one per core) up to {@link TrainingConfig#MAX_THREADS}. */
    static int threadsOption(CommandLine cl, int fallback) {
        return intOption(cl, "threads", fallback, 0, nnc.runtime.TrainingConfig.MAX_THREADS);
    }
}
