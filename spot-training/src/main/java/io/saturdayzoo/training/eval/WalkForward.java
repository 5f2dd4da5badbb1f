package io.saturdayzoo.training.eval;

import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.DatasetException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

/**
 * Expanding-window walk-forward folds over time-ordered rows.
 *
 * <p>The rows are cut into {@code folds + 2} consecutive time blocks of about equal size; fold k trains on blocks
 * 0..k, picks its threshold on block k+1 and is scored on block k+2. Cuts never split rows that share a timestamp,
 * so no fold sees the future of its test window.
 *
 * <p>The plan is checked before anything trains: every block needs enough rows and both labels, since a block of
 * one class leaves its fold's AUC undefined (or, as fold 0's training rows, a model that learned nothing).
 */
public final class WalkForward {
    public static final int DEFAULT_FOLDS = 3;
    /** Fewer rows than this per block gives metrics too noisy to compare versions on. */
    public static final int MIN_BLOCK_ROWS = 50;

    private WalkForward() {
    }

    public static List<Fold> plan(Dataset data, int folds) {
        return fromBlocks(data, blocks(data.source(), data.rowCount(), data::time, r -> data.label(r) == 1f, folds));
    }

    /**
     * The folds over {@code data} whose time blocks start at {@code cut} ({@code cut[b]} is block b's first row,
     * the last entry is the row count): fold k trains on blocks 0..k, validates on k+1, tests on k+2.
     */
    public static List<Fold> fromBlocks(Dataset data, int[] cut) {
        List<Fold> out = new ArrayList<>();
        for (int k = 0; k + 3 < cut.length; k++) {
            out.add(new Fold(k, data.rows(0, cut[k + 1]), data.rows(cut[k + 1], cut[k + 2]),
                    data.rows(cut[k + 2], cut[k + 3])));
        }
        return out;
    }

    /**
     * Cuts {@code n} time-ordered rows into the {@code folds + 2} blocks and checks them (enough rows, both labels
     * in each): {@code cut[b]} is block b's first row and {@code cut[folds + 2]} is {@code n}. The rows are given by
     * their time and label, so a table held in shares by several machines is cut from its index exactly as one
     * machine cuts a whole table.
     */
    public static int[] blocks(String source, int n, IntToLongFunction time, IntPredicate positive, int folds) {
        if (folds < 1) {
            throw new IllegalArgumentException("folds must be >= 1, got " + folds);
        }
        int blocks = folds + 2;
        int[] cut = new int[blocks + 1];
        cut[blocks] = n;
        for (int b = 1; b < blocks; b++) {
            int c = Math.max(cut[b - 1], (int) ((long) n * b / blocks));
            while (c > cut[b - 1] && c < n && time.applyAsLong(c) == time.applyAsLong(c - 1)) {
                c++; // move the cut past rows sharing the boundary timestamp
            }
            cut[b] = Math.min(c, n);
        }
        int positives = positives(positive, 0, n);
        if (positives == 0 || positives == n) {
            throw new DatasetException("dataset '" + source + "': all " + n + " rows have label "
                    + (positives == 0 ? 0 : 1) + ": training needs both labels (0 and 1)");
        }
        for (int b = 0; b < blocks; b++) {
            if (cut[b + 1] - cut[b] < MIN_BLOCK_ROWS) {
                throw new DatasetException("dataset '" + source + "': " + n + " rows are too few for " + folds
                        + " walk-forward folds (time block " + (b + 1) + " of " + blocks + " has "
                        + (cut[b + 1] - cut[b]) + " rows, need >= " + MIN_BLOCK_ROWS + ")");
            }
        }
        for (int b = 0; b < blocks; b++) {
            int inBlock = positives(positive, cut[b], cut[b + 1]);
            if (inBlock == 0 || inBlock == cut[b + 1] - cut[b]) {
                // the first fold that uses block b: fold 0 trains on block 0 and validates on 1; fold b-2 tests on b
                String part = b == 0 ? "fold 0's training" : b == 1 ? "fold 0's validation" : "fold " + (b - 2)
                        + "'s test";
                throw new DatasetException("dataset '" + source + "': walk-forward " + part + " rows (time "
                        + "block " + (b + 1) + " of " + blocks + ": rows " + (cut[b] + 1) + "-" + cut[b + 1]
                        + " in time order) all have label " + (inBlock == 0 ? 0 : 1) + ", so the fold's metrics "
                        + "would be undefined: use more data or fewer folds");
            }
        }
        return cut;
    }

    private static int positives(IntPredicate positive, int from, int to) {
        int positives = 0;
        for (int i = from; i < to; i++) {
            if (positive.test(i)) {
                positives++;
            }
        }
        return positives;
    }
}
