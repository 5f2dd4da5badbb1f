package io.saturdayzoo.training.lightgbm;

import io.saturdayzoo.training.TestData;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.kind.FitOptions;
import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.KindParams;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** LightGBM's histogram layout: always forced (never LightGBM's timed guess), column-wise unless a spec asks. */
class HistogramLayoutTest {
    private final LightGbmKind kind = new LightGbmKind();
    private final FitOptions fit = new FitOptions(2, 1);

    @Test
    void columnWiseByDefault() {
        List<String> config = words(kind.config(params(Map.of()), fit));
        assertThat(config).contains("force_col_wise=true").doesNotContain("force_row_wise=true");
    }

    @Test
    void aSpecCanAskForRowWiseAndBothLayoutsLearn() {
        KindParams rowWise = params(Map.of("force_row_wise", true));
        assertThat(words(kind.config(rowWise, fit))).contains("force_row_wise=true").doesNotContain("force_col_wise=true");

        Dataset d = TestData.dataset();
        int split = d.rowCount() * 4 / 5;
        double colAuc = auc(params(Map.of()), d, split);
        double rowAuc = auc(rowWise, d, split);
        assertThat(colAuc).isGreaterThan(0.65);
        assertThat(rowAuc).isCloseTo(colAuc, org.assertj.core.data.Offset.offset(0.01)); // a layout, not a model choice
    }

    private double auc(KindParams params, Dataset d, int split) {
        try (FittedModel model = kind.fit(d.rows(0, split), d.rows(split, split), params, fit)) {
            return BinaryMetrics.auc(d.labels(split, d.rowCount()), model.predict(d.rows(split, d.rowCount())));
        }
    }

    private KindParams params(Map<String, Object> raw) {
        return kind.params().resolve("layout", kind.name(), raw);
    }

    private static List<String> words(String config) {
        return Arrays.asList(config.split(" "));
    }
}
