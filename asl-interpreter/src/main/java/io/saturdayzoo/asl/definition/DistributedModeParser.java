package io.saturdayzoo.asl.definition;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a Map's processing mode from ItemProcessor.ProcessorConfig, and the fields only a distributed Map may have:
 * Label and the tolerated failure threshold. ItemReader, ItemBatcher and ResultWriter are distributed-mode features
 * this interpreter does not have; each is a definition error naming the field, never silently ignored.
 */
final class DistributedModeParser {
    private static final String CONFIG = "ItemProcessor.ProcessorConfig";
    private static final List<String> DISTRIBUTED_ONLY = List.of("Label", "ToleratedFailureCount",
            "ToleratedFailureCountPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
            "ItemReader", "ItemBatcher", "ResultWriter");
    private static final Map<String, String> NOT_SUPPORTED = Map.of(
            "ItemReader", "items come from ItemsPath only",
            "ItemBatcher", "each child execution runs one item",
            "ResultWriter", "the child outputs are the Map's result");
    /** What Step Functions allows in a Label: no whitespace, brackets, wildcards, listed specials or controls. */
    private static final Pattern LABEL = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,40}");

    private final List<String> problems;

    DistributedModeParser(List<String> problems) {
        this.problems = problems;
    }

    /** The distributed settings, or null when the Map runs inline (no ProcessorConfig, or Mode INLINE). */
    DistributedMode parse(String where, JsonNode map) {
        JsonNode config = map.path("ItemProcessor").get("ProcessorConfig");
        boolean distributed = false;
        if (config != null && !config.isObject()) {
            problems.add(where + ": field '" + CONFIG + "' must be an object, was " + config);
        } else if (config != null && config.has("Mode")) {
            JsonNode mode = config.get("Mode");
            distributed = "DISTRIBUTED".equals(mode.asText(null));
            if (!distributed && !"INLINE".equals(mode.asText(null))) {
                problems.add(where + ": field '" + CONFIG + ".Mode': unknown value " + mode
                        + " (expected INLINE|DISTRIBUTED)");
            }
        }
        if (!distributed) {
            DISTRIBUTED_ONLY.stream().filter(map::has).forEach(field -> problems.add(where + ": field '" + field
                    + "' needs a distributed Map (" + CONFIG + ".Mode DISTRIBUTED)"));
            return null;
        }
        checkExecutionType(where, config.get("ExecutionType"));
        NOT_SUPPORTED.forEach((field, instead) -> {
            if (map.has(field)) {
                problems.add(where + ": field '" + field + "' is not supported by this interpreter (" + instead + ")");
            }
        });
        ValueOrPath count = threshold(where, map, "ToleratedFailureCount", 0, Integer.MAX_VALUE, true);
        ValueOrPath percentage = threshold(where, map, "ToleratedFailurePercentage", 0, 100, false);
        return new DistributedMode(label(where, map.get("Label")), count, percentage);
    }

    private void checkExecutionType(String where, JsonNode type) {
        String field = where + ": field '" + CONFIG + ".ExecutionType'";
        if (type == null) {
            problems.add(field + " is required in DISTRIBUTED mode (STANDARD)");
        } else if ("EXPRESS".equals(type.asText(null))) {
            problems.add(field + ": EXPRESS child executions are not supported by this interpreter (use STANDARD)");
        } else if (!"STANDARD".equals(type.asText(null))) {
            problems.add(field + ": unknown value " + type + " (expected STANDARD|EXPRESS)");
        }
    }

    private String label(String where, JsonNode label) {
        if (label == null) {
            return null;
        }
        if (!label.isTextual() || !LABEL.matcher(label.asText()).matches()) {
            problems.add(where + ": field 'Label' must be 1 to 40 characters without whitespace, brackets, "
                    + "wildcards or any of \"#%\\^|~`$&,;:/, was " + label);
            return null;
        }
        return label.asText();
    }

    /** ToleratedFailureCount / ToleratedFailurePercentage and their Path twins: one of them at most, well typed. */
    private ValueOrPath threshold(String where, JsonNode map, String field, double min, double max,
                                  boolean integer) {
        ValueOrPath parsed = ValueOrPath.of(field, map);
        JsonNode value = map.get(field);
        JsonNode path = map.get(parsed.pathField());
        if (value != null && path != null) {
            problems.add(where + ": fields '" + field + "' and '" + parsed.pathField() + "' are mutually exclusive");
        }
        if (value != null && !(value.isNumber() && (!integer || value.isIntegralNumber())
                && value.asDouble() >= min && value.asDouble() <= max)) {
            problems.add(where + ": field '" + field + "' must be " + (integer ? "a non-negative integer"
                    : "a number from 0 to 100") + ", was " + value);
        }
        if (path != null && !path.isTextual()) {
            problems.add(where + ": field '" + parsed.pathField() + "' must be a path string, was " + path);
        }
        return parsed;
    }
}
