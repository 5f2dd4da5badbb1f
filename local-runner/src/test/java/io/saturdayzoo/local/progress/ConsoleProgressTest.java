package io.saturdayzoo.local.progress;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTest {
    private static final String TRAINING_ITEM = "Fanout/Branches[1]/TrainAll/Iteration[0]";

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ConsoleProgress progress =
            new ConsoleProgress(new PrintStream(printed, true, StandardCharsets.UTF_8));

    @Test
    void eachFoldAdvancesTheSpecsBarUnderTheTaskTrainingIt() {
        progress.onEvent(trainingJobScheduled("churn-gbdt"));
        progress.onFold("churn-gbdt", 1, 3);
        progress.onFold("churn-gbdt", 2, 3);
        progress.onFold("churn-gbdt", 3, 3);
        progress.onFinalModel("churn-gbdt");

        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "    [B/item 1] > TrainSpec churn-gbdt",
                "    [B/item 1]   churn-gbdt  [###-------] fold 1/3",
                "    [B/item 1]   churn-gbdt  [######----] fold 2/3",
                "    [B/item 1]   churn-gbdt  [##########] fold 3/3",
                "    [B/item 1]   churn-gbdt  [##########] final model trained");
    }

    @Test
    void aFoldOfASpecNoTaskAnnouncedIsStillShownUntagged() {
        progress.onFold("drift-dart", 1, 4);

        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("  drift-dart  [##--------] fold 1/4");
    }

    @Test
    void childExecutionsOfADistributedMapShowAsItsItemsAndNeverAsTheSaturday() {
        String training = "Fanout/Branches[1]/TrainAll";
        progress.onEvent(event(HistoryEventType.MapStateStarted, "TrainAll", training.replace("/TrainAll", ""),
                details().put("length", 2).put("maxConcurrency", 4)));
        progress.onEvent(event(HistoryEventType.MapRunStarted, "TrainAll", training.replace("/TrainAll", ""), details()));
        progress.onEvent(event(HistoryEventType.ExecutionStarted, null, training + "/Iteration[0]", details()));
        ObjectNode trained = details();
        trained.putObject("output").put("spec_id", "churn-gbdt").put("status", "OK");
        progress.onEvent(event(HistoryEventType.PassStateExited, "RecordSpecTrained", training + "/Iteration[0]", trained));
        progress.onEvent(event(HistoryEventType.ExecutionSucceeded, null, training + "/Iteration[0]", details()));
        progress.onEvent(event(HistoryEventType.ExecutionFailed, null, training + "/Iteration[1]",
                details().put("error", "States.TaskFailed").put("cause", "c")));

        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "  [B] > TrainAll: 2 item(s), max 4 at a time",
                "  [B]   TrainAll runs each item as a child execution (distributed Map)",
                "    [B/item 1] ok RecordSpecTrained",
                "    [B/item 1] training [##########----------] 1/2 specs done",
                "    [B/item 2] x child execution FAILED: States.TaskFailed");
    }

    @Test
    void barsNeverOverflowTheirWidth() {
        assertThat(ConsoleProgress.bar(0, 3, 10)).isEqualTo("[----------]");
        assertThat(ConsoleProgress.bar(5, 3, 10)).isEqualTo("[##########]");
        assertThat(ConsoleProgress.bar(0, 0, 10)).isEqualTo("[----------]");
    }

    private static ObjectNode details() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static HistoryEvent event(HistoryEventType type, String state, String path, ObjectNode details) {
        return new HistoryEvent(1, 0, Instant.EPOCH, type, state, path, details, null);
    }

    private static HistoryEvent trainingJobScheduled(String specId) {
        ObjectNode details = JsonNodeFactory.instance.objectNode()
                .put("resource", "arn:aws:states:::batch:submitJob.sync").put("attempt", 0);
        details.putObject("parameters").putObject("Parameters").put("spec_id", specId);
        return new HistoryEvent(1, 0, Instant.EPOCH, HistoryEventType.TaskScheduled, "TrainSpec", TRAINING_ITEM,
                details, null);
    }
}
