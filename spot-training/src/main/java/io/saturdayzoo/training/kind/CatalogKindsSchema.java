package io.saturdayzoo.training.kind;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.SearchRequest;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.training.balance.ClassBalance;
import io.saturdayzoo.training.calibration.Calibration;
import io.saturdayzoo.training.ensemble.EnsembleKind;
import io.saturdayzoo.training.search.SearchMetric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The generated part of zoo/catalog.schema.json: which kinds a spec may name and, per kind, the params it takes
 * ({@code if kind == X then params: X's ParamSchema}); that an ensemble kind needs {@code bases} and a model kind
 * takes none; and the values of the harness fields the trainer owns ({@code class_balance}, {@code calibration},
 * {@code search.metric}); and, for a kind that cannot train distributed, that its {@code nodes} stay 1. The rest
 * of the schema is written by hand; this section is rebuilt from the trainer, so a new kind's params are checked
 * wherever the catalog is loaded without core knowing them.
 */
public final class CatalogKindsSchema {

    /** Rewrites zoo/catalog.schema.json's kinds from the trainer's kinds; CatalogSchemaFileTest checks they agree. */
    public static final String REGENERATE = "mvn -B -q -pl spot-training -am test -Dtest=CatalogSchemaFileTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dcatalog.schema.write=true";

    /** Where the section sits in the schema; the hand-written spec schema refers to it as "#/$defs/kinds". */
    static final JsonPointer SECTION = JsonPointer.compile("/$defs/kinds");

    private CatalogKindsSchema() {
    }

    /** A copy of the catalog schema whose kinds section describes exactly these kinds (in name order). */
    public static ObjectNode withKinds(ObjectNode catalogSchema, Collection<ModelKind> kinds,
                                       Collection<EnsembleKind> ensembles) {
        ObjectNode schema = catalogSchema.deepCopy();
        schema.withObject(SECTION.head()).set(SECTION.last().getMatchingProperty(), section(kinds, ensembles));
        return schema;
    }

    static ObjectNode section(Collection<ModelKind> kinds, Collection<EnsembleKind> ensembles) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode section = json.objectNode()
                .put("$comment", "Generated from the trainer's model kinds, ensemble kinds (each kind's ParamSchema)"
                        + " and harness options; do not edit. Regenerate with: " + REGENERATE);
        ObjectNode properties = section.putObject("properties");
        ArrayNode names = properties.putObject(ModelSpec.KIND).putArray("enum");
        harnessValues(properties);
        ArrayNode perKind = section.putArray("allOf");
        Map<String, ObjectNode> rules = new TreeMap<>();
        for (ModelKind kind : kinds) {
            ObjectNode then = json.objectNode();
            ObjectNode fields = then.putObject("properties");
            fields.set(ModelSpec.PARAMS, kind.params().jsonSchema());
            notAllowed(fields, ModelSpec.BASES, "only ensemble kinds combine other specs");
            if (!kind.supportsDistributed()) {
                oneMachine(fields, "kind '" + kind.name() + "' trains on one machine only");
            }
            rules.put(kind.name(), then);
        }
        for (EnsembleKind kind : ensembles) {
            ObjectNode then = json.objectNode();
            ObjectNode fields = then.putObject("properties");
            fields.set(ModelSpec.PARAMS, kind.params().jsonSchema());
            fields.putObject(ModelSpec.CLASS_BALANCE).putArray("enum").add(ClassBalance.NONE.wireName());
            notAllowed(fields, ModelSpec.SEARCH, "an ensemble has no search space");
            oneMachine(fields, "an ensemble combines its bases' versions on one machine");
            then.putArray("required").add(ModelSpec.BASES);
            rules.put(kind.name(), then);
        }
        rules.forEach((name, then) -> {
            names.add(name);
            ObjectNode rule = perKind.addObject();
            ObjectNode condition = rule.putObject("if");
            condition.putObject("properties").putObject(ModelSpec.KIND).put("const", name);
            condition.putArray("required").add(ModelSpec.KIND);
            rule.set("then", then);
        });
        return section;
    }

    /** A field this kind does not take, and why (the catalog's error says it). */
    private static void notAllowed(ObjectNode fields, String field, String why) {
        fields.putObject(field).put("description", why).putObject("not");
    }

    /** The values the harness fields take, with their defaults. */
    private static void harnessValues(ObjectNode properties) {
        ObjectNode balance = properties.putObject(ModelSpec.CLASS_BALANCE);
        Arrays.stream(ClassBalance.values()).forEach(v -> balance.withArray("enum").add(v.wireName()));
        balance.put("default", ClassBalance.DEFAULT.wireName());
        ObjectNode calibration = properties.putObject(ModelSpec.CALIBRATION);
        Arrays.stream(Calibration.values()).forEach(v -> calibration.withArray("enum").add(v.wireName()));
        calibration.put("default", Calibration.DEFAULT.wireName());
        ArrayNode metrics = properties.putObject(ModelSpec.SEARCH).putObject("properties")
                .putObject(SearchRequest.METRIC).putArray("enum");
        Arrays.stream(SearchMetric.values()).forEach(m -> metrics.add(m.wireName()));
    }

    /** The schema as the committed file holds it: two-space indents, "key": value, a newline at the end. */
    public static String fileText(ObjectNode schema) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        try {
            return ZooJson.mapper().writer(printer).writeValueAsString(schema) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A spec of this kind trains on one machine: its {@code nodes} stay 1. */
    private static void oneMachine(ObjectNode fields, String why) {
        fields.putObject(ModelSpec.NODES).put("maximum", 1).put("description", why);
    }
}
