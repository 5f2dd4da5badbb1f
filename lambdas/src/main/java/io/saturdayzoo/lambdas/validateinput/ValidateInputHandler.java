package io.saturdayzoo.lambdas.validateinput;

import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.lambdas.common.Payload;
import io.saturdayzoo.lambdas.common.ZooHandler;

import java.util.Map;

/**
 * ValidateInput: checks the execution input before anything runs and returns it normalized
 * ({@link ExecutionInput#toJson()}). Bad input fails with error "InvalidInput", naming each field and value.
 * <p>In: the raw execution input, e.g. {"budget": 2, "skip_research": true}.
 * <p>Out: {"skip_research", "skip_predictor_training", "skip_eval_gate", "preflight_only", "budget", "spec_ids"}.
 */
public final class ValidateInputHandler extends ZooHandler {

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
        return ExecutionInput.validate(payload.asMap(), catalog).toJson();
    }
}
