package io.saturdayzoo.core.catalog;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The spec fields the trainer's harness reads (class balance, calibration, search) and ensembles' bases. */
class HarnessFieldsTest {
    private static final String CHURN = "{\"uri\":\"s3://zoo-data/churn/\",\"time_column\":\"ts\",\"target_column\":\"label\"}";
    private static final String FRAUD = "{\"uri\":\"s3://zoo-data/fraud/\",\"time_column\":\"ts\",\"target_column\":\"label\"}";

    private static String spec(String id, String kind, String dataset, String extra) {
        return "{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"label\":\"" + id + "\",\"dataset\":" + dataset
                + ",\"status\":\"active\"" + extra + "}";
    }

    private static String catalog(String... specs) {
        return "{\"zoo\":\"saturday\",\"budget\":2,\"specs\":[" + String.join(",", specs) + "]}";
    }

    private static List<String> errors(String json) {
        CatalogException e = catchThrowableOfType(CatalogException.class, () -> ZooCatalog.parse(json, "test"));
        assertThat(e).as("expected the catalog to be refused").isNotNull();
        return e.errors();
    }

    @Test
    void harnessFieldsAndBasesAreReadIntoTheSpec() {
        ZooCatalog catalog = ZooCatalog.parse(catalog(
                spec("gbdt", "lightgbm", CHURN, ",\"class_balance\":\"auto\",\"calibration\":\"isotonic\""
                        + ",\"search\":{\"trials\":8,\"metric\":\"auc\"}"),
                spec("dart", "lightgbm-dart", CHURN, ""),
                spec("stack", "logistic-stack", CHURN, ",\"bases\":[\"gbdt\",\"dart\"],\"calibration\":\"platt\"")),
                "test");
        ModelSpec gbdt = catalog.require("gbdt");
        assertThat(gbdt.classBalance()).isEqualTo("auto");
        assertThat(gbdt.calibration()).isEqualTo("isotonic");
        assertThat(gbdt.search()).isEqualTo(new SearchRequest(8, "auc"));
        assertThat(gbdt.isEnsemble()).isFalse();
        assertThat(catalog.require("dart").classBalance()).isNull();
        assertThat(catalog.require("dart").search()).isNull();
        ModelSpec stack = catalog.require("stack");
        assertThat(stack.isEnsemble()).isTrue();
        assertThat(stack.bases()).containsExactly("gbdt", "dart");
    }

    @Test
    void theBundledCatalogHasABlendAndAStackerOverTwoChurnModels() {
        ZooCatalog catalog = ZooCatalog.loadDefault(java.util.Map.of());
        assertThat(catalog.require("churn-blend").bases()).containsExactly("churn-gbdt", "churn-dart");
        assertThat(catalog.require("churn-stack").bases()).containsExactly("churn-gbdt", "churn-dart");
        assertThat(catalog.require("churn-stack").dataset()).isEqualTo(catalog.require("churn-gbdt").dataset());
        assertThat(catalog.require("fraud-gbdt").classBalance()).isEqualTo("auto");
        assertThat(catalog.require("fraud-gbdt").params()).doesNotContainKey("scale_pos_weight");
    }

    @Test
    void basesMustBeSpecsOfTheSameDataThatTrainOnItAndStayActive() {
        assertThat(errors(catalog(
                spec("gbdt", "lightgbm", CHURN, ""),
                spec("fraud", "lightgbm", FRAUD, ""),
                spec("old", "lightgbm", CHURN, "").replace("\"active\"", "\"retired\""),
                spec("blend", "blend", CHURN, ",\"bases\":[\"gbdt\",\"nope\"]"),
                spec("mixed", "blend", CHURN, ",\"bases\":[\"gbdt\",\"fraud\"]"),
                spec("nested", "blend", CHURN, ",\"bases\":[\"gbdt\",\"blend\"]"),
                spec("stale", "blend", CHURN, ",\"bases\":[\"gbdt\",\"old\"]"))))
                .containsExactly(
                        "spec 'blend': field 'bases.1': unknown spec 'nope' (known: gbdt, fraud, old, blend, mixed,"
                                + " nested, stale)",
                        "spec 'mixed': field 'bases.1': 'fraud' trains on dataset " + FRAUD.replace(" ", "")
                                + ", not this spec's " + CHURN + " (an ensemble combines predictions on the same rows"
                                + " and target)",
                        "spec 'nested': field 'bases.1': 'blend' is an ensemble itself; bases must be specs that"
                                + " train on the data",
                        "spec 'stale': field 'bases.1': 'old' is retired; an active ensemble needs active bases");
    }

    @Test
    void ensembleKindsNeedBasesAndModelKindsTakeNone() {
        assertThat(errors(catalog(spec("gbdt", "lightgbm", CHURN, ""), spec("dart", "lightgbm-dart", CHURN, ""),
                spec("blend", "blend", CHURN, ""),
                spec("model", "lightgbm", CHURN, ",\"bases\":[\"gbdt\",\"dart\"]"),
                spec("one", "blend", CHURN, ",\"bases\":[\"gbdt\"]"),
                spec("twice", "blend", CHURN, ",\"bases\":[\"gbdt\",\"gbdt\"]"))))
                .containsExactly(
                        "spec 'blend': field 'bases': missing (expected an array of names)",
                        "spec 'model': field 'bases': not allowed for kind 'lightgbm' (only ensemble kinds combine"
                                + " other specs)",
                        "spec 'one': field 'bases': must list at least 2 names",
                        "spec 'twice': field 'bases': must not list a name twice");
    }

    @Test
    void harnessValuesAreTheTrainersOwn() {
        assertThat(errors(catalog(
                spec("a", "lightgbm", CHURN, ",\"class_balance\":\"sometimes\""),
                spec("b", "lightgbm", CHURN, ",\"calibration\":\"beta\""),
                spec("c", "lightgbm", CHURN, ",\"search\":{\"trials\":0,\"metric\":\"auc\"}"),
                spec("d", "lightgbm", CHURN, ",\"search\":{\"trials\":3,\"metric\":\"accuracy\"}"),
                spec("e", "lightgbm", CHURN, ",\"search\":{\"trials\":3}"),
                spec("gbdt", "lightgbm", CHURN, ""), spec("dart", "lightgbm", CHURN, ""),
                spec("f", "blend", CHURN, ",\"bases\":[\"gbdt\",\"dart\"],\"search\":{\"trials\":3,\"metric\":\"auc\"}"),
                spec("g", "blend", CHURN, ",\"bases\":[\"gbdt\",\"dart\"],\"class_balance\":\"auto\""))))
                .containsExactly(
                        "spec 'a': field 'class_balance': unknown value 'sometimes' (expected auto|none)",
                        "spec 'b': field 'calibration': unknown value 'beta' (expected none|isotonic|platt)",
                        "spec 'c': field 'search.trials': must be a positive integer, got 0",
                        "spec 'd': field 'search.metric': unknown value 'accuracy' (expected auc|log_loss|brier)",
                        "spec 'e': field 'search.metric': missing (expected a string)",
                        "spec 'f': field 'search': not allowed for kind 'blend' (an ensemble has no search space)",
                        "spec 'g': field 'class_balance': unknown value 'auto' (expected none)");
    }
}
