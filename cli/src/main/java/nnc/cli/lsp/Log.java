package nnc.cli.lsp;

/** The server's log: standard error only, since standard output carries the protocol. */
final class Log {
    private Log() {
    }

    static void info(String message) {
        System.err.println("nnc lsp: " + message);
    }

    /** A failure of ours: one line, and the stack trace when NNC_DEBUG is set. */
    static void error(String what, Throwable e) {
        System.err.println("nnc lsp: internal error in " + what + ": " + e);
        if (System.getenv("NNC_DEBUG") != null) {
            e.printStackTrace(System.err);
        }
    }
}
