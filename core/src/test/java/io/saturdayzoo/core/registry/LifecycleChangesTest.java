package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.events.EventPublisher;
import io.saturdayzoo.core.events.RecordingEventPublisher;
import io.saturdayzoo.localstores.EmbeddedStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.saturdayzoo.core.registry.RegistryFixture.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit trail's promise: a row, once written, is never overwritten, not even by the same change replayed. */
class LifecycleChangesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T09:00:00Z");

    private static EmbeddedStores stores;

    @BeforeAll
    static void startStores() {
        stores = EmbeddedStores.start(null);
    }

    @AfterAll
    static void stopStores() {
        stores.close();
    }

    @Test
    void aReplayedChangeWithTheSameAuditKeyIsRefusedAndTheOriginalRowStands() {
        RecordingEventPublisher events = new RecordingEventPublisher();
        RegistryFixture fx = new RegistryFixture(stores, events);
        String table = fx.env.get("ZOO_TABLE");
        // a stopped clock: the replay writes the very audit key of the first change
        ModelRegistry registry = new ModelRegistry(fx.dynamo, table, fx.artifacts, events,
                Clock.fixed(NOW, ZoneOffset.UTC));
        String prefix = ArtifactStore.runPrefix("exec-1", "churn-gbdt");
        fx.artifacts.putBytes(prefix + "model.txt", "tree".getBytes(StandardCharsets.UTF_8), "text/plain");
        registry.register(registration("exec-1", "churn-gbdt", "churn"));
        registry.lifecycle().reject("churn", 1, "worse on the shared window", "exec-gate", null);
        List<Map<String, AttributeValue>> auditBefore = registry.rawItems(LifecycleChanges.AUDIT_PREFIX + "churn");
        assertThat(auditBefore).hasSize(1);
        // put the version back where the change started, so its own condition holds and only the audit row's
        // attribute_not_exists stands between the replay and the table
        fx.dynamo.updateItem(b -> b.tableName(table)
                .key(Map.of(RegistryTables.PK, AttributeValue.fromS(VersionItems.labelPk("churn")),
                        RegistryTables.SK, AttributeValue.fromS(VersionItems.versionSk(1))))
                .updateExpression("SET lifecycle = :c")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(Lifecycle.CANDIDATE.name()))));
        events.clear();

        assertThatThrownBy(() -> registry.lifecycle().reject("churn", 1, "a different story", "someone-else", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("churn#v1");

        assertThat(registry.rawItems(LifecycleChanges.AUDIT_PREFIX + "churn")).isEqualTo(auditBefore);
        assertThat(registry.lifecycle().audit("churn")).singleElement().satisfies(row -> {
            assertThat(row.reason()).isEqualTo("worse on the shared window");
            assertThat(row.by()).isEqualTo("exec-gate");
            assertThat(row.to()).isEqualTo(Lifecycle.REJECTED);
        });
        // one transaction: the refused audit row took the version's move with it
        assertThat(registry.version("churn", 1).orElseThrow().lifecycle()).isEqualTo(Lifecycle.CANDIDATE);
        assertThat(events.events(EventPublisher.LIFECYCLE_CHANGED)).isEmpty();
    }
}
