package io.saturdayzoo.training.distributed;

import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.DatasetException;
import io.saturdayzoo.training.data.TableIndex;
import io.saturdayzoo.training.eval.Fold;
import io.saturdayzoo.training.eval.FoldPredictions;
import io.saturdayzoo.training.eval.FoldSpan;
import io.saturdayzoo.training.eval.WalkForward;
import io.saturdayzoo.training.run.TableShare;
import io.saturdayzoo.training.run.TrainedArtifact;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * One node's share of a table trained by several nodes, and the whole table's view the trainer keeps through it.
 *
 * <p>Every node reads the table's index (each row's time and label) and cuts the whole table's walk-forward blocks
 * from it exactly as one machine would, with the same checks and messages. Then each block is cut again, by row
 * count, into one time-contiguous slice per node (node i holds the i-th slice of every block, never splitting rows
 * that share a time). A node's rows are therefore, block by block, contiguous in time, and every node holds part of
 * every fold's training, validation and test rows. A single slice of the time-sorted table per node (node i: rows
 * [i*R/N, (i+1)*R/N)) would not do: fold 0 trains on the oldest block only, which would lie on node 0 alone, leaving
 * the other nodes without a row to train on and node 0 with the whole fold.
 *
 * <p>Each node fits on its own rows (LightGBM's pre_partition: it partitions nothing itself), scores its own
 * validation and test rows, and the nodes gather those scores, so each fold's threshold and metrics are computed
 * over the whole table, identically on every node.
 */
public final class NodeShare implements TableShare {

    /** Every node's part of one step, by node index, the same on every node (the nodes' {@link PeerLink}). */
    @FunctionalInterface
    public interface Exchange {
        List<byte[]> allGather(String step, byte[] mine);
    }

    private final Exchange exchange;
    private final int nodes;
    private final String source;
    private final int rows;
    private final int positives;
    /** Row position in time order where each block of the whole table starts; the last entry is the row count. */
    private final int[] cut;
    /** Where each block starts among this node's rows (in time order); the last entry is its row count. */
    private final int[] localCut;
    private final long[] blockFirstTime;
    private final long[] blockLastTime;
    private final BitSet keep;

    private NodeShare(Exchange exchange, int nodes, String source, int rows, int positives, int[] cut, int[] localCut,
                      long[] blockFirstTime, long[] blockLastTime, BitSet keep) {
        this.exchange = exchange;
        this.nodes = nodes;
        this.source = source;
        this.rows = rows;
        this.positives = positives;
        this.cut = cut;
        this.localCut = localCut;
        this.blockFirstTime = blockFirstTime;
        this.blockLastTime = blockLastTime;
        this.keep = keep;
    }

    /**
     * Node {@code node}'s share of the table behind {@code index}, for {@code folds} walk-forward folds over
     * {@code nodes} nodes.
     *
     * @throws DatasetException as {@link WalkForward#plan} for the whole table, or naming the block when it has too
     *                          few distinct times to give every node a slice
     */
    public static NodeShare plan(TableIndex index, int folds, int nodes, int node, Exchange exchange) {
        int n = index.rowCount();
        int[] order = index.timeOrder();
        int[] cut = WalkForward.blocks(index.source(), n, p -> index.time(order[p]),
                p -> index.label(order[p]) == 1f, folds);
        int blocks = cut.length - 1;
        BitSet keep = new BitSet(n);
        int[] localCut = new int[blocks + 1];
        long[] first = new long[blocks];
        long[] last = new long[blocks];
        for (int b = 0; b < blocks; b++) {
            int[] slice = slices(index, order, cut[b], cut[b + 1], nodes, b, blocks);
            for (int p = slice[node]; p < slice[node + 1]; p++) {
                keep.set(order[p]);
            }
            localCut[b + 1] = localCut[b] + slice[node + 1] - slice[node];
            first[b] = index.time(order[cut[b]]);
            last[b] = index.time(order[cut[b + 1] - 1]);
        }
        int positives = 0;
        for (int r = 0; r < n; r++) {
            positives += index.label(r) == 1f ? 1 : 0;
        }
        return new NodeShare(exchange, nodes, index.source(), n, positives, cut, localCut, first, last, keep);
    }

    /** Cuts time positions [from, to) into one slice per node by row count, never between rows of one time. */
    private static int[] slices(TableIndex index, int[] order, int from, int to, int nodes, int block, int blocks) {
        int[] slice = new int[nodes + 1];
        slice[0] = from;
        slice[nodes] = to;
        for (int k = 1; k < nodes; k++) {
            int c = Math.max(slice[k - 1], from + (int) ((long) (to - from) * k / nodes));
            while (c > slice[k - 1] && c < to && index.time(order[c]) == index.time(order[c - 1])) {
                c++;
            }
            slice[k] = Math.min(c, to);
        }
        for (int k = 0; k < nodes; k++) {
            if (slice[k + 1] == slice[k]) {
                throw new DatasetException("dataset '" + index.source() + "': time block " + (block + 1) + " of "
                        + blocks + " (" + (to - from) + " rows) cannot give each of " + nodes + " nodes a slice of its "
                        + "own (too few rows, or too many sharing one time): node " + k + " would hold none of it; "
                        + "use fewer nodes");
            }
        }
        return slice;
    }

    /** The rows this node keeps, by their number in the index (file order). */
    public BitSet keep() {
        return keep;
    }

    /** What every node must have computed alike; the nodes compare it before training. */
    public String digest() {
        return rows + "/" + positives + "/" + Arrays.toString(cut) + "/" + Arrays.toString(blockFirstTime) + "/"
                + Arrays.toString(blockLastTime);
    }

    @Override
    public int machines() {
        return nodes;
    }

    @Override
    public List<Fold> folds(Dataset mine, int folds) {
        if (folds != cut.length - 3 || mine.rowCount() != localCut[localCut.length - 1]) {
            throw new IllegalStateException("this node holds " + mine.rowCount() + " rows for " + folds
                    + " folds; its share was planned as " + localCut[localCut.length - 1] + " rows for "
                    + (cut.length - 3) + " folds");
        }
        return WalkForward.fromBlocks(mine, localCut);
    }

    @Override
    public FoldSpan span(Fold fold) {
        int k = fold.index();
        return new FoldSpan(cut[k + 1], blockFirstTime[0], blockLastTime[k], blockFirstTime[k + 2],
                blockLastTime[k + 2]);
    }

    @Override
    public FoldPredictions.Part validationPart(Fold fold, Scored all) {
        return part(fold.index() + 1, all);
    }

    @Override
    public FoldPredictions.Part testPart(Fold fold, Scored all) {
        return part(fold.index() + 2, all);
    }

    /** Block {@code b} of the whole table, in time order, with every node's labels and scores in node order. */
    private FoldPredictions.Part part(int b, Scored all) {
        return new FoldPredictions.Part(cut[b], cut[b + 1], blockFirstTime[b], blockLastTime[b], all.labels(),
                all.scores());
    }

    @Override
    public Scored gather(String part, Scored mine) {
        List<byte[]> all = exchange.allGather(part, encode(mine));
        int total = 0;
        for (byte[] bytes : all) {
            total += bytes.length / (Float.BYTES + Double.BYTES);
        }
        float[] labels = new float[total];
        double[] scores = new double[total];
        int at = 0;
        for (byte[] bytes : all) { // node order is time order within a block
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int count = bytes.length / (Float.BYTES + Double.BYTES);
            for (int i = 0; i < count; i++) {
                labels[at + i] = in.getFloat();
            }
            for (int i = 0; i < count; i++) {
                scores[at + i] = in.getDouble();
            }
            at += count;
        }
        return new Scored(labels, scores);
    }

    private static byte[] encode(Scored s) {
        ByteBuffer out = ByteBuffer.allocate(s.labels().length * (Float.BYTES + Double.BYTES));
        for (float label : s.labels()) {
            out.putFloat(label);
        }
        for (double score : s.scores()) {
            out.putDouble(score);
        }
        return out.array();
    }

    @Override
    public TrainedArtifact.DataSummary summary(Dataset mine) {
        return new TrainedArtifact.DataSummary(source, rows, positives, mine.featureNames(), blockFirstTime[0],
                blockLastTime[blockLastTime.length - 1]);
    }
}
