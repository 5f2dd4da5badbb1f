package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.localstores.EmbeddedStores;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pair of engines (DynamoDB Local, s3proxy) for the Saturdays of a test class: starting and stopping them cost
 * more than many cases' own work. Each Saturday built here gets a registry table and a data bucket of its own on
 * them ({@link Scenarios#saturdayOn}), so it sees only its own data, as on fresh stores.
 */
final class SharedStores implements AutoCloseable {
    private final EmbeddedStores stores = EmbeddedStores.start(null);
    private final AtomicInteger cases = new AtomicInteger();
    private final Path dir;

    /** @param dir where each case's copy of the catalog is written */
    SharedStores(Path dir) {
        this.dir = dir;
    }

    /** As {@link Scenarios#saturday(int)}, in a new table and bucket on these engines. */
    LocalSaturday.Builder saturday(int rows) {
        return Scenarios.saturdayOn(stores, "case-" + cases.incrementAndGet(), rows, dir);
    }

    @Override
    public void close() {
        stores.close();
    }
}
