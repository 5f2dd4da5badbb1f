package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.events.EventPublisher;
import io.saturdayzoo.core.events.EventPublishers;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import static io.saturdayzoo.core.registry.VersionItems.intAttr;
import static io.saturdayzoo.core.registry.VersionItems.str;

/**
 * The model registry: versions per label in one DynamoDB table (key design in {@link RegistryTables}, items in
 * {@link VersionItems}), artifacts in the zoo bucket ({@link ArtifactStore}).
 * <ul>
 * <li>Version numbers are allocated by a conditional transaction (version item must not exist, LATEST must still
 *     hold the number we read), so concurrent trainings of one label get distinct consecutive numbers.</li>
 * <li>Registration is idempotent on (executionId, specId): the RUN# record is part of the same transaction.</li>
 * <li>Lifecycle changes (promotion, rejection, rollback) go through {@link LifecycleChanges}.</li>
 * </ul>
 */
public final class ModelRegistry {

    private final RegistryTable table;
    private final ArtifactStore artifacts;
    private final RegistryEvents events;
    private final Clock clock;
    private final LifecycleChanges lifecycle;
    private final LatestShards latest;

    public ModelRegistry(DynamoDbClient dynamo, String table, ArtifactStore artifacts, EventPublisher events) {
        this(dynamo, table, artifacts, events, Clock.systemUTC());
    }

    public ModelRegistry(DynamoDbClient dynamo, String table, ArtifactStore artifacts, EventPublisher events,
                         Clock clock) {
        this.table = new RegistryTable(dynamo, table);
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
        this.events = new RegistryEvents(events);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifecycle = new LifecycleChanges(this, this.table, this.events, clock);
        this.latest = new LatestShards(this.table);
    }

    /** A registry for an environment map: ZOO_TABLE, ZOO_BUCKET, optional ZOO_EVENT_BUS, endpoint overrides. */
    public static ModelRegistry fromEnv(Map<String, String> env) {
        ZooEnv zoo = ZooEnv.from(env);
        return new ModelRegistry(AwsClients.dynamoDb(env), zoo.table(),
                new ArtifactStore(AwsClients.s3(env), zoo.bucket()), EventPublishers.fromEnv(env));
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    // ---- register -----------------------------------------------------------------------------------------

    /**
     * Registers a finished run as the label's next version (lifecycle CANDIDATE) and copies the run's artifacts to
     * models/{label}/v{n}/ and the dated archive. Registering the same (executionId, specId) again creates nothing
     * and returns the version registered the first time (after copying whatever artifacts are still missing, so a
     * registration whose copy failed midway is completed by a retry; nothing already copied is replaced).
     *
     * @throws IllegalArgumentException naming the field when the registration is invalid (nothing is written)
     * @throws RegistryException when the new version's homes in the bucket already hold another run's artifacts,
     *                           which the registry does not know (nothing is written)
     */
    public ModelVersion register(Registration registration) {
        RegistrationRules.validate(registration);
        Optional<ModelVersion> existing = registration(registration.executionId(), registration.specId());
        if (existing.isPresent()) {
            ensureArtifacts(existing.get());
            return existing.get();
        }
        if (registration.parentVersion() != null && version(registration.parentVersion()).isEmpty()) {
            throw new IllegalArgumentException("registration for spec '" + registration.specId() + "': field '"
                    + RunManifest.PARENT_VERSION + "': " + registration.parentVersion() + " is not registered");
        }
        for (int attempt = 1; attempt <= RegistryTable.MAX_ATTEMPTS; attempt++) {
            Optional<LatestShards.Row> latestRow = latest.current(registration.label());
            int previous = latestRow.map(LatestShards.Row::versionNumber).orElse(0);
            int next = previous + 1;
            String parent = registration.parentVersion() != null ? registration.parentVersion()
                    : previous == 0 ? null : ModelVersion.versionId(registration.label(), previous);
            ModelVersion version = newVersion(registration, next, parent);
            List<String> foreign = artifacts.foreignObjects(registration.executionId(), registration.specId(),
                    registration.label(), next, registration.completedAt());
            if (!foreign.isEmpty()) {
                if (version(registration.label(), next).isPresent()) {
                    RegistryTable.backoff(attempt); // a concurrent registration took number `next` and is copying
                    continue;
                }
                throw unknownVersionInBucket(registration, version, foreign);
            }
            try {
                table.transact(registrationWrites(version, latestRow));
            } catch (TransactionCanceledException e) {
                if (runRecordConflict(e)) {
                    // a concurrent call with the same (executionId, specId) won: its version is the answer
                    ModelVersion winner = registration(registration.executionId(), registration.specId())
                            .orElseThrow(() -> new RegistryException("registration of "
                                    + RegistrationRules.describe(registration)
                                    + " conflicted but no version is recorded", e));
                    ensureArtifacts(winner);
                    return winner;
                }
                RegistryTable.backoff(attempt); // another run of this label took number `next`: read LATEST again
                continue;
            } catch (SdkException e) {
                throw new RegistryException("cannot register " + RegistrationRules.describe(registration) + ": "
                        + e.getMessage(), e);
            }
            ensureArtifacts(version);
            events.registered(version);
            return version;
        }
        throw new RegistryException("cannot register " + RegistrationRules.describe(registration)
                + ": version number still contended after " + RegistryTable.MAX_ATTEMPTS + " attempts");
    }

    private ModelVersion newVersion(Registration r, int number, String parent) {
        return ModelVersion.builder()
                .label(r.label()).specId(r.specId()).versionNumber(number)
                .versionId(ModelVersion.versionId(r.label(), number)).parentVersionId(parent)
                .lifecycle(Lifecycle.CANDIDATE).codeCommit(r.codeCommit()).imageDigest(r.imageDigest())
                .params(r.params()).datasetRef(r.datasetRef()).metrics(r.metrics())
                .startedAt(r.startedAt()).completedAt(r.completedAt()).trainedBy(r.executionId())
                .costEstimateUsd(r.costEstimateUsd()).artifactPrefix(ArtifactStore.modelPrefix(r.label(), number))
                .baseVersions(r.baseVersions()).origin(r.origin())
                .build();
    }

    /**
     * One registration's transaction, in this order (cancellation reasons follow it): the version (must not exist),
     * the RUN# record (must not exist), then the label's LATEST row in its shard (the row read must not have moved,
     * {@link LatestShards#advance}).
     */
    private List<TransactWriteItem> registrationWrites(ModelVersion version, Optional<LatestShards.Row> previous) {
        Map<String, AttributeValue> versionItem = VersionItems.toItem(version);
        versionItem.put("registered_at", VersionItems.s(clock.instant().toString()));
        List<TransactWriteItem> writes = new ArrayList<>(List.of(putIfAbsent(versionItem),
                putIfAbsent(VersionItems.runRecordItem(version))));
        writes.addAll(latest.advance(version, previous));
        return writes;
    }

    private TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table.name()).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    private static boolean runRecordConflict(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null && reasons.size() >= 2 && "ConditionalCheckFailed".equals(reasons.get(1).code());
    }

    private RegistryException unknownVersionInBucket(Registration r, ModelVersion version, List<String> foreign) {
        return new RegistryException("cannot register " + RegistrationRules.describe(r) + " as " + version.versionId()
                + ": s3://" + artifacts.bucket() + "/" + version.artifactPrefix() + " already holds artifacts of a run "
                + "the registry does not know (" + String.join(", ", foreign) + "), and a version's artifacts are never "
                + "overwritten. The bucket and the registry table " + table.name() + " disagree (was the table deleted "
                + "or replaced?): restore the table, or move those objects out of the way, then register again. "
                + "Nothing was written.");
    }

    private void ensureArtifacts(ModelVersion version) {
        artifacts.copyRunToVersion(version.trainedBy(), version.specId(), version.label(), version.versionNumber(),
                version.completedAt());
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------

    /** Every lifecycle change (promote, reject, supersede, approval, rollback) with its audit row. */
    public LifecycleChanges lifecycle() {
        return lifecycle;
    }

    /**
     * Makes a CANDIDATE (or PENDING_APPROVAL) version the label's champion; see {@link LifecycleChanges#promote}.
     * Promoting the current champion again is a no-op.
     */
    public ModelVersion promote(String label, int versionNumber, String executionId) {
        return lifecycle.promote(label, versionNumber, "promoted", executionId == null ? "" : executionId, null);
    }

    /** Marks a CANDIDATE version REJECTED with a reason. Rejecting an already rejected version is a no-op. */
    public ModelVersion reject(String label, int versionNumber, String reason) {
        return lifecycle.reject(label, versionNumber, reason, "", null);
    }

    // ---- reads --------------------------------------------------------------------------------------------

    /**
     * The newest version of every label: a Query per LATEST shard ({@link LatestShards}) plus batched gets of those
     * versions, O(labels) whatever the history length.
     */
    public Map<String, ModelVersion> latestVersions() {
        List<Map<String, AttributeValue>> keys = latest.all().stream()
                .map(VersionItems::pointedVersionKey)
                .toList();
        return byLabel(table.batchGet(keys));
    }

    /**
     * Every label's current champion, by label; labels that never had one are absent. Reads with Query and GetItem
     * only (no BatchGetItem), so a read-only role such as Preflight's can call it.
     */
    public Map<String, ModelVersion> champions() {
        Map<String, ModelVersion> out = new TreeMap<>();
        for (Map<String, AttributeValue> pointer : latest.all()) {
            String label = str(pointer, "label");
            champion(label).ifPresent(v -> out.put(label, v));
        }
        return Collections.unmodifiableMap(out);
    }

    /** All versions of a label, oldest first. */
    public List<ModelVersion> versions(String label) {
        return rawVersions(label).stream().map(VersionItems::fromItem).toList();
    }

    /** A label's version items as stored (attributes the record does not carry, e.g. replaced_by). */
    List<Map<String, AttributeValue>> rawVersions(String label) {
        return table.queryAll(VersionItems.labelPk(label), VersionItems.VERSION_SK_PREFIX);
    }

    /** Every item of one partition, in sort-key order. */
    List<Map<String, AttributeValue>> rawItems(String pk) {
        return table.queryAll(pk, null);
    }

    public Optional<ModelVersion> version(String label, int versionNumber) {
        return table.getItem(VersionItems.labelPk(label), VersionItems.versionSk(versionNumber))
                .map(VersionItems::fromItem);
    }

    /** The version row's fields that tie it to the cost ledger (written once the job's cost is settled). */
    public static final String ALLOCATION_ID = RunOrigin.ALLOCATION_ID;
    public static final String SETTLED_COST_USD = "settled_cost_usd";

    /**
     * Stamps a registered version with its ledger allocation and the job's settled cost, once: a version already
     * stamped keeps its first allocation (the condition refuses a second).
     */
    public void recordSettledCost(String versionId, String allocationId, java.math.BigDecimal settledUsd) {
        ModelVersion.Ref ref = ModelVersion.Ref.parse(versionId);
        try {
            table.client().updateItem(b -> b.tableName(table.name())
                    .key(VersionItems.key(VersionItems.labelPk(ref.label()), VersionItems.versionSk(ref.number())))
                    .updateExpression("SET " + ALLOCATION_ID + " = :a, " + SETTLED_COST_USD + " = :c")
                    .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(" + ALLOCATION_ID
                            + ") OR " + ALLOCATION_ID + " = :a)")
                    .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(allocationId),
                            ":c", AttributeValue.fromN(settledUsd.toPlainString()))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            throw new IllegalStateException("version " + versionId + ": not registered, or already carries another "
                    + "allocation than " + allocationId, e);
        }
    }

    /** {@link #ALLOCATION_ID} and {@link #SETTLED_COST_USD} of a version row, when it carries them. */
    public Map<String, String> settledCost(String versionId) {
        ModelVersion.Ref ref = ModelVersion.Ref.parse(versionId);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        table.getItem(VersionItems.labelPk(ref.label()), VersionItems.versionSk(ref.number())).ifPresent(item -> {
            if (item.containsKey(ALLOCATION_ID)) {
                out.put(ALLOCATION_ID, item.get(ALLOCATION_ID).s());
                out.put(SETTLED_COST_USD, item.get(SETTLED_COST_USD).n());
            }
        });
        return out;
    }

    /** The version with this id ("{label}#v{n}"), e.g. an ensemble's base; an id of another shape is an error. */
    public Optional<ModelVersion> version(String versionId) {
        ModelVersion.Ref ref = ModelVersion.Ref.parse(versionId);
        return version(ref.label(), ref.number());
    }

    /** The label's current champion, if one was ever promoted. */
    public Optional<ModelVersion> champion(String label) {
        return table.getItem(VersionItems.labelPk(label), VersionItems.CHAMPION_SK)
                .flatMap(pointer -> version(label, intAttr(pointer, "version_number")));
    }

    /**
     * The champions of these labels (labels without one are absent): their pointers, then their versions, each in
     * batched gets, O(labels) items.
     */
    public Map<String, ModelVersion> champions(Collection<String> labels) {
        List<Map<String, AttributeValue>> pointerKeys = new LinkedHashSet<>(labels).stream()
                .map(VersionItems::championKey)
                .toList();
        List<Map<String, AttributeValue>> versionKeys = table.batchGet(pointerKeys).stream()
                .map(p -> ModelVersion.Ref.parse(str(p, "version_id")))
                .map(ref -> VersionItems.versionKey(ref.label(), ref.number()))
                .toList();
        return byLabel(table.batchGet(versionKeys));
    }

    /** Every version still awaiting the eval gate, across all labels, by label then version. */
    public List<ModelVersion> candidates() {
        List<ModelVersion> out = new ArrayList<>();
        for (String label : latestVersions().keySet()) {
            versions(label).stream().filter(v -> v.lifecycle() == Lifecycle.CANDIDATE).forEach(out::add);
        }
        return out;
    }

    /** Versions registered by one execution that are still CANDIDATE (what that execution's eval gate judges). */
    public List<ModelVersion> candidates(String executionId) {
        return registeredBy(executionId).stream().filter(v -> v.lifecycle() == Lifecycle.CANDIDATE).toList();
    }

    /** Every version an execution registered, whatever its lifecycle now, by label then version. */
    public List<ModelVersion> registeredBy(String executionId) {
        RegistrationRules.requireText(executionId, "registeredBy", "execution_id");
        List<Map<String, AttributeValue>> keys = table.queryAll(VersionItems.runPk(executionId), null).stream()
                .map(VersionItems::pointedVersionKey)
                .toList();
        return table.batchGet(keys).stream().map(VersionItems::fromItem)
                .sorted(Comparator.comparing(ModelVersion::label).thenComparingInt(ModelVersion::versionNumber))
                .toList();
    }

    /** The version an execution registered for a spec, if it did. */
    public Optional<ModelVersion> registration(String executionId, String specId) {
        return table.getItem(VersionItems.runPk(executionId), VersionItems.runSk(specId))
                .flatMap(r -> version(str(r, "label"), intAttr(r, "version_number")));
    }

    private static Map<String, ModelVersion> byLabel(List<Map<String, AttributeValue>> versionItems) {
        Map<String, ModelVersion> byLabel = new TreeMap<>();
        versionItems.stream().map(VersionItems::fromItem).forEach(v -> byLabel.put(v.label(), v));
        return Collections.unmodifiableMap(byLabel);
    }
}
