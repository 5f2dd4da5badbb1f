package io.saturdayzoo.asl.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure-injection file in Step Functions Local's mock configuration format:
 * <pre>{"StateMachines": {"sm": {"TestCases": {"case": {"StateName": "ResponseName"}}}},
 *  "MockedResponses": {"ResponseName": {"0": {"Return": {...}}, "1-2": {"Throw": {"Error": "E", "Cause": "C"}}}}}</pre>
 * Parsing checks every reference and key, so a typo fails here and not halfway through a run.
 */
public final class MockConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, MockTestCase>> testCases;
    private final Map<String, MockedResponse> responses;

    private MockConfig(Map<String, Map<String, MockTestCase>> testCases, Map<String, MockedResponse> responses) {
        this.testCases = testCases;
        this.responses = responses;
    }

    public static MockConfig parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MockConfigException("mock config is not valid JSON: " + e.getOriginalMessage());
        }
        Map<String, MockedResponse> responses = new LinkedHashMap<>();
        root.path("MockedResponses").fields().forEachRemaining(e ->
                responses.put(e.getKey(), response(e.getKey(), e.getValue())));
        Map<String, Map<String, MockTestCase>> machines = new LinkedHashMap<>();
        root.path("StateMachines").fields().forEachRemaining(sm -> {
            Map<String, MockTestCase> cases = new LinkedHashMap<>();
            sm.getValue().path("TestCases").fields().forEachRemaining(tc -> {
                Map<String, MockedResponse> byState = new LinkedHashMap<>();
                tc.getValue().fields().forEachRemaining(m -> {
                    MockedResponse response = responses.get(m.getValue().asText());
                    if (response == null) {
                        throw new MockConfigException("test case '" + sm.getKey() + "/" + tc.getKey() + "': state '"
                                + m.getKey() + "' names unknown mocked response '" + m.getValue().asText() + "'");
                    }
                    byState.put(m.getKey(), response);
                });
                cases.put(tc.getKey(), new MockTestCase(sm.getKey(), tc.getKey(), Map.copyOf(byState)));
            });
            machines.put(sm.getKey(), cases);
        });
        return new MockConfig(machines, responses);
    }

    public MockTestCase testCase(String stateMachine, String testCase) {
        Map<String, MockTestCase> cases = testCases.get(stateMachine);
        if (cases == null) {
            throw new MockConfigException("mock config has no state machine '" + stateMachine + "' (has "
                    + testCases.keySet() + ")");
        }
        MockTestCase found = cases.get(testCase);
        if (found == null) {
            throw new MockConfigException("state machine '" + stateMachine + "' has no test case '" + testCase
                    + "' (has " + cases.keySet() + ")");
        }
        return found;
    }

    public Map<String, MockedResponse> responses() {
        return Map.copyOf(responses);
    }

    private static MockedResponse response(String name, JsonNode node) {
        List<MockedResponse.Entry> entries = new ArrayList<>();
        node.fields().forEachRemaining(e -> {
            int[] range = range(name, e.getKey());
            JsonNode body = e.getValue();
            MockedResponse.Outcome outcome;
            if (body.has("Return") && !body.has("Throw")) {
                outcome = new MockedResponse.Outcome(body.get("Return"), null, null);
            } else if (body.has("Throw") && !body.has("Return")) {
                JsonNode t = body.get("Throw");
                if (!t.path("Error").isTextual()) {
                    throw new MockConfigException("mocked response '" + name + "' key '" + e.getKey()
                            + "': Throw needs a string 'Error'");
                }
                outcome = new MockedResponse.Outcome(null, t.get("Error").asText(), t.path("Cause").asText(""));
            } else {
                throw new MockConfigException("mocked response '" + name + "' key '" + e.getKey()
                        + "': needs exactly one of 'Return' or 'Throw'");
            }
            entries.add(new MockedResponse.Entry(range[0], range[1], outcome));
        });
        entries.sort(Comparator.comparingInt(MockedResponse.Entry::from));
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).from() <= entries.get(i - 1).to()) {
                throw new MockConfigException("mocked response '" + name + "': invocation ranges overlap at "
                        + entries.get(i).from());
            }
        }
        return new MockedResponse(name, List.copyOf(entries));
    }

    private static int[] range(String response, String key) {
        try {
            String[] parts = key.split("-", -1);
            int from = Integer.parseInt(parts[0].trim());
            int to = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : from;
            if (parts.length > 2 || from < 0 || to < from) {
                throw new NumberFormatException();
            }
            return new int[]{from, to};
        } catch (NumberFormatException e) {
            throw new MockConfigException("mocked response '" + response + "': key '" + key
                    + "' is not an invocation number or range such as \"0\" or \"1-2\"");
        }
    }
}
