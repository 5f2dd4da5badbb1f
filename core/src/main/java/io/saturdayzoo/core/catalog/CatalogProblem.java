package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One thing wrong in a catalog: where (the path of the field inside the catalog, e.g. specs, 0, params, num_leaves)
 * and what ("must be a number, got string \"31\""). Rendered as the catalog's error lines:
 * {@code spec 'churn-gbdt': field 'params.num_leaves': must be a number, got string "31"}.
 */
record CatalogProblem(List<Object> path, String text) {

    CatalogProblem {
        path = List.copyOf(path);
    }

    /** The problems as error lines: in the order the catalog reads, one per field (the first found). */
    static List<String> report(JsonNode catalog, List<CatalogProblem> problems) {
        Map<List<Object>, CatalogProblem> firstPerField = new LinkedHashMap<>();
        problems.stream()
                .sorted(Comparator.comparing(p -> p.positionIn(catalog), CatalogProblem::compare))
                .forEach(p -> firstPerField.putIfAbsent(p.path, p));
        return firstPerField.values().stream().map(p -> p.render(catalog)).toList();
    }

    /** "catalog: field 'budget': ...", "spec 'churn-gbdt': field 'dataset.uri': ...", "spec #2: ...". */
    String render(JsonNode catalog) {
        if (path.size() >= 2 && ZooCatalog.SPECS.equals(path.get(0)) && path.get(1) instanceof Integer index) {
            String where = specName(catalog.path(ZooCatalog.SPECS).path(index), index);
            List<Object> field = path.subList(2, path.size());
            return field.isEmpty() ? where + ": " + text : where + ": field '" + dotted(field) + "': " + text;
        }
        return path.isEmpty() ? "catalog: " + text : "catalog: field '" + dotted(path) + "': " + text;
    }

    /** A spec is named by its id when it has one, else by its position (1-based). */
    static String specName(JsonNode spec, int index) {
        JsonNode id = spec.path(ModelSpec.ID);
        return id.isTextual() && !id.asText().isBlank() ? "spec '" + id.asText() + "'" : "spec #" + (index + 1);
    }

    private static String dotted(List<Object> field) {
        return field.stream().map(String::valueOf).collect(Collectors.joining("."));
    }

    /** Where the field stands in the document: each step's index among its siblings; absent fields after present. */
    private List<Integer> positionIn(JsonNode catalog) {
        List<Integer> position = new ArrayList<>();
        JsonNode node = catalog;
        for (Object step : path) {
            int index = Integer.MAX_VALUE;
            if (step instanceof Integer i) {
                index = i;
            } else if (node.isObject()) {
                int i = 0;
                for (var names = node.fieldNames(); names.hasNext(); i++) {
                    if (names.next().equals(step)) {
                        index = i;
                        break;
                    }
                }
            }
            position.add(index);
            node = step instanceof Integer i ? node.path(i) : node.path((String) step);
        }
        return position;
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
