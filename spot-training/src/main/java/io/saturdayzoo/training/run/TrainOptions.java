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
 */
public record TrainOptions(int folds, int threads, long seed, String jobId, String executionId,
                           CheckpointStore checkpoints, TrainingEvents events, Consumer<FoldResult> afterFold) {
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
    }

    public static TrainOptions defaults() {
        return new TrainOptions(WalkForward.DEFAULT_FOLDS, Runtime.getRuntime().availableProcessors(), DEFAULT_SEED,
                null, null, CheckpointStore.NONE, null, null);
    }

    public TrainOptions withThreads(int n) {
        return new TrainOptions(folds, n, seed, jobId, executionId, checkpoints, events, afterFold);
    }

    public TrainOptions withFolds(int n) {
        return new TrainOptions(n, threads, seed, jobId, executionId, checkpoints, events, afterFold);
    }

    public TrainOptions withIds(String job, String execution) {
        return new TrainOptions(folds, threads, seed, job, execution, checkpoints, events, afterFold);
    }

    public TrainOptions withCheckpoints(CheckpointStore store) {
        return new TrainOptions(folds, threads, seed, jobId, executionId, store, events, afterFold);
    }

    public TrainOptions withEvents(TrainingEvents sink) {
        return new TrainOptions(folds, threads, seed, jobId, executionId, checkpoints, sink, afterFold);
    }

    public TrainOptions withAfterFold(Consumer<FoldResult> hook) {
        return new TrainOptions(folds, threads, seed, jobId, executionId, checkpoints, events, hook);
    }
}
