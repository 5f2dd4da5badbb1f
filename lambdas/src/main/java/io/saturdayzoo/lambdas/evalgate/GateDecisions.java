package io.saturdayzoo.lambdas.evalgate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.saturdayzoo.core.registry.ModelVersion;

import java.util.List;
import java.util.Map;

/** EvalGate's answer: one decision per pending candidate it looked at. */
public record GateDecisions(List<Decision> decisions) {

    /**
     * What the gate decided for one version: PROMOTED, PENDING_APPROVAL, REJECTED, SUPERSEDED or WAITING, against
     * which champion and why; the backtest it was judged on and the shared shadow weeks when there were any.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Decision(
            String label,
            String specId,
            int version,
            String versionId,
            String decision,
            String championVersionId,
            String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) Object backtest,
            @JsonInclude(JsonInclude.Include.NON_NULL) Object shadow) {

        static Decision of(ModelVersion v, String decision, String championId, String reason, Map<String, Object> gate) {
            return new Decision(v.label(), v.specId(), v.versionNumber(), v.versionId(), decision, championId, reason,
                    gate == null ? null : gate.get("backtest"), gate == null ? null : gate.get(EvalGateHandler.SHADOW));
        }
    }
}
