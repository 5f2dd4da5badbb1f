package io.saturdayzoo.training.eval;

/**
 * What a fold's result says about its rows: how many trained it and the time windows of its training and test rows,
 * over the whole table (when several machines hold shares of it, over all their shares together).
 */
public record FoldSpan(int trainRows, long trainFrom, long trainTo, long testFrom, long testTo) {
    /** A fold over a whole table. */
    public static FoldSpan of(Fold fold) {
        return new FoldSpan(fold.train().count(), fold.train().firstTime(), fold.train().lastTime(),
                fold.test().firstTime(), fold.test().lastTime());
    }
}
