package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.saturdayzoo.core.gate.GatePolicy;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.core.json.ZooJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model zoo: a versioned catalog file of specs (zoo/catalog.json). Loading validates the whole file against the
 * published schema (zoo/catalog.schema.json: structure, and each kind's params) and the few rules across specs a
 * schema cannot say, and reports every problem at once, each naming the spec id and the field, so a bad edit is
 * fixed in one pass.
 */
public final class ZooCatalog {

    /** Classpath location of the bundled catalog (core packages ../zoo/catalog.json there). */
    public static final String RESOURCE = "zoo/catalog.json";
    /** Environment variable naming a catalog file that overrides the bundled one. */
    public static final String ENV_OVERRIDE = "ZOO_CATALOG";

    // The catalog's top-level field names.
    static final String ZOO = "zoo";
    static final String BUDGET = "budget";
    static final String SPECS = "specs";
    static final String QUARANTINE_AFTER = "quarantine_after";
    static final String MIN_SHADOW_WEEKS = "min_shadow_weeks";
    /** Failed attempts in a row that quarantine a spec when the catalog does not say. */
    public static final int DEFAULT_QUARANTINE_AFTER = 3;
    /** Shadow weeks a candidate needs before the gate judges it on them, when the catalog does not say. */
    public static final int DEFAULT_MIN_SHADOW_WEEKS = 0;

    /** The file's shape once valid; "$schema" and spec descriptions are for editors and readers only. */
    private record CatalogFile(@JsonProperty(ZOO) String zoo, @JsonProperty(BUDGET) int budget,
                               @JsonProperty(SPECS) List<ModelSpec> specs,
                               @JsonProperty(QUARANTINE_AFTER) Integer quarantineAfter,
                               @JsonProperty(MIN_SHADOW_WEEKS) Integer minShadowWeeks,
                               @JsonProperty(GatePolicy.FIELD) GatePolicy gate) {
    }

    private final String zoo;
    private final int budget;
    private final List<ModelSpec> specs;
    private final int quarantineAfter;
    private final int minShadowWeeks;
    private final GatePolicy gate;
    private final Map<String, ModelSpec> byId;
    private final String source;

    private ZooCatalog(CatalogFile file, String source) {
        this.zoo = file.zoo();
        this.budget = file.budget();
        this.specs = List.copyOf(file.specs());
        this.quarantineAfter = file.quarantineAfter() == null ? DEFAULT_QUARANTINE_AFTER : file.quarantineAfter();
        this.minShadowWeeks = file.minShadowWeeks() == null ? DEFAULT_MIN_SHADOW_WEEKS : file.minShadowWeeks();
        this.gate = file.gate() == null ? GatePolicy.DEFAULTS : file.gate();
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
        if (root == null || root.isMissingNode()) {
            throw new CatalogException(source, List.of("catalog: empty file (expected a JSON object with fields "
                    + String.join(", ", ZOO, BUDGET, SPECS) + ")"));
        }
        List<CatalogProblem> problems = new ArrayList<>(CatalogSchema.bundled().problems(root));
        problems.addAll(CatalogRules.problems(root));
        List<String> errors = CatalogProblem.report(root, problems);
        if (!errors.isEmpty()) {
            throw new CatalogException(source, errors);
        }
        try {
            return new ZooCatalog(ZooJson.mapper().treeToValue(root, CatalogFile.class), source);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalog " + source + " passed its schema but does not map: " + e, e);
        }
    }

    /** The eval gate's policy ("gate": min_delta, min_rows), defaults where the catalog says nothing. */
    public GatePolicy gate() {
        return gate;
    }

    /** The zoo's name ("saturday"). */
    public String zoo() {
        return zoo;
    }

    /** How many specs one Saturday trains when the run does not say. */
    public int budget() {
        return budget;
    }

    /** Failed attempts in a row after which rotation skips a spec (quarantine). */
    public int quarantineAfter() {
        return quarantineAfter;
    }

    /** Shadow weeks a candidate must have before the gate may judge it on the weeks it shares with the champion. */
    public int minShadowWeeks() {
        return minShadowWeeks;
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
