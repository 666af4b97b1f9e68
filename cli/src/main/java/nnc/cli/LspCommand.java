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

    @Override
    int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        if (out == System.out) {
            // Standard output carries the protocol: anything else printed there would corrupt
            // it, so stray prints go to standard error from here on.
            System.setOut(err);
        }
        NncLanguageServer server = NncLanguageServer.serve(System.in, out);
        return server.exitCode().get();
    }
}
