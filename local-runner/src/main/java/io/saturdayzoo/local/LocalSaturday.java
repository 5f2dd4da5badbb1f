package io.saturdayzoo.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.definition.AslDefinition;
import io.saturdayzoo.asl.execution.ExecutionListener;
import io.saturdayzoo.asl.execution.ExecutionOptions;
import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.HistoryEvent;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.asl.execution.StateMachineExecutor;
import io.saturdayzoo.asl.mock.MockTestCase;
import io.saturdayzoo.asl.task.TaskFailedException;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.core.registry.StoredObject;
import io.saturdayzoo.lambdas.validateinput.ExecutionInput;
import io.saturdayzoo.local.binding.ContainerCommand;
import io.saturdayzoo.local.binding.NotificationLog;
import io.saturdayzoo.local.binding.SaturdayBindings;
import io.saturdayzoo.local.data.LocalDatasets;
import io.saturdayzoo.local.data.LocalWorld;
import io.saturdayzoo.localstores.EmbeddedStores;
import io.saturdayzoo.training.run.TrainingProgress;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Saturday state machine on one machine: embedded DynamoDB Local + S3 holding the registry and the bucket, the
 * synthesized definition run by the ASL executor, every Task state bound by name to the real in-process handler,
 * trainer or notification log. Used by the {@code saturday} CLI and by the scenario tests.
 *
 * <pre>
 * try (LocalSaturday saturday = LocalSaturday.builder().dataDir(Path.of(".saturday")).build()) {
 *     LocalRunReport report = saturday.run("{}");
 * }
 * </pre>
 */
public final class LocalSaturday implements AutoCloseable {
    public static final String STATE_MACHINE_NAME = "SaturdayStateMachine";
    public static final String TABLE = "saturday-zoo-registry";
    /** Zoo bucket when the catalog's datasets do not all live in one bucket. */
    public static final String DEFAULT_BUCKET = "saturday-zoo-local";
    public static final int DEFAULT_ROWS = 50_000;

    /** Builds the Lambda handlers for an environment, by function name (ValidateInput, Preflight, ...). */
    @FunctionalInterface
    public interface LambdaFactory {
        Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> create(Map<String, String> env);
    }

    private final EmbeddedStores stores;
    private final Map<String, String> env;
    private final String definitionJson;
    private final AslDefinition definition;
    private final ZooCatalog catalog;
    private final SaturdayBindings.Bound bound;
    private final NotificationLog notifications;
    private final ModelRegistry registry;
    private final List<LocalDatasets.Prepared> datasets;
    private final LocalWorld world;
    private final ExecutionListener listener;
    private final MockTestCase mocks;

    private LocalSaturday(Builder b, EmbeddedStores stores) {
        this.stores = stores;
        this.definitionJson = b.definitionJson != null ? b.definitionJson : b.definitionSupplier.get();
        this.definition = AslDefinition.parse(definitionJson);
        Map<String, String> catalogEnv = new LinkedHashMap<>(b.extraEnv);
        if (b.catalogFile != null) {
            catalogEnv.put(ZooCatalog.ENV_OVERRIDE, b.catalogFile.toAbsolutePath().toString());
        }
        this.catalog = ZooCatalog.loadDefault(catalogEnv);
        String bucket = zooBucket(catalog);
        Map<String, String> full = new LinkedHashMap<>(stores.env(TABLE, bucket));
        full.putAll(catalogEnv);
        this.env = Map.copyOf(full);
        ZooEnv zoo = ZooEnv.from(env);

        this.registry = ModelRegistry.fromEnv(env);
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(env); S3Client s3 = AwsClients.s3(env)) {
            RegistryTables.create(dynamo, TABLE);
            registry.artifacts().createBucketIfMissing();
            refuseVersionsTheRegistryDoesNotKnow();
            this.world = b.world != null ? b.world
                    : LocalWorld.asOf(b.asOf != null ? b.asOf : LocalDate.now(ZoneOffset.UTC));
            this.datasets = new LocalDatasets(s3, b.rows, Duration.ofHours(zoo.dataMaxAgeHours()), world)
                    .prepare(catalog, Instant.now());
        }
        this.notifications = new NotificationLog(b.notificationFile != null ? b.notificationFile
                : stores.dataDir() == null ? null : stores.dataDir().resolve("notifications.jsonl"), b.console);
        TrainingProgress progress = b.trainingProgress;
        ContainerCommand container = b.container != null ? b.container
                : (command, jobEnv, out, err) -> SaturdayServices.trainer(command, jobEnv, out, err, progress);
        SaturdayBindings bindings = SaturdayBindings.builder()
                .container(container, env)
                .notifications(notifications)
                .lambdaErrors(b.lambdaErrors);
        b.lambdas.create(env).forEach(bindings::lambda);
        this.bound = bindings.bind(definition.json());
        this.listener = b.listener;
        this.mocks = b.mocks;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs one execution with the builder's mocks. */
    public LocalRunReport run(String inputJson) {
        return run(inputJson, mocks);
    }

    /**
     * Runs one execution named like AWS names them (a UUID).
     *
     * @param inputJson the execution input, e.g. {@code {"skip_research": true}}; null stands for {@code {}}
     * @param mocks     Step Functions Local style failure injection: a mocked state never calls its binding
     * @throws io.saturdayzoo.lambdas.validateinput.InvalidInput when the text is empty or not exactly one JSON value
     */
    public LocalRunReport run(String inputJson, MockTestCase mocks) {
        // Any single JSON value, as StartExecution takes it: whether it is a usable input is ValidateInput's call.
        JsonNode input = ExecutionInput.readJson(inputJson == null ? "{}" : inputJson);
        String executionId = UUID.randomUUID().toString();
        ExecutionOptions options = ExecutionOptions.builder()
                .stateMachineName(STATE_MACHINE_NAME)
                .mocks(Objects.requireNonNull(mocks, "mocks"))
                .listener(listener)
                .measureTaskTime(true)
                .build();
        Map<String, String> championsBefore = champions();
        long start = System.nanoTime();
        ExecutionResult result = new StateMachineExecutor(definition, bound.bindings(), options)
                .execute(input, executionId);
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        return new LocalRunReport(executionId, result.status(), result.error(), result.cause(), result.output(),
                result.history(), LocalRunReport.branchOutcomes(result.history()), specResults(result.history()),
                registry.registeredBy(executionId),
                registry.artifacts().list("").stream().map(StoredObject::key).toList(),
                notifications.published().stream().filter(n -> executionId.equals(n.executionId())).toList(),
                championChanges(championsBefore, champions()), wall);
    }

    /** Champion version id by label, for every label with a champion. */
    private Map<String, String> champions() {
        Map<String, String> out = new LinkedHashMap<>();
        registry.champions().forEach((label, v) -> out.put(label, v.versionId()));
        return out;
    }

    private static List<LocalRunReport.ChampionChange> championChanges(Map<String, String> before,
                                                                        Map<String, String> after) {
        return after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(e -> new LocalRunReport.ChampionChange(e.getKey(), before.get(e.getKey()), e.getValue()))
                .toList();
    }

    /** Item results of the training Map: the spec_id/status objects its item terminals produced. */
    private static Map<String, String> specResults(List<HistoryEvent> history) {
        Map<String, String> out = new LinkedHashMap<>();
        for (HistoryEvent e : history) {
            if (e.type() == HistoryEventType.PassStateExited && e.path().contains("/Iteration[")) {
                JsonNode output = e.details().path("output");
                if (output.path("spec_id").isTextual() && output.path("status").isTextual()) {
                    out.put(output.get("spec_id").asText(), output.get("status").asText());
                }
            }
        }
        return out;
    }

    public ModelRegistry registry() {
        return registry;
    }

    public EmbeddedStores stores() {
        return stores;
    }

    /** The environment every handler and the trainer see (table, bucket, endpoints, catalog override). */
    public Map<String, String> env() {
        return env;
    }

    public String definitionJson() {
        return definitionJson;
    }

    public ZooCatalog catalog() {
        return catalog;
    }

    public List<LocalDatasets.Prepared> datasets() {
        return datasets;
    }

    /** The week of the local world this Saturday's data is of. */
    public LocalWorld world() {
        return world;
    }

    /** What serves each Task state, by state name. */
    public Map<String, String> servedBy() {
        return bound.servedBy();
    }

    public NotificationLog notifications() {
        return notifications;
    }

    @Override
    public void close() {
        stores.close();
    }

    /**
     * The zoo bucket: the bucket the catalog's datasets live in when they share one (so preflight's freshness
     * check under ZOO_DATA_PREFIX sees the data, as in AWS where data lives in the zoo bucket), else a local default.
     */
    static String zooBucket(ZooCatalog catalog) {
        Set<String> buckets = new LinkedHashSet<>();
        for (ModelSpec spec : catalog.activeSpecs()) {
            if (spec.dataset().uri().startsWith("s3://")) {
                buckets.add(spec.dataset().bucket());
            }
        }
        return buckets.size() == 1 ? buckets.iterator().next() : DEFAULT_BUCKET;
    }

    /**
     * Versions in the bucket that the registry has no record of mean its database was deleted or replaced while the
     * bucket was kept: a run would allocate those numbers again (and a version's artifacts are never overwritten, so
     * its registration would fail after training). Refused before anything is written, saying what to do.
     */
    private void refuseVersionsTheRegistryDoesNotKnow() {
        List<String> unknown = new ArrayList<>();
        registry.artifacts().storedVersions().forEach((label, numbers) -> {
            Set<Integer> known = registry.versions(label).stream().map(ModelVersion::versionNumber)
                    .collect(Collectors.toSet());
            numbers.stream().filter(n -> !known.contains(n)).forEach(n -> unknown.add(ModelVersion.versionId(label, n)));
        });
        if (unknown.isEmpty()) {
            return;
        }
        Path dir = stores.dataDir();
        String where = dir == null ? "the stores" : dir.toString();
        throw new IllegalStateException("the bucket s3://" + registry.artifacts().bucket() + " in " + where
                + " holds model versions the registry does not know: " + String.join(", ", unknown)
                + " (under models/). The registry database was probably deleted or replaced while the bucket was kept."
                + " Restore the registry" + (dir == null ? "" : " (" + dir.resolve("dynamodb") + ")")
                + ", or start afresh by deleting the whole data directory" + (dir == null ? "" : " " + dir) + ".");
    }

    public static final class Builder {
        private Path dataDir;
        private boolean inMemory;
        private String definitionJson;
        private java.util.function.Supplier<String> definitionSupplier =
                io.saturdayzoo.local.definition.SaturdayDefinitionSource::synthesize;
        private Path catalogFile;
        private final Map<String, String> extraEnv = new LinkedHashMap<>();
        private int rows = DEFAULT_ROWS;
        private LocalDate asOf;
        private LocalWorld world;
        private MockTestCase mocks = MockTestCase.empty();
        private ExecutionListener listener = ExecutionListener.NONE;
        private PrintStream console;
        private Path notificationFile;
        private LambdaFactory lambdas = SaturdayServices::lambdas;
        private ContainerCommand container; // null: the trainer CLI in-process, reporting to trainingProgress
        private TrainingProgress trainingProgress = TrainingProgress.NONE;
        private Function<RuntimeException, TaskFailedException> lambdaErrors = SaturdayServices::lambdaError;

        /** Keep the registry and bucket under this folder (they survive the run: the next Saturday sees them). */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            this.inMemory = false;
            return this;
        }

        /** Keep everything in memory (tests). */
        public Builder inMemory() {
            this.inMemory = true;
            this.dataDir = null;
            return this;
        }

        /** Run this definition instead of synthesizing the CDK app's (e.g. a variant for a control test). */
        public Builder definition(String json) {
            this.definitionJson = json;
            return this;
        }

        /** Use this catalog file instead of the bundled one (as ZOO_CATALOG does). */
        public Builder catalog(Path file) {
            this.catalogFile = file;
            return this;
        }

        /** An extra variable in every handler's and the trainer's environment (e.g. ZOO_DATA_MAX_AGE_HOURS). */
        public Builder env(String name, String value) {
            extraEnv.put(name, value);
            return this;
        }

        /** The run's date: its ISO week is the newest week of the local world's data (default today, UTC). */
        public Builder asOf(LocalDate date) {
            this.asOf = Objects.requireNonNull(date, "asOf");
            return this;
        }

        /** The whole local world (weeks of history, drift, seed); overrides {@link #asOf(LocalDate)}. */
        public Builder world(LocalWorld world) {
            this.world = Objects.requireNonNull(world, "world");
            return this;
        }

        /** Rows of each generated dataset. */
        public Builder rows(int rows) {
            this.rows = rows;
            return this;
        }

        public Builder mocks(MockTestCase mocks) {
            this.mocks = mocks;
            return this;
        }

        public Builder listener(ExecutionListener listener) {
            this.listener = listener;
            return this;
        }

        /** Where notifications are printed (null: nowhere). */
        public Builder console(PrintStream console) {
            this.console = console;
            return this;
        }

        /** The JSON-lines file notifications are appended to (default: notifications.jsonl in the data dir). */
        public Builder notificationFile(Path file) {
            this.notificationFile = file;
            return this;
        }

        public Builder lambdas(LambdaFactory lambdas) {
            this.lambdas = lambdas;
            return this;
        }

        /** What Batch jobs run (default: the trainer CLI in-process). */
        public Builder container(ContainerCommand container) {
            this.container = container;
            return this;
        }

        /** Who hears each fold of the in-process trainer (unused when {@link #container(ContainerCommand)} replaces
         * the trainer). */
        public Builder trainingProgress(TrainingProgress progress) {
            this.trainingProgress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Starts the stores, prepares table, bucket and datasets, binds every Task state. */
        public LocalSaturday build() {
            if (dataDir == null && !inMemory) {
                throw new IllegalStateException("choose dataDir(path) or inMemory()");
            }
            EmbeddedStores stores = EmbeddedStores.start(inMemory ? null : dataDir.toAbsolutePath());
            try {
                return new LocalSaturday(this, stores);
            } catch (RuntimeException e) {
                stores.close();
                throw e;
            }
        }
    }
}
