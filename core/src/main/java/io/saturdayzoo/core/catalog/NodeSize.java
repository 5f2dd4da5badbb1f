package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine each node of a multi-node spec asks for ({@code "node": {"vcpus": 8, "memory_gib": 32}}); a field left
 * out takes the stack's default node size.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeSize(@JsonProperty(VCPUS) Integer vcpus, @JsonProperty(MEMORY_GIB) Integer memoryGib) {

    // The field names in the catalog file.
    public static final String VCPUS = "vcpus";
    public static final String MEMORY_GIB = "memory_gib";

    // The fields of a rotation item's "node", in AWS Batch's units and types (resource values are strings, memory in
    // MiB), so the state machine passes them to Batch as they are: Step Functions can neither multiply nor convert.
    public static final String ITEM_VCPUS = "vcpus";
    public static final String ITEM_MEMORY_MIB = "memory_mib";

    /** No field set: every node gets the stack's default size. */
    public static final NodeSize DEFAULT = new NodeSize(null, null);

    /** The fields this spec sets, as a rotation item carries them: {"vcpus": "8", "memory_mib": "32768"}. */
    public Map<String, String> itemFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        if (vcpus != null) {
            fields.put(ITEM_VCPUS, Integer.toString(vcpus));
        }
        if (memoryGib != null) {
            fields.put(ITEM_MEMORY_MIB, Long.toString(memoryGib * 1024L));
        }
        return fields;
    }
}
