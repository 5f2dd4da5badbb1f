package io.saturdayzoo.training.run;

/**
 * How far one spec's training has got, for a caller running the trainer in-process (the local runner draws a bar
 * from it). The structured events say the same for logs; this is the typed, in-process view. Calls come from the
 * training thread, so an implementation shared by specs trained at the same time must be thread-safe.
 */
public interface TrainingProgress {
    /** Hears nothing: the container, where the structured events are the progress. */
    TrainingProgress NONE = new TrainingProgress() {
        @Override
        public void onFold(String specId, int foldsDone, int foldCount) {
        }

        @Override
        public void onFinalModel(String specId) {
        }
    };

    /** A walk-forward fold finished (trained now or read back from a checkpoint): {@code foldsDone} of {@code foldCount}
     * are done. */
    void onFold(String specId, int foldsDone, int foldCount);

    /** The model that ships (fit on every row, after the folds) is trained; publishing follows. */
    void onFinalModel(String specId);
}
