package io.saturdayzoo.asl.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.choice.ChoiceRules;
import io.saturdayzoo.asl.definition.WaitState;
import io.saturdayzoo.asl.errors.StatesErrors;
import io.saturdayzoo.asl.errors.StatesException;
import io.saturdayzoo.asl.paths.JsonPaths;

import java.time.Duration;

/** Wait: advances the thread's virtual clock (nothing sleeps); the effective input passes on. */
final class WaitAction implements StateAction<WaitState> {
    @Override
    public Outcome execute(WaitState state, Attempt attempt) {
        ExecutionThread thread = attempt.thread();
        JsonNode input = attempt.input();
        if (state.seconds() != null) {
            thread.advance(Duration.ofSeconds(state.seconds()));
        } else if (state.secondsPath() != null) {
            JsonNode seconds = JsonPaths.read(state.secondsPath(), input, attempt.context(), "SecondsPath",
                    StatesErrors.RUNTIME);
            if (!seconds.canConvertToLong() || !seconds.isIntegralNumber() || seconds.asLong() < 0) {
                throw new StatesException(StatesErrors.RUNTIME, "SecondsPath '" + state.secondsPath()
                        + "' must select a non-negative integer, selected " + seconds);
            }
            thread.advance(Duration.ofSeconds(seconds.asLong()));
        } else {
            JsonNode stamp = state.timestamp() != null ? state.timestamp()
                    : JsonPaths.read(state.timestampPath(), input, attempt.context(), "TimestampPath",
                    StatesErrors.RUNTIME);
            var parsed = ChoiceRules.timestamp(stamp);
            if (parsed == null) {
                throw new StatesException(StatesErrors.RUNTIME, "Wait state '" + state.name()
                        + "': not an RFC 3339 timestamp: " + stamp);
            }
            thread.advanceTo(parsed.toInstant());
        }
        return Outcome.proceed(state, input);
    }
}
