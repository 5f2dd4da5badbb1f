package io.saturdayzoo.training.distributed;

import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.CsvDatasetReader;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.DatasetException;
import io.saturdayzoo.training.data.TableIndex;
import io.saturdayzoo.training.eval.Fold;
import io.saturdayzoo.training.eval.FoldSpan;
import io.saturdayzoo.training.eval.WalkForward;
import io.saturdayzoo.training.run.TableShare;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a table is cut into node shares: every node in every block, slices contiguous in time, the same folds. */
class NodeShareTest {
    private static final ColumnRoles ROLES = ColumnRoles.of("ts", "y");
    private static final NodeShare.Exchange NO_PEERS = (step, mine) -> {
        throw new AssertionError("planning needs no peer");
    };
    @TempDir
    Path dir;

    /** {@code rows} rows written out of time order: row r has time {@code time(r)}, label r % 3 == 0, x = r. */
    private List<Path> table(int rows, IntUnaryOperator time) throws IOException {
        StringBuilder csv = new StringBuilder("ts,x,y\n");
        for (int i = 0; i < rows; i++) {
            int r = (i * 7919) % rows; // a permutation of the rows (7919 is prime and no factor of the counts used)
            csv.append(time.applyAsInt(r)).append(',').append(r).append(',').append(r % 3 == 0 ? 1 : 0).append('\n');
        }
        return List.of(Files.writeString(dir.resolve("t.csv"), csv));
    }

    @Test
    void everyNodeHoldsATimeContiguousSliceOfEveryBlockAndTogetherEveryRowOnce() throws IOException {
        List<Path> files = table(1_000, r -> 1_000_000 + r);
        TableIndex index = CsvDatasetReader.index(files, "t", ROLES, 1);
        int nodes = 3;
        List<NodeShare> shares = new ArrayList<>();
        BitSet union = new BitSet();
        for (int node = 0; node < nodes; node++) {
            NodeShare share = NodeShare.plan(index, 3, nodes, node, NO_PEERS);
            assertThat(share.keep().intersects(union)).as("node %d shares rows with another", node).isFalse();
            union.or(share.keep());
            shares.add(share);
        }
        assertThat(union.cardinality()).isEqualTo(1_000);
        assertThat(shares).extracting(NodeShare::digest).containsOnly(shares.get(0).digest());

        Dataset whole = CsvDatasetReader.read(files, "t", ROLES, 1);
        List<Fold> wholeFolds = WalkForward.plan(whole, 3);
        List<List<Fold>> nodeFolds = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            Dataset mine = CsvDatasetReader.read(files, "t", ROLES, 1, shares.get(node).keep());
            nodeFolds.add(shares.get(node).folds(mine, 3));
        }
        for (int k = 0; k < 3; k++) {
            Fold w = wholeFolds.get(k);
            int train = 0;
            long lastTestTime = Long.MIN_VALUE;
            for (int node = 0; node < nodes; node++) {
                Fold f = nodeFolds.get(node).get(k);
                assertThat(f.train().count()).as("fold %d node %d trains", k, node).isPositive();
                assertThat(f.test().count()).as("fold %d node %d tests", k, node).isPositive();
                train += f.train().count();
                // node i's test slice lies after node i-1's: gathered in node order, the test rows are in time order
                assertThat(f.test().firstTime()).isGreaterThan(lastTestTime);
                lastTestTime = f.test().lastTime();
                assertThat(f.test().firstTime()).isGreaterThanOrEqualTo(w.test().firstTime());
                assertThat(f.test().lastTime()).isLessThanOrEqualTo(w.test().lastTime());
                assertThat(shares.get(node).span(f)).isEqualTo(FoldSpan.of(w));
            }
            assertThat(train).as("fold %d training rows over all nodes", k).isEqualTo(w.train().count());
        }
        assertThat(shares.get(1).summary(CsvDatasetReader.read(files, "t", ROLES, 1, shares.get(1).keep())))
                .isEqualTo(TableShare.WHOLE.summary(whole));
    }

    @Test
    void rowsSharingATimeStayOnOneNode() throws IOException {
        // ten rows per time: a slice boundary at a row count would split a time
        List<Path> files = table(1_000, r -> 5_000 + r / 10);
        TableIndex index = CsvDatasetReader.index(files, "t", ROLES, 1);
        List<BitSet> keeps = new ArrayList<>();
        for (int node = 0; node < 3; node++) {
            keeps.add(NodeShare.plan(index, 3, 3, node, NO_PEERS).keep());
        }
        for (int r = 0; r < index.rowCount(); r++) {
            for (int s = 0; s < index.rowCount(); s++) {
                if (index.time(r) == index.time(s)) {
                    int nodeOfR = owner(keeps, r);
                    assertThat(owner(keeps, s)).as("rows %d and %d share time %d", r, s, index.time(r))
                            .isEqualTo(nodeOfR);
                }
            }
        }
    }

    @Test
    void aBlockTooSmallToSliceNamesTheBlockAndAsksForFewerNodes() throws IOException {
        // 50 times of 20 rows each: block 1 of 5 holds 10 times, fine for 2 nodes, not for 12
        List<Path> files = table(1_000, r -> 7_000 + r / 20);
        TableIndex index = CsvDatasetReader.index(files, "t", ROLES, 1);
        assertThat(NodeShare.plan(index, 3, 2, 1, NO_PEERS).keep().cardinality()).isPositive();
        assertThatThrownBy(() -> NodeShare.plan(index, 3, 12, 0, NO_PEERS))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("dataset 't': time block 1 of 5 (200 rows) cannot give each of 12 nodes")
                .hasMessageContaining("use fewer nodes");
    }

    @Test
    void aTableTooSmallForTheFoldsFailsAsItWouldOnOneMachine() throws IOException {
        List<Path> files = table(200, r -> r);
        TableIndex index = CsvDatasetReader.index(files, "t", ROLES, 1);
        Dataset whole = CsvDatasetReader.read(files, "t", ROLES, 1);
        String alone = catchMessage(() -> WalkForward.plan(whole, 3));
        assertThat(catchMessage(() -> NodeShare.plan(index, 3, 2, 0, NO_PEERS))).isEqualTo(alone)
                .contains("too few for 3 walk-forward folds");
    }

    private static String catchMessage(Runnable r) {
        try {
            r.run();
        } catch (DatasetException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a DatasetException");
    }

    private static int owner(List<BitSet> keeps, int row) {
        for (int node = 0; node < keeps.size(); node++) {
            if (keeps.get(node).get(row)) {
                return node;
            }
        }
        throw new AssertionError("row " + row + " is on no node");
    }
}
