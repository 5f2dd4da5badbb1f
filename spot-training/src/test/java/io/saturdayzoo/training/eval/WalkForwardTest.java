package io.saturdayzoo.training.eval;

import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.CsvDatasetReader;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WalkForwardTest {
    @TempDir
    Path dir;

    /** 600 rows, one per second: 3 folds cut them into 5 time blocks of 120. */
    private Dataset data(IntUnaryOperator label) throws Exception {
        StringBuilder csv = new StringBuilder("ts,label,x\n");
        for (int i = 0; i < 600; i++) {
            csv.append(i).append(',').append(label.applyAsInt(i)).append(',').append(i % 7).append('\n');
        }
        Path f = Files.writeString(dir.resolve("d.csv"), csv);
        return CsvDatasetReader.read(List.of(f), "d.csv", ColumnRoles.of("ts", "label"), 1);
    }

    @Test
    void plansExpandingFoldsOverTimeBlocks() throws Exception {
        List<Fold> folds = WalkForward.plan(data(i -> i % 2), 3);
        assertThat(folds).hasSize(3);
        assertThat(folds.get(0).train().count()).isEqualTo(120);
        assertThat(folds.get(2).train().count()).isEqualTo(360);
        assertThat(folds.get(2).test().count()).isEqualTo(120);
    }

    @Test
    void dataOfOneClassIsBadInputBeforeAnyFoldTrains() throws Exception {
        assertThatThrownBy(() -> WalkForward.plan(data(i -> 0), 3))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset 'd.csv': all 600 rows have label 0: training needs both labels (0 and 1)");
        assertThatThrownBy(() -> WalkForward.plan(data(i -> 1), 1))
                .hasMessage("dataset 'd.csv': all 600 rows have label 1: training needs both labels (0 and 1)");
    }

    @Test
    void aFoldPartOfOneClassIsBadInputNamingTheFoldAndItsRows() throws Exception {
        assertThatThrownBy(() -> WalkForward.plan(data(i -> i < 120 ? 0 : i % 2), 3))
                .isInstanceOf(DatasetException.class)
                .hasMessage("dataset 'd.csv': walk-forward fold 0's training rows (time block 1 of 5: rows 1-120 in "
                        + "time order) all have label 0, so the fold's metrics would be undefined: use more data or "
                        + "fewer folds");
        assertThatThrownBy(() -> WalkForward.plan(data(i -> i >= 120 && i < 240 ? 1 : i % 2), 3))
                .hasMessageContaining("walk-forward fold 0's validation rows (time block 2 of 5: rows 121-240 in "
                        + "time order) all have label 1");
        assertThatThrownBy(() -> WalkForward.plan(data(i -> i >= 480 ? 0 : i % 2), 3))
                .hasMessageContaining("walk-forward fold 2's test rows (time block 5 of 5: rows 481-600 in "
                        + "time order) all have label 0");
        assertThat(WalkForward.plan(data(i -> i >= 480 ? 0 : i % 2), 2)).as("2 folds: that block is split")
                .hasSize(2);
    }
}
