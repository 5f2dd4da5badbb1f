package io.saturdayzoo.training.search;

import io.saturdayzoo.training.kind.ModelKind;
import io.saturdayzoo.training.kind.ModelKinds;
import io.saturdayzoo.training.kind.ParamSchema;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.DoubleStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchSpaceTest {

    @Test
    void everyKindsSpaceNamesItsOwnParamsWithTheirTypes() {
        for (ModelKind kind : ModelKinds.discover().all()) {
            kind.searchSpace().checkAgainst(kind.params(), kind.name());
        }
        assertThat(ModelKinds.discover().require("x", "lightgbm").searchSpace().describe())
                .containsKeys("learning_rate", "num_leaves", "min_data_in_leaf", "feature_fraction", "lambda_l2");
        assertThat(ModelKinds.discover().require("x", "lightgbm-dart").searchSpace().describe())
                .containsKey("drop_rate");
    }

    @Test
    void aDimensionTheSchemaDoesNotHaveOrTypesOtherwiseIsAKindsMistake() {
        ParamSchema schema = new ParamSchema().integer("num_leaves", 31).choice("mode", "a", "b");
        assertThatThrownBy(() -> SearchSpace.NONE.integer("leaves", 2, 8).checkAgainst(schema, "k"))
                .hasMessage("kind 'k': search space dimension 'leaves' is not one of its params [num_leaves, mode]");
        assertThatThrownBy(() -> SearchSpace.NONE.decimal("num_leaves", 2, 8).checkAgainst(schema, "k"))
                .hasMessage("kind 'k': search space dimension 'num_leaves' is a DOUBLE range but the param is INT");
        assertThatThrownBy(() -> SearchSpace.NONE.choice("mode", "a", "c").checkAgainst(schema, "k"))
                .hasMessage("kind 'k': search space dimension 'mode' offers [a, c] but the param allows [a, b]");
        assertThatThrownBy(() -> SearchSpace.NONE.decimalLog("lr", 0, 1))
                .hasMessageContaining("on a log scale needs 0 < min <= max");
    }

    @Test
    void pointsMapInsideTheRangesAndALogScaleSpreadsOverDecades() {
        SearchSpace.DecimalRange lr = new SearchSpace.DecimalRange("learning_rate", 0.001, 1, true);
        assertThat(lr.at(0)).isEqualTo(0.001);
        assertThat((double) lr.at(0.5)).isCloseTo(Math.sqrt(0.001), org.assertj.core.api.Assertions.within(1e-12));
        SearchSpace.IntRange leaves = new SearchSpace.IntRange("num_leaves", 7, 255, true);
        SearchSpace.IntRange linear = new SearchSpace.IntRange("n", 1, 3, false);
        for (double u : DoubleStream.iterate(0, x -> x < 1, x -> x + 0.01).toArray()) {
            assertThat((int) leaves.at(u)).isBetween(7, 255);
            assertThat((int) linear.at(u)).isBetween(1, 3);
        }
        assertThat(leaves.at(0)).isEqualTo(7);
        assertThat(leaves.at(0.9999)).isEqualTo(255);
        assertThat(List.of(linear.at(0.1), linear.at(0.5), linear.at(0.9))).containsExactly(1, 2, 3);
        assertThat(new SearchSpace.Choice("c", List.of("x", "y")).at(0.75)).isEqualTo("y");
        assertThat(SearchSpace.NONE.integer("a", 1, 2).integer("b", 1, 2).without(List.of("a")).describe())
                .containsOnlyKeys("b");
    }
}
