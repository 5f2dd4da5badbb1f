package io.saturdayzoo.local.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.task.TaskFailedException;
import io.saturdayzoo.asl.task.TaskInvocation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Concurrent local trainings share the machine's cores instead of each taking all of them. */
class TrainerThreadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRAIN = "TrainSpec";           // inside the Map TrainSelectedSpecs (MaxConcurrency 2)
    private static final String RESEARCH = "Research";         // a Batch Task outside any Map
    private static final String MAP = "TrainSelectedSpecs";

    private static JsonNode fixture() throws IOException {
        try (InputStream in = TrainerThreadsTest.class.getResourceAsStream("/definition/saturday-fixture.asl.json")) {
            return JSON.readTree(in);
        }
    }

    private static HistoryEvent mapStarted(int length, int maxConcurrency) {
        ObjectNode details = JSON.createObjectNode().put("length", length).put("maxConcurrency", maxConcurrency);
        return new HistoryEvent(1, 0, Instant.EPOCH, HistoryEventType.MapStateStarted, MAP, "", details, Duration.ZERO);
    }

    @Test
    void aMapsConcurrentItemsShareTheCores() throws IOException {
        TrainerThreads threads = TrainerThreads.shared(fixture(), 8);

        threads.onEvent(mapStarted(3, 0));
        assertThat(threads.threadsFor(TRAIN)).isEqualTo(2);          // 8 cores / 3 items at once
        threads.onEvent(mapStarted(3, 2));
        assertThat(threads.threadsFor(TRAIN)).isEqualTo(4);          // 8 cores / MaxConcurrency 2
        threads.onEvent(mapStarted(1, 4));
        assertThat(threads.threadsFor(TRAIN)).isEqualTo(8);          // one item alone has every core

        TrainerThreads twoCores = TrainerThreads.shared(fixture(), 2);
        twoCores.onEvent(mapStarted(3, 4));
        assertThat(twoCores.threadsFor(TRAIN)).isEqualTo(1);         // never below one
        assertThat(twoCores.threadsFor(RESEARCH)).isZero();          // outside a Map: as written (every core)
    }

    @Test
    void theBudgetReachesTheTrainerCommandUnlessItNamesItsOwn() throws IOException, TaskFailedException {
        TrainerThreads threads = TrainerThreads.shared(fixture(), 2);
        threads.onEvent(mapStarted(3, 4));
        List<List<String>> commands = new ArrayList<>();
        BatchJobTask batch = new BatchJobTask((command, env, out, err) -> {
            commands.add(command);
            return 0;
        }, Map.of(), threads);

        batch.invoke(call(TRAIN, "{\"ContainerOverrides\":{\"Command\":[\"train\",\"--spec\",\"Ref::spec\"]},"
                + "\"Parameters\":{\"spec\":\"churn-gbdt\"}}"));
        batch.invoke(call(TRAIN, "{\"ContainerOverrides\":{\"Command\":[\"train\",\"--threads\",\"3\"]}}"));
        batch.invoke(call(RESEARCH, "{\"ContainerOverrides\":{\"Command\":[\"research\"]}}"));

        assertThat(commands).containsExactly(List.of("train", "--spec", "churn-gbdt", "--threads", "1"),
                List.of("train", "--threads", "3"), List.of("research"));
        assertThat(TrainerThreads.fixed(2).apply(RESEARCH, List.of("research")))
                .containsExactly("research", "--threads", "2");
        assertThatThrownBy(() -> TrainerThreads.fixed(0)).hasMessageContaining("got 0");
    }

    private static TaskInvocation call(String state, String input) throws IOException {
        JsonNode context = JSON.readTree("{\"Execution\":{\"Name\":\"exec-1\"}}");
        return new TaskInvocation(state, SaturdayBindings.BATCH_PREFIX + ".sync", JSON.readTree(input), context, 0,
                Instant.EPOCH, () -> false, d -> { });
    }
}
