package io.saturdayzoo.core.ledger;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The cost a training is expected to run up before it launches: how long it should take on the machine it asks
 * for, and what that costs on the price table.
 *
 * @param fits    model fits the job will run (search trials and folds, then the final fit)
 * @param seconds expected run time, never above the wall-time cap
 */
public record CostEstimate(long datasetBytes, int iterations, int fits, int vcpus, double memoryGib, long seconds,
                           BigDecimal usd) {

    /**
     * Rough throughput of one vCPU in dataset bytes times boosting iterations per second, measured on the trainer's
     * CSV path (a 2.4 MB dataset, 200 iterations, 4 fits took ~40 s on one core here).
     */
    static final double BYTE_ITERATIONS_PER_VCPU_SECOND = 48_000_000d;
    /** The trainer's walk-forward folds (spot-training's WalkForward.DEFAULT_FOLDS; its test holds them equal). */
    public static final int TRAINER_FOLDS = 3;
    /** Container start, dataset download and the artifacts' upload, whatever the data. */
    static final long OVERHEAD_SECONDS = 60;

    /**
     * The estimate for one job: overhead plus the work divided over the vCPUs, capped at {@code wallTimeCap} (the
     * engine stops the job there, so it can never cost more than the cap's worth).
     */
    public static CostEstimate of(long datasetBytes, int iterations, int fits, int vcpus, double memoryGib,
                                  Duration wallTimeCap, PriceTable prices) {
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus: expected at least 1, got " + vcpus);
        }
        double work = (double) Math.max(0, datasetBytes) * Math.max(1, iterations) * Math.max(1, fits);
        long seconds = OVERHEAD_SECONDS + (long) Math.ceil(work / BYTE_ITERATIONS_PER_VCPU_SECOND / vcpus);
        seconds = Math.min(seconds, wallTimeCap.toSeconds());
        return new CostEstimate(datasetBytes, iterations, fits, vcpus, memoryGib, seconds,
                prices.cost(vcpus, memoryGib, Duration.ofSeconds(seconds)));
    }

    /**
     * The fits a single-machine job runs: every search trial on every fold, every fold once more with the chosen
     * parameters, then the final fit. The same count as the trainer's {@code Trainer.plannedFits} (a test in
     * spot-training holds the two together; core cannot call the trainer).
     */
    public static int plannedFits(int searchTrials, int folds) {
        return searchTrials * folds + folds + 1;
    }
}
