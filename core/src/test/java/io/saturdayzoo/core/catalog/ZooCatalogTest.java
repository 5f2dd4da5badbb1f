package io.saturdayzoo.core.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.saturdayzoo.core.json.ZooJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ZooCatalogTest {

    private static final String DATASET = "{\"uri\":\"s3://zoo-data/datasets/churn/\",\"time_column\":\"ts\",\"target_column\":\"label\"}";

    private static String spec(String id, String extra) {
        return "{\"id\":\"" + id + "\",\"kind\":\"lightgbm\",\"label\":\"" + id + "-label\",\"dataset\":" + DATASET
                + ",\"params\":{\"num_leaves\":31},\"status\":\"active\"" + extra + "}";
    }

    private static String catalog(int budget, String... specs) {
        return "{\"zoo\":\"saturday\",\"budget\":" + budget + ",\"specs\":[" + String.join(",", specs) + "]}";
    }

    private static CatalogException invalid(String json) {
        return catchThrowableOfType(CatalogException.class, () -> ZooCatalog.parse(json, "test"));
    }

    @Test
    void bundledCatalogLoadsWithBothKindsAndARetiredSpec() {
        ZooCatalog catalog = ZooCatalog.loadDefault(Map.of());
        assertThat(catalog.source()).isEqualTo("classpath:zoo/catalog.json");
        assertThat(catalog.zoo()).isEqualTo("saturday");
        assertThat(catalog.budget()).isGreaterThanOrEqualTo(1);
        assertThat(catalog.specs()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(catalog.specs()).extracting(ModelSpec::kind).contains("lightgbm", "lightgbm-dart");
        assertThat(catalog.specs()).filteredOn(s -> s.status() == SpecStatus.RETIRED).isNotEmpty();
        ModelSpec churn = catalog.require("churn-gbdt");
        assertThat(churn.label()).isEqualTo("churn");
        assertThat(churn.dataset().targetColumn()).isEqualTo("label");
        assertThat(churn.dataset().bucket()).isEqualTo("saturday-zoo-data");
        assertThat(churn.dataset().keyPrefix()).isEqualTo("datasets/churn/");
        assertThat(churn.params()).containsEntry("num_leaves", 31).containsEntry("learning_rate", 0.05);
        assertThat(catalog.activeSpecForLabel("churn")).contains(churn);
    }

    @Test
    void zooCatalogEnvironmentVariableOverridesTheBundledFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.json");
        Files.writeString(file, catalog(2, spec("only-one", "")));
        ZooCatalog catalog = ZooCatalog.loadDefault(Map.of("ZOO_CATALOG", file.toString()));
        assertThat(catalog.specs()).extracting(ModelSpec::id).containsExactly("only-one");
        assertThat(catalog.budget()).isEqualTo(2);
        assertThat(catalog.source()).isEqualTo(file.toString());
    }

    @Test
    void unreadableFileIsACatalogErrorNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> ZooCatalog.load(missing))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("cannot read catalog file");
    }

    @Test
    void unknownStatusNamesSpecFieldValueAndTheAllowedValues() {
        CatalogException e = invalid(catalog(3, "{\"id\":\"churn-gbdt\",\"kind\":\"lightgbm\",\"label\":\"churn\","
                + "\"dataset\":" + DATASET + ",\"status\":\"archived\"}"));
        assertThat(e.errors()).containsExactly(
                "spec 'churn-gbdt': field 'status': unknown value 'archived' (expected active|retired)");
    }

    @Test
    void duplicateIdIsReported() {
        CatalogException e = invalid(catalog(3, spec("churn-gbdt", ""), spec("churn-gbdt", "")));
        assertThat(e.errors()).anySatisfy(msg -> assertThat(msg)
                .isEqualTo("spec 'churn-gbdt': field 'id': duplicate id (specs #1 and #2)"));
    }

    @Test
    void missingDatasetIsReported() {
        CatalogException e = invalid(catalog(3, "{\"id\":\"fraud\",\"kind\":\"lightgbm\",\"label\":\"fraud\","
                + "\"status\":\"active\"}"));
        assertThat(e.errors()).containsExactly("spec 'fraud': field 'dataset': missing (expected an object with uri, "
                + "time_column, target_column)");
    }

    @Test
    void incompleteDatasetNamesTheMissingSubField() {
        CatalogException e = invalid(catalog(3, "{\"id\":\"fraud\",\"kind\":\"lightgbm\",\"label\":\"fraud\","
                + "\"dataset\":{\"uri\":\"http://not-s3/x\",\"time_column\":\"ts\"},\"status\":\"active\"}"));
        assertThat(e.errors()).containsExactly(
                "spec 'fraud': field 'dataset.uri': invalid value 'http://not-s3/x' (expected s3://bucket/prefix/)",
                "spec 'fraud': field 'dataset.target_column': missing (expected a non-empty string)");
    }

    @Test
    void nonPositiveBudgetIsReported() {
        assertThat(invalid(catalog(0, spec("a", ""))).errors())
                .containsExactly("catalog: field 'budget': must be a positive integer, got 0");
        assertThat(invalid(catalog(-2, spec("a", ""))).errors())
                .containsExactly("catalog: field 'budget': must be a positive integer, got -2");
        assertThat(invalid(catalog(3, spec("a", "")).replace("\"budget\":3", "\"budget\":\"3\"")).errors())
                .containsExactly("catalog: field 'budget': expected a positive integer, got string \"3\"");
    }

    @Test
    void quarantineAndShadowSettingsDefaultAndAreChecked() {
        ZooCatalog defaults = ZooCatalog.parse(catalog(3, spec("a", "")), "test");
        assertThat(defaults.quarantineAfter()).isEqualTo(ZooCatalog.DEFAULT_QUARANTINE_AFTER).isEqualTo(3);
        assertThat(defaults.minShadowWeeks()).isZero();
        ZooCatalog set = ZooCatalog.parse(catalog(3, spec("a", "")).replace("\"budget\":3",
                "\"budget\":3,\"quarantine_after\":2,\"min_shadow_weeks\":4"), "test");
        assertThat(set.quarantineAfter()).isEqualTo(2);
        assertThat(set.minShadowWeeks()).isEqualTo(4);
        assertThat(invalid(catalog(3, spec("a", "")).replace("\"budget\":3", "\"budget\":3,\"quarantine_after\":0"))
                .errors()).containsExactly("catalog: field 'quarantine_after': must be a positive integer, got 0");
        assertThat(invalid(catalog(3, spec("a", "")).replace("\"budget\":3", "\"budget\":3,\"min_shadow_weeks\":-1"))
                .errors()).containsExactly("catalog: field 'min_shadow_weeks': must be an integer >= 0, got -1");
    }

    @Test
    void typedParamGivenAsStringIsReported() {
        String json = catalog(3, spec("churn", "").replace("{\"num_leaves\":31}", "{\"num_leaves\":\"31\"}"));
        assertThat(invalid(json).errors())
                .containsExactly("spec 'churn': field 'params.num_leaves': must be a number, got string \"31\"");
    }

    @Test
    void paramValuesMustBeScalars() {
        String json = catalog(3, spec("churn", "").replace("{\"num_leaves\":31}",
                "{\"num_leaves\":31,\"metric\":[\"auc\"],\"extra\":{\"a\":1},\"nothing\":null}"));
        assertThat(invalid(json).errors()).containsExactly(
                "spec 'churn': field 'params.metric': must be a number, string or boolean, got array",
                "spec 'churn': field 'params.extra': must be a number, string or boolean, got object",
                "spec 'churn': field 'params.nothing': must be a number, string or boolean, got null");
    }

    @Test
    void scalarParamsKeepTheirTypes() {
        String json = catalog(3, spec("churn", "").replace("{\"num_leaves\":31}",
                "{\"num_leaves\":31,\"learning_rate\":0.1,\"objective\":\"binary\",\"is_unbalance\":true}"));
        assertThat(ZooCatalog.parse(json, "test").require("churn").params())
                .containsExactly(Map.entry("num_leaves", 31), Map.entry("learning_rate", 0.1),
                        Map.entry("objective", "binary"), Map.entry("is_unbalance", true));
    }

    @Test
    void missingLabelAndKindAreReported() {
        CatalogException e = invalid(catalog(3, "{\"id\":\"fraud\",\"dataset\":" + DATASET + ",\"status\":\"active\"}"));
        assertThat(e.errors()).containsExactly(
                "spec 'fraud': field 'kind': missing (expected a non-empty string)",
                "spec 'fraud': field 'label': missing (expected a non-empty string)");
    }

    @Test
    void specWithoutIdIsNamedByPosition() {
        CatalogException e = invalid(catalog(3, spec("ok", ""),
                "{\"kind\":\"lightgbm\",\"label\":\"x\",\"dataset\":" + DATASET + ",\"status\":\"active\"}"));
        assertThat(e.errors()).containsExactly("spec #2: field 'id': missing (expected a non-empty string)");
    }

    @Test
    void unknownFieldIsReportedSoTyposAreNotSilentlyIgnored() {
        CatalogException e = invalid(catalog(3, spec("churn", ",\"stauts\":\"retired\"")));
        assertThat(e.errors()).singleElement().asString()
                .startsWith("spec 'churn': field 'stauts': unknown field (allowed: ");
    }

    @Test
    void twoActiveSpecsMayNotShareALabelButARetiredOneMay() {
        String a = spec("churn-a", "").replace("churn-a-label", "churn");
        String b = spec("churn-b", "").replace("churn-b-label", "churn");
        assertThat(invalid(catalog(3, a, b)).errors()).containsExactly(
                "spec 'churn-b': field 'label': 'churn' is already the label of active spec 'churn-a' "
                        + "(versions map back to one active spec per label)");
        String retiredB = b.replace("\"status\":\"active\"", "\"status\":\"retired\"");
        assertThat(ZooCatalog.parse(catalog(3, a, retiredB), "test").activeSpecs())
                .extracting(ModelSpec::id).containsExactly("churn-a");
    }

    @Test
    void allErrorsAreCollectedOnePerLine() {
        String badStatus = spec("a", "").replace("\"status\":\"active\"", "\"status\":\"paused\"");
        String noDataset = "{\"id\":\"b\",\"kind\":\"lightgbm\",\"label\":\"b\",\"status\":\"active\"}";
        String badParam = spec("c", "").replace("{\"num_leaves\":31}", "{\"learning_rate\":\"fast\"}");
        CatalogException e = invalid(catalog(0, badStatus, noDataset, badParam, spec("c", "")));
        assertThat(e.errors()).hasSize(5);
        assertThat(e.getMessage().lines().skip(1)).containsExactlyElementsOf(e.errors());
        assertThat(e.getMessage()).startsWith("invalid zoo catalog test (5 errors):");
        assertThat(e.errors()).allSatisfy(line -> assertThat(line).matches("(catalog|spec '[a-c]'): field '.*"));
    }

    @Test
    void invalidJsonSaysWhere() {
        CatalogException e = invalid("{\"zoo\": \"saturday\",\n \"budget\": 3,,}");
        assertThat(e.errors()).singleElement().asString().startsWith("not valid JSON:").contains("line 2");
    }

    @Test
    void requireUnknownIdListsKnownIds() {
        ZooCatalog catalog = ZooCatalog.parse(catalog(3, spec("a", ""), spec("b", "")), "test");
        assertThatThrownBy(() -> catalog.require("zzz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("spec_ids: unknown spec id 'zzz' (known: a, b)");
    }

    private static JsonNode bundled(String resource) throws Exception {
        try (InputStream in = ZooCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return ZooJson.mapper().readTree(in);
        }
    }

    @Test
    void bundledCatalogNamesThePublishedSchemaBesideIt() throws Exception {
        JsonNode catalog = bundled(ZooCatalog.RESOURCE);
        String declared = catalog.path("$schema").asText();
        String resolved = URI.create(ZooCatalog.RESOURCE).resolve(declared).toString();
        assertThat(resolved).isEqualTo(CatalogSchema.RESOURCE);
        assertThat(bundled(resolved).path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void publishedSchemaIsAValidDraft2020_12Schema() throws Exception {
        var metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        String schema = bundled(CatalogSchema.RESOURCE).toString();
        assertThat(metaSchema.validate(schema, InputFormat.JSON)).isEmpty();
        assertThat(metaSchema.validate("{\"type\": \"no-such-type\"}", InputFormat.JSON)).isNotEmpty();
    }

    @Test
    void schemaStatusValuesAreSpecStatusWireNames() throws Exception {
        JsonNode statuses = bundled(CatalogSchema.RESOURCE).at("/$defs/spec/properties/status/enum");
        assertThat(statuses).extracting(JsonNode::asText)
                .containsExactlyElementsOf(Arrays.stream(SpecStatus.values()).map(SpecStatus::wireName).toList());
    }

    @Test
    void eachKindsParamsAreCheckedByTheirOwnTypesAndNames() {
        String json = catalog(3, spec("churn", "").replace("{\"num_leaves\":31}",
                "{\"num_leaves\":3.5,\"is_unbalance\":\"yes\",\"objective\":\"regression\",\"leaves\":3}"),
                spec("dart", "").replace("\"lightgbm\"", "\"lightgbm-dart\"").replace("{\"num_leaves\":31}",
                        "{\"drop_rate\":\"high\"}"),
                spec("boost", "").replace("\"lightgbm\"", "\"xgboost\""));
        assertThat(invalid(json).errors()).containsExactly(
                "spec 'churn': field 'params.num_leaves': must be an integer, got 3.5",
                "spec 'churn': field 'params.is_unbalance': expected true or false, got \"yes\" (string)",
                "spec 'churn': field 'params.objective': unknown value 'regression' (expected binary)",
                "spec 'churn': field 'params.leaves': unknown parameter for kind 'lightgbm' (known: [bagging_fraction, "
                        + "bagging_freq, feature_fraction, force_row_wise, is_unbalance, lambda_l1, lambda_l2, "
                        + "learning_rate, max_bin, max_depth, min_data_in_leaf, min_gain_to_split, "
                        + "min_sum_hessian_in_leaf, num_iterations, num_leaves, objective, scale_pos_weight])",
                "spec 'dart': field 'params.drop_rate': must be a number, got string \"high\"",
                "spec 'boost': field 'kind': unknown value 'xgboost' (expected blend|lightgbm|lightgbm-dart|logistic-stack)");
    }

    @Test
    void catalogMayNameItsSchemaButNothingElseUnknown() {
        String json = catalog(3, spec("a", "")).replace("{\"zoo\"", "{\"$schema\":\"./catalog.schema.json\",\"zoo\"");
        assertThat(ZooCatalog.parse(json, "test").specs()).extracting(ModelSpec::id).containsExactly("a");
        assertThat(invalid(json.replace("\"budget\"", "\"owner\":\"ml\",\"budget\"")).errors()).containsExactly(
                "catalog: field 'owner': unknown field (allowed: $schema, budget, gate, min_shadow_weeks, quarantine_after, specs, zoo)");
    }

    @Test
    void errorsFollowTheFileTopToBottom() {
        String json = "{\"specs\":[" + spec("b", "").replace("s3://zoo-data", "gs://zoo-data") + ","
                + spec("a", "").replace("\"status\":\"active\"", "\"status\":1") + "],\"zoo\":\"\",\"budget\":0}";
        assertThat(invalid(json).errors()).containsExactly(
                "spec 'b': field 'dataset.uri': invalid value 'gs://zoo-data/datasets/churn/' (expected s3://bucket/prefix/)",
                "spec 'a': field 'status': unknown value '1' (expected active|retired)",
                "catalog: field 'zoo': expected a non-empty string, got string \"\"",
                "catalog: field 'budget': must be a positive integer, got 0");
    }

    @Test
    void shapeErrorsNameWhatWasExpected() {
        assertThat(invalid("[1]").errors()).containsExactly(
                "catalog: expected an object with zoo, budget, specs, got array");
        assertThat(invalid(catalog(3)).errors()).containsExactly("catalog: field 'specs': must list at least 1 spec");
        assertThat(invalid(catalog(3, "\"churn\"")).errors()).containsExactly(
                "spec #1: expected an object with id, kind, label, dataset, status, got string \"churn\"");
        assertThat(invalid(catalog(3, spec("a", "").replace("{\"num_leaves\":31}", "[]"))).errors())
                .containsExactly("spec 'a': field 'params': expected an object or null, got array");
        assertThat(invalid(catalog(3, spec("a", "").replace("\"time_column\":\"ts\"", "\"time_column\":\"label\"")))
                .errors()).containsExactly("spec 'a': field 'dataset.target_column': 'label' is also the time_column");
        assertThat(invalid(catalog(3, spec("a", "").replace("{\"num_leaves\":31}", "{\"learning_rate\":1e999}"))).errors())
                .containsExactly("spec 'a': field 'params.learning_rate': must be a finite number, got Infinity");
    }

    @Test
    void aSpecMayAskForSeveralNodesOfAGivenSize() {
        ZooCatalog catalog = ZooCatalog.parse(catalog(3, spec("big", ",\"nodes\":3,\"node\":{\"vcpus\":8,\"memory_gib\":32}"),
                spec("wide", ",\"nodes\":2"), spec("small", "")), "test");
        ModelSpec big = catalog.require("big");
        assertThat(big.nodes()).isEqualTo(3);
        assertThat(big.isMultiNode()).isTrue();
        assertThat(big.node()).isEqualTo(new NodeSize(8, 32));
        assertThat(big.node().itemFields()).containsExactly(Map.entry("vcpus", "8"), Map.entry("memory_mib", "32768"));
        assertThat(catalog.require("wide").node().itemFields()).isEmpty();
        ModelSpec small = catalog.require("small");
        assertThat(small.nodes()).isEqualTo(1);
        assertThat(small.isMultiNode()).isFalse();
        assertThat(small.node()).isEqualTo(NodeSize.DEFAULT);
    }

    @Test
    void nodeCountsAndSizesAreCheckedByName() {
        assertThat(invalid(catalog(3,
                spec("zero", ",\"nodes\":0"),
                spec("half", ",\"nodes\":1.5"),
                spec("alone", ",\"node\":{\"vcpus\":4}"),
                spec("one", ",\"nodes\":1,\"node\":{\"vcpus\":4}"),
                spec("gpu", ",\"nodes\":2,\"node\":{\"gpus\":1}"),
                spec("text", ",\"nodes\":2,\"node\":{\"memory_gib\":\"16\"}"),
                spec("none", ",\"nodes\":2,\"node\":{\"vcpus\":0}"))).errors()).containsExactly(
                "spec 'zero': field 'nodes': must be a positive integer, got 0",
                "spec 'half': field 'nodes': expected a positive integer, got number 1.5",
                "spec 'alone': field 'node': a node size is for multi-node specs only (nodes >= 2); this spec has "
                        + "nodes 1",
                "spec 'one': field 'node': a node size is for multi-node specs only (nodes >= 2); this spec has nodes 1",
                "spec 'gpu': field 'node.gpus': unknown field (allowed: memory_gib, vcpus)",
                "spec 'text': field 'node.memory_gib': expected a positive integer, got string \"16\"",
                "spec 'none': field 'node.vcpus': must be a positive integer, got 0");
    }

    /** The trainer writes this rule into the schema's kinds section for a kind that cannot train distributed. */
    @Test
    void aKindThatTrainsOnOneMachineRefusesMoreNodesNamingTheSpec() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CatalogSchema.RESOURCE)) {
            schema = (com.fasterxml.jackson.databind.node.ObjectNode) ZooJson.mapper().readTree(in);
        }
        ((com.fasterxml.jackson.databind.node.ArrayNode) schema.at("/$defs/kinds/allOf")).addObject().setAll(
                (com.fasterxml.jackson.databind.node.ObjectNode) ZooJson.mapper().readTree("""
                        {"if": {"properties": {"kind": {"const": "lightgbm"}}, "required": ["kind"]},
                         "then": {"properties": {"nodes": {"maximum": 1,
                           "description": "kind 'lightgbm' trains on one machine only"}}}}"""));
        JsonNode catalog = ZooJson.mapper().readTree(catalog(3, spec("big", ",\"nodes\":2"), spec("one", "")));
        assertThat(CatalogProblem.report(catalog, new CatalogSchema(schema).problems(catalog))).containsExactly(
                "spec 'big': field 'nodes': must be <= 1, got 2 (kind 'lightgbm' trains on one machine only)");
    }
}
