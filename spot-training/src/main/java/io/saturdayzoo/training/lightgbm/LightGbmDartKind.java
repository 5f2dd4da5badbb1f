package io.saturdayzoo.training.lightgbm;

import io.saturdayzoo.training.kind.ParamSchema;
import io.saturdayzoo.training.search.SearchSpace;

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

    @Override
    public SearchSpace searchSpace() {
        return super.searchSpace().decimal("drop_rate", 0.02, 0.3);
    }
}
