package io.saturdayzoo.lambdas.validateinput;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.saturdayzoo.lambdas.common.PayloadJson;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.lambdas.common.Payload;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Saturday state machine's input, validated and with defaults filled: skip gates false, budget from the
 * catalog, spec_ids null (rotation decides). Validation reports every bad field at once. The one owner of what an
 * execution input may be: the ValidateInput Lambda and {@code saturday run --local} (before it starts anything)
 * both call it.
 *
 * @param specIds explicit specs to train instead of the rotation's choice; null when rotation decides
 */
public record ExecutionInput(@JsonProperty(SKIP_RESEARCH) boolean skipResearch,
                             @JsonProperty(SKIP_PREDICTOR_TRAINING) boolean skipPredictorTraining,
                             @JsonProperty(SKIP_EVAL_GATE) boolean skipEvalGate,
                             @JsonProperty(PREFLIGHT_ONLY) boolean preflightOnly,
                             @JsonProperty(BUDGET) int budget,
                             @JsonProperty(SPEC_IDS) List<String> specIds) {

    public static final String SKIP_RESEARCH = "skip_research";
    public static final String SKIP_PREDICTOR_TRAINING = "skip_predictor_training";
    public static final String SKIP_EVAL_GATE = "skip_eval_gate";
    public static final String PREFLIGHT_ONLY = "preflight_only";
    public static final String BUDGET = "budget";
    public static final String SPEC_IDS = "spec_ids";

    /** Every field the input may carry, in the order the normalized input lists them. */
    public static final List<String> FIELDS = List.of(SKIP_RESEARCH, SKIP_PREDICTOR_TRAINING, SKIP_EVAL_GATE,
            PREFLIGHT_ONLY, BUDGET, SPEC_IDS);

    /** Without these, a repeated key would silently keep its last value and text after the value would be ignored. */
    private static final ObjectReader STRICT = ZooJson.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Reads execution input text strictly: exactly one JSON value, no repeated key at any depth. Any JSON value is
     * returned (Step Functions accepts any as an execution input); {@link #validate} decides whether it is usable.
     *
     * @throws InvalidInput when the text is empty or not exactly one JSON value
     */
    public static JsonNode readJson(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInput(List.of("empty (expected a JSON object such as {})"));
        }
        try {
            return STRICT.readTree(text);
        } catch (MismatchedInputException e) {
            // FAIL_ON_TRAILING_TOKENS reports itself this way; the other mismatches cannot occur when reading a tree
            throw new InvalidInput(List.of("not valid JSON: text after the JSON value at " + where(e)));
        } catch (JsonProcessingException e) {
            throw new InvalidInput(List.of("not valid JSON: " + e.getOriginalMessage()
                    .replaceAll("\\s+", " ") + " at " + where(e)));
        }
    }

    /** {@link #readJson} then {@link #validate}: what a text input (the CLI's --input) must pass. */
    public static ExecutionInput parse(String text, ZooCatalog catalog) {
        return parse(text, () -> catalog);
    }

    /**
     * As {@link #parse(String, ZooCatalog)}, reading the catalog only once the text is JSON: a typo is refused
     * without the cost of loading and schema-checking the catalog.
     */
    public static ExecutionInput parse(String text, Supplier<ZooCatalog> catalog) {
        JsonNode json = readJson(text);
        return validate(ZooJson.mapper().convertValue(json, Object.class), catalog.get());
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "an unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /**
     * Validates a raw execution input: a JSON object (as a Map) whose fields are all known and well typed. Any other
     * JSON value (null, a list, a number, a string) is rejected as a whole. An absent field takes its default; an
     * explicit null is rejected, because the branches read the raw execution input merged over the defaults and a
     * null would override them there. spec_ids must name active specs of the catalog, so a typo stops the run
     * before anything trains.
     *
     * @param input the execution input as parsed JSON: a Map for an object, else a List, scalar or null
     * @throws InvalidInput naming each bad field and value
     */
    public static ExecutionInput validate(Object input, ZooCatalog catalog) {
        if (!(input instanceof Map<?, ?> object)) {
            throw new InvalidInput(List.of("expected a JSON object such as {\"skip_research\": true}, got "
                    + Payload.show(input)));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        object.forEach((name, value) -> fields.put(String.valueOf(name), value));
        List<String> problems = new ArrayList<>();
        for (String name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                problems.add("field '" + name + "': unknown field (allowed: " + String.join(", ", FIELDS) + ")");
            }
        }
        boolean skipResearch = flag(fields, SKIP_RESEARCH, problems);
        boolean skipTraining = flag(fields, SKIP_PREDICTOR_TRAINING, problems);
        boolean skipEvalGate = flag(fields, SKIP_EVAL_GATE, problems);
        boolean preflightOnly = flag(fields, PREFLIGHT_ONLY, problems);
        int budget = budget(fields, catalog, problems);
        List<String> specIds = specIds(fields, catalog, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return new ExecutionInput(skipResearch, skipTraining, skipEvalGate, preflightOnly, budget, specIds);
    }

    private static boolean flag(Map<String, Object> fields, String name, List<String> problems) {
        if (!fields.containsKey(name)) {
            return false;
        }
        Object value = fields.get(name);
        if (value instanceof Boolean b) {
            return b;
        }
        problems.add("field '" + name + "': expected a boolean (true or false), got " + Payload.show(value));
        return false;
    }

    private static int budget(Map<String, Object> fields, ZooCatalog catalog, List<String> problems) {
        if (!fields.containsKey(BUDGET)) {
            return catalog.budget();
        }
        Object value = fields.get(BUDGET);
        Integer budget = Payload.asInt(value);
        if (budget == null || budget < 1) {
            problems.add("field '" + BUDGET + "': expected a positive integer, got " + Payload.show(value));
            return catalog.budget();
        }
        return budget;
    }

    private static List<String> specIds(Map<String, Object> fields, ZooCatalog catalog, List<String> problems) {
        if (!fields.containsKey(SPEC_IDS)) {
            return null;
        }
        Object value = fields.get(SPEC_IDS);
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problems.add("field '" + SPEC_IDS + "': expected a non-empty list of spec ids, got " + Payload.show(value));
            return null;
        }
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String where = "field '" + SPEC_IDS + "[" + i + "]'";
            if (!(item instanceof String id) || id.isBlank()) {
                problems.add(where + ": expected a non-empty string, got " + Payload.show(item));
                continue;
            }
            if (!seen.add(id)) {
                problems.add(where + ": duplicate spec id \"" + id + "\"");
                continue;
            }
            Optional<ModelSpec> spec = catalog.spec(id);
            if (spec.isEmpty()) {
                problems.add(where + ": unknown spec id \"" + id + "\" (active: " + activeIds(catalog) + ")");
            } else if (!spec.get().isActive()) {
                problems.add(where + ": spec \"" + id + "\" is retired (active: " + activeIds(catalog) + ")");
            } else {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    private static String activeIds(ZooCatalog catalog) {
        return String.join(", ", catalog.activeSpecs().stream().map(ModelSpec::id).toList());
    }

    /** The normalized input as the state machine carries it on: every field present, defaults filled. */
    public Map<String, Object> toJson() {
        return PayloadJson.write(this);
    }
}
