package io.saturdayzoo.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.events.EventPublisher;
import io.saturdayzoo.core.events.EventPublishers;
import io.saturdayzoo.core.json.ZooJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The model registry: versions per label in one DynamoDB table (key design in {@link RegistryTables}), artifacts
 * in the zoo bucket ({@link ArtifactStore}).
 * <ul>
 * <li>Version numbers are allocated by a conditional transaction (version item must not exist, LATEST must still
 *     hold the number we read), so concurrent trainings of one label get distinct consecutive numbers.</li>
 * <li>Registration is idempotent on (executionId, specId): the RUN# record is part of the same transaction.</li>
 * <li>Promotion swaps the champion pointer in one transaction conditional on the previous champion.</li>
 * </ul>
 */
public final class ModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

    static final String LATEST_PK = "LATEST";
    static final String CHAMPION_SK = "CHAMPION";
    private static final int MAX_ATTEMPTS = 64;
    private static final long BACKOFF_BASE_MILLIS = 5;
    private static final long BACKOFF_CAP_MILLIS = 250;
    private static final int BATCH_GET_LIMIT = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final ArtifactStore artifacts;
    private final EventPublisher events;
    private final Clock clock;
    private final LifecycleChanges lifecycle;

    public ModelRegistry(DynamoDbClient dynamo, String table, ArtifactStore artifacts, EventPublisher events) {
        this(dynamo, table, artifacts, events, Clock.systemUTC());
    }

    public ModelRegistry(DynamoDbClient dynamo, String table, ArtifactStore artifacts, EventPublisher events,
                         Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("ZOO_TABLE: table name is missing");
        }
        this.table = table;
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifecycle = new LifecycleChanges(this, dynamo, table, clock);
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
        validate(registration);
        Optional<ModelVersion> existing = registration(registration.executionId(), registration.specId());
        if (existing.isPresent()) {
            ensureArtifacts(existing.get());
            return existing.get();
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Map<String, AttributeValue>> latest = getItem(LATEST_PK, registration.label());
            int previous = latest.map(item -> intAttr(item, "version_number")).orElse(0);
            int next = previous + 1;
            String parent = previous == 0 ? null : ModelVersion.versionId(registration.label(), previous);
            ModelVersion version = newVersion(registration, next, parent);
            List<String> foreign = artifacts.foreignObjects(registration.executionId(), registration.specId(),
                    registration.label(), next, registration.completedAt());
            if (!foreign.isEmpty()) {
                if (version(registration.label(), next).isPresent()) {
                    backoff(attempt); // a concurrent registration took number `next` and is copying: read LATEST again
                    continue;
                }
                throw unknownVersionInBucket(registration, version, foreign);
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(
                        putVersion(version),
                        putLatest(version, previous),
                        putRunRecord(version)));
            } catch (TransactionCanceledException e) {
                if (runRecordConflict(e)) {
                    // a concurrent call with the same (executionId, specId) won: its version is the answer
                    ModelVersion winner = registration(registration.executionId(), registration.specId())
                            .orElseThrow(() -> new RegistryException("registration of " + describe(registration)
                                    + " conflicted but no version is recorded", e));
                    ensureArtifacts(winner);
                    return winner;
                }
                backoff(attempt); // another run of this label took number `next`: read LATEST again
                continue;
            } catch (SdkException e) {
                throw new RegistryException("cannot register " + describe(registration) + ": " + e.getMessage(), e);
            }
            ensureArtifacts(version);
            publish(EventPublisher.MODEL_VERSION_REGISTERED, registeredDetail(version));
            return version;
        }
        throw new RegistryException("cannot register " + describe(registration) + ": version number still contended after "
                + MAX_ATTEMPTS + " attempts");
    }

    private ModelVersion newVersion(Registration r, int number, String parent) {
        return new ModelVersion(r.label(), r.specId(), number, ModelVersion.versionId(r.label(), number), parent,
                Lifecycle.CANDIDATE, r.codeCommit(), r.imageDigest(), r.params(), r.datasetRef(), r.metrics(),
                r.startedAt(), r.completedAt(), r.executionId(), r.costEstimateUsd(),
                ArtifactStore.modelPrefix(r.label(), number), null, r.baseVersions());
    }

    private RegistryException unknownVersionInBucket(Registration r, ModelVersion version, List<String> foreign) {
        return new RegistryException("cannot register " + describe(r) + " as " + version.versionId() + ": s3://"
                + artifacts.bucket() + "/" + version.artifactPrefix() + " already holds artifacts of a run the registry "
                + "does not know (" + String.join(", ", foreign) + "), and a version's artifacts are never overwritten."
                + " The bucket and the registry table " + table + " disagree (was the table deleted or replaced?):"
                + " restore the table, or move those objects out of the way, then register again. Nothing was written.");
    }

    private void ensureArtifacts(ModelVersion version) {
        artifacts.copyRunToVersion(version.trainedBy(), version.specId(), version.label(), version.versionNumber(),
                version.completedAt());
    }

    static void validate(Registration r) {
        if (r == null) {
            throw new IllegalArgumentException("registration: missing");
        }
        String who = "registration for spec '" + r.specId() + "'";
        requireText(r.executionId(), who, "execution_id");
        requireText(r.specId(), who, "spec_id");
        requireText(r.label(), who, "label");
        if (r.executionId().contains("/") || r.specId().contains("/") || r.label().contains("/")
                || r.label().contains("#")) {
            throw new IllegalArgumentException(who + ": execution_id, spec_id and label must not contain '/' "
                    + "(label also not '#'), got '" + r.executionId() + "', '" + r.specId() + "', '" + r.label() + "'");
        }
        if (r.datasetRef() == null) {
            throw new IllegalArgumentException(who + ": field 'dataset': missing");
        }
        if (r.startedAt() == null) {
            throw new IllegalArgumentException(who + ": field 'started_at': missing");
        }
        if (r.completedAt() == null) {
            throw new IllegalArgumentException(who + ": field 'completed_at': missing");
        }
        if (r.completedAt().isBefore(r.startedAt())) {
            throw new IllegalArgumentException(who + ": field 'completed_at': " + r.completedAt()
                    + " is before started_at " + r.startedAt());
        }
        if (r.metrics().isEmpty()) {
            throw new IllegalArgumentException(who + ": field 'metrics': empty (at least one holdout metric required)");
        }
        for (Map.Entry<String, Double> metric : r.metrics().entrySet()) {
            Double value = metric.getValue();
            if (metric.getKey() == null || metric.getKey().isBlank()) {
                throw new IllegalArgumentException(who + ": field 'metrics': a metric has an empty name");
            }
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException(who + ": metric '" + metric.getKey() + "' must be a finite number, got "
                        + value);
            }
        }
        if (r.costEstimateUsd() != null && (!Double.isFinite(r.costEstimateUsd()) || r.costEstimateUsd() < 0)) {
            throw new IllegalArgumentException(who + ": field 'cost_estimate_usd': must be a finite number >= 0, got "
                    + r.costEstimateUsd());
        }
        for (int i = 0; i < r.baseVersions().size(); i++) {
            String base = r.baseVersions().get(i);
            try {
                ModelVersion.Ref.parse(base);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(who + ": field '" + RunManifest.BASE_VERSIONS + "[" + i + "]': "
                        + e.getMessage(), e);
            }
        }
        for (Map.Entry<String, Object> param : r.params().entrySet()) {
            Object v = param.getValue();
            if (!(v instanceof Number || v instanceof String || v instanceof Boolean)) {
                throw new IllegalArgumentException(who + ": field 'params." + param.getKey()
                        + "': must be a number, string or boolean, got " + v);
            }
        }
    }

    static void requireText(String value, String who, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(who + ": field '" + field + "': missing");
        }
    }

    private static boolean runRecordConflict(TransactionCanceledException e) {
        // reasons are in transactItems order: version, latest, run record
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null && reasons.size() == 3 && "ConditionalCheckFailed".equals(reasons.get(2).code());
    }

    private TransactWriteItem putVersion(ModelVersion v) {
        Map<String, AttributeValue> item = toItem(v);
        item.put("registered_at", s(clock.instant().toString()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    private TransactWriteItem putLatest(ModelVersion v, int previous) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RegistryTables.PK, s(LATEST_PK));
        item.put(RegistryTables.SK, s(v.label()));
        item.put("label", s(v.label()));
        item.put("spec_id", s(v.specId()));
        item.put("version_number", n(v.versionNumber()));
        item.put("version_id", s(v.versionId()));
        item.put("completed_at", s(v.completedAt().toString()));
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (previous == 0) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("version_number = :previous")
                    .expressionAttributeValues(Map.of(":previous", n(previous)));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private TransactWriteItem putRunRecord(ModelVersion v) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RegistryTables.PK, s(runPk(v.trainedBy())));
        item.put(RegistryTables.SK, s(runSk(v.specId())));
        item.put("label", s(v.label()));
        item.put("spec_id", s(v.specId()));
        item.put("version_number", n(v.versionNumber()));
        item.put("version_id", s(v.versionId()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
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

    static ModelVersion withLifecycle(ModelVersion v, Lifecycle lifecycle, String reason) {
        return withLifecycle(v, lifecycle, reason, v.gate());
    }

    static ModelVersion withLifecycle(ModelVersion v, Lifecycle lifecycle, String reason, Map<String, Object> gate) {
        return new ModelVersion(v.label(), v.specId(), v.versionNumber(), v.versionId(), v.parentVersionId(), lifecycle,
                v.codeCommit(), v.imageDigest(), v.params(), v.datasetRef(), v.metrics(), v.startedAt(),
                v.completedAt(), v.trainedBy(), v.costEstimateUsd(), v.artifactPrefix(), reason, v.baseVersions(),
                gate == null ? v.gate() : gate);
    }

    // ---- reads --------------------------------------------------------------------------------------------

    /**
     * The newest version of every label: one Query on the LATEST partition plus batched gets of those versions,
     * O(labels) whatever the history length.
     */
    public Map<String, ModelVersion> latestVersions() {
        List<Map<String, AttributeValue>> pointers = queryAll(LATEST_PK, null);
        List<Map<String, AttributeValue>> keys = pointers.stream()
                .map(p -> versionKey(str(p, "label"), intAttr(p, "version_number")))
                .toList();
        Map<String, ModelVersion> byLabel = new java.util.TreeMap<>();
        for (Map<String, AttributeValue> item : batchGet(keys)) {
            ModelVersion v = fromItem(item);
            byLabel.put(v.label(), v);
        }
        return Collections.unmodifiableMap(byLabel);
    }

    /**
     * Every label's current champion, by label; labels that never had one are absent. Reads with Query and GetItem
     * only (no BatchGetItem), so a read-only role such as Preflight's can call it.
     */
    public Map<String, ModelVersion> champions() {
        Map<String, ModelVersion> out = new java.util.TreeMap<>();
        for (Map<String, AttributeValue> pointer : queryAll(LATEST_PK, null)) {
            String label = str(pointer, "label");
            champion(label).ifPresent(v -> out.put(label, v));
        }
        return Collections.unmodifiableMap(out);
    }

    /** All versions of a label, oldest first. */
    public List<ModelVersion> versions(String label) {
        return queryAll(labelPk(label), "V#").stream().map(ModelRegistry::fromItem).toList();
    }

    /** A label's version items as stored (attributes the record does not carry, e.g. replaced_by). */
    List<Map<String, AttributeValue>> rawVersions(String label) {
        return queryAll(labelPk(label), "V#");
    }

    /** Every item of one partition, in sort-key order. */
    List<Map<String, AttributeValue>> rawItems(String pk) {
        return queryAll(pk, null);
    }

    public Optional<ModelVersion> version(String label, int versionNumber) {
        return getItem(labelPk(label), versionSk(versionNumber)).map(ModelRegistry::fromItem);
    }

    /** The version row's fields that tie it to the cost ledger (written once the job's cost is settled). */
    public static final String ALLOCATION_ID = "allocation_id";
    public static final String SETTLED_COST_USD = "settled_cost_usd";

    /**
     * Stamps a registered version with its ledger allocation and the job's settled cost, once: a version already
     * stamped keeps its first allocation (the condition refuses a second).
     */
    public void recordSettledCost(String versionId, String allocationId, java.math.BigDecimal settledUsd) {
        ModelVersion.Ref ref = ModelVersion.Ref.parse(versionId);
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(RegistryTables.PK, AttributeValue.fromS(labelPk(ref.label())),
                            RegistryTables.SK, AttributeValue.fromS(versionSk(ref.number()))))
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
        Map<String, String> out = new LinkedHashMap<>();
        getItem(labelPk(ref.label()), versionSk(ref.number())).ifPresent(item -> {
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
        return getItem(labelPk(label), CHAMPION_SK)
                .flatMap(pointer -> version(label, intAttr(pointer, "version_number")));
    }

    /**
     * The champions of these labels (labels without one are absent): their pointers, then their versions, each in
     * batched gets, O(labels) items.
     */
    public Map<String, ModelVersion> champions(java.util.Collection<String> labels) {
        List<Map<String, AttributeValue>> pointerKeys = new java.util.LinkedHashSet<>(labels).stream()
                .map(label -> Map.of(RegistryTables.PK, s(labelPk(label)), RegistryTables.SK, s(CHAMPION_SK)))
                .toList();
        List<Map<String, AttributeValue>> versionKeys = batchGet(pointerKeys).stream()
                .map(p -> ModelVersion.Ref.parse(str(p, "version_id")))
                .map(ref -> versionKey(ref.label(), ref.number()))
                .toList();
        Map<String, ModelVersion> byLabel = new java.util.TreeMap<>();
        batchGet(versionKeys).stream().map(ModelRegistry::fromItem).forEach(v -> byLabel.put(v.label(), v));
        return Collections.unmodifiableMap(byLabel);
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
        requireText(executionId, "registeredBy", "execution_id");
        List<Map<String, AttributeValue>> keys = queryAll(runPk(executionId), null).stream()
                .map(r -> versionKey(str(r, "label"), intAttr(r, "version_number")))
                .toList();
        return batchGet(keys).stream().map(ModelRegistry::fromItem)
                .sorted(Comparator.comparing(ModelVersion::label).thenComparingInt(ModelVersion::versionNumber))
                .toList();
    }

    /** The version an execution registered for a spec, if it did. */
    public Optional<ModelVersion> registration(String executionId, String specId) {
        return getItem(runPk(executionId), runSk(specId))
                .flatMap(r -> version(str(r, "label"), intAttr(r, "version_number")));
    }

    // ---- DynamoDB plumbing --------------------------------------------------------------------------------

    private Optional<Map<String, AttributeValue>> getItem(String pk, String sk) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(RegistryTables.PK, s(pk), RegistryTables.SK, s(sk)))).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
        } catch (SdkException e) {
            throw new RegistryException("cannot read registry table " + table + " (" + pk + " / " + sk + "): "
                    + e.getMessage(), e);
        }
    }

    private List<Map<String, AttributeValue>> queryAll(String pk, String skPrefix) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(pk));
        String condition = "pk = :pk";
        if (skPrefix != null) {
            condition += " AND begins_with(sk, :prefix)";
            values.put(":prefix", s(skPrefix));
        }
        QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression(condition).expressionAttributeValues(values).build();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        try {
            for (QueryResponse page : dynamo.queryPaginator(request)) {
                items.addAll(page.items());
            }
        } catch (SdkException e) {
            throw new RegistryException("cannot query registry table " + table + " (" + pk + "): " + e.getMessage(), e);
        }
        return items;
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> chunk = keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT));
            Map<String, KeysAndAttributes> pending = Map.of(table,
                    KeysAndAttributes.builder().keys(chunk).consistentRead(true).build());
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > MAX_ATTEMPTS) {
                    throw new RegistryException("cannot read registry table " + table + ": keys still unprocessed after "
                            + MAX_ATTEMPTS + " attempts");
                }
                Map<String, KeysAndAttributes> request = pending;
                try {
                    var response = dynamo.batchGetItem(b -> b.requestItems(request));
                    out.addAll(response.responses().getOrDefault(table, List.of()));
                    pending = response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
                } catch (SdkException e) {
                    throw new RegistryException("cannot read registry table " + table + ": " + e.getMessage(), e);
                }
                if (!pending.isEmpty()) {
                    backoff(attempt);
                }
            }
        }
        return out;
    }

    static void backoff(int attempt) {
        long cap = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1)); // full jitter: contenders spread out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while retrying a contended registry write", e);
        }
    }

    static String labelPk(String label) {
        return "LABEL#" + label;
    }

    /** Zero-padded so the sort key orders versions numerically. */
    static String versionSk(int versionNumber) {
        return String.format("V#%010d", versionNumber);
    }

    static String runPk(String executionId) {
        return "RUN#" + executionId;
    }

    static String runSk(String specId) {
        return "SPEC#" + specId;
    }

    private static Map<String, AttributeValue> versionKey(String label, int number) {
        return Map.of(RegistryTables.PK, s(labelPk(label)), RegistryTables.SK, s(versionSk(number)));
    }

    static Map<String, AttributeValue> toItem(ModelVersion v) {
        Map<String, AttributeValue> item = new HashMap<>(versionKey(v.label(), v.versionNumber()));
        item.put("label", s(v.label()));
        item.put("spec_id", s(v.specId()));
        item.put("version_number", n(v.versionNumber()));
        item.put("version_id", s(v.versionId()));
        if (v.parentVersionId() != null) {
            item.put("parent_version_id", s(v.parentVersionId()));
        }
        item.put("lifecycle", s(v.lifecycle().name()));
        putIfPresent(item, "code_commit", v.codeCommit());
        putIfPresent(item, "image_digest", v.imageDigest());
        try {
            item.put("params_json", s(ZooJson.mapper().writeValueAsString(v.params())));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("params of " + v.versionId() + " are not serializable", e);
        }
        item.put("dataset", AttributeValue.fromM(Map.of(
                "uri", s(v.datasetRef().uri()),
                "time_column", s(v.datasetRef().timeColumn()),
                "target_column", s(v.datasetRef().targetColumn()))));
        Map<String, AttributeValue> metrics = new HashMap<>();
        v.metrics().forEach((k, value) -> metrics.put(k, AttributeValue.fromN(Double.toString(value))));
        item.put("metrics", AttributeValue.fromM(metrics));
        item.put("started_at", s(v.startedAt().toString()));
        item.put("completed_at", s(v.completedAt().toString()));
        item.put("trained_by", s(v.trainedBy()));
        if (v.costEstimateUsd() != null) {
            item.put("cost_estimate_usd", AttributeValue.fromN(Double.toString(v.costEstimateUsd())));
        }
        item.put("artifact_prefix", s(v.artifactPrefix()));
        if (!v.baseVersions().isEmpty()) {
            item.put(RunManifest.BASE_VERSIONS, AttributeValue.fromL(v.baseVersions().stream().map(ModelRegistry::s)
                    .toList()));
        }
        return item;
    }

    static ModelVersion fromItem(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> dataset = item.get("dataset").m();
        Map<String, Double> metrics = new java.util.TreeMap<>();
        item.get("metrics").m().forEach((k, value) -> metrics.put(k, Double.valueOf(value.n())));
        Map<String, Object> params;
        try {
            params = ZooJson.mapper().readValue(str(item, "params_json"), new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new RegistryException("corrupt params_json on " + str(item, "version_id"), e);
        }
        return new ModelVersion(
                str(item, "label"),
                str(item, "spec_id"),
                intAttr(item, "version_number"),
                str(item, "version_id"),
                str(item, "parent_version_id"),
                Lifecycle.valueOf(str(item, "lifecycle")),
                str(item, "code_commit"),
                str(item, "image_digest"),
                params,
                new DatasetRef(dataset.get("uri").s(), dataset.get("time_column").s(), dataset.get("target_column").s()),
                metrics,
                Instant.parse(str(item, "started_at")),
                Instant.parse(str(item, "completed_at")),
                str(item, "trained_by"),
                item.containsKey("cost_estimate_usd") ? Double.valueOf(item.get("cost_estimate_usd").n()) : null,
                str(item, "artifact_prefix"),
                str(item, "lifecycle_reason"),
                item.containsKey(RunManifest.BASE_VERSIONS)
                        ? item.get(RunManifest.BASE_VERSIONS).l().stream().map(AttributeValue::s).toList() : List.of(),
                gate(item));
    }

    private static Map<String, Object> gate(Map<String, AttributeValue> item) {
        String json = str(item, LifecycleChanges.GATE_JSON);
        if (json == null) {
            return Map.of();
        }
        try {
            return ZooJson.mapper().readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new RegistryException("corrupt " + LifecycleChanges.GATE_JSON + " on " + str(item, "version_id"), e);
        }
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(int value) {
        return AttributeValue.fromN(Integer.toString(value));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static int intAttr(Map<String, AttributeValue> item, String name) {
        return Integer.parseInt(item.get(name).n());
    }

    // ---- events -------------------------------------------------------------------------------------------

    static Map<String, Object> versionDetail(ModelVersion v) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("label", v.label());
        detail.put("spec_id", v.specId());
        detail.put("version", v.versionNumber());
        detail.put("version_id", v.versionId());
        detail.put("parent_version_id", v.parentVersionId());
        detail.put("lifecycle", v.lifecycle().name());
        detail.put("trained_by", v.trainedBy());
        detail.put("metrics", v.metrics());
        detail.put("artifact_prefix", v.artifactPrefix());
        if (!v.baseVersions().isEmpty()) {
            detail.put(RunManifest.BASE_VERSIONS, v.baseVersions());
        }
        if (!v.gate().isEmpty()) {
            detail.put("gate", v.gate());
        }
        return detail;
    }

    private static Map<String, Object> registeredDetail(ModelVersion v) {
        Map<String, Object> detail = versionDetail(v);
        detail.put("code_commit", v.codeCommit());
        detail.put("image_digest", v.imageDigest());
        detail.put("completed_at", v.completedAt().toString());
        return detail;
    }

    /** Events never undo a registry write: a publisher that throws is logged and the caller still succeeds. */
    void publish(String detailType, Map<String, Object> detail) {
        try {
            events.publish(detailType, Collections.unmodifiableMap(new LinkedHashMap<>(detail)));
        } catch (RuntimeException e) {
            LOG.error("event {} for {} not published ({}); the registry write stands", detailType,
                    detail.get("version_id"), e.toString());
        }
    }

    private static String describe(Registration r) {
        return "spec '" + r.specId() + "' (label '" + r.label() + "', execution '" + r.executionId() + "')";
    }
}
