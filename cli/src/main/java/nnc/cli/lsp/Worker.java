package nnc.cli.lsp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs the server's work, in the order the messages came, on one thread of its own with a
 * deep stack (the parser recurses once per bracket, and people do paste odd files).
 *
 * <p>Every request gets an answer: a failure while computing one is logged to standard error
 * and answered with an empty result, so a broken file or a bug of ours never takes the server
 * down or leaves the editor waiting.
 */
final class Worker {
    private static final long STACK_BYTES = 256L << 20;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(null, r, "nnc-lsp-worker", STACK_BYTES);
        t.setDaemon(true);
        return t;
    });

    /** Computes the answer to a request; {@code fallback} when it fails or finds nothing. */
    <T> CompletableFuture<T> answer(String request, Supplier<T> work, T fallback) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                T result = work.get();
                return result == null ? fallback : result;
            } catch (Throwable e) {
                Log.error(request, e);
                return fallback;
            }
        }, thread);
    }

    /** Handles a notification; failures are logged, never thrown. */
    void run(String notification, Runnable work) {
        thread.execute(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                Log.error(notification, e);
            }
        });
    }

    void stop() {
        thread.shutdown();
    }
}
