package io.saturdayzoo.training.kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.core.catalog.CatalogException;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.training.ensemble.EnsembleKind;
import io.saturdayzoo.training.ensemble.EnsembleKinds;
import io.saturdayzoo.training.testkind.LogisticKind;
import io.saturdayzoo.training.testkind.MaxEnsembleKind;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CatalogKindsSchemaTest {

    /** The trainer's own kinds: the test class path adds test-only ones (testkind/) the published schema omits. */
    static List<ModelKind> shippedKinds() {
        return ModelKinds.discover().all().stream().filter(k -> shipped(k.getClass())).toList();
    }

    static List<EnsembleKind> shippedEnsembleKinds() {
        return EnsembleKinds.discover().all().stream().filter(k -> shipped(k.getClass())).toList();
    }

    private static boolean shipped(Class<?> kind) {
        var trainerCode = ModelKind.class.getProtectionDomain().getCodeSource().getLocation();
        return kind.getProtectionDomain().getCodeSource().getLocation().equals(trainerCode);
    }

    @Test
    void aKindsParamsBecomeItsSectionOfTheCatalogSchema() throws Exception {
        ObjectNode section = CatalogKindsSchema.section(List.of(new LogisticKind()), List.of(new MaxEnsembleKind()));
        assertThat(section.at("/properties/kind/enum")).containsExactly(ZooJson.mapper().readTree("\"test-logistic\""),
                ZooJson.mapper().readTree("\"test-max\""));
        assertThat(section.at("/allOf/0")).isEqualTo(ZooJson.mapper().readTree("""
                {"if": {"properties": {"kind": {"const": "test-logistic"}}, "required": ["kind"]},
                 "then": {"properties": {"params": {
                   "properties": {"epochs": {"type": "integer", "default": 30}, "step": {"type": "number", "default": 0.5}},
                   "additionalProperties": false},
                   "bases": {"description": "only ensemble kinds combine other specs", "not": {}},
                   "nodes": {"maximum": 1, "description": "kind 'test-logistic' trains on one machine only"}}}}"""));
        assertThat(section.at("/allOf/1")).isEqualTo(ZooJson.mapper().readTree("""
                {"if": {"properties": {"kind": {"const": "test-max"}}, "required": ["kind"]},
                 "then": {"properties": {"params": {"properties": {}, "additionalProperties": false},
                   "class_balance": {"enum": ["none"]},
                   "search": {"description": "an ensemble has no search space", "not": {}},
                   "nodes": {"maximum": 1, "description": "an ensemble combines its bases' versions on one machine"}},
                  "required": ["bases"]}}"""));
        assertThat(section.at("/properties/class_balance/enum").toString()).isEqualTo("[\"auto\",\"none\"]");
        assertThat(section.at("/properties/calibration/enum").toString()).isEqualTo("[\"none\",\"isotonic\",\"platt\"]");
        assertThat(section.at("/properties/search/properties/metric/enum").toString())
                .isEqualTo("[\"auc\",\"log_loss\",\"brier\"]");
        assertThat(new ParamSchema().choice("objective", "binary", "cross_entropy").jsonSchema()
                .at("/properties/objective")).isEqualTo(ZooJson.mapper().readTree(
                "{\"type\": \"string\", \"enum\": [\"binary\", \"cross_entropy\"], \"default\": \"binary\"}"));
    }

    @Test
    void onlyAKindThatTrainsDistributedLeavesNodesFree() {
        assertThat(shippedKinds()).allMatch(ModelKind::supportsDistributed);
        assertThat(CatalogKindsSchema.section(shippedKinds(), List.of()).findValues("nodes")).isEmpty();
        assertThat(new LogisticKind().supportsDistributed()).isFalse();
    }

    /** Core knows no kind; the bundled schema it validates with must accept each default and name each mistake. */
    @Test
    void theCatalogAcceptsEveryDeclaredDefaultAndRejectsEachWrongTypeByName() {
        for (ModelKind kind : shippedKinds()) {
            Map<String, Object> defaults = new LinkedHashMap<>();
            kind.params().params().values().forEach(p -> defaults.put(p.name(), p.defaultValue()));
            ModelSpec spec = ZooCatalog.parse(catalog(kind.name(), defaults), "test").require("probe");
            assertThat(kind.params().resolve("probe", kind.name(), spec.params()).asMap()).isEqualTo(defaults);

            for (ParamSchema.Param p : kind.params().params().values()) {
                Object wrong = p.type() == ParamSchema.Type.STRING ? (Object) 7 : "x";
                CatalogException e = catchThrowableOfType(CatalogException.class,
                        () -> ZooCatalog.parse(catalog(kind.name(), Map.of(p.name(), wrong)), "test"));
                assertThat(e).as(kind.name() + " " + p.name()).isNotNull();
                assertThat(e.errors()).singleElement().asString()
                        .startsWith("spec 'probe': field 'params." + p.name() + "': ");
            }
            CatalogException unknown = catchThrowableOfType(CatalogException.class,
                    () -> ZooCatalog.parse(catalog(kind.name(), Map.of("num_leaf", 31)), "test"));
            assertThat(unknown.errors()).containsExactly("spec 'probe': field 'params.num_leaf': unknown parameter"
                    + " for kind '" + kind.name() + "' (known: " + new java.util.TreeSet<>(kind.params().params().keySet()) + ")");
        }
    }

    private static String catalog(String kind, Map<String, Object> params) {
        JsonNode paramsJson = ZooJson.mapper().valueToTree(params);
        return """
                {"zoo": "t", "budget": 1, "specs": [{"id": "probe", "kind": "%s", "label": "probe", "status": "active",
                  "dataset": {"uri": "s3://data-bucket/probe/", "time_column": "ts", "target_column": "y"},
                  "params": %s}]}""".formatted(kind, paramsJson);
    }
}
