package io.saturdayzoo.local;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The state machine definition, loading on a thread of its own while the stores start (synthesis mostly waits on
 * node), or already at hand.
 */
final class BackgroundDefinition {
    private final CompletableFuture<String> json;

    private BackgroundDefinition(CompletableFuture<String> json) {
        this.json = json;
    }

    static BackgroundDefinition ready(String json) {
        return new BackgroundDefinition(CompletableFuture.completedFuture(json));
    }

    /** Starts loading on a daemon thread: a run that fails while the definition loads still ends. */
    static BackgroundDefinition load(Supplier<String> source) {
        return new BackgroundDefinition(CompletableFuture.supplyAsync(source, task -> {
            Thread thread = new Thread(task, "saturday-definition");
            thread.setDaemon(true);
            thread.start();
        }));
    }

    /** The definition's JSON; what the loading threw is rethrown as it was thrown. */
    String await() {
        try {
            return json.join();
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
