package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.saturdayzoo.core.json.ZooJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The published catalog schema, zoo/catalog.schema.json (JSON Schema 2020-12), bundled beside the catalog. It holds
 * every rule a schema can say, including each model kind's params (generated from the trainer's kinds); what it
 * finds comes back worded as the catalog's own errors.
 */
final class CatalogSchema {

    /** Classpath location (core packages ../zoo/catalog.schema.json there); catalog.json names it in "$schema". */
    static final String RESOURCE = "zoo/catalog.schema.json";

    private final Schema schema;
    private final SchemaErrorWording wording;

    CatalogSchema(JsonNode schemaJson) {
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaJson);
        this.wording = new SchemaErrorWording(schemaJson);
    }

    /** The schema bundled with core, read and compiled once per JVM. */
    static CatalogSchema bundled() {
        return Bundled.INSTANCE;
    }

    /** Every violation in the catalog, each as a problem naming its field. */
    List<CatalogProblem> problems(JsonNode catalog) {
        return schema.validate(catalog).stream().map(e -> wording.problem(e, catalog)).toList();
    }

    private static final class Bundled {
        static final CatalogSchema INSTANCE = new CatalogSchema(read());

        private static JsonNode read() {
            try (InputStream in = CatalogSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is not on the class path (core's jar bundles it)");
                }
                return ZooJson.mapper().readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }
}
