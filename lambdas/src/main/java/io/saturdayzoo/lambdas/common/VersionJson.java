package io.saturdayzoo.lambdas.common;

import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RunOrigin;

import java.util.LinkedHashMap;
import java.util.Map;

/** The compact JSON view of a registered version that handler outputs share. */
public final class VersionJson {
    public static final String DATASET_DIGEST = "dataset_digest";

    private VersionJson() {
    }

    /** Which version this is and what it descends from: what a state passes on to the next one. */
    public static Map<String, Object> reference(ModelVersion v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("spec_id", v.specId());
        out.put("label", v.label());
        out.put("version", v.versionNumber());
        out.put("version_id", v.versionId());
        out.put("parent_version_id", v.parentVersionId());
        return out;
    }

    public static Map<String, Object> of(ModelVersion v) {
        Map<String, Object> out = reference(v);
        out.put("lifecycle", v.lifecycle().name());
        out.put("metrics", new LinkedHashMap<>(v.metrics()));
        out.put("trained_by", v.trainedBy());
        out.put("artifact_prefix", v.artifactPrefix());
        if (!v.origin().isEmpty()) { // an on-demand run: who asked, under which allocation, how it started
            out.put(RunOrigin.CALLER, v.origin().caller());
            out.put(RunOrigin.ALLOCATION_ID, v.origin().allocationId());
            out.put(RunOrigin.WARM_START, v.origin().warmStart() == null ? null
                    : ZooJson.mapper().convertValue(v.origin().warmStart(), Map.class));
        }
        if (v.datasetRef().digest() != null) {
            out.put(DATASET_DIGEST, v.datasetRef().digest());
        }
        return out;
    }
}
