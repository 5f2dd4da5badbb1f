package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.saturdayzoo.core.json.ZooJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The model zoo: a versioned catalog file of specs (zoo/catalog.json). Loading validates the whole file and reports
 * every problem at once, each naming the spec id and the field, so a bad edit is fixed in one pass.
 * Kinds are checked against the trainer's plugins by the trainer; this class checks structure.
 */
public final class ZooCatalog {

    /** Classpath location of the bundled catalog (core packages ../zoo/catalog.json there). */
    public static final String RESOURCE = "zoo/catalog.json";
    /** Environment variable naming a catalog file that overrides the bundled one. */
    public static final String ENV_OVERRIDE = "ZOO_CATALOG";

    /** Parameters the trainer reads as numbers; a quoted "31" is a typo we catch here rather than mid-training. */
    public static final Set<String> NUMERIC_PARAMS = Set.of(
            "num_leaves", "num_iterations", "learning_rate", "max_depth", "min_data_in_leaf",
            "min_sum_hessian_in_leaf", "feature_fraction", "bagging_fraction", "bagging_freq", "lambda_l1",
            "lambda_l2", "min_gain_to_split", "early_stopping_round", "max_bin", "drop_rate", "max_drop",
            "skip_drop", "scale_pos_weight", "num_folds", "seed");

    // Ids and labels end up in S3 keys, DynamoDB keys and CLI arguments: keep them to a safe alphabet.
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Set<String> TOP_FIELDS = Set.of("zoo", "budget", "specs");
    private static final Set<String> SPEC_FIELDS = Set.of("id", "kind", "label", "dataset", "params", "status", "description");
    private static final Set<String> DATASET_FIELDS = Set.of("uri", "time_column", "target_column");

    private final String zoo;
    private final int budget;
    private final List<ModelSpec> specs;
    private final Map<String, ModelSpec> byId;
    private final String source;

    private ZooCatalog(String zoo, int budget, List<ModelSpec> specs, String source) {
        this.zoo = zoo;
        this.budget = budget;
        this.specs = List.copyOf(specs);
        Map<String, ModelSpec> index = new LinkedHashMap<>();
        specs.forEach(s -> index.put(s.id(), s));
        this.byId = index;
        this.source = source;
    }

    /** Loads and validates a catalog file. */
    public static ZooCatalog load(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CatalogException(file.toString(), List.of("cannot read catalog file: " + e.getMessage()), e);
        }
        return parse(json, file.toString());
    }

    /** The catalog named by the ZOO_CATALOG environment variable, else the one bundled on the class path. */
    public static ZooCatalog loadDefault() {
        return loadDefault(System.getenv());
    }

    /** As {@link #loadDefault()}, reading ZOO_CATALOG from the given environment (tests, local runner). */
    public static ZooCatalog loadDefault(Map<String, String> env) {
        String override = env.get(ENV_OVERRIDE);
        if (override != null && !override.isBlank()) {
            return load(Path.of(override));
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ZooCatalog.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new CatalogException("classpath:" + RESOURCE,
                        List.of("no bundled catalog on the class path and " + ENV_OVERRIDE + " is not set"));
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + RESOURCE);
        } catch (IOException e) {
            throw new CatalogException("classpath:" + RESOURCE, List.of("cannot read bundled catalog: " + e), e);
        }
    }

    /**
     * Parses and validates catalog JSON.
     *
     * @param source a name for error messages (file path, "classpath:zoo/catalog.json", "test")
     * @throws CatalogException listing every problem, one per line
     */
    public static ZooCatalog parse(String json, String source) {
        JsonNode root;
        try {
            root = ZooJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new CatalogException(source, List.of("not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()), e);
        }
        if (root == null || !root.isObject()) {
            throw new CatalogException(source, List.of("catalog: must be a JSON object with fields zoo, budget, specs"));
        }
        List<String> errors = new ArrayList<>();
        unknownFields(root, TOP_FIELDS, "catalog", errors);

        String zoo = null;
        JsonNode zooNode = root.get("zoo");
        if (zooNode == null || !zooNode.isTextual() || zooNode.asText().isBlank()) {
            errors.add("catalog: field 'zoo': " + describeMissingOrWrong(zooNode, "a non-empty string"));
        } else {
            zoo = zooNode.asText();
        }

        int budget = 0;
        JsonNode budgetNode = root.get("budget");
        if (budgetNode == null || !budgetNode.canConvertToInt() || !budgetNode.isIntegralNumber()) {
            errors.add("catalog: field 'budget': " + describeMissingOrWrong(budgetNode, "a positive integer"));
        } else if (budgetNode.asInt() < 1) {
            errors.add("catalog: field 'budget': must be a positive integer, got " + budgetNode.asInt());
        } else {
            budget = budgetNode.asInt();
        }

        List<ModelSpec> specs = new ArrayList<>();
        JsonNode specsNode = root.get("specs");
        if (specsNode == null || !specsNode.isArray()) {
            errors.add("catalog: field 'specs': " + describeMissingOrWrong(specsNode, "an array of specs"));
        } else if (specsNode.isEmpty()) {
            errors.add("catalog: field 'specs': must list at least one spec");
        } else {
            Map<String, Integer> seenIds = new HashMap<>();
            Map<String, String> activeLabelOwner = new HashMap<>();
            for (int i = 0; i < specsNode.size(); i++) {
                parseSpec(specsNode.get(i), i, seenIds, activeLabelOwner, errors).ifPresent(specs::add);
            }
        }
        if (!errors.isEmpty()) {
            throw new CatalogException(source, errors);
        }
        return new ZooCatalog(zoo, budget, specs, source);
    }

    private static Optional<ModelSpec> parseSpec(JsonNode node, int index, Map<String, Integer> seenIds,
                                                 Map<String, String> activeLabelOwner, List<String> errors) {
        int before = errors.size();
        if (node == null || !node.isObject()) {
            errors.add("spec #" + (index + 1) + ": must be a JSON object, got " + typeOf(node));
            return Optional.empty();
        }
        String id = null;
        JsonNode idNode = node.get("id");
        String where;
        if (idNode == null || !idNode.isTextual() || idNode.asText().isBlank()) {
            where = "spec #" + (index + 1);
            errors.add(where + ": field 'id': " + describeMissingOrWrong(idNode, "a non-empty string"));
        } else {
            id = idNode.asText();
            where = "spec '" + id + "'";
            if (!NAME.matcher(id).matches()) {
                errors.add(where + ": field 'id': invalid value '" + id + "' (expected lower-case letters, digits, "
                        + "'.', '_' or '-', at most 64 characters)");
            }
            Integer previous = seenIds.putIfAbsent(id, index);
            if (previous != null) {
                errors.add(where + ": field 'id': duplicate id (specs #" + (previous + 1) + " and #" + (index + 1) + ")");
            }
        }
        unknownFields(node, SPEC_FIELDS, where, errors);

        String kind = requiredName(node, "kind", where, errors);
        String label = requiredName(node, "label", where, errors);

        SpecStatus status = null;
        JsonNode statusNode = node.get("status");
        if (statusNode == null || !statusNode.isTextual()) {
            errors.add(where + ": field 'status': " + describeMissingOrWrong(statusNode, SpecStatus.expected()));
        } else {
            status = SpecStatus.fromWire(statusNode.asText()).orElse(null);
            if (status == null) {
                errors.add(where + ": field 'status': unknown value '" + statusNode.asText() + "' (expected "
                        + SpecStatus.expected() + ")");
            }
        }
        if (status == SpecStatus.ACTIVE && label != null && id != null) {
            String owner = activeLabelOwner.putIfAbsent(label, id);
            if (owner != null && !owner.equals(id)) {
                errors.add(where + ": field 'label': '" + label + "' is already the label of active spec '" + owner
                        + "' (versions map back to one active spec per label)");
            }
        }

        DatasetRef dataset = parseDataset(node.get("dataset"), where, errors);
        Map<String, Object> params = parseParams(node.get("params"), where, errors);

        if (errors.size() != before) {
            return Optional.empty();
        }
        return Optional.of(new ModelSpec(id, kind, label, dataset, params, status));
    }

    private static String requiredName(JsonNode node, String field, String where, List<String> errors) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            errors.add(where + ": field '" + field + "': " + describeMissingOrWrong(value, "a non-empty string"));
            return null;
        }
        if (!NAME.matcher(value.asText()).matches()) {
            errors.add(where + ": field '" + field + "': invalid value '" + value.asText() + "' (expected lower-case "
                    + "letters, digits, '.', '_' or '-', at most 64 characters)");
            return null;
        }
        return value.asText();
    }

    private static DatasetRef parseDataset(JsonNode node, String where, List<String> errors) {
        if (node == null || !node.isObject()) {
            errors.add(where + ": field 'dataset': " + describeMissingOrWrong(node,
                    "an object with uri, time_column, target_column"));
            return null;
        }
        unknownFields(node, DATASET_FIELDS, where + ": field 'dataset'", errors);
        String uri = requiredText(node, "uri", where, errors);
        if (uri != null && !uri.matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")) {
            errors.add(where + ": field 'dataset.uri': invalid value '" + uri + "' (expected s3://bucket/prefix/)");
            uri = null;
        }
        String time = requiredText(node, "time_column", where, errors);
        String target = requiredText(node, "target_column", where, errors);
        if (time != null && time.equals(target)) {
            errors.add(where + ": field 'dataset.target_column': '" + target + "' is also the time_column");
            return null;
        }
        return uri == null || time == null || target == null ? null : new DatasetRef(uri, time, target);
    }

    private static String requiredText(JsonNode dataset, String field, String where, List<String> errors) {
        JsonNode value = dataset.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            errors.add(where + ": field 'dataset." + field + "': " + describeMissingOrWrong(value, "a non-empty string"));
            return null;
        }
        return value.asText();
    }

    private static Map<String, Object> parseParams(JsonNode node, String where, List<String> errors) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return params;
        }
        if (!node.isObject()) {
            errors.add(where + ": field 'params': must be an object, got " + typeOf(node));
            return params;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            String name = e.getKey();
            JsonNode value = e.getValue();
            String field = where + ": field 'params." + name + "'";
            if (NUMERIC_PARAMS.contains(name) && !value.isNumber()) {
                errors.add(field + ": must be a number, got " + typeOf(value) + " " + value);
            } else if (value.isNumber()) {
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    params.put(name, value.canConvertToInt() ? (Object) value.intValue() : value.longValue());
                } else {
                    double d = value.doubleValue();
                    if (!Double.isFinite(d)) {
                        errors.add(field + ": must be a finite number, got " + value);
                    }
                    params.put(name, d);
                }
            } else if (value.isTextual()) {
                params.put(name, value.textValue());
            } else if (value.isBoolean()) {
                params.put(name, value.booleanValue());
            } else {
                errors.add(field + ": must be a number, string or boolean, got " + typeOf(value));
            }
        }
        return params;
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String where, List<String> errors) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                errors.add(where + ": field '" + name + "': unknown field (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        });
    }

    private static String describeMissingOrWrong(JsonNode node, String expected) {
        if (node == null || node.isMissingNode()) {
            return "missing (expected " + expected + ")";
        }
        return "expected " + expected + ", got " + typeOf(node) + " " + node;
    }

    private static String typeOf(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case NUMBER -> "number";
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            case NULL -> "null";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The zoo's name ("saturday"). */
    public String zoo() {
        return zoo;
    }

    /** How many specs one Saturday trains when the run does not say. */
    public int budget() {
        return budget;
    }

    /** All specs in file order. */
    public List<ModelSpec> specs() {
        return specs;
    }

    /** Specs rotation may pick, in file order. */
    public List<ModelSpec> activeSpecs() {
        return specs.stream().filter(ModelSpec::isActive).toList();
    }

    public Optional<ModelSpec> spec(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The spec with this id, or an IllegalArgumentException naming the id and the known ids. */
    public ModelSpec require(String id) {
        ModelSpec spec = byId.get(id);
        if (spec == null) {
            throw new IllegalArgumentException("spec_ids: unknown spec id '" + id + "' (known: "
                    + String.join(", ", byId.keySet()) + ")");
        }
        return spec;
    }

    /** The active spec whose versions are filed under this label, if any. */
    public Optional<ModelSpec> activeSpecForLabel(String label) {
        return specs.stream().filter(s -> s.isActive() && s.label().equals(label)).findFirst();
    }

    /** Where this catalog was loaded from. */
    public String source() {
        return source;
    }
}
