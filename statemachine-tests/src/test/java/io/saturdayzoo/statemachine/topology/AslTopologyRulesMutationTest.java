package io.saturdayzoo.statemachine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/** Each rule of {@link AslTopologyRules} catches a definition broken in the way it guards against. */
class AslTopologyRulesMutationTest {

    private static final AslTopologyRules RULES = SaturdayDefinitionTopologyTest.RULES;

    @Test
    void aBranchCatchPointedAtHandleFailureIsCaught() {
        List<AslTopologyRules.Violation> violations = mutate(d -> catchOf(branchA(d), "Research").put("Next", "HandleFailure"));

        assertThat(violations).extracting(Object::toString)
                .anyMatch(v -> v.contains("Research") && v.contains("enclosing scope"))
                .anyMatch(v -> v.contains("hard-failure Catch must go to the branch's own BranchAFailed"));
    }

    @Test
    void aDanglingNextAtAnyDepthIsCaught() {
        assertThat(mutate(d -> ((ObjectNode) d.get("States").get("Preflight")).put("Next", "Nowhere")))
                .extracting(Object::toString).anyMatch(v -> v.contains("'Nowhere' which is not in its scope"));
        assertThat(mutate(d -> state(items(d), "TrainSpec").put("Next", "Elsewhere")))
                .extracting(Object::toString).anyMatch(v -> v.contains("TrainSpec") && v.contains("'Elsewhere'"));
        assertThat(mutate(d -> state(branchB(d), "CheckSkipPredictorTraining").put("Default", "Gone")))
                .extracting(Object::toString).anyMatch(v -> v.contains("'Gone'"));
    }

    @Test
    void anUnreachableStateIsCaught() {
        assertThat(mutate(d -> branchA(d).putObject("Orphan").put("Type", "Pass").put("Next", "BranchAComplete")))
                .extracting(Object::toString).containsExactly(
                        "top/ResearchPredictorParallel/branch[0]/Orphan: unreachable from StartAt 'CheckSkipResearch'");
    }

    @Test
    void aRetryingParallelIsCaught() {
        assertThat(mutate(d -> ((ObjectNode) d.get("States").get("ResearchPredictorParallel").get("Retry").get(0))
                .put("MaxAttempts", 2)))
                .extracting(Object::toString).anyMatch(v -> v.contains("Retry must be exactly"));
    }

    @Test
    void aParallelCatchThatBypassesTheFailureHandlerIsCaught() {
        assertThat(mutate(d -> ((ObjectNode) d.get("States").get("ResearchPredictorParallel").get("Catch").get(0))
                .put("Next", "FailExecution")))
                .extracting(Object::toString).anyMatch(v -> v.contains("Catch must be a single States.ALL catch to HandleFailure"));
    }

    @Test
    void aBranchTaskWithoutCatchWouldThrowAndIsCaught() {
        assertThat(mutate(d -> state(branchB(d), "RegisterCandidates").remove("Catch")))
                .extracting(Object::toString).anyMatch(v -> v.contains("RegisterCandidates")
                        && v.contains("no States.ALL Catch"));
    }

    @Test
    void aFailSoftStepThatFailsTheBranchOrDropsItsInputIsCaught() {
        assertThat(mutate(d -> catchOf(branchA(d), "SummarizeResearch").put("Next", "BranchAFailed")))
                .extracting(Object::toString).anyMatch(v -> v.contains("fail-soft state must forward inside the branch"));
        assertThat(mutate(d -> catchOf(branchA(d), "SummarizeResearch").put("ResultPath", "$")))
                .extracting(Object::toString).anyMatch(v -> v.contains("fail-soft Catch needs a ResultPath below $"));
    }

    @Test
    void aBranchEndingInFailIsCaught() {
        assertThat(mutate(d -> {
            branchB(d).putObject("Boom").put("Type", "Fail").put("Error", "X");
            catchOf(branchB(d), "SelectRotation").put("Next", "Boom");
        })).extracting(Object::toString)
                .anyMatch(v -> v.contains("Boom: a branch may only end in its *Complete or *Failed Pass terminal"));
    }

    @Test
    void aStateWithNeitherNextNorEndIsCaught() {
        assertThat(mutate(d -> state(branchA(d), "BranchAComplete").remove("End")))
                .extracting(Object::toString).anyMatch(v -> v.contains("BranchAComplete: needs exactly one of Next or End"));
    }

    @Test
    void duplicateStateNamesAreCaughtWithinAndAcrossScopes() {
        String json = SynthesizedOnce.defaults().definitionJson();
        String duplicateKey = json.replaceFirst("\"PreflightPassed\":\\{", "\"PreflightPassed\":{\"Type\":\"Succeed\"},\"PreflightPassed\":{");
        assertThat(RULES.check(duplicateKey)).extracting(Object::toString)
                .anyMatch(v -> v.contains("does not parse") && v.contains("Duplicate field 'PreflightPassed'"));

        List<AslTopologyRules.Violation> acrossScopes = mutate(d -> {
            ObjectNode copy = items(d).get("RecordSpecTrained").deepCopy();
            items(d).remove("RecordSpecTrained");
            items(d).set("Done", copy);
            state(items(d), "TrainSpec").put("Next", "Done");
        });
        assertThat(acrossScopes).extracting(Object::toString)
                .anyMatch(v -> v.contains("Done: state name also used in scope top"));
    }

    @Test
    void textThatIsNotJsonIsReported() {
        assertThat(RULES.check("{\"StartAt\": ")).extracting(Object::toString)
                .anyMatch(v -> v.startsWith("definition: does not parse as JSON"));
    }

    @Test
    void aMapItemTaskWithoutCatchWouldStopTheOtherItemsAndIsCaught() {
        assertThat(mutate(d -> state(items(d), "TrainSpec").remove("Catch")))
                .extracting(Object::toString).anyMatch(v -> v.contains("items/TrainSpec")
                        && v.contains("a Map item's Task needs a States.ALL Catch"));
    }

    @Test
    void aDistributedMapThatToleratesFailuresOrRunsExpressChildrenIsCaught() {
        Consumer<ObjectNode> distributed = d -> ((ObjectNode) branchB(d).at("/TrainSelectedSpecs/ItemProcessor"))
                .putObject("ProcessorConfig").put("Mode", "DISTRIBUTED").put("ExecutionType", "STANDARD");
        ObjectNode definition = SynthesizedOnce.defaults().definition();
        distributed.accept(definition);
        assertThat(RULES.check(definition.toString())).as("a Distributed Map as the stack builds it").isEmpty();

        assertThat(mutate(distributed.andThen(d -> state(branchB(d), "TrainSelectedSpecs")
                .put("ToleratedFailureCount", 5))))
                .extracting(Object::toString).anyMatch(v -> v.contains("ToleratedFailureCount must be 0"));
        assertThat(mutate(distributed.andThen(d -> state(branchB(d), "TrainSelectedSpecs")
                .put("ToleratedFailurePercentagePath", "$.tolerance"))))
                .extracting(Object::toString).anyMatch(v -> v.contains("ToleratedFailurePercentagePath must not"));
        assertThat(mutate(distributed.andThen(d -> ((ObjectNode) branchB(d)
                .at("/TrainSelectedSpecs/ItemProcessor/ProcessorConfig")).put("ExecutionType", "EXPRESS"))))
                .extracting(Object::toString).anyMatch(v -> v.contains("children must be STANDARD"));
    }

    private static List<AslTopologyRules.Violation> mutate(Consumer<ObjectNode> mutation) {
        ObjectNode definition = SynthesizedOnce.defaults().definition();
        mutation.accept(definition);
        List<AslTopologyRules.Violation> violations = RULES.check(definition.toString());
        assertThat(violations).as("the mutation must be detected").isNotEmpty();
        return violations;
    }

    private static ObjectNode branchA(ObjectNode d) {
        return (ObjectNode) d.at("/States/ResearchPredictorParallel/Branches/0/States");
    }

    private static ObjectNode branchB(ObjectNode d) {
        return (ObjectNode) d.at("/States/ResearchPredictorParallel/Branches/1/States");
    }

    private static ObjectNode items(ObjectNode d) {
        return (ObjectNode) branchB(d).at("/TrainSelectedSpecs/ItemProcessor/States");
    }

    private static ObjectNode state(ObjectNode states, String name) {
        return (ObjectNode) states.get(name);
    }

    private static ObjectNode catchOf(ObjectNode states, String state) {
        return (ObjectNode) ((ArrayNode) states.get(state).get("Catch")).get(0);
    }
}
