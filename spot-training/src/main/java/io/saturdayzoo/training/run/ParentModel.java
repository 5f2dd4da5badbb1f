package io.saturdayzoo.training.run;

import java.util.Objects;

/** A registered version's model that a training is asked to continue from (warm start): its id and its model text. */
public record ParentModel(String versionId, String modelText) {
    public ParentModel {
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(modelText, "modelText");
    }
}
