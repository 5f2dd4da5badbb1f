package io.saturdayzoo.asl.execution;

import io.saturdayzoo.asl.definition.FailState;
import io.saturdayzoo.asl.errors.StatesException;
import io.saturdayzoo.asl.paths.PayloadTemplate;

/** Fail: raises its Error and Cause (or what ErrorPath and CausePath select from its input). */
final class FailAction implements StateAction<FailState> {
    @Override
    public Outcome execute(FailState state, Attempt attempt) {
        String error = state.error();
        String cause = state.cause();
        if (state.errorPath() != null) {
            error = PayloadTemplate.evaluate(state.errorPath(), attempt.rawInput(), attempt.context(), "ErrorPath")
                    .asText();
        }
        if (state.causePath() != null) {
            cause = PayloadTemplate.evaluate(state.causePath(), attempt.rawInput(), attempt.context(), "CausePath")
                    .asText();
        }
        // an omitted Error still fails the execution; Step Functions then reports no error name
        throw new StatesException(error == null ? "States.Fail" : error, cause == null ? "" : cause);
    }
}
