package io.saturdayzoo.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.json.ZooJson;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry's items and keys (layout in {@link RegistryTables}): a {@link ModelVersion} to and from its item, the
 * {@code LATEST} pointer and the {@code RUN#} idempotency record, and the attribute helpers the registry's writers
 * share.
 */
final class VersionItems {

    static final String LATEST_PK = "LATEST";
    static final String CHAMPION_SK = "CHAMPION";
    static final String VERSION_SK_PREFIX = "V#";

    private VersionItems() {
    }

    static String labelPk(String label) {
        return "LABEL#" + label;
    }

    /** Zero-padded so the sort key orders versions numerically. */
    static String versionSk(int versionNumber) {
        return String.format(VERSION_SK_PREFIX + "%010d", versionNumber);
    }

    static String runPk(String executionId) {
        return "RUN#" + executionId;
    }

    static String runSk(String specId) {
        return "SPEC#" + specId;
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(RegistryTables.PK, s(pk), RegistryTables.SK, s(sk));
    }

    static Map<String, AttributeValue> versionKey(String label, int number) {
        return key(labelPk(label), versionSk(number));
    }

    static Map<String, AttributeValue> championKey(String label) {
        return key(labelPk(label), CHAMPION_SK);
    }

    /** The label's newest number, as the {@code LATEST} partition holds it. */
    static Map<String, AttributeValue> latestItem(ModelVersion v) {
        Map<String, AttributeValue> item = new HashMap<>(key(LATEST_PK, v.label()));
        item.put("label", s(v.label()));
        item.put("spec_id", s(v.specId()));
        item.put("version_number", n(v.versionNumber()));
        item.put("version_id", s(v.versionId()));
        item.put("completed_at", s(v.completedAt().toString()));
        return item;
    }

    /** Which version an execution registered for a spec. */
    static Map<String, AttributeValue> runRecordItem(ModelVersion v) {
        Map<String, AttributeValue> item = new HashMap<>(key(runPk(v.trainedBy()), runSk(v.specId())));
        item.put("label", s(v.label()));
        item.put("spec_id", s(v.specId()));
        item.put("version_number", n(v.versionNumber()));
        item.put("version_id", s(v.versionId()));
        return item;
    }

    /** The key of the version a pointer ({@code LATEST}, {@code RUN#}) names. */
    static Map<String, AttributeValue> pointedVersionKey(Map<String, AttributeValue> pointer) {
        return versionKey(str(pointer, "label"), intAttr(pointer, "version_number"));
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
        Map<String, AttributeValue> dataset = new HashMap<>(Map.of(
                DatasetRef.URI, s(v.datasetRef().uri()),
                DatasetRef.TIME_COLUMN, s(v.datasetRef().timeColumn()),
                DatasetRef.TARGET_COLUMN, s(v.datasetRef().targetColumn())));
        putIfPresent(dataset, DatasetRef.DIGEST, v.datasetRef().digest());
        item.put("dataset", AttributeValue.fromM(dataset));
        putOrigin(item, v.origin());
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
            item.put(RunManifest.BASE_VERSIONS, AttributeValue.fromL(v.baseVersions().stream().map(VersionItems::s)
                    .toList()));
        }
        return item;
    }

    static ModelVersion fromItem(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> dataset = item.get("dataset").m();
        Map<String, Double> metrics = new TreeMap<>();
        item.get("metrics").m().forEach((k, value) -> metrics.put(k, Double.valueOf(value.n())));
        return ModelVersion.builder()
                .label(str(item, "label"))
                .specId(str(item, "spec_id"))
                .versionNumber(intAttr(item, "version_number"))
                .versionId(str(item, "version_id"))
                .parentVersionId(str(item, "parent_version_id"))
                .lifecycle(Lifecycle.valueOf(str(item, "lifecycle")))
                .codeCommit(str(item, "code_commit"))
                .imageDigest(str(item, "image_digest"))
                .params(jsonMap(item, "params_json"))
                .datasetRef(new DatasetRef(dataset.get("uri").s(), dataset.get("time_column").s(),
                        dataset.get("target_column").s(), str(dataset, DatasetRef.DIGEST)))
                .metrics(metrics)
                .startedAt(Instant.parse(str(item, "started_at")))
                .completedAt(Instant.parse(str(item, "completed_at")))
                .trainedBy(str(item, "trained_by"))
                .costEstimateUsd(item.containsKey("cost_estimate_usd")
                        ? Double.valueOf(item.get("cost_estimate_usd").n()) : null)
                .artifactPrefix(str(item, "artifact_prefix"))
                .lifecycleReason(str(item, "lifecycle_reason"))
                .baseVersions(item.containsKey(RunManifest.BASE_VERSIONS)
                        ? item.get(RunManifest.BASE_VERSIONS).l().stream().map(AttributeValue::s).toList() : List.of())
                .gate(item.containsKey(LifecycleChanges.GATE_JSON) ? jsonMap(item, LifecycleChanges.GATE_JSON) : Map.of())
                .origin(origin(item))
                .build();
    }

    /** An on-demand run's caller, allocation and warm start, each stored only when given. */
    private static void putOrigin(Map<String, AttributeValue> item, RunOrigin origin) {
        putIfPresent(item, RunOrigin.CALLER, origin.caller());
        putIfPresent(item, RunOrigin.ALLOCATION_ID, origin.allocationId());
        WarmStart warm = origin.warmStart();
        if (warm != null) {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put(WarmStart.FROM, s(warm.from()));
            m.put(WarmStart.APPLIED, AttributeValue.fromBool(warm.applied()));
            putIfPresent(m, WarmStart.REASON, warm.reason());
            item.put(RunOrigin.WARM_START, AttributeValue.fromM(m));
        }
    }

    private static RunOrigin origin(Map<String, AttributeValue> item) {
        AttributeValue warm = item.get(RunOrigin.WARM_START);
        WarmStart warmStart = warm == null ? null : new WarmStart(str(warm.m(), WarmStart.FROM),
                warm.m().get(WarmStart.APPLIED).bool(), str(warm.m(), WarmStart.REASON));
        return new RunOrigin(str(item, RunOrigin.CALLER), str(item, RunOrigin.ALLOCATION_ID), warmStart);
    }

    private static Map<String, Object> jsonMap(Map<String, AttributeValue> item, String attribute) {
        try {
            return ZooJson.mapper().readValue(str(item, attribute), new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new RegistryException("corrupt " + attribute + " on " + str(item, "version_id"), e);
        }
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    static AttributeValue s(String value) {
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
}
