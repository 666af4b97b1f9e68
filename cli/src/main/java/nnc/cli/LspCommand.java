package nnc.cli;

import java.io.PrintStream;
import nnc.cli.lsp.NncLanguageServer;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code nnc lsp}: the language server, speaking JSON-RPC over stdin and stdout. */
final class LspCommand extends Command {
    @Override
    String name() {
        return "lsp";
    }

    @Override
    String summary() {
        return "run the language server for editors over stdin and stdout";
    }

    @Override
    String usage() {
        return "[--stdio]";
    }

    @Override
    Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("stdio")
                        .desc("talk over stdin and stdout (the only transport; editors pass it)")
                        .get())
                .addOption(Option.builder().longOpt("clientProcessId").hasArg().argName("PID")
                        .desc("accepted for editors that pass it; not used").get());
    }

    @Override
    int minArgs() {
        return 0;
    }

    @Override
    int maxArgs() {
        return 0;
    }

    /**
     * LSP4J logs a malformed message from the editor with a full stack trace through
     * java.util.logging; the server recovers and goes on, so one line on standard error (which
     * editors show in their output panel) says all there is to say.
     */
    private static void quietProtocolLog(PrintStream err) {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.eclipse.lsp4j");
        log.setUseParentHandlers(false);
        for (java.util.logging.Handler h : log.getHandlers()) {
            log.removeHandler(h);
        }
        log.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (!isLoggable(r)) {
                    return;
                }
                Throwable t = r.getThrown();
                String msg = r.getMessage();
                if (t != null) {
                    while (t.getCause() != null) {
                        t = t.getCause();
                    }
                    msg = t.getMessage() != null ? t.getMessage() : t.toString();
                }
                msg = msg == null ? "" : msg.lines().findFirst().orElse("");
                err.println("nnc lsp: " + r.getLevel().getName().toLowerCase(
                        java.util.Locale.ROOT) + ": " + msg);
            }

            @Override
            public void flush() {
                err.flush();
            }

            @Override
            public void close() {
            }
        });
        QUIET_LOGGER[0] = log; // keep it: java.util.logging holds loggers weakly
    }

    private static final java.util.logging.Logger[] QUIET_LOGGER = new java.util.logging.Logger[1];

    @Override
    int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        if (out == System.out) {
            // Standard output carries the protocol: anything else printed there would corrupt
            // it, so stray prints go to standard error from here on.
            System.setOut(err);
        }
        quietProtocolLog(err);
        NncLanguageServer server = NncLanguageServer.serve(System.in, out);
        return server.exitCode().get();
    }
}
