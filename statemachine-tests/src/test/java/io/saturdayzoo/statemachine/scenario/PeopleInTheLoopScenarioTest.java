package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.registry.LifecycleChanges;
import io.saturdayzoo.core.registry.Lifecycle;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.cli.SaturdayCli;
import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.DatasetLoader;
import io.saturdayzoo.training.data.S3ObjectSource;
import io.saturdayzoo.training.eval.BinaryMetrics;
import io.saturdayzoo.training.scoring.ScoringModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People in the loop, on the real definition and then through the saturday CLI on the same data dir: a manual spec's
 * winner waits in PENDING_APPROVAL until a person promotes it; a champion is rolled back and the one it replaced
 * comes back, its model loading and scoring; every change leaves an audit row saying who and why.
 */
class PeopleInTheLoopScenarioTest {
    private static final int ROWS = 3_000;

    @TempDir
    Path dir;

    private LocalSaturday.Builder saturday(Path catalog) {
        return LocalSaturday.builder().dataDir(dir.resolve("data")).definition(Scenarios.definition()).catalog(catalog)
                .rows(ROWS);
    }

    private record Cli(int code, String out, String err) {
    }

    private Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dir.resolve("data").toString();
        int code = SaturdayCli.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    @Test
    void aManualSpecsWinnerWaitsInPendingApprovalUntilAPersonPromotesIt() throws IOException {
        Path catalog = Files.writeString(dir.resolve("catalog.json"), Files.readString(Scenarios.catalog())
                .replace("\"label\": \"churn\",", "\"label\": \"churn\", \"promotion\": \"manual\","));
        try (LocalSaturday saturday = saturday(catalog).build()) {
            LocalRunReport report = saturday.run("{\"skip_research\": true}");
            assertThat(report.status()).as("%s: %s", report.error(), report.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(GateScenariosTest.decisions(report)).containsEntry("churn#v1", "PENDING_APPROVAL")
                    .containsEntry("fraud#v1", "PROMOTED");
            // a later Saturday's gate leaves it waiting for its person
            assertThat(saturday.run("{\"skip_research\": true, \"skip_predictor_training\": true}").status())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(saturday.registry().version("churn", 1).orElseThrow().lifecycle())
                    .isEqualTo(Lifecycle.PENDING_APPROVAL);
            assertThat(saturday.registry().champion("churn")).isEmpty();
        }
        Cli board = cli("leaderboard", "--json");
        assertThat(board.code()).as(board.err()).isZero();
        assertThat(board.out()).contains("\"lifecycle\" : \"PENDING_APPROVAL\"", "\"verdict\" : \"PENDING_APPROVAL\"",
                "promotion is manual: awaiting approval");

        Cli promoted = cli("promote", "churn#v1", "--reason", "checked the calibration plot", "--by", "alice");

        assertThat(promoted.code()).as(promoted.err()).isZero();
        assertThat(promoted.out()).contains("churn#v1 is CHAMPION (by alice): checked the calibration plot");
        Cli audit = cli("audit", "churn");
        assertThat(audit.out()).contains("churn#v1  CANDIDATE -> PENDING_APPROVAL", "churn#v1  PENDING_APPROVAL -> CHAMPION  by alice: "
                + "checked the calibration plot");
        try (LocalSaturday saturday = saturday(catalog).build()) {
            assertThat(saturday.registry().champion("churn")).map(ModelVersion::versionId).contains("churn#v1");
        }
        Cli again = cli("reject", "churn#v1", "--reason", "too late");
        assertThat(again.code()).isEqualTo(SaturdayCli.FAILED);
        assertThat(again.err()).contains("reject: churn#v1 is CHAMPION; only [CANDIDATE, PENDING_APPROVAL] can become REJECTED");
    }

    @Test
    void rollbackRestoresThePreviousChampionWhoseModelStillLoadsAndScores() throws Exception {
        Path catalog = Scenarios.catalog();
        try (LocalSaturday saturday = saturday(catalog).build()) {
            assertThat(saturday.run("{\"skip_research\": true}").status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            LocalRunReport unjudged = saturday.run("{\"skip_research\": true, \"skip_eval_gate\": true}");
            assertThat(unjudged.registered()).extracting(ModelVersion::versionId).contains("churn#v2");
        }
        assertThat(cli("promote", "churn#v2", "--reason", "hand-picked", "--by", "bob").code()).isZero();

        Cli rollback = cli("rollback", "churn", "--reason", "v2 over-predicts on Mondays", "--by", "carol");

        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("churn#v1 is CHAMPION (by carol): rollback from churn#v2: v2 over-predicts on Mondays");
        try (LocalSaturday saturday = saturday(catalog).build()) {
            ModelVersion v1 = saturday.registry().champion("churn").orElseThrow();
            assertThat(v1.versionId()).isEqualTo("churn#v1");
            assertThat(saturday.registry().version("churn", 2).orElseThrow().lifecycle()).isEqualTo(Lifecycle.ROLLED_BACK);
            assertThat(saturday.registry().lifecycle().audit("churn")).extracting(LifecycleChanges.AuditEntry::versionId,
                    LifecycleChanges.AuditEntry::to, LifecycleChanges.AuditEntry::by).containsSubsequence(
                    org.assertj.core.groups.Tuple.tuple("churn#v2", Lifecycle.CHAMPION, "bob"),
                    org.assertj.core.groups.Tuple.tuple("churn#v2", Lifecycle.ROLLED_BACK, "carol"));
            // its artifacts are still there: it loads and scores the label's rows
            Dataset data = new DatasetLoader(new S3ObjectSource(AwsClients.s3(saturday.env())), 1).load(
                    v1.datasetRef().uri(), ColumnRoles.of(v1.datasetRef().timeColumn(), v1.datasetRef().targetColumn()));
            try (ScoringModel model = ScoringModel.load(saturday.registry(), v1)) {
                double[] scores = model.score(data.all());
                assertThat(java.util.Arrays.stream(scores).allMatch(p -> p >= 0 && p <= 1)).isTrue();
                assertThat(scores).hasSize(data.rowCount());
                assertThat(BinaryMetrics.auc(data.all().labels(), scores)).isGreaterThan(0.6);
            }
        }
        // v1 replaced no earlier champion: nothing further back to roll to, and nothing changes
        Cli further = cli("rollback", "churn", "--reason", "again");
        assertThat(further.code()).isEqualTo(SaturdayCli.FAILED);
        assertThat(further.err()).contains("champion churn#v1 replaced no earlier champion of 'churn'");
    }
}
