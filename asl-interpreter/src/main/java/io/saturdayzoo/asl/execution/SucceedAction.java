package io.saturdayzoo.asl.execution;

import io.saturdayzoo.asl.definition.SucceedState;

/** Succeed: ends its scope with its effective input. */
final class SucceedAction implements StateAction<SucceedState> {
    @Override
    public Outcome execute(SucceedState state, Attempt attempt) {
        return new Outcome(attempt.input(), null);
    }
}
