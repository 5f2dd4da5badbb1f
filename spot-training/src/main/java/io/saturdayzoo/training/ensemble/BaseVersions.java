package io.saturdayzoo.training.ensemble;

import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.training.eval.FoldPredictions;
import io.saturdayzoo.training.eval.OutOfFoldPredictions;
import io.saturdayzoo.training.kind.InvalidSpecException;
import io.saturdayzoo.training.output.RunFiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the registered versions an ensemble combines and reads their stored out-of-fold predictions. Loading the
 * bases' versions, rather than training the bases again inside the ensemble's job, keeps one training per base per
 * Saturday however many ensembles use it, and gives the ensemble a real lineage: the very versions it was fitted on.
 *
 * <p>Which version of a base: the one this execution registered for the base spec when there is one (a Saturday
 * trains an ensemble's bases first), else the newest version of the base's label.
 */
public final class BaseVersions {
    private BaseVersions() {
    }

    /**
     * @throws InvalidSpecException when a base has no version, or its versions cannot be combined row by row
     */
    public static List<BaseVersion> resolve(ModelSpec ensemble, ZooCatalog catalog, ModelRegistry registry,
                                            String executionId) {
        return resolve(ensemble, catalog::spec, registry, executionId);
    }

    /** @param specs the catalog's specs by id */
    public static List<BaseVersion> resolve(ModelSpec ensemble, Function<String, Optional<ModelSpec>> specs,
                                            ModelRegistry registry, String executionId) {
        List<BaseVersion> bases = new ArrayList<>();
        for (String baseId : ensemble.bases()) {
            ModelSpec base = specs.apply(baseId).orElseThrow(() -> new InvalidSpecException("spec '" + ensemble.id()
                    + "': field '" + ModelSpec.BASES + "': unknown spec '" + baseId + "'"));
            Optional<ModelVersion> thisRun = executionId == null ? Optional.empty()
                    : registry.registration(executionId, baseId);
            ModelVersion version = thisRun.or(() -> newest(registry, base)).orElseThrow(() -> new IllegalStateException(
                    "spec '" + ensemble.id() + "': base '" + baseId + "' has no registered version under label '"
                            + base.label() + "'; train it first"));
            if (!baseId.equals(version.specId())) {
                throw new IllegalStateException("spec '" + ensemble.id() + "': the newest version of label '"
                        + base.label() + "', " + version.versionId() + ", was trained by spec '" + version.specId()
                        + "', not by base '" + baseId + "'; train '" + baseId + "' first");
            }
            OutOfFoldPredictions oof = registry.artifacts().getJson(version.artifactPrefix() + RunFiles.OUT_OF_FOLD,
                    OutOfFoldPredictions.class).orElseThrow(() -> new IllegalStateException("spec '" + ensemble.id()
                    + "': base version " + version.versionId() + " has no " + RunFiles.OUT_OF_FOLD
                    + " (registered before versions kept their out-of-fold predictions); train '" + baseId
                    + "' again"));
            bases.add(new BaseVersion(baseId, version.versionId(), oof));
        }
        requireSameRows(ensemble, bases);
        return bases;
    }

    private static Optional<ModelVersion> newest(ModelRegistry registry, ModelSpec base) {
        List<ModelVersion> versions = registry.versions(base.label());
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /** Bases are combined row by row: every fold's validation and test parts must be the same rows, same labels. */
    static void requireSameRows(ModelSpec ensemble, List<BaseVersion> bases) {
        BaseVersion first = bases.get(0);
        for (BaseVersion other : bases.subList(1, bases.size())) {
            List<FoldPredictions> a = first.outOfFold().folds();
            List<FoldPredictions> b = other.outOfFold().folds();
            String pair = "base versions " + first.versionId() + " and " + other.versionId();
            if (a.size() != b.size()) {
                throw new IllegalStateException("spec '" + ensemble.id() + "': " + pair + " have " + a.size()
                        + " and " + b.size() + " folds; train the bases with the same folds");
            }
            for (int k = 0; k < a.size(); k++) {
                boolean validation = a.get(k).validation().sameRows(b.get(k).validation());
                if (!validation || !a.get(k).test().sameRows(b.get(k).test())) {
                    String part = validation ? "test" : "validation";
                    throw new IllegalStateException("spec '" + ensemble.id() + "': " + pair + " were evaluated on"
                            + " different rows (fold " + k + " " + part + ": "
                            + (validation ? a.get(k).test() : a.get(k).validation()) + " vs "
                            + (validation ? b.get(k).test() : b.get(k).validation())
                            + " of " + first.outOfFold().source() + " and " + other.outOfFold().source()
                            + "); train the bases on the same data");
                }
            }
        }
    }
}
