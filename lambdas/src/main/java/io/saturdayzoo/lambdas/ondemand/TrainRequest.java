package io.saturdayzoo.lambdas.ondemand;

import io.saturdayzoo.core.catalog.CatalogException;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.lambdas.common.Payload;
import io.saturdayzoo.lambdas.validateinput.InvalidInput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The TrainModelVersion state machine's input, validated: every bad field named with its value, unknown fields
 * refused, defaults filled. The one owner of what an on-demand request may be: PlanTraining and
 * {@code saturday train --local} (before anything starts) both call {@link #validate}.
 *
 * @param parentVersion the chosen parent ("churn#v3"); empty: the label's champion
 * @param dataset       an s3:// URI to train on; empty: the spec's own dataset
 * @param params        parameter overrides, already checked against the kind's parameter schema
 */
public record TrainRequest(ModelSpec spec, Optional<String> parentVersion, Optional<String> dataset,
                           Map<String, Object> params, String caller, int wallTimeCapMinutes, int vcpus,
                           int memoryGib, boolean dryRun) {

    public static final String SPEC_ID = "spec_id";
    public static final String PARENT_VERSION = "parent_version";
    public static final String DATASET = "dataset";
    public static final String PARAMS = "params";
    public static final String CALLER = "caller";
    public static final String WALL_TIME_CAP_MINUTES = "wall_time_cap_minutes";
    public static final String VCPUS = "vcpus";
    public static final String MEMORY_GIB = "memory_gib";
    public static final String DRY_RUN = "dry_run";
    public static final List<String> FIELDS = List.of(SPEC_ID, PARENT_VERSION, DATASET, PARAMS, CALLER,
            WALL_TIME_CAP_MINUTES, VCPUS, MEMORY_GIB, DRY_RUN);

    /** Who asked: a person's or a system's name, as it goes into the audit row and the version. */
    private static final Pattern CALLER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");

    /**
     * @param input the execution input as parsed JSON (a Map for an object)
     * @throws InvalidInput naming each bad field and value
     */
    public static TrainRequest validate(Object input, ZooCatalog catalog, OnDemandSettings limits) {
        if (!(input instanceof Map<?, ?> object)) {
            throw new InvalidInput(List.of("expected a JSON object such as {\"spec_id\": \"churn-gbdt\", "
                    + "\"caller\": \"ana\"}, got " + Payload.show(input)));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        object.forEach((name, value) -> fields.put(String.valueOf(name), value));
        List<String> problems = new ArrayList<>();
        fields.keySet().stream().filter(name -> !FIELDS.contains(name)).forEach(name -> problems.add(
                "field '" + name + "': unknown field (allowed: " + String.join(", ", FIELDS) + ")"));

        ModelSpec spec = spec(fields, catalog, problems);
        Optional<String> parent = text(fields, PARENT_VERSION, problems).filter(p -> parentOk(p, spec, problems));
        Optional<String> dataset = text(fields, DATASET, problems).filter(uri -> {
            if (uri.startsWith("s3://") && uri.length() > "s3://".length()) {
                return true;
            }
            problems.add("field '" + DATASET + "': expected an s3:// URI, got " + Payload.show(uri));
            return false;
        });
        Map<String, Object> params = params(fields, spec, problems);
        String caller = text(fields, CALLER, problems).orElse(null);
        if (caller == null && !fields.containsKey(CALLER)) {
            problems.add("field '" + CALLER + "': missing (who asks for this training, e.g. \"ana\")");
        } else if (caller != null && !CALLER_NAME.matcher(caller).matches()) {
            problems.add("field '" + CALLER + "': expected up to 128 letters, digits and . _ @ + -, got "
                    + Payload.show(caller));
        }
        int wallTime = bounded(fields, WALL_TIME_CAP_MINUTES, Math.min(OnDemandSettings.DEFAULT_WALL_TIME_MINUTES,
                limits.maxWallTimeMinutes()), limits.maxWallTimeMinutes(), problems);
        int vcpus = bounded(fields, VCPUS, limits.defaultVcpus(), limits.maxVcpus(), problems);
        int memoryGib = bounded(fields, MEMORY_GIB, limits.defaultMemoryGib(), limits.maxMemoryGib(), problems);
        boolean dryRun = false;
        if (fields.containsKey(DRY_RUN)) {
            if (fields.get(DRY_RUN) instanceof Boolean b) {
                dryRun = b;
            } else {
                problems.add("field '" + DRY_RUN + "': expected a boolean (true or false), got "
                        + Payload.show(fields.get(DRY_RUN)));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return new TrainRequest(spec, parent, dataset, params, caller, wallTime, vcpus, memoryGib, dryRun);
    }

    /** The request as the audit row and the execution's output repeat it, defaults filled. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(SPEC_ID, spec.id());
        out.put(PARENT_VERSION, parentVersion.orElse(null));
        out.put(DATASET, dataset.orElse(null));
        out.put(PARAMS, params);
        out.put(CALLER, caller);
        out.put(WALL_TIME_CAP_MINUTES, wallTimeCapMinutes);
        out.put(VCPUS, vcpus);
        out.put(MEMORY_GIB, memoryGib);
        out.put(DRY_RUN, dryRun);
        return out;
    }

    private static ModelSpec spec(Map<String, Object> fields, ZooCatalog catalog, List<String> problems) {
        Optional<String> id = text(fields, SPEC_ID, problems);
        if (id.isEmpty()) {
            if (!fields.containsKey(SPEC_ID)) {
                problems.add("field '" + SPEC_ID + "': missing (one of " + trainable(catalog) + ")");
            }
            return null;
        }
        Optional<ModelSpec> spec = catalog.spec(id.get());
        String why = spec.isEmpty() ? "unknown spec id" : !spec.get().isActive() ? "retired spec"
                : spec.get().isEnsemble() ? "an ensemble (it combines its bases' versions; train a base)"
                : spec.get().isMultiNode() ? "a multi-node spec (on-demand training runs on one machine)" : null;
        if (why != null) {
            problems.add("field '" + SPEC_ID + "': " + why + " \"" + id.get() + "\" (trainable: "
                    + trainable(catalog) + ")");
            return null;
        }
        return spec.get();
    }

    private static boolean parentOk(String parent, ModelSpec spec, List<String> problems) {
        try {
            ModelVersion.Ref ref = ModelVersion.Ref.parse(parent);
            if (spec != null && !ref.label().equals(spec.label())) {
                problems.add("field '" + PARENT_VERSION + "': " + Payload.show(parent) + " is a version of label '"
                        + ref.label() + "', but spec '" + spec.id() + "' trains label '" + spec.label() + "'");
                return false;
            }
            return true;
        } catch (IllegalArgumentException e) {
            problems.add("field '" + PARENT_VERSION + "': " + e.getMessage());
            return false;
        }
    }

    /** Overrides merged over the spec's params and checked by the catalog's schema, which types each kind's params. */
    private static Map<String, Object> params(Map<String, Object> fields, ModelSpec spec, List<String> problems) {
        if (!fields.containsKey(PARAMS)) {
            return Map.of();
        }
        if (!(fields.get(PARAMS) instanceof Map<?, ?> raw)) {
            problems.add("field '" + PARAMS + "': expected an object of parameter overrides such as "
                    + "{\"learning_rate\": 0.03}, got " + Payload.show(fields.get(PARAMS)));
            return Map.of();
        }
        Map<String, Object> overrides = new LinkedHashMap<>();
        raw.forEach((k, v) -> overrides.put(String.valueOf(k), v));
        if (spec == null) {
            return overrides;
        }
        Map<String, Object> merged = new LinkedHashMap<>(spec.params());
        merged.putAll(overrides);
        // the fields the schema types a kind's params by; the spec is active (checked above)
        Map<String, Object> candidate = new LinkedHashMap<>();
        candidate.put(ModelSpec.ID, spec.id());
        candidate.put(ModelSpec.KIND, spec.kind());
        candidate.put(ModelSpec.LABEL, spec.label());
        candidate.put(ModelSpec.DATASET, spec.dataset());
        candidate.put(ModelSpec.PARAMS, merged);
        candidate.put(ModelSpec.STATUS, spec.status());
        Map<String, Object> catalog = new LinkedHashMap<>();
        catalog.put("zoo", "on-demand");
        catalog.put("budget", 1);
        catalog.put("specs", List.of(candidate));
        try {
            ZooCatalog.parse(ZooJson.mapper().writeValueAsString(catalog), "the request's params");
        } catch (CatalogException e) {
            e.errors().forEach(error -> problems.add("field '" + PARAMS + "': " + error));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problems.add("field '" + PARAMS + "': not JSON-able: " + e.getOriginalMessage());
        }
        return overrides;
    }

    private static Optional<String> text(Map<String, Object> fields, String name, List<String> problems) {
        if (!fields.containsKey(name)) {
            return Optional.empty();
        }
        Object value = fields.get(name);
        if (value instanceof String s && !s.isBlank()) {
            return Optional.of(s);
        }
        problems.add("field '" + name + "': expected a non-empty string, got " + Payload.show(value));
        return Optional.empty();
    }

    private static int bounded(Map<String, Object> fields, String name, int fallback, int max,
                               List<String> problems) {
        if (!fields.containsKey(name)) {
            return fallback;
        }
        Integer value = Payload.asInt(fields.get(name));
        if (value == null || value < 1 || value > max) {
            problems.add("field '" + name + "': expected an integer from 1 to " + max + " (the stack's limit), got "
                    + Payload.show(fields.get(name)));
            return fallback;
        }
        return value;
    }

    private static String trainable(ZooCatalog catalog) {
        return String.join(", ", catalog.activeSpecs().stream()
                .filter(s -> !s.isEnsemble() && !s.isMultiNode()).map(ModelSpec::id).toList());
    }
}
