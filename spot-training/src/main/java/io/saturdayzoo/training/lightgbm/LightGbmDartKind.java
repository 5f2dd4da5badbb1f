package io.saturdayzoo.training.lightgbm;

import io.saturdayzoo.training.kind.FittedModel;
import io.saturdayzoo.training.kind.ParamSchema;
import io.saturdayzoo.training.search.SearchSpace;

import java.util.List;
import java.util.Optional;

/**
 * "lightgbm-dart": DART boosting (trees dropped out at random while boosting), a different bias/variance trade-off
 * from plain gbdt that often wins on noisy tabular data.
 */
public final class LightGbmDartKind extends LightGbmFamily {
    @Override
    public String name() {
        return "lightgbm-dart";
    }

    @Override
    protected String boosting() {
        return "dart";
    }

    @Override
    public ParamSchema params() {
        return commonParams()
                .decimal("drop_rate", 0.1)
                .integer("max_drop", 50)
                .decimal("skip_drop", 0.5)
                .bool("uniform_drop", false)
                .bool("xgboost_dart_mode", false);
    }

    /**
     * DART drops and rescales earlier trees at every iteration; a parent's trees would arrive as a fixed init score
     * that it can neither drop nor rescale, so the result would not be a DART model of its data.
     */
    @Override
    public Optional<String> whyNoWarmStart(FittedModel parent, List<String> featureNames) {
        return Optional.of("kind '" + name() + "' (DART) drops and rescales earlier trees while boosting; a parent's "
                + "trees would stay fixed outside its dropout, so it trains from scratch");
    }

    @Override
    public SearchSpace searchSpace() {
        return super.searchSpace().decimal("drop_rate", 0.02, 0.3);
    }
}
