package io.saturdayzoo.local.leaderboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RunManifest;
import io.saturdayzoo.core.registry.RunOrigin;
import io.saturdayzoo.local.progress.RunSummary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The registry at a glance: per label, realized holdout metrics aggregated across its versions (count, mean and
 * best auc) and the champion, then every version with its metrics (discrimination: auc, log loss; calibration:
 * Brier, ECE) and its lineage (the base versions an ensemble combines), the champion marked. As text, or as JSON.
 */
public final class Leaderboard {

    /** One label's aggregate. meanAuc and bestAuc are NaN when no version has an auc. */
    public record LabelRow(String label, int versions, double meanAuc, double bestAuc, String bestVersionId,
                           String championVersionId, List<ModelVersion> history) {
    }

    private Leaderboard() {
    }

    public static List<LabelRow> rows(ModelRegistry registry) {
        List<LabelRow> rows = new ArrayList<>();
        for (String label : registry.latestVersions().keySet()) {
            List<ModelVersion> versions = registry.versions(label);
            OptionalDouble mean = versions.stream().map(v -> v.metrics().get("auc")).filter(a -> a != null)
                    .mapToDouble(Double::doubleValue).average();
            ModelVersion best = versions.stream().filter(v -> v.metrics().get("auc") != null)
                    .max(java.util.Comparator.comparingDouble(v -> v.metrics().get("auc"))).orElse(null);
            String champion = versions.stream().filter(v -> v.lifecycle() == Lifecycle.CHAMPION)
                    .map(ModelVersion::versionId).findFirst().orElse(null);
            rows.add(new LabelRow(label, versions.size(), mean.orElse(Double.NaN),
                    best == null ? Double.NaN : best.metrics().get("auc"), best == null ? null : best.versionId(),
                    champion, versions));
        }
        // best realized auc first: the leaderboard reads top-down
        rows.sort(java.util.Comparator.comparingDouble((LabelRow r) -> Double.isNaN(r.bestAuc()) ? -1 : r.bestAuc())
                .reversed().thenComparing(LabelRow::label));
        return rows;
    }

    public static String render(List<LabelRow> rows) {
        if (rows.isEmpty()) {
            return "The registry is empty: run `saturday run --local` first.\n";
        }
        StringBuilder out = new StringBuilder("Labels (holdout auc across versions)\n");
        List<String[]> table = new ArrayList<>();
        table.add(new String[]{"label", "versions", "mean auc", "best auc", "best version", "champion"});
        for (LabelRow r : rows) {
            table.add(new String[]{r.label(), Integer.toString(r.versions()), number(r.meanAuc()), number(r.bestAuc()),
                    r.bestVersionId() == null ? "-" : r.bestVersionId(),
                    r.championVersionId() == null ? "-" : r.championVersionId()});
        }
        out.append(RunSummary.table(table));
        out.append("\nVersions (* = champion)\n");
        List<String[]> versions = new ArrayList<>();
        versions.add(new String[]{"", "version", "spec", "auc", "log_loss", "brier", "ece", "lifecycle", "bases",
                "warm start", "caller", "trained by", "completed"});
        for (LabelRow r : rows) {
            for (ModelVersion v : r.history()) {
                versions.add(new String[]{v.lifecycle() == Lifecycle.CHAMPION ? "*" : "", v.versionId(), v.specId(),
                        metric(v, "auc"), metric(v, "log_loss"), metric(v, "brier"), metric(v, "ece"),
                        v.lifecycle().name(), v.baseVersions().isEmpty() ? "-" : String.join(",", v.baseVersions()),
                        warmStart(v), v.origin().caller() == null ? "-" : v.origin().caller(), v.trainedBy(), v.completedAt() == null ? "-" : v.completedAt().toString()});
            }
        }
        out.append(RunSummary.table(versions));
        return out.toString();
    }

    /**
     * The same as JSON: one object per label, its versions with lifecycle and why, every metric, parent and lineage,
     * and what the gate recorded (policy, shared backtest window, both versions' metrics, verdict).
     */
    public static String json(List<LabelRow> rows) {
        List<Map<String, Object>> labels = new ArrayList<>();
        for (LabelRow r : rows) {
            Map<String, Object> label = new LinkedHashMap<>();
            label.put("label", r.label());
            label.put("versions", r.versions());
            label.put("mean_auc", Double.isNaN(r.meanAuc()) ? null : r.meanAuc());
            label.put("best_auc", Double.isNaN(r.bestAuc()) ? null : r.bestAuc());
            label.put("best_version_id", r.bestVersionId());
            label.put("champion_version_id", r.championVersionId());
            label.put("history", r.history().stream().map(Leaderboard::version).toList());
            labels.add(label);
        }
        try {
            return ZooJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(labels) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> version(ModelVersion v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version_id", v.versionId());
        out.put("spec_id", v.specId());
        out.put("lifecycle", v.lifecycle().name());
        out.put("parent_version_id", v.parentVersionId());
        out.put(RunManifest.BASE_VERSIONS, v.baseVersions());
        out.put("metrics", v.metrics());
        out.put("lifecycle_reason", v.lifecycleReason());
        out.put("gate", v.gate().isEmpty() ? null : v.gate());
        out.put("trained_by", v.trainedBy());
        out.put("completed_at", v.completedAt() == null ? null : v.completedAt().toString());
        out.put("dataset", Map.of(DatasetRef.URI, v.datasetRef().uri(), DatasetRef.DIGEST,
                v.datasetRef().digest() == null ? "-" : v.datasetRef().digest()));
        out.put(RunOrigin.WARM_START, v.origin().warmStart());
        out.put(RunOrigin.CALLER, v.origin().caller());
        out.put(RunOrigin.ALLOCATION_ID, v.origin().allocationId());
        return out;
    }

    /** "from churn#v2" (warm-started), "none (churn#v2)" (trained from scratch; the JSON says why), "-" without a parent. */
    private static String warmStart(ModelVersion v) {
        var warm = v.origin().warmStart();
        return warm == null ? "-" : warm.applied() ? "from " + warm.from() : "none (" + warm.from() + ")";
    }

    private static String metric(ModelVersion v, String name) {
        Double value = v.metrics().get(name);
        return value == null ? "-" : number(value);
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
