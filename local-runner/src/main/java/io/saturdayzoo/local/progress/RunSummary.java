package io.saturdayzoo.local.progress;

import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.local.LocalRunReport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table printed after a local run: branch outcomes, specs, registered versions, champion moves, artifacts. */
public final class RunSummary {
    private RunSummary() {
    }

    /**
     * @param dataDir where the stores keep their files, or null when in memory
     * @param bucket  the zoo bucket
     */
    public static String render(LocalRunReport report, Path dataDir, String bucket) {
        StringBuilder out = new StringBuilder();
        out.append("\n== Saturday ").append(report.executionId()).append(": ").append(report.status())
                .append(String.format(Locale.ROOT, " in %.1f s", report.wallTime().toMillis() / 1000.0)).append(" ==\n");
        if (!report.succeeded()) {
            out.append("error: ").append(report.error()).append('\n');
            out.append("cause: ").append(report.cause()).append('\n');
        }
        if (report.executions().size() > 1) { // a Distributed Map ran: say what each history holds
            out.append(String.format(Locale.ROOT, "history: %d events in the execution, %d child executions, at most"
                            + " %d events in one (Step Functions' limit: 25,000)%n", report.history().size(),
                    report.executions().size() - 1, report.mostEventsInOneExecution()));
        }
        out.append("\nBranches\n");
        Map<String, String> names = Map.of("A", "research", "B", "predictor training");
        if (report.branches().isEmpty()) {
            out.append("  (the Parallel was not reached)\n");
        }
        for (LocalRunReport.BranchOutcome branch : report.branches()) {
            out.append(String.format(Locale.ROOT, "  %-2s %-20s %-8s ended in %s%s%n", branch.name(),
                    names.getOrDefault(branch.name(), ""), branch.status(), branch.terminalState(),
                    branch.skipped() ? " (skipped)" : ""));
        }
        if (!report.rotationReasons().isEmpty()) {
            out.append("\nRotation (why each spec was picked or skipped)\n");
            report.rotationReasons().forEach((spec, why) -> out.append(String.format(Locale.ROOT, "  %-28s %s%n",
                    spec, why)));
        }
        report.quarantined().forEach((spec, why) -> out.append(String.format(Locale.ROOT,
                "  WARN %s is quarantined and was skipped: %s%n", spec, why)));
        out.append("\nSpecs trained\n");
        if (report.specResults().isEmpty()) {
            out.append("  (none)\n");
        }
        report.specResults().forEach((spec, status) -> out.append(String.format(Locale.ROOT, "  %-28s %s%n", spec, status)));

        out.append("\nVersions registered by this run\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"spec", "version", "parent", "auc", "log_loss", "lifecycle"});
        for (ModelVersion v : report.registered()) {
            rows.add(new String[]{v.specId(), v.versionId(), v.parentVersionId() == null ? "-" : v.parentVersionId(),
                    metric(v, "auc"), metric(v, "log_loss"), v.lifecycle().name()});
        }
        if (rows.size() == 1) {
            out.append("  (none)\n");
        } else {
            out.append(table(rows));
        }
        report.stateOutput("SummarizeResearch").map(o -> o.path("research_summary").path("summary"))
                .filter(summary -> summary.path("shadow").size() + summary.path("shadow_skipped").size() > 0)
                .ifPresent(summary -> {
                    out.append("\nShadow scores (each live version on the newest week's rows, none of which it trained on)\n");
                    summary.path("shadow").forEach(s -> out.append(String.format(Locale.ROOT, "  %-24s %s  auc %.4f  %d rows%s%n",
                            s.path("version_id").asText(), s.path("week").asText(), s.path("auc").asDouble(),
                            s.path("rows").asInt(), s.path("recorded").asBoolean() ? "" : "  (already recorded)")));
                    summary.path("shadow_skipped").forEach(s -> out.append(String.format(Locale.ROOT, "  %-24s skipped: %s%n",
                            s.path("version_id").asText(), s.path("reason").asText())));
                });
        out.append("\nChampion changes\n");
        if (report.championChanges().isEmpty()) {
            out.append("  (none)\n");
        }
        for (LocalRunReport.ChampionChange change : report.championChanges()) {
            out.append(String.format(Locale.ROOT, "  %-24s %s -> %s%n", change.label(),
                    change.from() == null ? "(none)" : change.from(), change.to()));
        }
        out.append("\nArtifacts\n");
        Path s3 = dataDir == null ? null : dataDir.resolve("s3").resolve(bucket);
        for (ModelVersion v : report.registered()) {
            out.append(String.format(Locale.ROOT, "  %-24s %s%n", v.versionId(), s3 == null
                    ? "s3://" + bucket + "/" + v.artifactPrefix() : s3.resolve(v.artifactPrefix())));
        }
        String runs = ArtifactStore.executionRunsPrefix(report.executionId());
        long runObjects = report.bucketKeys().stream().filter(k -> k.startsWith(runs)).count();
        out.append(String.format(Locale.ROOT, "  %-24s %s (%d objects)%n", "run outputs", s3 == null
                ? "s3://" + bucket + "/" + runs : s3.resolve(runs), runObjects));
        String research = ArtifactStore.researchReportKey(report.executionId());
        if (report.bucketKeys().contains(research)) {
            out.append(String.format(Locale.ROOT, "  %-24s %s%n", "research report", s3 == null
                    ? "s3://" + bucket + "/" + research : s3.resolve(research)));
        }
        if (dataDir != null) {
            out.append(String.format(Locale.ROOT, "  %-24s %s%n", "registry (DynamoDB)", dataDir.resolve("dynamodb")));
            out.append(String.format(Locale.ROOT, "  %-24s %s%n", "notifications", dataDir.resolve("notifications.jsonl")));
        }
        return out.toString();
    }

    static String metric(ModelVersion v, String name) {
        Double value = v.metrics().get(name);
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }

    /** Left-aligned columns, two spaces apart, indented by two. */
    public static String table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < columns; i++) {
                line.append(String.format(Locale.ROOT, "%-" + width[i] + "s", row[i]));
                if (i < columns - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
