package io.saturdayzoo.statemachine.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saturdayzoo.asl.choice.ChoiceRules;
import io.saturdayzoo.asl.paths.PayloadTemplate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The synthesized definition has exactly the shape the README draws (rules in docs/ARCHITECTURE.md), and its gates route as documented. */
class SaturdayDefinitionTopologyTest {

    static final AslTopologyRules RULES = new AslTopologyRules("HandleFailure", Set.of("SummarizeResearch"));

    static SynthesizedOnce.Synth synth;
    static ObjectNode definition;
    static JsonNode top;
    static JsonNode parallel;
    static JsonNode branchA;
    static JsonNode branchB;

    @BeforeAll
    static void synthesize() {
        synth = SynthesizedOnce.defaults();
        definition = synth.definition();
        top = definition.get("States");
        parallel = top.get("ResearchPredictorParallel");
        branchA = parallel.get("Branches").get(0).get("States");
        branchB = parallel.get("Branches").get(1).get("States");
    }

    @Test
    void theSynthesizedDefinitionBreaksNoTopologyRule() {
        assertThat(RULES.check(synth.definitionJson())).isEmpty();
    }

    @Test
    void topLevelStatesAreExactlyThoseOfTheDesign() {
        assertThat(names(top)).containsExactlyInAnyOrder("ValidateInput", "InputRejected", "Preflight",
                "CheckPreflightOnly", "DryRunOptions", "DryRunRotation", "DryRunTrainerPreflight", "PreflightPassed",
                "ExtractPreflightError", "ExtractDryRunError", "ResearchPredictorParallel",
                "AggregateBranchOutcomes", "CheckBranchOutcomes", "ExtractParallelBranchError", "HandleFailure",
                "FailExecution", "CheckSkipEvalGate", "Backtest", "EvalGate", "NotifySuccess", "Done",
                "DoneWithoutNotice");
        assertThat(definition.get("StartAt").asText()).isEqualTo("ValidateInput");
    }

    @Test
    void beforeTheBranchesInputIsValidatedThenPreflightRunsAndTheFridayPathStops() {
        JsonNode validate = top.get("ValidateInput");
        assertThat(validate.get("Next").asText()).isEqualTo("Preflight");
        assertThat(validate.get("Catch")).hasSize(1);
        assertThat(validate.at("/Catch/0/ErrorEquals/0").asText()).isEqualTo("InvalidInput");
        assertThat(validate.at("/Catch/0/Next").asText()).isEqualTo("InputRejected");
        // any JSON value may be an execution input: nothing may put a path into it before it is judged
        assertThat(validate.at("/Parameters/input.$").asText()).isEqualTo("$$.Execution.Input");
        assertThat(validate.at("/Catch/0").has("ResultPath")).as("the error replaces the state's data").isFalse();
        assertThat(top.at("/InputRejected/Type").asText()).isEqualTo("Fail");
        assertThat(top.at("/InputRejected/CausePath").asText()).isEqualTo("$.Cause");

        JsonNode preflight = top.get("Preflight");
        assertThat(preflight.get("Resource").asText()).isEqualTo("arn:aws:lambda:::function:Preflight");
        assertThat(preflight.at("/Parameters/execution_id.$").asText()).isEqualTo("$$.Execution.Name");
        assertThat(preflight.get("Next").asText()).isEqualTo("CheckPreflightOnly");
        assertThat(preflight.at("/Catch/0/Next").asText()).isEqualTo("ExtractPreflightError");
        assertThat(top.at("/ExtractPreflightError/Next").asText()).isEqualTo("HandleFailure");
        assertThat(top.at("/PreflightPassed/Type").asText()).isEqualTo("Succeed");
    }

    @Test
    void theFridayDryRunBootsTheTrainerOnTheSpecsTheRotationWouldPick() {
        JsonNode options = top.get("DryRunOptions");
        assertThat(options.at("/Parameters/options.$").asText())
                .isEqualTo(parallel.at("/Parameters/options.$").asText());
        assertThat(options.get("ResultPath").asText()).isEqualTo("$.dry_run");
        assertThat(options.get("Next").asText()).isEqualTo("DryRunRotation");

        JsonNode rotation = top.get("DryRunRotation");
        assertThat(rotation.get("Resource").asText()).isEqualTo("arn:aws:lambda:::function:SelectRotation");
        assertThat(rotation.at("/Parameters/budget.$").asText()).isEqualTo("$.dry_run.options.budget");
        assertThat(rotation.at("/Parameters/spec_ids.$").asText()).isEqualTo("$.dry_run.options.spec_ids");
        assertThat(rotation.get("Next").asText()).isEqualTo("DryRunTrainerPreflight");
        assertThat(rotation.at("/Catch/0/Next").asText()).isEqualTo("ExtractPreflightError");
        assertThat(rotation.at("/Catch/0/ResultPath").asText()).isEqualTo("$.preflight_error");

        JsonNode job = top.get("DryRunTrainerPreflight");
        assertThat(job.get("Resource").asText()).isEqualTo("arn:aws:states:::batch:submitJob.sync");
        assertThat(job.at("/Parameters/JobQueue").asText()).isEqualTo("arn:aws:batch:::job-queue/SpotTraining");
        assertThat(job.at("/Parameters/JobDefinition").asText()).isEqualTo("arn:aws:batch:::job-definition/Trainer");
        assertThat(texts(job.at("/Parameters/ContainerOverrides/Command")))
                .containsExactly("preflight", "--spec-ids", "Ref::spec_ids", "--execution-id", "Ref::execution_id");
        assertThat(job.at("/Parameters/Parameters/spec_ids.$").asText())
                .isEqualTo("$.dry_run.rotation.spec_ids_joined");
        assertThat(job.get("Next").asText()).isEqualTo("PreflightPassed");
        assertThat(job.at("/Catch/0/ErrorEquals/0").asText()).isEqualTo("States.ALL");
        assertThat(job.at("/Catch/0/Next").asText()).isEqualTo("ExtractDryRunError");

        JsonNode extract = top.get("ExtractDryRunError");
        assertThat(extract.at("/Parameters/Error").asText()).isEqualTo("TrainerPreflightFailed");
        assertThat(extract.at("/Parameters/Cause.$").asText())
                .contains("$.dry_run.rotation.spec_ids_joined", "$.dry_run_error.Cause");
        assertThat(extract.get("ResultPath").asText()).isEqualTo("$.failure");
        assertThat(extract.get("Next").asText()).isEqualTo("HandleFailure");
    }

    @Test
    void aSuccessNoticeIsRetriedOnTransientSnsErrorsAndItsLossDoesNotFailTheRun() {
        for (String state : List.of("NotifySuccess", "HandleFailure")) {
            JsonNode retry = top.at("/" + state + "/Retry/0");
            assertThat(texts(retry.get("ErrorEquals"))).as(state).containsExactlyInAnyOrder("SNS.ThrottledException",
                    "SNS.InternalErrorException", "SNS.KMSThrottlingException", "SNS.SdkClientException");
            assertThat(retry.get("MaxAttempts").asInt()).as(state).isGreaterThanOrEqualTo(3);
            assertThat(retry.get("BackoffRate").asDouble()).as(state).isGreaterThan(1.0);
            assertThat(retry.get("JitterStrategy").asText()).as(state).isEqualTo("FULL");
        }
        JsonNode notify = top.get("NotifySuccess");
        assertThat(notify.get("Next").asText()).isEqualTo("Done");
        assertThat(notify.get("Catch")).hasSize(1);
        assertThat(notify.at("/Catch/0/ErrorEquals/0").asText()).isEqualTo("States.ALL");
        assertThat(notify.at("/Catch/0/Next").asText()).isEqualTo("DoneWithoutNotice");
        assertThat(notify.at("/Catch/0/ResultPath").asText()).isEqualTo("$.notify_error");
        assertThat(top.at("/DoneWithoutNotice/Type").asText()).isEqualTo("Succeed");
    }

    @Test
    void researchAndPredictorTrainingAreSiblingBranchesWithNoSerialEdge() {
        assertThat(parallel.get("Type").asText()).isEqualTo("Parallel");
        assertThat(parallel.get("Branches")).hasSize(2);
        assertThat(names(branchA)).containsExactlyInAnyOrder("CheckSkipResearch", "Research", "SummarizeResearch",
                "BranchAComplete", "BranchAFailed");
        assertThat(names(branchB)).containsExactlyInAnyOrder("CheckSkipPredictorTraining", "SelectRotation",
                "CountSelected", "CheckFanOut", "TooManySpecs", "TrainSelectedSpecs", "StartCandidatePages",
                "RegisterCandidates", "MoreCandidatePages", "TrainSelectedEnsembles", "StartEnsemblePages",
                "RegisterEnsembles", "MoreEnsemblePages", "BranchBComplete", "BranchBFailed");
        assertThat(names(branchB.at("/TrainSelectedSpecs/ItemProcessor/States")))
                .containsExactlyInAnyOrder("ReserveTraining", "RouteByNodes", "TrainSpec", "NodeDefaults",
                        "SizeNodes", "TrainSpecOnNodes", "SettleTraining", "ReleaseTraining", "RecordSpecTrained",
                        "RecordSpecFailed");
        assertThat(names(branchB.at("/TrainSelectedEnsembles/ItemProcessor/States")))
                .containsExactlyInAnyOrder("TrainEnsemble", "RecordEnsembleTrained", "RecordEnsembleFailed");
        // No transition in one branch names a state of the other, nor of the top level.
        for (JsonNode branch : List.of(branchA, branchB)) {
            Set<String> own = names(branch);
            branch.fields().forEachRemaining(e -> assertThat(AslTopologyRules.targets(e.getValue()))
                    .as("transitions of %s", e.getKey()).allMatch(own::contains));
        }
        assertThat(parallel.get("Parameters").get("execution_id.$").asText()).isEqualTo("$$.Execution.Name");
        assertThat(parallel.get("ResultPath").asText()).isEqualTo("$.parallel_result");
    }

    @Test
    void branchAResearchesOnSpotThenSummarizesFailSoft() {
        assertThat(branchA.at("/CheckSkipResearch/Default").asText()).isEqualTo("Research");
        JsonNode research = branchA.get("Research");
        assertThat(research.get("Resource").asText()).isEqualTo("arn:aws:states:::batch:submitJob.sync");
        assertThat(research.at("/Parameters/JobQueue").asText()).isEqualTo("arn:aws:batch:::job-queue/SpotTraining");
        assertThat(research.at("/Parameters/JobDefinition").asText())
                .isEqualTo("arn:aws:batch:::job-definition/Research");
        assertThat(texts(research.at("/Parameters/ContainerOverrides/Command")))
                .containsExactly("research", "--execution-id", "Ref::execution_id");
        assertThat(research.at("/Parameters/Parameters/execution_id.$").asText()).isEqualTo("$.execution_id");
        assertThat(research.get("Next").asText()).isEqualTo("SummarizeResearch");
        assertThat(research.at("/Catch/0/Next").asText()).isEqualTo("BranchAFailed");

        JsonNode summarize = branchA.get("SummarizeResearch");
        assertThat(summarize.get("Resource").asText()).isEqualTo("arn:aws:lambda:::function:SummarizeResearch");
        assertThat(summarize.get("Next").asText()).isEqualTo("BranchAComplete");
        assertThat(summarize.at("/Catch/0/Next").asText()).isEqualTo("BranchAComplete");
        assertThat(summarize.at("/Catch/0/ResultPath").asText()).isEqualTo("$.summary_error");

        assertThat(branchA.at("/BranchAComplete/Parameters/branch_a_status").asText()).isEqualTo("OK");
        assertThat(branchA.at("/BranchAFailed/Parameters/branch_a_status").asText()).isEqualTo("FAILED");
        assertThat(branchA.at("/BranchAFailed/Parameters/error.$").asText()).isEqualTo("$.error");
        assertThat(branchA.at("/BranchAComplete/End").asBoolean()).isTrue();
        assertThat(branchA.at("/BranchAFailed/End").asBoolean()).isTrue();
    }

    @Test
    void branchBRotatesTrainsEachSpecIsolatedAndRegisters() {
        JsonNode select = branchB.get("SelectRotation");
        assertThat(select.get("Resource").asText()).isEqualTo("arn:aws:lambda:::function:SelectRotation");
        assertThat(select.at("/Parameters/budget.$").asText()).isEqualTo("$.options.budget");
        assertThat(select.at("/Parameters/spec_ids.$").asText()).isEqualTo("$.options.spec_ids");
        assertThat(select.get("ResultPath").asText()).isEqualTo("$.rotation");
        assertThat(select.get("Next").asText()).isEqualTo("CountSelected");
        assertThat(branchB.at("/CountSelected/Parameters/specs.$").asText()).isEqualTo("States.MathAdd("
                + "States.ArrayLength($.rotation.selected), States.ArrayLength($.rotation.ensembles))");
        assertThat(branchB.at("/CountSelected/Parameters/max").asInt()).isEqualTo(500);
        assertThat(branchB.at("/CheckFanOut/Choices/0/NumericGreaterThanPath").asText()).isEqualTo("$.fan_out.max");
        assertThat(branchB.at("/CheckFanOut/Choices/0/Next").asText()).isEqualTo("TooManySpecs");
        assertThat(branchB.at("/CheckFanOut/Default").asText()).isEqualTo("TrainSelectedSpecs");
        assertThat(branchB.at("/TooManySpecs/ResultPath").asText()).isEqualTo("$.error");
        assertThat(branchB.at("/TooManySpecs/Next").asText()).isEqualTo("BranchBFailed");

        JsonNode map = branchB.get("TrainSelectedSpecs");
        assertThat(map.get("Type").asText()).isEqualTo("Map");
        assertThat(map.get("ItemsPath").asText()).isEqualTo("$.rotation.selected");
        assertThat(map.at("/ItemSelector/execution_id.$").asText()).isEqualTo("$.execution_id");
        assertThat(map.at("/ItemSelector/spec.$").asText()).isEqualTo("$$.Map.Item.Value");
        assertThat(map.get("MaxConcurrency").asInt()).isEqualTo(4);
        assertThat(map.get("Next").asText()).isEqualTo("StartCandidatePages");
        assertThat(map.at("/ItemProcessor/ProcessorConfig").isMissingNode()
                || map.at("/ItemProcessor/ProcessorConfig/Mode").asText().equals("INLINE"))
                .as("inline below the threshold").isTrue();
        assertThat(map.at("/Catch/0/Next").asText()).isEqualTo("BranchBFailed");

        JsonNode items = map.at("/ItemProcessor/States");
        assertThat(map.at("/ItemProcessor/StartAt").asText()).isEqualTo("ReserveTraining");
        JsonNode train = items.get("TrainSpec");
        assertThat(train.get("Resource").asText()).isEqualTo("arn:aws:states:::batch:submitJob.sync");
        assertThat(train.at("/Parameters/JobDefinition").asText()).isEqualTo("arn:aws:batch:::job-definition/Trainer");
        assertThat(texts(train.at("/Parameters/ContainerOverrides/Command")))
                .containsExactly("train", "--spec", "Ref::spec_id", "--execution-id", "Ref::execution_id",
                        "--allocation-id", "Ref::allocation_id");
        assertThat(train.at("/Parameters/Parameters/spec_id.$").asText()).isEqualTo("$.spec.spec_id");
        assertThat(train.at("/Parameters/Parameters/allocation_id.$").asText())
                .isEqualTo("$.allocation.allocation_id");
        assertThat(train.get("Next").asText()).isEqualTo("SettleTraining");
        assertThat(train.get("Catch")).hasSize(1);
        assertThat(train.at("/Catch/0/ErrorEquals/0").asText()).isEqualTo("States.ALL");
        assertThat(train.at("/Catch/0/Next").asText()).isEqualTo("ReleaseTraining");
        assertThat(items.at("/RecordSpecTrained/Parameters/status").asText()).isEqualTo("OK");
        assertThat(items.at("/RecordSpecFailed/Parameters/status").asText()).isEqualTo("FAILED");
        assertThat(items.at("/RecordSpecFailed/Parameters/spec_id.$").asText()).isEqualTo("$.spec.spec_id");

        JsonNode register = branchB.get("RegisterCandidates");
        assertThat(register.get("Resource").asText()).isEqualTo("arn:aws:lambda:::function:Registry");
        assertThat(register.at("/Parameters/operation").asText()).isEqualTo("register_candidates");
        assertThat(register.at("/Parameters/results.$").asText()).isEqualTo("$.training_results");
        assertThat(register.at("/Parameters/cursor.$").asText()).isEqualTo("$.registration.cursor");
        assertThat(register.get("ResultPath").asText()).isEqualTo("$.registration");
        assertThat(register.get("Next").asText()).isEqualTo("MoreCandidatePages");
        assertThat(branchB.at("/StartCandidatePages/Result/cursor").asInt()).isZero();
        assertThat(branchB.at("/StartCandidatePages/ResultPath").asText()).isEqualTo("$.registration");
        assertThat(branchB.at("/StartCandidatePages/Next").asText()).isEqualTo("RegisterCandidates");
        assertThat(branchB.at("/MoreCandidatePages/Choices/0/Variable").asText()).isEqualTo("$.registration.done");
        assertThat(branchB.at("/MoreCandidatePages/Choices/0/BooleanEquals").asBoolean()).isFalse();
        assertThat(branchB.at("/MoreCandidatePages/Choices/0/Next").asText()).isEqualTo("RegisterCandidates");
        assertThat(branchB.at("/MoreCandidatePages/Default").asText()).isEqualTo("TrainSelectedEnsembles");
        assertThat(register.at("/Catch/0/Next").asText()).isEqualTo("BranchBFailed");
    }

    /**
     * Above the fan-out threshold both passes are Distributed Maps with the inline Maps' items, concurrency, result
     * and Catches: each spec a STANDARD child execution, no failed child tolerated.
     */
    @Test
    void aStackSetForMoreThanFiveHundredSpecsTrainsInDistributedMapsOfTheSameShape() {
        SynthesizedOnce.Synth synth = SynthesizedOnce.with(Map.of("maxSpecsPerSaturday", 1000));
        ObjectNode distributed = synth.definition();
        assertThat(RULES.check(distributed.toString())).isEmpty();
        // 1,000 specs' rotation and results outgrow the state Step Functions carries: the synth says so
        assertThat(synth.result().messages()).filteredOn(m -> m.level().equalsIgnoreCase("warning"))
                .anySatisfy(m -> assertThat(m.text()).contains("maxSpecsPerSaturday 1000 is above 800")
                        .contains("256 KiB"));
        assertThat(SynthesizedOnce.defaults().result().messages())
                .noneMatch(m -> m.text().contains("maxSpecsPerSaturday"));
        JsonNode b = distributed.at("/States/ResearchPredictorParallel/Branches/1/States");
        assertThat(b.at("/CountSelected/Parameters/max").asInt()).isEqualTo(1000);
        for (String pass : List.of("TrainSelectedSpecs", "TrainSelectedEnsembles")) {
            JsonNode map = b.get(pass);
            JsonNode inline = branchB.get(pass);
            assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
            assertThat(map.at("/ItemProcessor/ProcessorConfig/ExecutionType").asText()).isEqualTo("STANDARD");
            assertThat(map.path("ToleratedFailureCount").asInt(0)).isZero();
            for (String field : List.of("ItemsPath", "ItemSelector", "MaxConcurrency", "ResultPath", "Next",
                    "Catch")) {
                assertThat(map.get(field)).as("%s %s", pass, field).isEqualTo(inline.get(field));
            }
            assertThat(map.at("/ItemProcessor/States")).isEqualTo(inline.at("/ItemProcessor/States"));
            assertThat(map.at("/ItemProcessor/StartAt")).isEqualTo(inline.at("/ItemProcessor/StartAt"));
        }
    }

    /** Ensembles train in a second pass, after the first pass's versions are registered: they load those. */
    @Test
    void branchBTrainsTheEnsemblesAfterRegisteringTheirBasesAndRegistersThemToo() {
        JsonNode map = branchB.get("TrainSelectedEnsembles");
        assertThat(map.get("Type").asText()).isEqualTo("Map");
        assertThat(map.get("ItemsPath").asText()).isEqualTo("$.rotation.ensembles");
        assertThat(map.at("/ItemSelector/spec.$").asText()).isEqualTo("$$.Map.Item.Value");
        assertThat(map.get("ResultPath").asText()).isEqualTo("$.ensemble_results");
        assertThat(map.get("Next").asText()).isEqualTo("StartEnsemblePages");
        assertThat(map.at("/Catch/0/Next").asText()).isEqualTo("BranchBFailed");
        JsonNode train = map.at("/ItemProcessor/States/TrainEnsemble");
        assertThat(train.get("Resource").asText()).isEqualTo("arn:aws:states:::batch:submitJob.sync");
        assertThat(texts(train.at("/Parameters/ContainerOverrides/Command")))
                .containsExactly("train", "--spec", "Ref::spec_id", "--execution-id", "Ref::execution_id");
        assertThat(train.at("/Catch/0/Next").asText()).isEqualTo("RecordEnsembleFailed");

        JsonNode register = branchB.get("RegisterEnsembles");
        assertThat(register.get("Resource").asText()).isEqualTo("arn:aws:lambda:::function:Registry");
        assertThat(register.at("/Parameters/operation").asText()).isEqualTo("register_candidates");
        assertThat(register.at("/Parameters/results.$").asText()).isEqualTo("$.ensemble_results");
        assertThat(register.get("ResultPath").asText()).isEqualTo("$.ensemble_registration");
        assertThat(register.at("/Parameters/cursor.$").asText()).isEqualTo("$.ensemble_registration.cursor");
        assertThat(register.get("Next").asText()).isEqualTo("MoreEnsemblePages");
        assertThat(branchB.at("/MoreEnsemblePages/Default").asText()).isEqualTo("BranchBComplete");
        assertThat(register.at("/Catch/0/Next").asText()).isEqualTo("BranchBFailed");
    }

    @Test
    void aSpecTrainedBySeveralMachinesGoesToOneMultiNodeJobSizedFromTheSpecOverTheStackDefault() {
        JsonNode items = branchB.at("/TrainSelectedSpecs/ItemProcessor/States");
        JsonNode route = items.get("RouteByNodes");
        ObjectNode item = SynthesizedOnce.JSON.createObjectNode().put("execution_id", "exec-1");
        item.putObject("spec").put("spec_id", "churn-gbdt").put("label", "churn").put("kind", "lightgbm");
        item.putObject("allocation").put("allocation_id", "2026-12.1f0c9a7e3b2d4c58");
        item.putObject("settlement");
        assertThat(next(route, item)).isEqualTo("TrainSpec"); // a rotation item without "nodes", as before
        ((ObjectNode) item.get("spec")).put("nodes", 1);
        assertThat(next(route, item)).isEqualTo("TrainSpec");
        ((ObjectNode) item.get("spec")).put("nodes", 3).putObject("node").put("memory_mib", "30720");
        assertThat(next(route, item)).isEqualTo("NodeDefaults");

        // the item as the two Pass states leave it: the spec's memory, the stack's default vCPUs
        JsonNode defaults = items.get("NodeDefaults");
        assertThat(defaults.get("ResultPath").asText()).isEqualTo("$.node_defaults");
        assertThat(defaults.get("Next").asText()).isEqualTo("SizeNodes");
        item.set("node_defaults", defaults.get("Result"));
        JsonNode sizeNodes = items.get("SizeNodes");
        assertThat(sizeNodes.get("Next").asText()).isEqualTo("TrainSpecOnNodes");
        JsonNode sized = PayloadTemplate.resolve(sizeNodes.get("Parameters"), item,
                SynthesizedOnce.JSON.createObjectNode());
        assertThat(sized.get("execution_id").asText()).isEqualTo("exec-1");
        assertThat(sized.get("spec")).isEqualTo(item.get("spec"));
        assertThat(sized.get("node")).isEqualTo(SynthesizedOnce.JSON.createObjectNode()
                .put("vcpus", "4").put("memory_mib", "30720"));

        JsonNode train = items.get("TrainSpecOnNodes");
        assertThat(train.get("Resource").asText()).isEqualTo("arn:aws:states:::batch:submitJob.sync");
        JsonNode submit = PayloadTemplate.resolve(train.get("Parameters"), sized,
                SynthesizedOnce.JSON.createObjectNode());
        assertThat(submit.get("JobDefinition").asText()).isEqualTo("arn:aws:batch:::job-definition/TrainerNodes");
        assertThat(submit.get("JobQueue").asText()).isEqualTo("arn:aws:batch:::job-queue/OnDemandNodes");
        assertThat(submit.get("Parameters").toString())
                .isEqualTo("{\"spec_id\":\"churn-gbdt\",\"execution_id\":\"exec-1\","
                        + "\"allocation_id\":\"2026-12.1f0c9a7e3b2d4c58\"}");
        assertThat(submit.at("/NodeOverrides/NumNodes").asInt()).isEqualTo(3);
        JsonNode nodes = submit.at("/NodeOverrides/NodePropertyOverrides");
        assertThat(nodes).hasSize(1);
        assertThat(nodes.at("/0/TargetNodes").asText()).isEqualTo("0:");
        assertThat(texts(nodes.at("/0/ContainerOverrides/Command")))
                .containsExactly("train", "--spec", "Ref::spec_id", "--execution-id", "Ref::execution_id",
                        "--allocation-id", "Ref::allocation_id");
        assertThat(nodes.at("/0/ContainerOverrides/ResourceRequirements").toString()).isEqualTo(
                "[{\"Type\":\"VCPU\",\"Value\":\"4\"},{\"Type\":\"MEMORY\",\"Value\":\"30720\"}]");
        // the same two ends as a Spot job (through the ledger): one spec's failure is data, never its siblings' end
        assertThat(train.get("Next").asText()).isEqualTo("SettleTraining");
        assertThat(train.get("Catch")).hasSize(1);
        assertThat(train.at("/Catch/0/ErrorEquals/0").asText()).isEqualTo("States.ALL");
        assertThat(train.at("/Catch/0/Next").asText()).isEqualTo("ReleaseTraining");
        assertThat(train.at("/Catch/0/ResultPath").asText()).isEqualTo("$.error");
    }

    @Test
    void theParallelNeverRetriesAndOnlyEngineErrorsReachHandleFailure() {
        assertThat(parallel.get("Retry")).hasSize(1);
        assertThat(parallel.at("/Retry/0/ErrorEquals/0").asText()).isEqualTo("States.ALL");
        assertThat(parallel.at("/Retry/0/MaxAttempts").asInt()).isZero();
        assertThat(parallel.get("Catch")).hasSize(1);
        assertThat(parallel.at("/Catch/0/Next").asText()).isEqualTo("HandleFailure");
        assertThat(parallel.at("/Catch/0/ResultPath").asText()).isEqualTo("$.failure");
        assertThat(parallel.get("Next").asText()).isEqualTo("AggregateBranchOutcomes");
    }

    @ParameterizedTest(name = "research {0}, predictor training {1} -> {2}")
    @CsvSource({
            "OK,OK,CheckSkipEvalGate",
            "FAILED,OK,ExtractParallelBranchError",
            "OK,FAILED,ExtractParallelBranchError",
            "FAILED,FAILED,ExtractParallelBranchError"})
    void afterTheJoinEitherBranchFailedFailsTheRun(String a, String b, String expectedNext) {
        ObjectNode state = SynthesizedOnce.JSON.createObjectNode();
        ObjectNode resultA = state.putArray("parallel_result").addObject();
        resultA.put("branch_a_status", a).putObject("error").put("Error", "E").put("Cause", "C");
        ObjectNode resultB = ((com.fasterxml.jackson.databind.node.ArrayNode) state.get("parallel_result")).addObject();
        resultB.put("branch_b_status", b).putObject("error").put("Error", "E").put("Cause", "C");

        JsonNode aggregate = top.get("AggregateBranchOutcomes");
        assertThat(aggregate.get("ResultPath").asText()).isEqualTo("$.outcome");
        assertThat(aggregate.at("/Parameters/branch_a_status.$").asText())
                .isEqualTo("$.parallel_result[0].branch_a_status");
        assertThat(aggregate.at("/Parameters/branch_b_status.$").asText())
                .isEqualTo("$.parallel_result[1].branch_b_status");
        assertThat(aggregate.get("Next").asText()).isEqualTo("CheckBranchOutcomes");
        // What AggregateBranchOutcomes hoists, as the engine would place it at $.outcome.
        state.putObject("outcome").put("branch_a_status", a).put("branch_b_status", b);

        assertThat(next(top.get("CheckBranchOutcomes"), state)).isEqualTo(expectedNext);
        assertThat(top.at("/ExtractParallelBranchError/Next").asText()).isEqualTo("HandleFailure");
        assertThat(top.at("/ExtractParallelBranchError/Parameters/Cause.$").asText())
                .contains("$.outcome.branch_a_status", "$.outcome.branch_b_status");
        assertThat(top.at("/HandleFailure/Next").asText()).isEqualTo("FailExecution");
        assertThat(top.at("/FailExecution/Type").asText()).isEqualTo("Fail");
    }

    @ParameterizedTest(name = "{0} routes {1} to {2}")
    @CsvSource(delimiter = '|', value = {
            "{}|CheckPreflightOnly|ResearchPredictorParallel",
            "{\"preflight_only\":true}|CheckPreflightOnly|DryRunOptions",
            "{\"preflight_only\":false}|CheckPreflightOnly|ResearchPredictorParallel",
            "{}|CheckSkipEvalGate|Backtest",
            "{\"skip_eval_gate\":true}|CheckSkipEvalGate|NotifySuccess",
            "{\"skip_research\":true}|CheckSkipEvalGate|Backtest"})
    void topLevelGatesReadTheExecutionInput(String input, String choice, String expectedNext) throws Exception {
        JsonNode state = SynthesizedOnce.JSON.readTree(input);
        assertThat(next(top.get(choice), state)).isEqualTo(expectedNext);
    }

    @ParameterizedTest(name = "{0}: research -> {1}, predictor training -> {2}")
    @CsvSource(delimiter = '|', value = {
            "{}|Research|SelectRotation",
            "{\"skip_research\":true}|BranchAComplete|SelectRotation",
            "{\"skip_predictor_training\":true}|Research|BranchBComplete",
            "{\"skip_research\":true,\"skip_predictor_training\":true}|BranchAComplete|BranchBComplete"})
    void branchGatesReadTheInputMergedOntoTheDefaults(String input, String researchNext, String trainingNext)
            throws Exception {
        JsonNode branchInput = branchInput(SynthesizedOnce.JSON.readTree(input));
        assertThat(next(branchA.get("CheckSkipResearch"), branchInput)).isEqualTo(researchNext);
        assertThat(next(branchB.get("CheckSkipPredictorTraining"), branchInput))
                .isEqualTo(trainingNext);
    }

    @Test
    void everyOptionHasADefaultSoNoBranchStateMeetsAMissingField() {
        JsonNode defaults = top.at("/ValidateInput/ResultSelector");
        assertThat(top.at("/ValidateInput/ResultPath").asText()).isEqualTo("$.defaults");
        assertThat(names(defaults)).containsExactlyInAnyOrder("skip_research", "skip_predictor_training",
                "skip_eval_gate", "preflight_only", "budget.$", "spec_ids.$");
        // no budget of its own: SelectRotation takes the catalog's unless the input gives one
        assertThat(defaults.get("budget.$").asText()).isEqualTo("States.StringToJson('null')");
        assertThat(defaults.get("spec_ids.$").asText()).isEqualTo("States.StringToJson('null')");
        assertThat(parallel.at("/Parameters/options.$").asText())
                .isEqualTo("States.JsonMerge($.defaults, $$.Execution.Input, false)");
    }

    @Test
    void theBacktestJobRunsAfterTheJoinBeforeTheGateOnTheResearchJobDefinition() {
        JsonNode backtest = top.get("Backtest");
        assertThat(top.at("/CheckSkipEvalGate/Default").asText()).isEqualTo("Backtest");
        assertThat(backtest.get("Resource").asText()).endsWith(":states:::batch:submitJob.sync");
        assertThat(backtest.at("/Parameters/JobDefinition").toString())
                .isEqualTo(top.at("/ResearchPredictorParallel/Branches/0/States/Research/Parameters/JobDefinition")
                        .toString());
        assertThat(backtest.at("/Parameters/ContainerOverrides/Command")).extracting(JsonNode::asText)
                .containsExactly("backtest", "--execution-id", "Ref::execution_id");
        assertThat(backtest.at("/Parameters/Parameters/execution_id.$").asText()).isEqualTo("$$.Execution.Name");
        assertThat(backtest.get("ResultPath").asText()).isEqualTo("$.backtest");
        assertThat(backtest.get("Next").asText()).isEqualTo("EvalGate");
        // no report: the gate still runs and lets the labels with a champion wait
        assertThat(backtest.at("/Catch/0/Next").asText()).isEqualTo("EvalGate");
        assertThat(backtest.at("/Catch/0/ResultPath").asText()).isEqualTo("$.backtest_error");
    }

    @Test
    void lambdaTasksGetPlainJsonAndKeepTheirResultsUnderNamedPaths() {
        Map<String, String> resultPaths = new LinkedHashMap<>();
        resultPaths.put("/Preflight", "$.preflight");
        resultPaths.put("/EvalGate", "$.eval_gate");
        resultPaths.forEach((state, path) -> {
            assertThat(top.at(state + "/Resource").asText()).startsWith("arn:aws:lambda:::function:");
            assertThat(top.at(state + "/ResultPath").asText()).isEqualTo(path);
        });
        assertThat(top.at("/EvalGate/Catch/0/Next").asText()).isEqualTo("HandleFailure");
        assertThat(top.at("/EvalGate/Next").asText()).isEqualTo("NotifySuccess");
        assertThat(top.at("/NotifySuccess/Resource").asText()).isEqualTo("arn:aws:states:::sns:publish");
        assertThat(top.at("/NotifySuccess/Parameters/TopicArn").asText()).isEqualTo("arn:aws:sns:::Alerts");
        assertThat(top.at("/NotifySuccess/Next").asText()).isEqualTo("Done");
        assertThat(top.at("/Done/Type").asText()).isEqualTo("Succeed");
        assertThat(top.at("/HandleFailure/Parameters/Message.$").asText()).contains("$.failure.Error",
                "$.failure.Cause");
    }

    @Test
    void onlyTheIntrinsicFunctionsTheLocalInterpreterImplementsAreUsed() {
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("States\\.([A-Za-z]+)\\(").matcher(synth.definitionJson());
        while (m.find()) {
            used.add("States." + m.group(1));
        }
        assertThat(used).containsExactlyInAnyOrder("States.ArrayLength", "States.Format", "States.JsonMerge",
                "States.MathAdd", "States.StringToJson");
    }

    /** What ResearchPredictorParallel hands each branch: defaults merged with the execution input. */
    private static JsonNode branchInput(JsonNode executionInput) {
        ObjectNode options = SynthesizedOnce.JSON.createObjectNode();
        top.at("/ValidateInput/ResultSelector").fields().forEachRemaining(e -> {
            if (!e.getKey().endsWith(".$")) {
                options.set(e.getKey(), e.getValue());
            }
        });
        options.putNull("spec_ids");
        executionInput.fields().forEachRemaining(e -> options.set(e.getKey(), e.getValue()));
        ObjectNode input = SynthesizedOnce.JSON.createObjectNode();
        input.put("execution_id", "exec-1");
        input.set("options", options);
        return input;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * The training Map's item holds its spec's estimate on the ledger before any job launches, settles after the
     * job, and every failure after the reservation releases it before the item records the failure, inline and
     * distributed alike; a refused reservation (BudgetExceeded) is the item's failure, never the Map's.
     */
    @Test
    void eachTrainedSpecReservesBeforeItsJobSettlesAfterAndReleasesOnFailureInBothMapModes() {
        ObjectNode distributed = SynthesizedOnce.with(Map.of("maxSpecsPerSaturday", 1000)).definition();
        for (JsonNode map : List.of(branchB.get("TrainSelectedSpecs"),
                distributed.at("/States/ResearchPredictorParallel/Branches/1/States/TrainSelectedSpecs"))) {
            JsonNode items = map.at("/ItemProcessor/States");
            assertThat(map.at("/ItemProcessor/StartAt").asText()).isEqualTo("ReserveTraining");
            JsonNode reserve = items.get("ReserveTraining");
            assertThat(reserve.at("/Parameters/operation").asText()).isEqualTo("reserve_spec");
            assertThat(reserve.at("/Parameters/caller.$").asText()).contains("saturday:");
            assertThat(reserve.get("ResultPath").asText()).isEqualTo("$.allocation");
            assertThat(reserve.get("Next").asText()).isEqualTo("RouteByNodes");
            assertThat(reserve.at("/Catch/0/ErrorEquals/0").asText()).isEqualTo("States.ALL");
            assertThat(reserve.at("/Catch/0/Next").asText()).as("nothing reserved: nothing to release")
                    .isEqualTo("RecordSpecFailed");
            for (String job : List.of("TrainSpec", "TrainSpecOnNodes")) {
                assertThat(items.at("/" + job + "/Next").asText()).isEqualTo("SettleTraining");
                assertThat(items.at("/" + job + "/Catch/0/Next").asText()).as(job).isEqualTo("ReleaseTraining");
                assertThat(items.at("/" + job + "/Parameters/Parameters/allocation_id.$").asText())
                        .isEqualTo("$.allocation.allocation_id");
                // SettleTraining prices the job's real run time: a multi-node job keeps it as a container job does
                assertThat(items.at("/" + job + "/ResultSelector/started_at.$").asText()).as(job)
                        .isEqualTo("$.StartedAt");
                assertThat(items.at("/" + job + "/ResultSelector/stopped_at.$").asText()).as(job)
                        .isEqualTo("$.StoppedAt");
            }
            JsonNode settle = items.get("SettleTraining");
            assertThat(settle.at("/Parameters/operation").asText()).isEqualTo("settle");
            assertThat(settle.at("/Parameters/job.$").asText()).isEqualTo("$.job");
            assertThat(settle.get("Next").asText()).isEqualTo("RecordSpecTrained");
            assertThat(settle.at("/Catch/0/Next").asText()).as("a trained spec stays trained")
                    .isEqualTo("RecordSpecTrained");
            JsonNode release = items.get("ReleaseTraining");
            assertThat(release.at("/Parameters/operation").asText()).isEqualTo("release");
            assertThat(release.get("Next").asText()).isEqualTo("RecordSpecFailed");
            assertThat(release.at("/Catch/0/Next").asText()).isEqualTo("RecordSpecFailed");
            assertThat(release.at("/Catch/0/ResultPath").asText()).as("the job's error is what the item reports")
                    .isEqualTo("$.release_error");
            assertThat(map.at("/ItemSelector/allocation")).isNotNull();
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** The state a Choice routes {@code input} to, by the interpreter's own Choice rules. */
    private static String next(JsonNode choiceState, JsonNode input) {
        return ChoiceRules.choose(choiceState, input, SynthesizedOnce.JSON.createObjectNode(), "choice");
    }
}
