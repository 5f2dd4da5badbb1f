package io.saturdayzoo.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.saturdayzoo.core.events.EventPublisher;
import io.saturdayzoo.core.json.ZooJson;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one writer of lifecycle changes. Each change is one conditional DynamoDB transaction: the version moves only
 * from the state it was read in, the champion pointer only from the champion it was read as, and every version that
 * moves gets an immutable audit row (who, when, from what to what, why) that can never be overwritten
 * (attribute_not_exists). Each change is then announced on the event bus. A change whose version already stands
 * where it would go writes nothing (a re-run of the gate or a repeated command is a no-op).
 *
 * <pre>
 * CANDIDATE        -> CHAMPION | REJECTED | SUPERSEDED | PENDING_APPROVAL
 * PENDING_APPROVAL -> CHAMPION | REJECTED
 * CHAMPION         -> RETIRED (a new champion) | ROLLED_BACK (rollback)
 * RETIRED          -> CHAMPION (rollback: the champion it was replaced by becomes ROLLED_BACK)
 * </pre>
 * Audit rows: {@code AUDIT#{label} / {at}#{version_id}#{to}}.
 */
public final class LifecycleChanges {

    static final String AUDIT_PREFIX = "AUDIT#";
    /** On a RETIRED version: the champion that replaced it (what a rollback of that champion brings back). */
    static final String REPLACED_BY = "replaced_by";
    static final String GATE_JSON = "gate_json";
        private static final Set<Lifecycle> DECIDABLE = EnumSet.of(Lifecycle.CANDIDATE, Lifecycle.PENDING_APPROVAL);

    /** One audit row. */
    public record AuditEntry(String label, String versionId, Lifecycle from, Lifecycle to, String reason, String by,
                             Instant at) {
    }

    private final ModelRegistry registry;
    private final RegistryTable table;
    private final RegistryEvents events;
    private final Clock clock;

    LifecycleChanges(ModelRegistry registry, RegistryTable table, RegistryEvents events, Clock clock) {
        this.registry = registry;
        this.table = table;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Makes a CANDIDATE or PENDING_APPROVAL version its label's champion; the previous champion becomes RETIRED in
     * the same transaction (its record and artifacts stay, so it remains loadable). Concurrent promotions serialize
     * on the pointer: exactly one version of a label is CHAMPION afterwards. Promoting the champion again is a no-op.
     *
     * @param gate the gate's record to keep on the version (window, rows, metrics, verdict); null to keep what is there
     */
    public ModelVersion promote(String label, int number, String reason, String by, Map<String, Object> gate) {
        for (int attempt = 1; attempt <= RegistryTable.MAX_ATTEMPTS; attempt++) {
            ModelVersion target = require("promote", label, number);
            if (target.lifecycle() == Lifecycle.CHAMPION) {
                return target;
            }
            requireFrom("promote", target, DECIDABLE, "become champion");
            Optional<ModelVersion> previous = registry.champion(label);
            Instant now = clock.instant();
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(pointer(label, target, previous.map(ModelVersion::versionNumber).orElse(null), now, by));
            writes.add(update(target, Lifecycle.CHAMPION, reason, gate, Map.of("promoted_at", s(now.toString()),
                    "promoted_by", s(by))));
            writes.add(audit(target, Lifecycle.CHAMPION, reason, by, now));
            ModelVersion retired = null;
            if (previous.isPresent()) {
                retired = previous.get().withLifecycle(Lifecycle.RETIRED, "replaced by " + target.versionId());
                writes.add(update(previous.get(), Lifecycle.RETIRED, retired.lifecycleReason(), null,
                        Map.of("retired_at", s(now.toString()), REPLACED_BY, s(target.versionId()))));
                writes.add(audit(previous.get(), Lifecycle.RETIRED, retired.lifecycleReason(), by, now));
            }
            if (!commit(writes, target)) {
                RegistryTable.backoff(attempt); // champion or target moved under us: read again and decide again
                continue;
            }
            ModelVersion promoted = target.withLifecycle(Lifecycle.CHAMPION, reason, gate);
            announce(target, promoted, by, now);
            if (retired != null) {
                announce(previous.get(), retired, by, now);
            }
            Map<String, Object> detail = new LinkedHashMap<>(RegistryEvents.versionDetail(promoted));
            detail.put("previous_champion_version_id", previous.map(ModelVersion::versionId).orElse(null));
            detail.put("promoted_by", by);
            events.publish(EventPublisher.CHAMPION_PROMOTED, detail);
            return promoted;
        }
        throw new RegistryException("cannot promote " + ModelVersion.versionId(label, number)
                + ": champion still contended after " + RegistryTable.MAX_ATTEMPTS + " attempts");
    }

    /** CANDIDATE or PENDING_APPROVAL -> REJECTED. Rejecting a rejected version is a no-op. */
    public ModelVersion reject(String label, int number, String reason, String by, Map<String, Object> gate) {
        return move("reject", label, number, DECIDABLE, Lifecycle.REJECTED, reason, by, gate, null);
    }

    /** CANDIDATE -> SUPERSEDED: a newer candidate of the label is judged in its place. */
    public ModelVersion supersede(String label, int number, String reason, String by) {
        return move("supersede", label, number, EnumSet.of(Lifecycle.CANDIDATE), Lifecycle.SUPERSEDED, reason, by,
                null, null);
    }

    /** CANDIDATE -> PENDING_APPROVAL, announced as an approval request: a person promotes or rejects it. */
    public ModelVersion awaitApproval(String label, int number, String reason, String by, Map<String, Object> gate) {
        return move("await approval of", label, number, EnumSet.of(Lifecycle.CANDIDATE), Lifecycle.PENDING_APPROVAL,
                reason, by, gate, EventPublisher.APPROVAL_REQUESTED);
    }

    /**
     * Brings back the champion the current one replaced: in one transaction the current champion becomes ROLLED_BACK,
     * the version it replaced (RETIRED, replaced_by the current one) becomes CHAMPION, and the pointer moves back.
     *
     * @throws IllegalStateException when the label has no champion, or its champion replaced none
     */
    public ModelVersion rollback(String label, String reason, String by) {
        RegistrationRules.requireText(reason, "rollback", "reason");
        for (int attempt = 1; attempt <= RegistryTable.MAX_ATTEMPTS; attempt++) {
            ModelVersion current = registry.champion(label).orElseThrow(() -> new IllegalStateException(
                    "rollback: label '" + label + "' has no champion to roll back"));
            ModelVersion previous = registry.rawVersions(label).stream()
                    .filter(item -> Lifecycle.RETIRED.name().equals(VersionItems.str(item, "lifecycle"))
                            && current.versionId().equals(VersionItems.str(item, REPLACED_BY)))
                    .map(VersionItems::fromItem)
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("rollback: champion " + current.versionId()
                            + " replaced no earlier champion of '" + label + "'; nothing to roll back to"));
            Instant now = clock.instant();
            String backReason = "rollback from " + current.versionId() + ": " + reason;
            String awayReason = "rolled back to " + previous.versionId() + ": " + reason;
            List<TransactWriteItem> writes = List.of(
                    pointer(label, previous, current.versionNumber(), now, by),
                    update(current, Lifecycle.ROLLED_BACK, awayReason, null, Map.of("rolled_back_at", s(now.toString()))),
                    audit(current, Lifecycle.ROLLED_BACK, awayReason, by, now),
                    update(previous, Lifecycle.CHAMPION, backReason, null, Map.of("promoted_at", s(now.toString()),
                            "promoted_by", s(by))),
                    audit(previous, Lifecycle.CHAMPION, backReason, by, now));
            if (!commit(writes, current)) {
                RegistryTable.backoff(attempt);
                continue;
            }
            ModelVersion restored = previous.withLifecycle(Lifecycle.CHAMPION, backReason);
            announce(current, current.withLifecycle(Lifecycle.ROLLED_BACK, awayReason), by, now);
            announce(previous, restored, by, now);
            Map<String, Object> detail = new LinkedHashMap<>(RegistryEvents.versionDetail(restored));
            detail.put("rolled_back_version_id", current.versionId());
            detail.put("by", by);
            events.publish(EventPublisher.CHAMPION_ROLLED_BACK, detail);
            return restored;
        }
        throw new RegistryException("cannot roll back '" + label + "': champion still contended after "
                + RegistryTable.MAX_ATTEMPTS + " attempts");
    }

    /** The audit trail of one label, oldest first. */
    public List<AuditEntry> audit(String label) {
        // sorted by time, not by sort key: an ISO instant's fraction has no fixed width, so keys of one second misorder
        return registry.rawItems(AUDIT_PREFIX + label).stream().map(LifecycleChanges::auditEntry)
                .sorted(java.util.Comparator.comparing(AuditEntry::at)).toList();
    }

    /** The audit trail of every label, by label then time. */
    public List<AuditEntry> audit() {
        List<AuditEntry> out = new ArrayList<>();
        registry.latestVersions().keySet().forEach(label -> out.addAll(audit(label)));
        return out;
    }

    // ---- the transaction's parts ------------------------------------------------------------------------

    private ModelVersion move(String verb, String label, int number, Set<Lifecycle> from, Lifecycle to, String reason,
                              String by, Map<String, Object> gate, String extraEvent) {
        RegistrationRules.requireText(reason, verb, "reason");
        ModelVersion target = require(verb, label, number);
        if (target.lifecycle() == to) {
            return target;
        }
        requireFrom(verb, target, from, "become " + to);
        Instant now = clock.instant();
        List<TransactWriteItem> writes = List.of(
                update(target, to, reason, gate, Map.of(to.name().toLowerCase(Locale.ROOT) + "_at", s(now.toString()))),
                audit(target, to, reason, by, now));
        if (!commit(writes, target)) {
            ModelVersion now2 = registry.version(label, number).orElseThrow();
            if (now2.lifecycle() == to) {
                return now2;
            }
            throw new IllegalStateException(verb + ": " + target.versionId() + " became " + now2.lifecycle()
                    + " concurrently; left as it is");
        }
        ModelVersion moved = target.withLifecycle(to, reason, gate == null ? target.gate() : gate);
        announce(target, moved, by, now);
        if (extraEvent != null) {
            Map<String, Object> detail = new LinkedHashMap<>(RegistryEvents.versionDetail(moved));
            detail.put("reason", reason);
            detail.put("gate", moved.gate());
            events.publish(extraEvent, detail);
        }
        return moved;
    }

    private ModelVersion require(String verb, String label, int number) {
        RegistrationRules.requireText(label, verb, "label");
        return registry.version(label, number).orElseThrow(() -> new RegistryException(
                verb + ": no version " + ModelVersion.versionId(label, number)));
    }

    private static void requireFrom(String verb, ModelVersion target, Set<Lifecycle> from, String what) {
        if (!from.contains(target.lifecycle())) {
            throw new IllegalStateException(verb + ": " + target.versionId() + " is " + target.lifecycle()
                    + "; only " + from + " can " + what);
        }
    }

    /** False when a condition failed (something moved since we read it); true when everything was written. */
    private boolean commit(List<TransactWriteItem> writes, ModelVersion target) {
        try {
            table.transact(writes);
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        } catch (SdkException e) {
            throw new RegistryException("cannot change the lifecycle of " + target.versionId() + ": " + e.getMessage(), e);
        }
    }

    private TransactWriteItem pointer(String label, ModelVersion to, Integer expected, Instant now, String by) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RegistryTables.PK, s(VersionItems.labelPk(label)));
        item.put(RegistryTables.SK, s(VersionItems.CHAMPION_SK));
        item.put("version_number", VersionItems.n(to.versionNumber()));
        item.put("version_id", s(to.versionId()));
        item.put("promoted_at", s(now.toString()));
        item.put("promoted_by", s(by));
        Put.Builder put = Put.builder().tableName(table.name()).item(item);
        if (expected == null) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("version_number = :expected")
                    .expressionAttributeValues(Map.of(":expected", VersionItems.n(expected)));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /** The version moves to {@code to} only from the lifecycle it was read in. */
    private TransactWriteItem update(ModelVersion v, Lifecycle to, String reason, Map<String, Object> gate,
                                     Map<String, AttributeValue> extra) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET lifecycle = :to");
        values.put(":to", s(to.name()));
        values.put(":from", s(v.lifecycle().name()));
        if (reason != null) {
            set.append(", lifecycle_reason = :reason");
            values.put(":reason", s(reason));
        }
        Map<String, AttributeValue> fields = new LinkedHashMap<>(extra);
        if (gate != null) {
            fields.put(GATE_JSON, s(json(gate)));
        }
        int i = 0;
        for (Map.Entry<String, AttributeValue> e : fields.entrySet()) {
            names.put("#x" + i, e.getKey());
            values.put(":x" + i, e.getValue());
            set.append(", #x").append(i).append(" = :x").append(i);
            i++;
        }
        Update.Builder update = Update.builder().tableName(table.name())
                .key(Map.of(RegistryTables.PK, s(VersionItems.labelPk(v.label())),
                        RegistryTables.SK, s(VersionItems.versionSk(v.versionNumber()))))
                .updateExpression(set.toString())
                .conditionExpression("attribute_exists(pk) AND lifecycle = :from")
                .expressionAttributeValues(values);
        if (!names.isEmpty()) {
            update.expressionAttributeNames(names);
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    /** An audit row: written once, never overwritten. */
    private TransactWriteItem audit(ModelVersion v, Lifecycle to, String reason, String by, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RegistryTables.PK, s(AUDIT_PREFIX + v.label()));
        item.put(RegistryTables.SK, s(at + "#" + v.versionId() + "#" + to.name()));
        item.put("label", s(v.label()));
        item.put("version_id", s(v.versionId()));
        item.put("from", s(v.lifecycle().name()));
        item.put("to", s(to.name()));
        item.put("reason", s(reason == null ? "" : reason));
        item.put("by", s(by));
        item.put("at", s(at.toString()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    private void announce(ModelVersion before, ModelVersion after, String by, Instant at) {
        Map<String, Object> detail = new LinkedHashMap<>(RegistryEvents.versionDetail(after));
        detail.put("from", before.lifecycle().name());
        detail.put("to", after.lifecycle().name());
        detail.put("reason", after.lifecycleReason());
        detail.put("by", by);
        detail.put("at", at.toString());
        events.publish(EventPublisher.LIFECYCLE_CHANGED, detail);
    }

    private static AuditEntry auditEntry(Map<String, AttributeValue> item) {
        return new AuditEntry(VersionItems.str(item, "label"), VersionItems.str(item, "version_id"),
                Lifecycle.valueOf(VersionItems.str(item, "from")), Lifecycle.valueOf(VersionItems.str(item, "to")),
                VersionItems.str(item, "reason"), VersionItems.str(item, "by"),
                Instant.parse(VersionItems.str(item, "at")));
    }

    static String json(Map<String, Object> gate) {
        try {
            return ZooJson.mapper().writeValueAsString(gate);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("gate record is not serializable: " + e.getMessage(), e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value == null ? "" : value);
    }
}
