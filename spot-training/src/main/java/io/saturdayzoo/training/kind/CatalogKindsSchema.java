package io.saturdayzoo.training.kind;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.json.ZooJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Comparator;

/**
 * The generated part of zoo/catalog.schema.json: which kinds a spec may name and, per kind, the params it takes
 * ({@code if kind == X then params: X's ParamSchema}), and for a kind that cannot train distributed, that its
 * {@code nodes} stay 1. The rest of the schema is written by hand; this section is
 * rebuilt from the kinds, so a new kind's params are checked wherever the catalog is loaded without core knowing them.
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
    public static ObjectNode withKinds(ObjectNode catalogSchema, Collection<ModelKind> kinds) {
        ObjectNode schema = catalogSchema.deepCopy();
        schema.withObject(SECTION.head()).set(SECTION.last().getMatchingProperty(), section(kinds));
        return schema;
    }

    static ObjectNode section(Collection<ModelKind> kinds) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode section = json.objectNode()
                .put("$comment", "Generated from the trainer's model kinds (each kind's ParamSchema); do not edit."
                        + " Regenerate with: " + REGENERATE);
        ArrayNode names = section.putObject("properties").putObject(ModelSpec.KIND).putArray("enum");
        ArrayNode perKind = section.putArray("allOf");
        kinds.stream().sorted(Comparator.comparing(ModelKind::name)).forEach(kind -> {
            names.add(kind.name());
            ObjectNode rule = perKind.addObject();
            ObjectNode condition = rule.putObject("if");
            condition.putObject("properties").putObject(ModelSpec.KIND).put("const", kind.name());
            condition.putArray("required").add(ModelSpec.KIND);
            ObjectNode then = rule.putObject("then").putObject("properties");
            then.set(ModelSpec.PARAMS, kind.params().jsonSchema());
            if (!kind.supportsDistributed()) {
                then.putObject(ModelSpec.NODES).put("maximum", 1)
                        .put("description", "kind '" + kind.name() + "' trains on one machine only");
            }
        });
        return section;
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
}
