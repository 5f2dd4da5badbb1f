package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.definition.StateDefinition;

/**
 * What one state type does between the shared input and output processing. One class per state type implements
 * it; {@link StateRunner} wraps every call in Retry and Catch, {@link StateActions} picks the class.
 */
interface StateAction<S extends StateDefinition> {

    /** Runs the state once; throws a StatesException to fail it (Retry and Catch then apply). */
    Outcome execute(S state, Attempt attempt);

    /**
     * One attempt of a state.
     *
     * @param rawInput   the state's input as it arrived
     * @param input      the effective input: after InputPath and Parameters
     * @param context    the context object ($$) of this attempt
     * @param retryCount 0 for the first attempt, n for the n-th retry
     */
    record Attempt(ExecutionRun run, ExecutionThread thread, JsonNode rawInput, JsonNode input, ObjectNode context,
                   int retryCount) {
    }

    /**
     * @param result the state's result, before ResultSelector, ResultPath and OutputPath
     * @param next   the state to run next, or null when this one ends its scope
     */
    record Outcome(JsonNode result, String next) {
        static Outcome proceed(StateDefinition state, JsonNode result) {
            return new Outcome(result, state.next());
        }
    }
}
