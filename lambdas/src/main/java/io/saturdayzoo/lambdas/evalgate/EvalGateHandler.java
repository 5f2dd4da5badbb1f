package io.saturdayzoo.lambdas.evalgate;

import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.lambdas.common.Payload;
import io.saturdayzoo.lambdas.common.ZooHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * EvalGate: judges every version this execution registered against its label's champion
 * ({@link PromotionPolicy}) and promotes or rejects it in the registry. Safe to re-run: versions already decided
 * are reported with their standing decision and not touched again.
 * <p>In: {"execution_id"}.
 * <p>Out: {"decisions": [{"label", "spec_id", "version", "version_id", "decision": "PROMOTED"|"REJECTED",
 * "candidate_auc", "champion_auc", "champion_version_id", "reason", "already_decided"}]}.
 */
public final class EvalGateHandler extends ZooHandler {

    public static final String PROMOTED = "PROMOTED";
    public static final String REJECTED = "REJECTED";

    private static final Logger LOG = LoggerFactory.getLogger(EvalGateHandler.class);

    private final ModelRegistry registry;
    private final PromotionPolicy policy;

    public EvalGateHandler() {
        this(System.getenv());
    }

    /** ZOO_TABLE, ZOO_BUCKET, optional ZOO_EVENT_BUS, ZOO_PROMOTION_MIN_DELTA and endpoint overrides. */
    public EvalGateHandler(Map<String, String> env) {
        this.policy = PromotionPolicy.fromEnv(env);
        this.registry = ModelRegistry.fromEnv(env);
    }

    @Override
    protected Map<String, Object> handle(Payload payload) {
        String executionId = payload.requiredText("execution_id");
        List<Map<String, Object>> decisions = new ArrayList<>();
        // label then version order: a second candidate of a label meets the champion the first one may have become
        for (ModelVersion version : registry.registeredBy(executionId)) {
            decisions.add(decide(version, executionId));
        }
        return Map.of("decisions", decisions);
    }

    private Map<String, Object> decide(ModelVersion version, String executionId) {
        Optional<ModelVersion> champion = registry.champion(version.label())
                .filter(c -> c.versionNumber() != version.versionNumber());
        PromotionPolicy.Verdict verdict = policy.judge(version, champion);
        boolean already = version.lifecycle() != Lifecycle.CANDIDATE;
        String decision;
        String reason;
        if (already) {
            // decided by an earlier attempt of this step: report what stands, change nothing
            decision = version.lifecycle() == Lifecycle.REJECTED ? REJECTED : PROMOTED;
            reason = version.lifecycleReason() != null ? version.lifecycleReason()
                    : "already " + version.lifecycle().name().toLowerCase(java.util.Locale.ROOT);
        } else if (verdict.promote()) {
            registry.promote(version.label(), version.versionNumber(), executionId);
            decision = PROMOTED;
            reason = verdict.reason();
        } else {
            registry.reject(version.label(), version.versionNumber(), verdict.reason());
            decision = REJECTED;
            reason = verdict.reason();
        }
        LOG.info("{} {}: {}", version.versionId(), decision, reason);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", version.label());
        out.put("spec_id", version.specId());
        out.put("version", version.versionNumber());
        out.put("version_id", version.versionId());
        out.put("decision", decision);
        out.put("candidate_auc", verdict.candidateMetric());
        out.put("champion_auc", already ? null : verdict.championMetric());
        out.put("champion_version_id", already ? null : champion.map(ModelVersion::versionId).orElse(null));
        out.put("reason", reason);
        out.put("already_decided", already);
        return out;
    }
}
