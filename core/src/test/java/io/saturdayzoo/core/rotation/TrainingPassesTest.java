package io.saturdayzoo.core.rotation;

import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.SpecStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingPassesTest {
    private static final DatasetRef DATA = new DatasetRef("s3://zoo-data/churn/", "ts", "label");
    private static final ModelSpec GBDT = spec("gbdt");
    private static final ModelSpec DART = spec("dart");
    private static final ModelSpec FRAUD = spec("fraud");
    private static final ModelSpec BLEND = spec("blend").withBases(List.of("gbdt", "dart"));
    private static final ModelSpec STACK = spec("stack").withBases(List.of("dart", "gbdt"));
    private static final List<ModelSpec> CATALOG = List.of(GBDT, DART, FRAUD, BLEND, STACK);

    private static ModelSpec spec(String id) {
        return new ModelSpec(id, "k", id, DATA, Map.of(), SpecStatus.ACTIVE);
    }

    @Test
    void ensemblesTrainAfterTheirBasesAndBringThemAlongOnce() {
        TrainingPasses passes = TrainingPasses.of(List.of(BLEND, FRAUD, STACK), CATALOG);
        assertThat(passes.models()).containsExactly(FRAUD, GBDT, DART);
        assertThat(passes.ensembles()).containsExactly(BLEND, STACK);
        assertThat(passes.all()).containsExactly(FRAUD, GBDT, DART, BLEND, STACK);
    }

    @Test
    void aChosenBaseKeepsItsPlaceAndModelsAloneAreOnePass() {
        assertThat(TrainingPasses.of(List.of(DART, BLEND), CATALOG).models()).containsExactly(DART, GBDT);
        TrainingPasses plain = TrainingPasses.of(List.of(FRAUD, GBDT), CATALOG);
        assertThat(plain.models()).containsExactly(FRAUD, GBDT);
        assertThat(plain.ensembles()).isEmpty();
    }
}
