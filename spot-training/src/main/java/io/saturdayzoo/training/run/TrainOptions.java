package io.saturdayzoo.training.run;

import io.saturdayzoo.training.eval.FoldResult;
import io.saturdayzoo.training.eval.WalkForward;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run one training: folds, threads, seed, identity (job and execution ids, for logs and checkpoints), where
 * checkpoints go, and who hears the structured events.
 *
 * @param afterFold called after each fold is checkpointed (progress reporting; tests use it to simulate a Spot
 *                  interruption at a precise point)
 * @param share     the part of the table this process holds ({@link TableShare#WHOLE}, or one machine's share)
 * @param parent    the model the final fit continues from when its kind can (null: from scratch)
 */
public record TrainOptions(int folds, int threads, long seed, String jobId, String executionId,
                           CheckpointStore checkpoints, TrainingEvents events, Consumer<FoldResult> afterFold,
                           TableShare share, ParentModel parent) {
    public static final long DEFAULT_SEED = 1L;

    public TrainOptions {
        if (folds < 1) {
            throw new IllegalArgumentException("folds must be >= 1, got " + folds);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        checkpoints = Objects.requireNonNullElse(checkpoints, CheckpointStore.NONE);
        events = Objects.requireNonNullElseGet(events, TrainingEvents::toLog);
        afterFold = Objects.requireNonNullElse(afterFold, f -> { });
        share = Objects.requireNonNullElse(share, TableShare.WHOLE);
    }

    public static TrainOptions defaults() {
        return new TrainOptions(WalkForward.DEFAULT_FOLDS, Runtime.getRuntime().availableProcessors(), DEFAULT_SEED,
                null, null, CheckpointStore.NONE, null, null, TableShare.WHOLE, null);
    }

    public TrainOptions withThreads(int n) {
        return new TrainOptions(folds, n, seed, jobId, executionId, checkpoints, events, afterFold, share, parent);
    }

    public TrainOptions withFolds(int n) {
        return new TrainOptions(n, threads, seed, jobId, executionId, checkpoints, events, afterFold, share, parent);
    }

    public TrainOptions withIds(String job, String execution) {
        return new TrainOptions(folds, threads, seed, job, execution, checkpoints, events, afterFold, share, parent);
    }

    public TrainOptions withCheckpoints(CheckpointStore store) {
        return new TrainOptions(folds, threads, seed, jobId, executionId, store, events, afterFold, share, parent);
    }

    public TrainOptions withEvents(TrainingEvents sink) {
        return new TrainOptions(folds, threads, seed, jobId, executionId, checkpoints, sink, afterFold, share, parent);
    }

    public TrainOptions withAfterFold(Consumer<FoldResult> hook) {
        return new TrainOptions(folds, threads, seed, jobId, executionId, checkpoints, events, hook, share, parent);
    }

    public TrainOptions withShare(TableShare part) {
        return new TrainOptions(folds, threads, seed, jobId, executionId, checkpoints, events, afterFold, part, parent);
    }

    public TrainOptions withParent(ParentModel model) {
        return new TrainOptions(folds, threads, seed, jobId, executionId, checkpoints, events, afterFold, share, model);
    }
}
