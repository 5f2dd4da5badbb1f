package io.saturdayzoo.lambdas.testing;

import io.saturdayzoo.localstores.EmbeddedStores;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One DynamoDB Local + s3proxy pair for the whole test run (starting them takes seconds); each test gets its own
 * table and bucket through {@link ZooFixture}, so tests stay independent.
 */
public final class SharedStores {

    private SharedStores() {
    }

    public static EmbeddedStores get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(SharedStores.class, k -> new Resource(EmbeddedStores.start(null)), Resource.class)
                .stores;
    }

    private record Resource(EmbeddedStores stores) implements AutoCloseable {
        @Override
        public void close() {
            stores.close();
        }
    }
}
