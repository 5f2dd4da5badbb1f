package io.saturdayzoo.core.registry;

/**
 * The registration step's paging contract, shared by the registry Lambda (which answers it) and the Saturday
 * definition (which loops on it): the request's {@link #CURSOR} is the index of the first result this call
 * registers; the answer carries the next {@link #CURSOR} and {@link #DONE}, true on the last page.
 */
public final class RegistrationPages {

    public static final String CURSOR = "cursor";
    public static final String DONE = "done";

    /**
     * A hundred: one registration is a transaction, a few reads and about a dozen S3 copies (well under a second on
     * AWS), so a page stays within a minute or two of the registry function's five-minute timeout, leaving room for
     * the last page's sweep of earlier executions' runs.
     */
    public static final int PAGE_SIZE = 100;

    private RegistrationPages() {
    }
}
