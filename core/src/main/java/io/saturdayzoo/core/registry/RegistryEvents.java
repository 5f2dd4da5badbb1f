package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.events.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The registry's event payloads and their publishing, after a write has stood. */
final class RegistryEvents {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryEvents.class);

    private final EventPublisher events;

    RegistryEvents(EventPublisher events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /** What every event about a version carries. */
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
        if (!v.origin().isEmpty()) {
            detail.put(RunOrigin.CALLER, v.origin().caller());
            detail.put(RunOrigin.ALLOCATION_ID, v.origin().allocationId());
            detail.put(RunOrigin.WARM_START, v.origin().warmStart());
        }
        return detail;
    }

    void registered(ModelVersion v) {
        Map<String, Object> detail = versionDetail(v);
        detail.put("code_commit", v.codeCommit());
        detail.put("image_digest", v.imageDigest());
        detail.put("completed_at", v.completedAt().toString());
        publish(EventPublisher.MODEL_VERSION_REGISTERED, detail);
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
}
