package io.saturdayzoo.local;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A value worked out on a named thread of its own while the caller does something else, or already at hand.
 * The thread is a daemon so that a run failing while the work is still going still ends.
 */
final class Background<T> {
    private final CompletableFuture<T> result;

    private Background(CompletableFuture<T> result) {
        this.result = result;
    }

    /** Starts {@code work} on a new daemon thread named {@code threadName}. */
    static <T> Background<T> start(String threadName, Supplier<T> work) {
        return new Background<>(CompletableFuture.supplyAsync(work, task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            thread.start();
        }));
    }

    /** A value that needs no thread. */
    static <T> Background<T> done(T value) {
        return new Background<>(CompletableFuture.completedFuture(value));
    }

    /**
     * Waits for the value; what the work threw is rethrown as it was thrown (not wrapped), so the run says what
     * failed.
     */
    T await() {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
