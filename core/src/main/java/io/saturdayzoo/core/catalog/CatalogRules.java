package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What JSON Schema cannot say about a catalog: rules across specs or across fields. They read the raw document, so
 * they run beside the schema and a catalog's every problem is reported at once.
 */
final class CatalogRules {

    private CatalogRules() {
    }

    static List<CatalogProblem> problems(JsonNode catalog) {
        List<CatalogProblem> problems = new ArrayList<>();
        Map<String, Integer> firstWithId = new HashMap<>();
        Map<String, String> activeLabelOwner = new HashMap<>();
        JsonNode specs = catalog.path(ZooCatalog.SPECS);
        for (int i = 0; specs.isArray() && i < specs.size(); i++) {
            int index = i;
            JsonNode spec = specs.get(i);
            String id = text(spec.path(ModelSpec.ID));
            if (id != null) {
                Integer first = firstWithId.putIfAbsent(id, i);
                if (first != null) {
                    problems.add(new CatalogProblem(List.of(ZooCatalog.SPECS, i, ModelSpec.ID),
                            "duplicate id (specs #" + (first + 1) + " and #" + (i + 1) + ")"));
                }
            }
            String label = text(spec.path(ModelSpec.LABEL));
            boolean active = SpecStatus.ACTIVE.wireName().equals(spec.path(ModelSpec.STATUS).asText());
            if (id != null && label != null && active) {
                String owner = activeLabelOwner.putIfAbsent(label, id);
                if (owner != null && !owner.equals(id)) {
                    problems.add(new CatalogProblem(List.of(ZooCatalog.SPECS, i, ModelSpec.LABEL), "'" + label
                            + "' is already the label of active spec '" + owner
                            + "' (versions map back to one active spec per label)"));
                }
            }
            JsonNode nodes = spec.path(ModelSpec.NODES);
            if (spec.has(ModelSpec.NODE) && (nodes.isMissingNode() || nodes.isIntegralNumber() && nodes.asInt() < 2)) {
                problems.add(new CatalogProblem(List.of(ZooCatalog.SPECS, i, ModelSpec.NODE), "a node size is for "
                        + "multi-node specs only (nodes >= 2); this spec has nodes " + nodes.asInt(1)));
            }
            JsonNode dataset = spec.path(ModelSpec.DATASET);
            String target = text(dataset.path(DatasetRef.TARGET_COLUMN));
            if (target != null && target.equals(text(dataset.path(DatasetRef.TIME_COLUMN)))) {
                problems.add(new CatalogProblem(List.of(ZooCatalog.SPECS, i, ModelSpec.DATASET,
                        DatasetRef.TARGET_COLUMN), "'" + target + "' is also the " + DatasetRef.TIME_COLUMN));
            }
            // JSON allows 1e999; the trainer cannot use it.
            spec.path(ModelSpec.PARAMS).fields().forEachRemaining(param -> {
                if (param.getValue().isNumber() && !Double.isFinite(param.getValue().doubleValue())) {
                    problems.add(new CatalogProblem(List.of(ZooCatalog.SPECS, index, ModelSpec.PARAMS, param.getKey()),
                            "must be a finite number, got " + param.getValue().asText()));
                }
            });
        }
        problems.addAll(baseProblems(specs));
        return problems;
    }

    /**
     * An ensemble's bases: specs of this catalog, not ensembles themselves, trained on the ensemble's own dataset
     * (the same rows, time order and target), and active while the ensemble is.
     */
    private static List<CatalogProblem> baseProblems(JsonNode specs) {
        List<CatalogProblem> problems = new ArrayList<>();
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (int i = 0; specs.isArray() && i < specs.size(); i++) {
            String id = text(specs.get(i).path(ModelSpec.ID));
            if (id != null) {
                byId.putIfAbsent(id, specs.get(i));
            }
        }
        for (int i = 0; specs.isArray() && i < specs.size(); i++) {
            JsonNode spec = specs.get(i);
            JsonNode bases = spec.path(ModelSpec.BASES);
            boolean active = SpecStatus.ACTIVE.wireName().equals(spec.path(ModelSpec.STATUS).asText());
            for (int b = 0; bases.isArray() && b < bases.size(); b++) {
                String baseId = text(bases.get(b));
                if (baseId == null) {
                    continue; // the schema names it
                }
                List<Object> at = List.of(ZooCatalog.SPECS, i, ModelSpec.BASES, b);
                JsonNode base = byId.get(baseId);
                if (base == null) {
                    problems.add(new CatalogProblem(at, "unknown spec '" + baseId + "' (known: "
                            + String.join(", ", byId.keySet()) + ")"));
                } else if (base.path(ModelSpec.BASES).isArray() && !base.path(ModelSpec.BASES).isEmpty()) {
                    problems.add(new CatalogProblem(at, "'" + baseId + "' is an ensemble itself; bases must be "
                            + "specs that train on the data"));
                } else if (!base.path(ModelSpec.DATASET).equals(spec.path(ModelSpec.DATASET))) {
                    problems.add(new CatalogProblem(at, "'" + baseId + "' trains on dataset "
                            + base.path(ModelSpec.DATASET) + ", not this spec's " + spec.path(ModelSpec.DATASET)
                            + " (an ensemble combines predictions on the same rows and target)"));
                } else if (active && !SpecStatus.ACTIVE.wireName().equals(base.path(ModelSpec.STATUS).asText())) {
                    problems.add(new CatalogProblem(at, "'" + baseId + "' is retired; an active ensemble needs "
                            + "active bases"));
                }
            }
        }
        return problems;
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
