package io.saturdayzoo.infra.config;

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

    public static TrainingFanOut of(int maxSpecs) {
        return new TrainingFanOut(maxSpecs > INLINE_MAX_SPECS ? Mode.DISTRIBUTED : Mode.INLINE, maxSpecs);
    }

    public boolean distributed() {
        return mode == Mode.DISTRIBUTED;
    }
}
