package io.saturdayzoo.local.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.lambdas.ondemand.TrainRequest;
import io.saturdayzoo.lambdas.validateinput.InvalidInput;
import io.saturdayzoo.local.DataDirLock;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.SaturdayServices;
import io.saturdayzoo.local.definition.DefinitionCache;
import io.saturdayzoo.local.definition.SaturdayDefinitionSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code saturday train --local}: one on-demand training, the TrainModelVersion state machine the CDK app deploys,
 * run on the embedded stores with the real handlers and trainer. Prints what a caller gets back on AWS.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a new version of a spec on demand, from a chosen parent, under the cost ledger "
                + "(the TrainModelVersion state machine), locally.")
final class TrainCommand implements Callable<Integer> {
    private static final Pattern WALL_TIME = Pattern.compile("(\\d+)\\s*(m|min|h)?");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--local", required = true,
            description = "Run on this machine: embedded DynamoDB Local + S3, handlers and trainer in-process.")
    boolean local;

    @Option(names = "--spec", required = true, paramLabel = "SPEC_ID", description = "The catalog spec to train.")
    String specId;

    @Option(names = "--parent", paramLabel = "LABEL#vN",
            description = "The version to train from (default: the label's champion).")
    String parent;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A parameter override (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--dataset", paramLabel = "PATH|s3://...",
            description = "Train on this dataset instead of the spec's: an s3:// URI, or a local file, which is "
                    + "put in the local bucket first.")
    String dataset;

    @Option(names = "--caller", required = true, paramLabel = "NAME", description = "Who asks, for the audit row.")
    String caller;

    @Option(names = "--wall-time-cap", paramLabel = "30m|2h",
            description = "Stop the training past this time (default: 120m, the stack's limit applies).")
    String wallTimeCap;

    @Option(names = "--vcpus", paramLabel = "N", description = "vCPUs of the job (within the stack's limit).")
    Integer vcpus;

    @Option(names = "--memory-gib", paramLabel = "N", description = "Memory of the job (within the stack's limit).")
    Integer memoryGib;

    @Option(names = "--dry-run", description = "Validate, resolve the parent, estimate and check the budget; "
            + "launch nothing.")
    boolean dryRun;

    @Option(names = "--data-dir", defaultValue = ".saturday", paramLabel = "DIR",
            description = "Where the registry and bucket live between runs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--catalog", paramLabel = "FILE", description = "Zoo catalog to use instead of zoo/catalog.json.")
    Path catalog;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> input = input();
        Path catalogFile = catalog != null ? catalog
                : Files.isRegularFile(Path.of("zoo", "catalog.json")) ? Path.of("zoo", "catalog.json") : null;
        // judged by PlanTraining's own rules before anything starts; the execution judges it again, as on AWS
        try {
            TrainRequest.validate(input, catalogFile != null ? ZooCatalog.load(catalogFile)
                    : ZooCatalog.loadDefault(Map.of()), OnDemandSettings.fromEnv(
                    SaturdayServices.withOnDemandSettings(Map.of())));
        } catch (InvalidInput e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (DataDirLock lock = DataDirLock.acquire(dataDir, note -> out.println("saturday: " + note))) {
            DefinitionCache definitions = DefinitionCache.ofApp(dataDir, note -> out.println("saturday: " + note));
            LocalSaturday.Builder builder = LocalSaturday.builder().dataDir(dataDir)
                    .stateMachineName(SaturdayDefinitionSource.TRAIN_MODEL_VERSION)
                    .definitionSource(() -> definitions.load(SaturdayDefinitionSource.TRAIN_MODEL_VERSION));
            if (catalogFile != null) {
                builder.catalog(catalogFile);
            }
            try (LocalSaturday machine = builder.build()) {
                if (dataset != null && !dataset.startsWith("s3://")) {
                    input.put(TrainRequest.DATASET, LocalDatasetUpload.put(machine, Path.of(dataset)));
                }
                LocalRunReport report = machine.run(ZooJson.mapper().writeValueAsString(input));
                out.println(ZooJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.succeeded()
                        ? report.output() : Map.of("status", report.status().name(), "error", report.error(),
                        "cause", String.valueOf(report.cause()))));
                out.flush();
                return report.succeeded() ? SaturdayCli.OK : SaturdayCli.FAILED;
            }
        }
    }

    /** The execution input a console user would type, from the options. */
    private Map<String, Object> input() throws JsonProcessingException {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(TrainRequest.SPEC_ID, specId);
        if (parent != null) {
            input.put(TrainRequest.PARENT_VERSION, parent);
        }
        if (dataset != null) {
            input.put(TrainRequest.DATASET, dataset);
        }
        if (!sets.isEmpty()) {
            Map<String, Object> params = new LinkedHashMap<>();
            for (String set : sets) {
                int eq = set.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--set: expected KEY=VALUE, got '" + set + "'");
                }
                params.put(set.substring(0, eq), value(set.substring(eq + 1)));
            }
            input.put(TrainRequest.PARAMS, params);
        }
        input.put(TrainRequest.CALLER, caller);
        if (wallTimeCap != null) {
            input.put(TrainRequest.WALL_TIME_CAP_MINUTES, minutes(wallTimeCap));
        }
        if (vcpus != null) {
            input.put(TrainRequest.VCPUS, vcpus);
        }
        if (memoryGib != null) {
            input.put(TrainRequest.MEMORY_GIB, memoryGib);
        }
        if (dryRun) {
            input.put(TrainRequest.DRY_RUN, true);
        }
        return input;
    }

    /** 0.03 and 200 as numbers, true as a boolean, anything else as text: what a console user would type in JSON. */
    private static Object value(String text) {
        try {
            Object parsed = ZooJson.mapper().readValue(text, Object.class);
            return parsed instanceof Number || parsed instanceof Boolean ? parsed : text;
        } catch (JsonProcessingException notJson) {
            return text;
        }
    }

    static int minutes(String cap) {
        Matcher m = WALL_TIME.matcher(cap.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--wall-time-cap: expected minutes or hours such as 30m or 2h, got '"
                    + cap + "'");
        }
        int n = Integer.parseInt(m.group(1));
        return "h".equals(m.group(2)) ? n * 60 : n;
    }
}
