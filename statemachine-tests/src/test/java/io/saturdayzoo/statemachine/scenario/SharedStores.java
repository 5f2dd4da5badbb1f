package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.localstores.EmbeddedStores;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One pair of engines (DynamoDB Local, s3proxy) for the Saturdays of a test class: starting and stopping them cost
 * more than many cases' own work. Each Saturday built here gets a registry table and a data bucket of its own on
 * them ({@link Scenarios#saturdayOn}), so it sees only its own data, as on fresh stores.
 *
 * <p>A class registers it as {@code @RegisterExtension static final SharedStores STORES = new SharedStores();}: the
 * engines start before the class's first test and stop after its last.
 */
final class SharedStores implements BeforeAllCallback, AfterAllCallback {
    private final AtomicInteger cases = new AtomicInteger();
    private EmbeddedStores stores;
    private Path catalogs; // each case's copy of the catalog, naming its own bucket

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        catalogs = Files.createTempDirectory("scenario-catalogs");
        stores = EmbeddedStores.start(null);
    }

    /** As {@link Scenarios#saturday(int)}, in a new table and bucket on these engines. */
    LocalSaturday.Builder saturday(int rows) {
        return Scenarios.saturdayOn(stores, "case-" + cases.incrementAndGet(), rows, catalogs);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (stores != null) {
                stores.close();
            }
        } finally {
            // the folder holds only the catalog copies, no subfolders
            try (Stream<Path> files = Files.list(catalogs)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(catalogs);
        }
    }
}
