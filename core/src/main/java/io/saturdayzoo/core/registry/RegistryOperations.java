package io.saturdayzoo.core.registry;

/**
 * The Registry function's operations as its payload's {@link io.saturdayzoo.core.json.OperationField} names them:
 * written by the state machine definitions (infra), read by the handler (lambdas); both import them from here.
 */
public final class RegistryOperations {
    public static final String REGISTER = "register";
    public static final String PROMOTE = "promote";
    public static final String LIST_CANDIDATES = "list_candidates";
    public static final String REGISTER_CANDIDATES = "register_candidates";

    private RegistryOperations() {
    }
}
