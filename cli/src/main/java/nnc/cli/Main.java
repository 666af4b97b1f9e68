package nnc.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import nnc.compiler.diag.Suggest;

/**
 * The {@code nnc} command. Exit codes: 0 success, 1 the model or data has errors (reported),
 * 2 bad usage, 3 an internal error of nnc.
 */
public final class Main {
    /** Version printed by {@code --version}. */
    public static final String VERSION = "0.1.0";

    private Main() {
    }

    /** Every command, in the order {@code --help} lists them. */
    static Map<String, Command> commands() {
        Map<String, Command> all = new LinkedHashMap<>();
        for (Command c : new Command[] {new CheckCommand(), new CompileCommand(),
                new TrainCommand(), new EvalCommand(), new PredictCommand(),
                new GradcheckCommand(), new SweepCommand(), new FmtCommand(), new LspCommand()}) {
            all.put(c.name(), c);
        }
        return all;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line and returns the exit code; never throws. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")
                || args[0].equals("help")) {
            if (args.length >= 2 && commands.containsKey(args[1])) {
                commands.get(args[1]).printHelp(out);
                return 0;
            }
            printHelp(args.length == 0 ? err : out, commands);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version")) {
            out.println("nnc " + VERSION);
            return 0;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("error: unknown command `" + args[0] + "`");
            Suggest.closest(args[0], commands.keySet())
                    .ifPresent(c -> err.println("  = help: did you mean `nnc " + c + "`?"));
            err.println("  = help: `nnc --help` lists the commands");
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            return command.execute(rest, out, err);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("  = help: `nnc " + command.name() + " --help` shows the usage");
            return 2;
        } catch (UserException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (OutOfMemoryError e) {
            // The model, its batch or its data is larger than the heap: the user's to change.
            err.println(String.format(java.util.Locale.ROOT, "error: not enough memory: this "
                    + "Java may use %.1f GiB", Runtime.getRuntime().maxMemory()
                    / (1024.0 * 1024 * 1024)));
            err.println("  = help: give it more with NNC_JAVA_OPTS=-Xmx..., or use a smaller "
                    + "model or batch (`nnc compile --report` shows what a model needs)");
            return 1;
        } catch (RuntimeException | Error e) {
            err.println("internal compiler error: " + e);
            err.println("  = note: this is a bug in nnc, not in your model; please report it "
                    + "with the .nn file and this message");
            if (System.getenv("NNC_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("  = note: set NNC_DEBUG=1 to see where it happened");
            }
            return 3;
        }
    }

    private static void printHelp(PrintStream out, Map<String, Command> commands) {
        out.println("nnc " + VERSION + ": a compiler for neural networks");
        out.println();
        out.println("usage: nnc <command> [options] FILE.nn");
        out.println();
        out.println("commands:");
        for (Command c : commands.values()) {
            out.printf("  %-10s %s%n", c.name(), c.summary());
        }
        out.println();
        out.println("`nnc <command> --help` shows each command's options.");
    }
}
