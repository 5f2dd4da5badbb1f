package io.saturdayzoo.local.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saturdayzoo.asl.task.TaskFailedException;
import io.saturdayzoo.asl.task.TaskInvocation;
import org.junit.jupiter.api.Test;

/** The local Batch binding enforces the submission's attempt timeout as Batch does, and reports the job's times. */
class BatchJobTaskTimeoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TaskInvocation call(String input) throws Exception {
        return new TaskInvocation("TrainVersion", "arn:aws:states:::batch:submitJob.sync", JSON.readTree(input),
                JSON.readTree("{\"Execution\":{\"Name\":\"exec-1\"}}"), 0, Instant.EPOCH, () -> false, d -> { });
    }

    @Test
    void aJobPastItsAttemptTimeoutIsStoppedAndFailsAsBatchReportsIt() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        BatchJobTask job = new BatchJobTask((command, env, out, err) -> {
            try {
                Thread.sleep(60_000);
                return 0;
            } catch (InterruptedException e) {
                interrupted.countDown();
                return 1;
            }
        }, Map.of());
        String input = "{\"JobName\":\"saturday-train-on-demand\",\"Parameters\":{\"allocation_id\":\"a\"},"
                + "\"Timeout\":{\"AttemptDurationSeconds\":1},\"ContainerOverrides\":{\"Command\":[\"train\"]}}";

        assertThatThrownBy(() -> job.invoke(call(input)))
                .isInstanceOf(TaskFailedException.class)
                .satisfies(e -> {
                    JsonNode described = JSON.readTree(((TaskFailedException) e).errorCause());
                    assertThat(described.path("Status").asText()).isEqualTo("FAILED");
                    assertThat(described.path("StatusReason").asText()).isEqualTo(BatchJobTask.TIMEOUT_REASON);
                    assertThat(described.path("Parameters").path("allocation_id").asText()).isEqualTo("a");
                });
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the container was stopped").isTrue();
    }

    @Test
    void aJobWithinItsTimeoutSucceedsWithItsStartAndStop() throws Exception {
        BatchJobTask job = new BatchJobTask((command, env, out, err) -> 0, Map.of());
        String input = "{\"JobName\":\"j\",\"Timeout\":{\"AttemptDurationSeconds\":60},"
                + "\"ContainerOverrides\":{\"Command\":[\"train\"]}}";

        JsonNode described = job.invoke(call(input));

        assertThat(described.path("Status").asText()).isEqualTo("SUCCEEDED");
        assertThat(described.path("StoppedAt").asLong()).isGreaterThanOrEqualTo(described.path("StartedAt").asLong());
        assertThat(described.path("StartedAt").asLong()).isPositive();
    }
}
