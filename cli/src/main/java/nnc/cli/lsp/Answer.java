package nnc.cli.lsp;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Every request gets an answer: a failure while computing one is logged to standard error and
 * answered with an empty result, so a broken file or a bug of ours never takes the server down
 * or leaves the editor waiting.
 */
final class Answer {
    private Answer() {
    }

    static <T> CompletableFuture<T> of(String request, Supplier<T> work, T fallback) {
        try {
            T result = work.get();
            return CompletableFuture.completedFuture(result == null ? fallback : result);
        } catch (Throwable e) {
            Log.error(request, e);
            return CompletableFuture.completedFuture(fallback);
        }
    }

    /** Runs a notification handler; failures are logged, never thrown. */
    static void run(String notification, Runnable work) {
        try {
            work.run();
        } catch (Throwable e) {
            Log.error(notification, e);
        }
    }
}
