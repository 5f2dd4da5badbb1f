package io.saturdayzoo.core.registry;

/**
 * Who asked for an on-demand training and under which cost allocation, and whether it warm-started from its parent:
 * recorded verbatim on the version. {@link #NONE} (every field null) for a Saturday run.
 *
 * @param caller       the person or system that asked (as given)
 * @param allocationId the cost ledger's allocation the run was charged to (as given)
 * @param warmStart    what became of the parent's model; null when no parent model was asked for
 */
public record RunOrigin(String caller, String allocationId, WarmStart warmStart) {
    public static final RunOrigin NONE = new RunOrigin(null, null, null);

    // The field names in a run manifest and on a version row.
    public static final String CALLER = "caller";
    public static final String ALLOCATION_ID = "allocation_id";
    public static final String WARM_START = "warm_start";

    public boolean isEmpty() {
        return caller == null && allocationId == null && warmStart == null;
    }
}
