package io.saturdayzoo.lambdas.validateinput;

import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.lambdas.common.InvalidPayload;
import io.saturdayzoo.lambdas.common.PayloadJson;
import io.saturdayzoo.lambdas.common.TypedHandler;

import java.util.Map;

/**
 * ValidateInput: checks the execution input before anything runs and returns it normalized
 * ({@link ExecutionInput#toJson()}). Bad input fails with error "InvalidInput", naming each field and value.
 * <p>In: {@link ValidateInputRequest}. Out: the {@link ExecutionInput}, every option present.
 */
public final class ValidateInputHandler extends TypedHandler<ValidateInputRequest, ExecutionInput> {

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
    protected ExecutionInput answer(ValidateInputRequest request) {
        if (request.input() == null) {
            throw new InvalidPayload("field '" + INPUT + "': missing (the state passes the execution input in it)");
        }
        return ExecutionInput.validate(PayloadJson.mapper().convertValue(request.input(), Object.class), catalog);
    }
}
