package io.saturdayzoo.training.kind;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.training.ensemble.EnsembleKind;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.saturdayzoo.training.kind.CatalogKindsSchemaTest.shippedEnsembleKinds;
import static io.saturdayzoo.training.kind.CatalogKindsSchemaTest.shippedKinds;
import static org.assertj.core.api.Assertions.assertThat;

/** zoo/catalog.schema.json holds what the shipped kinds generate; -Dcatalog.schema.write=true rewrites it. */
class CatalogSchemaFileTest {

    private static final Path COMMITTED = Path.of("..", "zoo", "catalog.schema.json");

    @Test
    void committedCatalogSchemaDescribesExactlyTheShippedKinds() throws Exception {
        ObjectNode committed = (ObjectNode) ZooJson.mapper().readTree(COMMITTED.toFile());
        ObjectNode generated = CatalogKindsSchema.withKinds(committed, shippedKinds(), shippedEnsembleKinds());
        if (Boolean.getBoolean("catalog.schema.write")) {
            Files.writeString(COMMITTED, CatalogKindsSchema.fileText(generated));
        }
        assertThat(shippedKinds()).extracting(ModelKind::name).containsExactly("lightgbm", "lightgbm-dart");
        assertThat(shippedEnsembleKinds()).extracting(EnsembleKind::name).containsExactly("blend", "logistic-stack");
        assertThat(ZooJson.mapper().readTree(COMMITTED.toFile()))
                .withFailMessage("zoo/catalog.schema.json does not describe the trainer's kinds %s %s and their params;"
                        + " regenerate it with:%n  %s%n", shippedKinds().stream().map(ModelKind::name).toList(),
                        shippedEnsembleKinds().stream().map(EnsembleKind::name).toList(),
                        CatalogKindsSchema.REGENERATE)
                .isEqualTo(generated);
    }
}
