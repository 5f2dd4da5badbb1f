package io.saturdayzoo.lambdas.rotation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.rotation.RotationPlan;

import java.util.List;
import java.util.Map;

/**
 * SelectRotation's answer: the choice in its two training passes (the specs that fit on data, then the ensembles),
 * both joined as one string for the Friday dry run's Batch job (Step Functions cannot join a list), why each spec was
 * picked or skipped, the quarantined specs and the run notice's one line about them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RotationChoice(
        List<Item> selected,
        List<Item> ensembles,
        String specIdsJoined,
        boolean fallback,
        int budget,
        Map<String, String> reasons,
        List<Quarantined> quarantined,
        @JsonProperty(RotationPlan.QUARANTINE_NOTICE_FIELD) String quarantine) {

    /**
     * One spec to train: the Map state's item. A spec trained by several machines also has its node count and node
     * size in Batch's units; a one-machine item has neither (the state machine routes on their presence).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Item(
            String specId,
            String label,
            String kind,
            @JsonProperty(ModelSpec.NODES) @JsonInclude(JsonInclude.Include.NON_NULL) Integer nodes,
            @JsonProperty(ModelSpec.NODE) @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> node) {

        static Item of(ModelSpec spec) {
            return spec.isMultiNode()
                    ? new Item(spec.id(), spec.label(), spec.kind(), spec.nodes(), spec.node().itemFields())
                    : new Item(spec.id(), spec.label(), spec.kind(), null, null);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Quarantined(String specId, String reason) {
    }
}
