package io.saturdayzoo.asl.execution;

import io.saturdayzoo.asl.choice.ChoiceRules;
import io.saturdayzoo.asl.definition.ChoiceState;

/** Choice: the first matching rule (or Default) names the next state; the effective input passes on. */
final class ChoiceAction implements StateAction<ChoiceState> {
    @Override
    public Outcome execute(ChoiceState state, Attempt attempt) {
        String next = ChoiceRules.choose(state.choices(), state.defaultNext(), attempt.input(), attempt.context(),
                state.name());
        return new Outcome(attempt.input(), next);
    }
}
