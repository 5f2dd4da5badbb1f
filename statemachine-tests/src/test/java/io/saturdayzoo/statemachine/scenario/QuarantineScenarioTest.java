package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.asl.execution.ExecutionStatus;
import io.saturdayzoo.core.attempts.AttemptLog;
import io.saturdayzoo.core.attempts.SpecAttempts;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.SaturdayServices;
import io.saturdayzoo.local.binding.ContainerCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quarantine, executed: a spec whose training job really exits non-zero three Saturdays in a row (the catalog's
 * default quarantine_after) is skipped by the fourth, which says so in its reasons and its notice and gives the
 * budget's slot to the next spec; a successful run of that spec (as an on-demand run registers it) or a change to
 * its catalog entry releases it. Real definition, handlers, stores and trainer; only the failing job is scripted.
 */
class QuarantineScenarioTest {
    private static final int ROWS = 2_000;
    private static final String FLAKY = "flaky-gbdt";
    private static final String STEADY = "steady-gbdt";
    /** The definition's default budget is the stack's; this zoo trains one spec a Saturday. */
    private static final String SKIP_RESEARCH = "{\"skip_research\": true, \"budget\": 1}";

    @TempDir
    Path dir;

    private Path catalog(int flakyLeaves, String... ids) throws IOException {
        StringBuilder specs = new StringBuilder();
        for (String id : ids) {
            String label = id.substring(0, id.indexOf('-'));
            specs.append(specs.length() == 0 ? "" : ",").append("{\"id\":\"").append(id)
                    .append("\",\"kind\":\"lightgbm\",\"label\":\"").append(label)
                    .append("\",\"dataset\":{\"uri\":\"s3://saturday-zoo-data/datasets/").append(label)
                    .append("/\",\"time_column\":\"ts\",\"target_column\":\"label\"},\"params\":{\"objective\":\"binary\","
                            + "\"num_leaves\":").append(id.equals(FLAKY) ? flakyLeaves : 15)
                    .append(",\"num_iterations\":20},\"status\":\"active\"}");
        }
        return Files.writeString(dir.resolve("catalog-" + flakyLeaves + ".json"),
                "{\"zoo\":\"quarantine\",\"budget\":1,\"specs\":[" + specs + "]}");
    }

    /** The real trainer, except that the flaky spec's job exits 1 while {@code failing} is set. */
    private static ContainerCommand flakyWhile(AtomicBoolean failing) {
        return (command, env, out, err) -> {
            if (failing.get() && command.contains(FLAKY)) {
                err.println("saturday-trainer: failed: simulated out of memory in " + FLAKY);
                return 1;
            }
            return SaturdayServices.trainer(command, env, out, err);
        };
    }

    private LocalSaturday saturday(Path catalog, AtomicBoolean failing) {
        return LocalSaturday.builder().dataDir(dir.resolve("stores")).definition(Scenarios.definition())
                .catalog(catalog).rows(ROWS).container(flakyWhile(failing)).build();
    }

    private static SpecAttempts attempts(LocalSaturday saturday, String spec) {
        return new AttemptLog(AwsClients.dynamoDb(saturday.env()), LocalSaturday.TABLE).summaries(List.of(spec))
                .get(spec);
    }

    /** Three failed Saturdays of the flaky spec; the third's alert says it is now quarantined. */
    private static void failThreeTimes(LocalSaturday saturday) {
        for (int week = 1; week <= 3; week++) {
            LocalRunReport failed = saturday.run(SKIP_RESEARCH);
            assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(failed.specResults()).containsEntry(FLAKY, "FAILED");
            assertThat(failed.rotationReasons().get(FLAKY)).startsWith("stalest");
            assertThat(attempts(saturday, FLAKY).consecutiveFailures()).isEqualTo(week);
            String alert = failed.notifications().get(0).message();
            assertThat(alert).contains("SpecsFailed", FLAKY, "quarantined: none");
            if (week < 3) {
                assertThat(alert).doesNotContain("now quarantined");
            } else {
                assertThat(alert).contains("now quarantined after 3 failures in a row");
            }
        }
    }

    @Test
    void afterThreeFailuresRotationSkipsTheSpecSaysWhyAndASuccessfulRunReleasesIt() throws IOException {
        AtomicBoolean failing = new AtomicBoolean(true);
        try (LocalSaturday saturday = saturday(catalog(15, FLAKY, STEADY), failing)) {
            failThreeTimes(saturday);

            LocalRunReport skipped = saturday.run(SKIP_RESEARCH);
            assertThat(skipped.status()).as("%s: %s", skipped.error(), skipped.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            // the budget's one slot goes to the next stalest spec instead
            assertThat(skipped.specResults()).containsOnlyKeys(STEADY);
            assertThat(skipped.rotationReasons().get(FLAKY))
                    .startsWith("quarantined: 3 failures, last: ").contains("simulated out of memory");
            assertThat(skipped.rotationReasons().get(STEADY)).isEqualTo("stalest (never trained)");
            assertThat(skipped.quarantined()).containsOnlyKeys(FLAKY);
            assertThat(skipped.notifications()).singleElement().satisfies(n -> assertThat(n.message())
                    .contains("succeeded", "Quarantined: " + FLAKY + " (quarantined: 3 failures, last: "));

            // an on-demand run of the spec (explicit spec_ids, the same registration) succeeds: it is released
            failing.set(false);
            LocalRunReport onDemand = saturday.run("{\"spec_ids\": [\"" + FLAKY + "\"], \"skip_research\": true}");
            assertThat(onDemand.status()).as("%s: %s", onDemand.error(), onDemand.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(attempts(saturday, FLAKY).consecutiveFailures()).isZero();

            LocalRunReport released = saturday.run(SKIP_RESEARCH);
            assertThat(released.quarantined()).isEmpty();
            assertThat(released.rotationReasons()).containsEntry(FLAKY, "champion retrain (flaky#v1)")
                    .containsEntry(STEADY, "champion retrain (steady#v1)");
            assertThat(released.specResults()).containsOnlyKeys(FLAKY, STEADY);
            assertThat(released.notifications().get(0).message()).contains("Quarantined: none.");
        }
    }

    @Test
    void aChangeToTheQuarantinedSpecsCatalogEntryReleasesIt() throws IOException {
        AtomicBoolean failing = new AtomicBoolean(true);
        try (LocalSaturday saturday = saturday(catalog(15, FLAKY), failing)) {
            failThreeTimes(saturday);
            LocalRunReport skipped = saturday.run(SKIP_RESEARCH);
            assertThat(skipped.status()).as("%s: %s", skipped.error(), skipped.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(skipped.specResults()).isEmpty();
            assertThat(skipped.quarantined()).containsOnlyKeys(FLAKY);
        }
        // the owner fixes the entry (fewer leaves): a new entry, whose old failures do not count
        failing.set(false);
        try (LocalSaturday saturday = saturday(catalog(7, FLAKY), failing)) {
            LocalRunReport released = saturday.run(SKIP_RESEARCH);
            assertThat(released.status()).as("%s: %s", released.error(), released.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(released.quarantined()).isEmpty();
            assertThat(released.rotationReasons()).containsEntry(FLAKY, "stalest (never trained)");
            assertThat(released.specResults()).containsEntry(FLAKY, "OK");
            assertThat(attempts(saturday, FLAKY).consecutiveFailures()).isZero();
        }
    }
}
