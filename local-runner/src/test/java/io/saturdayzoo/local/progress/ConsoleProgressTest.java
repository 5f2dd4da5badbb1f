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
    void barsNeverOverflowTheirWidth() {
        assertThat(ConsoleProgress.bar(0, 3, 10)).isEqualTo("[----------]");
        assertThat(ConsoleProgress.bar(5, 3, 10)).isEqualTo("[##########]");
        assertThat(ConsoleProgress.bar(0, 0, 10)).isEqualTo("[----------]");
    }

    private static HistoryEvent trainingJobScheduled(String specId) {
        ObjectNode details = JsonNodeFactory.instance.objectNode()
                .put("resource", "arn:aws:states:::batch:submitJob.sync").put("attempt", 0);
        details.putObject("parameters").putObject("Parameters").put("spec_id", specId);
        return new HistoryEvent(1, 0, Instant.EPOCH, HistoryEventType.TaskScheduled, "TrainSpec", TRAINING_ITEM,
                details, null);
    }
}
