package io.saturdayzoo.lambdas.validateinput;

import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.lambdas.common.InvalidPayload;
import io.saturdayzoo.lambdas.common.Payload;
import io.saturdayzoo.lambdas.common.ZooHandler;

import java.util.Map;

/**
 * ValidateInput: checks the execution input before anything runs and returns it normalized
 * ({@link ExecutionInput#toJson()}). Bad input fails with error "InvalidInput", naming each field and value.
 * <p>In: {"input": the raw execution input}. The state passes {@code $$.Execution.Input} wrapped in an object, so an
 * input that is not an object (null, [], 42, "x") still arrives here and is rejected by name.
 * <p>Out: {"skip_research", "skip_predictor_training", "skip_eval_gate", "preflight_only", "budget", "spec_ids"}.
 */
public final class ValidateInputHandler extends ZooHandler {

    /** The payload field carrying the execution input. */
    public static final String INPUT = "input";

    private final ZooCatalog catalog;

    public ValidateInputHandler() {
        this(System.getenv());
    }

    /** Reads ZOO_CATALOG (optional override of the bundled catalog) from {@code env}. */
    public ValidateInputHandler(Map<String, String> env) {
        this.catalog = ZooCatalog.loadDefault(env);
    }

    @Override
    protected Map<String, Object> handle(Payload payload) {
        if (!payload.asMap().containsKey(INPUT)) {
            throw new InvalidPayload("field '" + INPUT + "': missing (the state passes the execution input in it)");
        }
        return ExecutionInput.validate(payload.get(INPUT), catalog).toJson();
    }
}
