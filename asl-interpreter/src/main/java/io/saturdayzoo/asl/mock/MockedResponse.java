package io.saturdayzoo.asl.mock;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * A named list of scripted outcomes keyed by invocation number: "0" is the first call of the state in an
 * execution (retries and Map iterations count as further calls), "1-2" covers the second and third.
 */
public record MockedResponse(String name, List<Entry> entries) {

    /** One key of the response: invocations {@code from..to} (inclusive) return a value or throw an error. */
    public record Entry(int from, int to, Outcome outcome) {
    }

    /** Either {@code returned} is set, or {@code error}/{@code cause} are. */
    public record Outcome(JsonNode returned, String error, String cause) {
        public boolean isThrow() {
            return returned == null;
        }
    }

    public Optional<Outcome> forInvocation(int invocation) {
        return entries.stream().filter(e -> invocation >= e.from() && invocation <= e.to()).map(Entry::outcome)
                .findFirst();
    }
}
