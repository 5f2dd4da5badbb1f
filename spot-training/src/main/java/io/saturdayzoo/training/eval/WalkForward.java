package io.saturdayzoo.training.eval;

import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.DatasetException;

import java.util.ArrayList;
import java.util.List;

/**
 * Expanding-window walk-forward folds over time-ordered rows.
 *
 * <p>The rows are cut into {@code folds + 2} consecutive time blocks of about equal size; fold k trains on blocks
 * 0..k, picks its threshold on block k+1 and is scored on block k+2. Cuts never split rows that share a timestamp,
 * so no fold sees the future of its test window.
 */
public final class WalkForward {
    public static final int DEFAULT_FOLDS = 3;
    /** Fewer rows than this per block gives metrics too noisy to compare versions on. */
    public static final int MIN_BLOCK_ROWS = 50;

    private WalkForward() {
    }

    public static List<Fold> plan(Dataset data, int folds) {
        if (folds < 1) {
            throw new IllegalArgumentException("folds must be >= 1, got " + folds);
        }
        int blocks = folds + 2;
        int n = data.rowCount();
        int[] cut = new int[blocks + 1];
        cut[blocks] = n;
        for (int b = 1; b < blocks; b++) {
            int c = Math.max(cut[b - 1], (int) ((long) n * b / blocks));
            while (c > cut[b - 1] && c < n && data.time(c) == data.time(c - 1)) {
                c++; // move the cut past rows sharing the boundary timestamp
            }
            cut[b] = Math.min(c, n);
        }
        for (int b = 0; b < blocks; b++) {
            if (cut[b + 1] - cut[b] < MIN_BLOCK_ROWS) {
                throw new DatasetException("dataset '" + data.source() + "': " + n + " rows are too few for " + folds
                        + " walk-forward folds (time block " + b + " has " + (cut[b + 1] - cut[b]) + " rows, need >= "
                        + MIN_BLOCK_ROWS + ")");
            }
        }
        List<Fold> out = new ArrayList<>();
        for (int k = 0; k < folds; k++) {
            out.add(new Fold(k, data.rows(0, cut[k + 1]), data.rows(cut[k + 1], cut[k + 2]),
                    data.rows(cut[k + 2], cut[k + 3])));
        }
        return out;
    }
}
