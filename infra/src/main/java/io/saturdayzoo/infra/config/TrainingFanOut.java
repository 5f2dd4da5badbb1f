package io.saturdayzoo.infra.config;

import java.util.Optional;

/**
 * How the Saturday's training passes fan out over the selected specs, fixed at synthesis by the stack setting
 * {@link SaturdaySettings#MAX_SPECS_PER_SATURDAY} (the most specs one Saturday may train: champions retrained plus
 * the budget): an inline Map up to {@link #INLINE_MAX_SPECS}, a Distributed Map above.
 *
 * <p>Why a setting and not a Choice on each run's count: a Choice would need both Maps in the definition, so the item
 * processor twice under different state names (state names are unique in a definition), and every binding, mock,
 * topology rule and console view twice. The setting keeps one item processor; the run checks its count against the
 * setting right after the rotation and fails naming both numbers rather than outgrow an inline Map's history.
 *
 * @param mode     INLINE or DISTRIBUTED
 * @param maxSpecs the most specs one Saturday may train
 */
public record TrainingFanOut(Mode mode, int maxSpecs) {

    public enum Mode { INLINE, DISTRIBUTED }

    /**
     * Five hundred. Every training item of an inline Map writes 11 events to the one execution history (its
     * iteration, the routing Choice, the Batch task, the recording Pass; measured, local-runner/bench/SCALE.md: 5,602
     * events for a whole 500-spec run), so a Saturday at the threshold stays under a quarter of Step Functions'
     * 25,000-event limit, with room for the ensembles pass and for an item to gain retried tasks. Twice that would
     * leave no such room.
     */
    public static final int INLINE_MAX_SPECS = 500;

    /**
     * The most specs a Saturday's state is known to carry. Branch B's state holds every selected spec
     * ({@code $.rotation}: its item, its id in the joined list, its reason) and every item's result
     * ({@code $.training_results}): about 300 bytes a spec with ids of nine characters, 310,580 bytes at 1,000 specs
     * (measured on the thousand-spec scenario), and Step Functions fails a state whose input or output exceeds 256 KiB
     * (States.DataLimitExceeded), here as the training Map ends, after the training; the local interpreter does the
     * same. Above this, the synth warns, until the Distributed Maps read their items from S3 and write their results
     * there (ItemReader, ResultWriter).
     */
    public static final int STATE_CARRIES_SPECS = 800;

    /** The synth's warning when {@code maxSpecs} is above {@link #STATE_CARRIES_SPECS}; empty otherwise. */
    public Optional<String> stateDataWarning() {
        if (maxSpecs <= STATE_CARRIES_SPECS) {
            return Optional.empty();
        }
        return Optional.of("maxSpecsPerSaturday " + maxSpecs + " is above " + STATE_CARRIES_SPECS
                + ", the most specs a Saturday's state is known to carry: every selected spec and every training result "
                + "ride in branch B's state (about 300 bytes a spec), which Step Functions caps at 256 KiB; a Saturday "
                + "that selects more fails with States.DataLimitExceeded as its training Map ends, after the training");
    }

    public static TrainingFanOut of(int maxSpecs) {
        return new TrainingFanOut(maxSpecs > INLINE_MAX_SPECS ? Mode.DISTRIBUTED : Mode.INLINE, maxSpecs);
    }

    public boolean distributed() {
        return mode == Mode.DISTRIBUTED;
    }
}
