package io.saturdayzoo.asl.mock;

import java.util.Map;
import java.util.Optional;

/** The mocks of one test case: state name to its mocked response. A mocked state never calls its binding. */
public record MockTestCase(String stateMachine, String name, Map<String, MockedResponse> byStateName) {

    public Optional<MockedResponse> forState(String stateName) {
        return Optional.ofNullable(byStateName.get(stateName));
    }

    public static MockTestCase empty() {
        return new MockTestCase("", "", Map.of());
    }
}
