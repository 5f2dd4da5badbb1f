package io.saturdayzoo.statemachine.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.mock.MockConfig;
import io.saturdayzoo.asl.mock.MockTestCase;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.localstores.EmbeddedStores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shared set-up of the executed scenarios: the definition synthesized once per build (it is the same for every
 * case, and the topology tests read the same synthesis; see {@link ScenarioDefinition}), a small three-spec
 * catalog, in-memory stores per case, and the invariants every scenario checks.
 */
final class Scenarios {
    static final String MACHINE = "saturday";
    static final String INJECTED_ERROR = "InjectedFault";
    /** The bucket of the scenario catalog's datasets (and so the zoo bucket). */
    static final String DATA_BUCKET = "saturday-zoo-data";
    /** Task states of each branch, as the definition names them. */
    static final List<String> BRANCH_A_TASKS = List.of("Research", "SummarizeResearch");
    static final List<String> BRANCH_B_TASKS = List.of("SelectRotation", "ReserveTraining", "TrainSpec",
            "SettleTraining", "ReleaseTraining", "RegisterCandidates", "TrainEnsemble", "RegisterEnsembles");
    /**
     * Task states the scenarios' catalog never reaches: no spec of it trains on several machines, so the multi-node
     * route (checked in SaturdayDefinitionTopologyTest) is never taken here and a fault there is never met.
     */
    static final List<String> UNREACHED_TASKS = List.of("TrainSpecOnNodes");
    /** The Batch training Tasks of the two passes: specs that fit on data, then ensembles. */
    static final Set<String> TRAINING_TASKS = Set.of("TrainSpec", "TrainEnsemble");
    static final List<String> TOP_LEVEL_TASKS = List.of("ValidateInput", "Preflight", "Backtest", "EvalGate",
            "HandleFailure", "NotifySuccess");
    /** Task states of the Friday dry run (input {"preflight_only": true}) after Preflight. */
    static final List<String> FRIDAY_TASKS = List.of("DryRunRotation", "DryRunTrainerPreflight");
    static final String FRIDAY_INPUT = "{\"preflight_only\": true}";
    /**
     * A failure of these is reported as data or swallowed by design: it never fails the execution (a success
     * notice that cannot be sent leaves the run succeeded, in DoneWithoutNotice; without a backtest report the gate
     * still runs and lets the labels with a champion wait).
     */
    static final Set<String> FAIL_SOFT = Set.of("SummarizeResearch", "NotifySuccess", "Backtest", "SettleTraining");

    private Scenarios() {
    }

    static String definition() {
        return ScenarioDefinition.saturday();
    }

    static Path catalog() {
        try {
            return Path.of(Scenarios.class.getResource("/scenario/catalog.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Saturday on fresh in-memory stores, the synthesized definition and the scenario catalog. */
    static LocalSaturday.Builder saturday(int rows) {
        return LocalSaturday.builder().inMemory().definition(definition()).catalog(catalog()).rows(rows);
    }

    /**
     * As {@link #saturday(int)}, on stores the cases of a class share (their start is paid once): this case's
     * registry table and data bucket are new and named after it (the catalog is copied into {@code dir} with its
     * datasets' bucket renamed), so it sees only its own data, as on fresh stores.
     */
    static LocalSaturday.Builder saturdayOn(EmbeddedStores stores, String caseName, int rows, Path dir) {
        try {
            Path catalog = Files.writeString(dir.resolve(caseName + "-catalog.json"), Files.readString(catalog())
                    .replace("s3://" + DATA_BUCKET + "/", "s3://" + DATA_BUCKET + "-" + caseName + "/"));
            return LocalSaturday.builder().sharedStores(stores, LocalSaturday.TABLE + "-" + caseName)
                    .definition(definition()).catalog(catalog).rows(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Step Functions Local style mocks: every named state throws {@link #INJECTED_ERROR} on every invocation. */
    static MockTestCase failing(Collection<String> states) {
        StringBuilder cases = new StringBuilder();
        for (String state : states) {
            cases.append(cases.length() == 0 ? "" : ",").append('"').append(state).append("\":\"Fault\"");
        }
        String json = "{\"StateMachines\":{\"" + MACHINE + "\":{\"TestCases\":{\"case\":{" + cases + "}}}},"
                + "\"MockedResponses\":{\"Fault\":{\"0-999\":{\"Throw\":{\"Error\":\"" + INJECTED_ERROR
                + "\",\"Cause\":\"injected by the scenario test\"}}}}}";
        return MockConfig.parse(json).testCase(MACHINE, "case");
    }

    /** The errorMessage of a failed execution whose cause is a Lambda error payload, else the cause itself. */
    static String errorMessage(LocalRunReport report) {
        try {
            JsonNode payload = new ObjectMapper().readTree(report.cause());
            return payload.path("errorMessage").isTextual() ? payload.get("errorMessage").asText() : report.cause();
        } catch (JsonProcessingException notJson) {
            return report.cause();
        }
    }

    static List<String> activeSpecIds(LocalSaturday saturday) {
        return saturday.catalog().activeSpecs().stream().map(ModelSpec::id).toList();
    }

    /** Spec ids whose training job (TrainSpec or TrainEnsemble) succeeded, from the history. */
    static Set<String> trainedSpecs(LocalRunReport report) {
        Map<String, String> specByPath = new LinkedHashMap<>();
        Set<String> trained = new LinkedHashSet<>();
        for (HistoryEvent e : report.history()) {
            if (e.type() == HistoryEventType.TaskScheduled && TRAINING_TASKS.contains(e.stateName())) {
                specByPath.put(e.path(), e.details().path("parameters").path("Parameters").path("spec_id").asText());
            }
            if (e.type() == HistoryEventType.TaskSucceeded && TRAINING_TASKS.contains(e.stateName())) {
                trained.add(specByPath.get(e.path()));
            }
        }
        return trained;
    }

    /**
     * No registered version lost or duplicated, no training lost: the registry holds at most one version per spec
     * and execution, each with its weights in the bucket, nothing for a spec that did not train; and a spec that
     * trained in this run but is not registered (RegisterCandidates failed) still has its complete run, manifest
     * included, in runs/{execution}/{spec}/, from where the registry Lambda's "register" operation registers it.
     * {@code trainedInStore}: the specs trained over all runs of the store.
     */
    static List<String> dataViolations(LocalSaturday saturday, LocalRunReport report, Set<String> trainedInStore) {
        List<String> violations = new ArrayList<>();
        List<ModelVersion> all = new ArrayList<>();
        saturday.registry().latestVersions().keySet().forEach(label -> all.addAll(saturday.registry().versions(label)));
        Map<String, Integer> perSpecAndRun = new LinkedHashMap<>();
        for (ModelVersion v : all) {
            perSpecAndRun.merge(v.trainedBy() + "/" + v.specId(), 1, Integer::sum);
            if (!report.bucketKeys().contains(v.artifactPrefix() + "model.txt")) {
                violations.add(v.versionId() + ": no weights at " + v.artifactPrefix() + "model.txt");
            }
        }
        perSpecAndRun.forEach((key, count) -> {
            if (count > 1) {
                violations.add(key + " registered " + count + " times");
            }
        });
        Set<String> registeredSpecs = new LinkedHashSet<>();
        all.forEach(v -> registeredSpecs.add(v.specId()));
        for (String spec : registeredSpecs) {
            if (!trainedInStore.contains(spec)) {
                violations.add(spec + " registered but never trained");
            }
        }
        for (String spec : trainedInStore) {
            String manifest = "runs/" + report.executionId() + "/" + spec + "/manifest.json";
            if (!registeredSpecs.contains(spec) && !report.bucketKeys().contains(manifest)) {
                violations.add(spec + " trained but neither registered nor kept at " + manifest);
            }
        }
        return violations;
    }

    /**
     * Branch isolation: when a fault hit one branch, the other branch still ran to one of its own terminals
     * (BranchXComplete or BranchXFailed), was never cancelled, and both branch terminals are in the history.
     */
    static List<String> isolationViolations(LocalRunReport report) {
        List<String> violations = new ArrayList<>();
        if (!report.enteredStates().contains("ResearchPredictorParallel")) {
            return violations;
        }
        for (String name : List.of("A", "B")) {
            LocalRunReport.BranchOutcome branch = report.branch(name).orElse(null);
            if (branch == null) {
                violations.add("branch " + name + " left no history");
                continue;
            }
            if (!Set.of("OK", "FAILED").contains(branch.status())) {
                violations.add("branch " + name + " is " + branch.status() + " (last state " + branch.terminalState() + ")");
            }
            if (branch.terminalState() == null || !branch.terminalState().matches("Branch" + name + "(Complete|Failed)")) {
                violations.add("branch " + name + " stopped in " + branch.terminalState() + ", not in its terminal");
            }
        }
        report.history().stream().filter(e -> e.type() == HistoryEventType.ParallelBranchAborted)
                .forEach(e -> violations.add("a branch was cancelled after " + e.stateName()));
        return violations;
    }
}
