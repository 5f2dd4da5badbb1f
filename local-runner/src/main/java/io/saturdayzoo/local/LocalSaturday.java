package io.saturdayzoo.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.saturdayzoo.asl.definition.AslDefinition;
import io.saturdayzoo.asl.execution.ExecutionListener;
import io.saturdayzoo.asl.execution.ExecutionOptions;
import io.saturdayzoo.asl.execution.ExecutionResult;
import io.saturdayzoo.asl.execution.StateMachineExecutor;
import io.saturdayzoo.asl.mock.MockTestCase;
import io.saturdayzoo.asl.task.TaskFailedException;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.StoredObject;
import io.saturdayzoo.lambdas.validateinput.ExecutionInput;
import io.saturdayzoo.local.binding.ContainerCommand;
import io.saturdayzoo.local.binding.NotificationLog;
import io.saturdayzoo.local.binding.SaturdayBindings;
import io.saturdayzoo.local.binding.TrainerThreads;
import io.saturdayzoo.local.data.LocalDatasets;
import io.saturdayzoo.local.data.LocalWorld;
import io.saturdayzoo.local.definition.SaturdayDefinitionSource;
import io.saturdayzoo.localstores.EmbeddedStores;
import io.saturdayzoo.training.run.TrainingProgress;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Saturday state machine on one machine: the synthesized definition run by the ASL executor on a
 * {@link LocalStack} (embedded DynamoDB Local + S3 holding the registry, the bucket and the data), every Task state
 * bound by name to the real in-process handler, trainer or notification log ({@link LocalBindings}). Used by the
 * {@code saturday} CLI and by the scenario tests. Most of its length is the {@link Builder}'s documented options.
 *
 * <pre>
 * try (LocalSaturday saturday = LocalSaturday.builder().dataDir(Path.of(".saturday")).build()) {
 *     LocalRunReport report = saturday.run("{}");
 * }
 * </pre>
 */
public final class LocalSaturday implements AutoCloseable {
    public static final String STATE_MACHINE_NAME = SaturdayDefinitionSource.SATURDAY;
    public static final String TABLE = LocalStack.TABLE;
    /** Zoo bucket when the catalog's datasets do not all live in one bucket. */
    public static final String DEFAULT_BUCKET = LocalStack.DEFAULT_BUCKET;
    public static final int DEFAULT_ROWS = 50_000;
    /** {@link Builder#trainerThreads(int)}: the cores shared among a Map's concurrent items. */
    public static final int SHARED_THREADS = TrainerThreads.SHARED;

    /** Builds the Lambda handlers for an environment, by function name (ValidateInput, Preflight, ...). */
    @FunctionalInterface
    public interface LambdaFactory {
        Map<String, RequestHandler<Map<String, Object>, Map<String, Object>>> create(Map<String, String> env);
    }

    private final LocalStack stack;
    private final String definitionJson;
    private final AslDefinition definition;
    private final SaturdayBindings.Bound bound;
    private final NotificationLog notifications;
    private final ModelRegistry registry;
    private final ExecutionListener listener;
    private final MockTestCase mocks;
    private final String stateMachineName;

    private LocalSaturday(Builder b, LocalStack stack, String definitionJson) {
        this.stack = stack;
        this.stateMachineName = b.stateMachineName;
        this.definitionJson = definitionJson;
        this.definition = AslDefinition.parse(definitionJson);
        this.registry = stack.registry();
        Path dataDir = stack.stores().dataDir();
        this.notifications = new NotificationLog(b.notificationFile != null ? b.notificationFile
                : dataDir == null ? null : dataDir.resolve("notifications.jsonl"), b.console);
        TrainerThreads threads = TrainerThreads.forSetting(b.trainerThreads, definition.json());
        this.bound = b.phases.time("bindings", () -> new LocalBindings(b.lambdas, b.container, b.trainingProgress,
                b.lambdaErrors).bind(definition.json(), stack.env(), notifications, threads));
        ExecutionListener outside = b.listener;
        // the thread budget hears each Map's start before its items run; then whoever else listens
        this.listener = event -> {
            threads.onEvent(event);
            outside.onEvent(event);
        };
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
                .stateMachineName(stateMachineName)
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
                result.history(), LocalRunReport.branchOutcomes(result.history()), FinishedRun.specResults(result),
                registry.registeredBy(executionId),
                registry.artifacts().list("").stream().map(StoredObject::key).toList(),
                notifications.published().stream().filter(n -> executionId.equals(n.executionId())).toList(),
                FinishedRun.championChanges(championsBefore, champions()), wall, FinishedRun.executionEvents(result));
    }

    /** Champion version id by label, for every label with a champion. */
    private Map<String, String> champions() {
        Map<String, String> out = new LinkedHashMap<>();
        registry.champions().forEach((label, v) -> out.put(label, v.versionId()));
        return out;
    }

    public ModelRegistry registry() {
        return registry;
    }

    public EmbeddedStores stores() {
        return stack.stores();
    }

    /** The environment every handler and the trainer see (table, bucket, endpoints, catalog override). */
    public Map<String, String> env() {
        return stack.env();
    }

    public String definitionJson() {
        return definitionJson;
    }

    public ZooCatalog catalog() {
        return stack.catalog();
    }

    public List<LocalDatasets.Prepared> datasets() {
        return stack.datasets();
    }

    /** The week of the local world this Saturday's data is of. */
    public LocalWorld world() {
        return stack.world();
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
        stack.close();
    }

    public static final class Builder {
        private Path dataDir;
        private boolean inMemory;
        private EmbeddedStores sharedStores;
        private String sharedTable;
        private String definitionJson;
        private Supplier<String> definitionSource = SaturdayDefinitionSource::synthesize;
        private String stateMachineName = STATE_MACHINE_NAME;
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
        // 0: every training as its command is written (every core); measured faster here than sharing, see
        // local-runner/bench/RESULTS.md
        private int trainerThreads;
        private Function<RuntimeException, TaskFailedException> lambdaErrors = SaturdayServices::lambdaError;
        private StartupPhases phases = new StartupPhases();

        /** Keep the registry and bucket under this folder (they survive the run: the next Saturday sees them). */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            this.inMemory = false;
            this.sharedStores = null;
            return this;
        }

        /** Keep everything in memory (tests). */
        public Builder inMemory() {
            this.inMemory = true;
            this.dataDir = null;
            this.sharedStores = null;
            return this;
        }

        /**
         * Run on stores already running, which {@link #close()} leaves running, with the registry in {@code table}
         * and the data in the catalog's bucket; both must be new on those stores (see
         * {@link LocalStack#onSharedStores}). Tests use it to pay for the engines' start once per class.
         */
        public Builder sharedStores(EmbeddedStores stores, String table) {
            this.sharedStores = Objects.requireNonNull(stores, "stores");
            this.sharedTable = Objects.requireNonNull(table, "table");
            this.inMemory = false;
            this.dataDir = null;
            return this;
        }

        /** Run this definition instead of synthesizing the CDK app's (e.g. a variant for a control test). */
        public Builder definition(String json) {
            this.definitionJson = json;
            return this;
        }

        /** Load the definition from here (e.g. the definition cache) instead of synthesizing the CDK app's. */
        public Builder definitionSource(Supplier<String> source) {
            this.definitionSource = Objects.requireNonNull(source, "source");
            this.definitionJson = null;
            return this;
        }

        /**
         * Which state machine of the app the definition is (Saturday unless told): executions carry its name. The
         * same stores, bindings and handlers serve any of them, e.g. {@link SaturdayDefinitionSource#TRAIN_MODEL_VERSION}.
         */
        public Builder stateMachineName(String name) {
            this.stateMachineName = Objects.requireNonNull(name, "name");
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

        /**
         * Threads every in-process training gets, however many run at once, or {@link #SHARED_THREADS}: the cores
         * shared among the items of a Map running at once (see {@link TrainerThreads}). Default: every core each.
         */
        public Builder trainerThreads(int threads) {
            if (threads < 1 && threads != SHARED_THREADS) {
                throw new IllegalArgumentException("trainer threads: expected an integer >= 1, got " + threads);
            }
            this.trainerThreads = threads;
            return this;
        }

        /** Who hears each fold of the in-process trainer (unused when {@link #container(ContainerCommand)} replaces
         * the trainer). */
        public Builder trainingProgress(TrainingProgress progress) {
            this.trainingProgress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Where the build records how long each of its steps took (stores, data, definition, bindings). */
        public Builder phases(StartupPhases phases) {
            this.phases = Objects.requireNonNull(phases, "phases");
            return this;
        }

        /**
         * Starts the stores and prepares table, bucket and datasets while the definition loads (on a thread of its
         * own: synthesis mostly waits on node), then binds every Task state.
         */
        public LocalSaturday build() {
            if (dataDir == null && !inMemory && sharedStores == null) {
                throw new IllegalStateException("choose dataDir(path), inMemory() or sharedStores(stores, table)");
            }
            Background<String> definition = definitionJson != null ? Background.done(definitionJson)
                    : Background.start("saturday-definition", () -> phases.time("definition", definitionSource));
            LocalWorld localWorld = world != null ? world
                    : LocalWorld.asOf(asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC));
            LocalStack stack = sharedStores != null
                    ? LocalStack.onSharedStores(sharedStores, sharedTable, catalogFile, extraEnv, rows, localWorld, phases)
                    : LocalStack.start(inMemory ? null : dataDir, catalogFile, extraEnv, rows, localWorld, phases);
            try {
                String json = phases.time("waiting for the definition", definition::await);
                return new LocalSaturday(this, stack, json);
            } catch (RuntimeException e) {
                stack.close();
                throw e;
            }
        }
    }
}
