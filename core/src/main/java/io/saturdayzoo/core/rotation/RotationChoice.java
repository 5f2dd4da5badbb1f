package io.saturdayzoo.core.rotation;

import io.saturdayzoo.core.catalog.ModelSpec;

import java.util.List;

/**
 * The outcome of rotation for one run.
 *
 * @param selected      specs to train, in training order
 * @param fallback      true when the registry could not be read and the id-ordered fallback was used
 * @param fallbackCause why the registry could not be read (null unless fallback)
 */
public record RotationChoice(List<ModelSpec> selected, boolean fallback, String fallbackCause) {
    public RotationChoice {
        selected = List.copyOf(selected);
    }
}
