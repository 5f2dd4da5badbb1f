package io.saturdayzoo.asl.execution;

import io.saturdayzoo.asl.definition.PassState;

/** Pass: the result is the fixed Result, else the effective input. */
final class PassAction implements StateAction<PassState> {
    @Override
    public Outcome execute(PassState state, Attempt attempt) {
        return Outcome.proceed(state, state.result() != null ? state.result() : attempt.input());
    }
}
