package io.saturdayzoo.asl.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;

/**
 * The States.* intrinsic functions of ASL (JSONPath mode): {@link IntrinsicParser} reads the call,
 * {@link IntrinsicLibrary} holds the functions. Arguments are string literals in single quotes (escapes \' \\ \{ \}),
 * numbers, true/false/null, paths ($ or $$) and nested calls. Any failure raises States.IntrinsicFailure naming the
 * function.
 */
public final class IntrinsicFunctions {

    private IntrinsicFunctions() {
    }

    public static boolean isIntrinsic(String expression) {
        return expression.startsWith("States.") && expression.trim().endsWith(")");
    }

    public static JsonNode evaluate(String expression, JsonNode data, JsonNode context) {
        IntrinsicParser parser = new IntrinsicParser(expression.trim());
        IntrinsicArg.Call call = parser.call();
        parser.expectEnd();
        return call.evaluate(data, context);
    }

    static StatesException failure(String function, String why) {
        return new StatesException(StatesErrors.INTRINSIC_FAILURE, "Invalid arguments in " + function + ": " + why);
    }
}
