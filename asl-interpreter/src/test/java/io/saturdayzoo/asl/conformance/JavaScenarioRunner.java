package io.saturdayzoo.asl.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saturdayzoo.asl.definition.AslDefinition;
import io.saturdayzoo.asl.execution.ExecutionOptions;
import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.StateMachineExecutor;
import io.saturdayzoo.asl.mock.MockConfig;
import io.saturdayzoo.asl.task.TaskBindings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Runs a scenario file (the format of run-scenarios.mjs: a mock configuration plus "StateMachine" and "Inputs")
 * through this project's executor, so results line up with {@link NodeConformanceRunner}'s.
 */
public final class JavaScenarioRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JavaScenarioRunner() {
    }

    public static List<ScenarioOutcome> run(String definitionJson, String scenariosJson) {
        JsonNode scenarios;
        try {
            scenarios = JSON.readTree(scenariosJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("scenario file is not valid JSON: " + e.getOriginalMessage(), e);
        }
        String machine = scenarios.path("StateMachine").asText();
        MockConfig mocks = MockConfig.parse(scenariosJson);
        AslDefinition definition = AslDefinition.parse(definitionJson);
        List<ScenarioOutcome> outcomes = new ArrayList<>();
        Iterator<String> cases = scenarios.path("StateMachines").path(machine).path("TestCases").fieldNames();
        while (cases.hasNext()) {
            String name = cases.next();
            ExecutionOptions options = ExecutionOptions.builder().stateMachineName(machine)
                    .startTime(Instant.parse("2026-01-03T06:00:00Z")).mocks(mocks.testCase(machine, name)).build();
            JsonNode input = scenarios.path("Inputs").has(name) ? scenarios.path("Inputs").get(name)
                    : JSON.createObjectNode();
            ExecutionResult result = new StateMachineExecutor(definition, TaskBindings.none(), options)
                    .execute(input, name);
            // failed states of the whole run, a distributed Map's child executions included, as the reference reports
            TreeSet<String> failedStates = new TreeSet<>();
            result.allExecutions().forEach(execution -> failedStates.addAll(execution.failedStates()));
            outcomes.add(new ScenarioOutcome(name, result.status().name(), result.error(), result.cause(),
                    failedStates, result.output()));
        }
        return outcomes;
    }
}
