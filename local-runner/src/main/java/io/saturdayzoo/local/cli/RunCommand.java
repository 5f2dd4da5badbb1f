package io.saturdayzoo.local.cli;

import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.lambdas.validateinput.ExecutionInput;
import io.saturdayzoo.lambdas.validateinput.InvalidInput;
import io.saturdayzoo.local.DataDirLock;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.StartupPhases;
import io.saturdayzoo.local.definition.DefinitionCache;
import io.saturdayzoo.local.progress.ConsoleProgress;
import io.saturdayzoo.local.progress.RunSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code saturday run --local}: one Saturday, end to end, on embedded DynamoDB Local + S3. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the Saturday state machine (the definition the CDK app deploys) locally.")
final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--local", required = true,
            description = "Run on this machine: embedded DynamoDB Local + S3, handlers and trainer in-process.")
    boolean local;

    @Option(names = "--input", defaultValue = "{}", paramLabel = "JSON",
            description = "Execution input, as on the console, e.g. '{\"skip_predictor_training\": true}' "
                    + "(default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--data-dir", defaultValue = ".saturday", paramLabel = "DIR",
            description = "Where the registry and bucket live between runs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--rows", defaultValue = "" + LocalSaturday.DEFAULT_ROWS, paramLabel = "N",
            description = "Rows of each generated dataset (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--trainer-threads", defaultValue = "all", paramLabel = "all|auto|N",
            description = "Threads per training: all gives each training every core (default: ${DEFAULT-VALUE}; "
                    + "measured the fastest here), auto shares the cores among the trainings running at once, N "
                    + "gives every training N.")
    String trainerThreads;

    @Option(names = "--catalog", paramLabel = "FILE", description = "Zoo catalog to use instead of zoo/catalog.json.")
    Path catalog;

    @Option(names = "--as-of", paramLabel = "YYYY-MM-DD",
            description = "The run's date (default: today, UTC). Its ISO week is the newest week of the local world's "
                    + "data: a later week adds that week's rows; the same week gives the same rows.")
    LocalDate asOf;

    @Override
    public Integer call() {
        if (rows < 1) {
            throw new IllegalArgumentException("--rows: expected an integer >= 1, got " + rows);
        }
        int threads = trainerThreads();
        Path catalogFile = catalog != null ? catalog : defaultCatalog();
        long start = System.nanoTime();
        StartupPhases phases = new StartupPhases();
        recordJvmStart(phases, start);
        phases.time("input check", () -> {
            rejectBadInput(catalogFile);
            return null;
        });
        PrintWriter out = spec.commandLine().getOut();
        try (DataDirLock lock = phases.time("lock",
                () -> DataDirLock.acquire(dataDir, note -> out.println("saturday: " + note)))) {
            return run(catalogFile, threads, start, phases, out);
        }
    }

    /**
     * The JVM's own start (process start to main) and the command line's parsing, when this process's main ran
     * the command; neither is in the "before the execution" figure, which starts here.
     */
    private static void recordJvmStart(StartupPhases phases, long callNanos) {
        java.time.Instant mainInstant = SaturdayCli.mainInstant;
        if (mainInstant == null) {
            return;
        }
        // the JVM's own start, not the process's: ./saturday execs java, so the process began with the script's build
        java.time.Instant jvmStart = java.time.Instant.ofEpochMilli(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        phases.record("JVM start to main", java.time.Duration.between(jvmStart, mainInstant));
        phases.record("command line", java.time.Duration.ofNanos(callNanos - SaturdayCli.mainNanos));
    }

    /** 0 for all, {@link LocalSaturday#SHARED_THREADS} for auto. */
    private int trainerThreads() {
        if ("all".equals(trainerThreads)) {
            return 0;
        }
        if ("auto".equals(trainerThreads)) {
            return LocalSaturday.SHARED_THREADS;
        }
        try {
            int n = Integer.parseInt(trainerThreads);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the value
        }
        throw new IllegalArgumentException("--trainer-threads: expected all, auto or an integer >= 1, got '"
                + trainerThreads + "'");
    }

    private int run(Path catalogFile, int threads, long start, StartupPhases phases, PrintWriter out) {
        PrintStream console = new PrintStream(new WriterOutputStream(out), true, StandardCharsets.UTF_8);
        out.println("saturday: loading the state machine definition (the one `cdk deploy` ships) and starting local "
                + "stores in " + dataDir.toAbsolutePath());
        DefinitionCache definitions = DefinitionCache.ofApp(dataDir, note -> out.println("saturday: " + note));
        ConsoleProgress progress = new ConsoleProgress(console);
        LocalSaturday.Builder builder = LocalSaturday.builder().dataDir(dataDir).rows(rows)
                .asOf(asOf != null ? asOf : LocalDate.now(ZoneOffset.UTC))
                .definitionSource(() -> {
                    long loadStart = System.nanoTime();
                    String definition = definitions.load(LocalSaturday.STATE_MACHINE_NAME);
                    out.printf(Locale.ROOT, "saturday: definition ready in %.1f s%n", seconds(loadStart));
                    return definition;
                })
                .console(console)
                .phases(phases)
                .listener(progress)
                .trainingProgress(progress);
        if (catalogFile != null) {
            builder.catalog(catalogFile);
        }
        if (threads != 0) {
            builder.trainerThreads(threads);
        }
        try (LocalSaturday saturday = builder.build()) {
            double before = seconds(start);
            out.printf(Locale.ROOT, "saturday: definition, stores and datasets ready in %.1f s; the world's week is %s"
                    + " (as of %s)%n", before, saturday.world().week(), saturday.world().asOf());
            out.println("saturday: startup phases: " + phases.render());
            saturday.datasets().forEach(d -> {
                if (d.action() != io.saturdayzoo.local.data.LocalDatasets.Action.KEPT) {
                    out.println("saturday: dataset for " + d.specId() + ": " + d.action().name().toLowerCase()
                            + " " + d.uri() + (d.rows() > 0 ? " (" + d.rows() + " rows)" : ""));
                }
            });
            LocalRunReport report = saturday.run(input);
            out.print(RunSummary.render(report, saturday.stores().dataDir(), saturday.env().get(ZooEnv.BUCKET)));
            out.printf(Locale.ROOT, "%nTotal wall time %.1f s: %.1f s before the execution (input, definition, stores, "
                    + "data), %.1f s the execution%n", seconds(start), before, report.wallTime().toNanos() / 1e9);
            out.flush();
            return report.succeeded() ? SaturdayCli.OK : SaturdayCli.FAILED;
        }
    }

    /**
     * A bad input costs nothing: it is judged by the ValidateInput Lambda's own rules, against the catalog the run
     * would use, before synthesis, stores or data (the run's ValidateInput state then judges it again, as on AWS).
     */
    private void rejectBadInput(Path catalogFile) {
        try {
            ExecutionInput.parse(input,
                    () -> catalogFile != null ? ZooCatalog.load(catalogFile) : ZooCatalog.loadDefault(Map.of()));
        } catch (InvalidInput e) {
            throw new IllegalArgumentException("--input: " + e.getMessage(), e);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** zoo/catalog.json of the checkout when run from inside it (users edit that file), else the bundled copy. */
    private static Path defaultCatalog() {
        Path file = Path.of("zoo", "catalog.json");
        return java.nio.file.Files.isRegularFile(file) ? file : null;
    }

    /** Lets progress lines written to a PrintStream land in picocli's writer (so tests can capture them). */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final Writer writer;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterOutputStream(Writer writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            writer.write(line.toString(StandardCharsets.UTF_8));
            writer.flush();
            line.reset();
        }
    }
}
