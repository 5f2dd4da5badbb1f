package io.saturdayzoo.training.lightgbm;

import io.saturdayzoo.training.kind.ParamSchema;

/** "lightgbm": gradient-boosted decision trees (LightGBM's gbdt). */
public final class LightGbmKind extends LightGbmFamily {
    @Override
    public String name() {
        return "lightgbm";
    }

    @Override
    protected String boosting() {
        return "gbdt";
    }

    @Override
    public ParamSchema params() {
        return commonParams();
    }
}
