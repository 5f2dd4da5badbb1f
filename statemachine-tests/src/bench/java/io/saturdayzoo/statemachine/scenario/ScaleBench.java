package io.saturdayzoo.statemachine.scenario;

import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.asl.execution.HistoryEventType;
import io.saturdayzoo.core.attempts.AttemptLog;
import io.saturdayzoo.core.attempts.SpecAttempts;
import io.saturdayzoo.core.attempts.SpecFingerprint;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.catalog.DatasetRef;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.events.EventPublishers;
import io.saturdayzoo.core.json.OperationField;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.LatestShards;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RegistrySeed;
import io.saturdayzoo.core.registry.RegistryOperations;
import io.saturdayzoo.core.registry.RegistryTables;
import io.saturdayzoo.core.registry.RunManifest;
import io.saturdayzoo.core.rotation.RotationPlan;
import io.saturdayzoo.core.rotation.RotationPolicy;
import io.saturdayzoo.infra.config.SaturdaySettings;
import io.saturdayzoo.lambdas.registry.RegistryHandler;
import io.saturdayzoo.local.LocalRunReport;
import io.saturdayzoo.local.LocalSaturday;
import io.saturdayzoo.local.definition.SaturdayDefinitionSource;
import io.saturdayzoo.localstores.EmbeddedStores;
import io.saturdayzoo.localstores.RequestJournal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The scale benchmark (not a test; local-runner/bench/scale.sh runs it and writes SCALE.md): rotation's selection
 * on seeded registries of 1k, 10k and 100k labels, a thousand registrations paged as the definition loops them, the
 * history events per execution of both Map modes, and the 1,000-spec local Saturday's wall time with mocked
 * training. Prints Markdown to stdout.
 *
 * <p>Arguments: the registry sizes (default 1000 10000 100000), {@code --versions=} per label (default 3),
 * {@code --parts=registry,maps} (both by default).
 */
public final class ScaleBench {

    private static final int REPEATS = 3;

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        int versions = 3;
        String parts = "registry,maps";
        for (String arg : args) {
            if (arg.startsWith("--parts=")) {
                parts = arg.substring("--parts=".length());
            } else if (arg.startsWith("--versions=")) {
                versions = Integer.parseInt(arg.substring("--versions=".length()));
            } else {
                sizes.add(Integer.parseInt(arg));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1_000, 10_000, 100_000);
        }
        StringBuilder out = new StringBuilder();
        Path work = Files.createTempDirectory("saturday-scale-bench");
        if (parts.contains("registry")) {
            try (EmbeddedStores stores = EmbeddedStores.start(null)) {
                selection(out, stores, sizes, versions);
                registration(out, stores, work, 1_000);
            }
        }
        if (parts.contains("maps")) {
            mapModes(out, work);
        }
        System.out.print(out);
    }

    // ---- 1. selection ------------------------------------------------------------------------------------------

    private static void selection(StringBuilder out, EmbeddedStores stores, List<Integer> sizes, int versions) {
        out.append("## Selection: SelectRotation's reads and plan on DynamoDB Local\n\n")
                .append(String.format(Locale.ROOT, "Each label has %d versions (seeded in bulk with the registry's "
                        + "item shapes, RegistrySeed); 1%% of labels have a champion; budget = a tenth of the specs. "
                        + "Best of %d, after one warm-up read.%n%n", versions, REPEATS))
                .append("| specs | seed items | seed s | selection ms | requests (Query / BatchGetItem / Scan) "
                        + "| items read | picked |\n|---|---|---|---|---|---|---|\n");
        for (int n : sizes) {
            String table = "scale-" + n;
            Map<String, String> env = ZooEnv.withStores(table, "scale-bucket-" + n, stores.awsEnv());
            DynamoDbClient dynamo = AwsClients.dynamoDb(env);
            RegistryTables.create(dynamo, table);
            ArtifactStore artifacts = new ArtifactStore(AwsClients.s3(env), "scale-bucket-" + n);
            artifacts.createBucketIfMissing();
            ModelRegistry registry = new ModelRegistry(dynamo, table, artifacts, EventPublishers.fromEnv(env));
            long seedStart = System.nanoTime();
            int items = RegistrySeed.seed(dynamo, table, n, versions);
            for (int i = 0; i < n; i += 100) {
                registry.promote(RegistrySeed.label(i), versions, "bench");
            }
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            List<ModelSpec> specs = catalog(n).specs();
            AttemptLog attempts = new AttemptLog(dynamo, table);
            select(registry, attempts, specs, n / 10); // warm-up
            long best = Long.MAX_VALUE;
            Selection last = null;
            for (int r = 0; r < REPEATS; r++) {
                stores.journal().clear();
                long start = System.nanoTime();
                last = select(registry, attempts, specs, n / 10);
                best = Math.min(best, System.nanoTime() - start);
            }
            Map<String, Long> requests = stores.journal().entries().stream()
                    .collect(Collectors.groupingBy(RequestJournal.Entry::operation, TreeMap::new,
                            Collectors.counting()));
            out.append(String.format(Locale.ROOT, "| %,d | %,d | %.1f | %.0f | %d / %d / %d | %,d | %,d |%n", n,
                    items + n / 100, seedSeconds, best / 1e6, requests.getOrDefault("Query", 0L),
                    requests.getOrDefault("BatchGetItem", 0L), requests.getOrDefault("Scan", 0L),
                    last.itemsRead(), last.plan().selected().size()));
        }
        out.append(String.format(Locale.ROOT, "%nRequests and items: %d Queries (the %d LATEST shards and the "
                + "pre-shard partition, pages of at most %,d rows), then BatchGetItem of 100 keys: the newest "
                + "versions, the champion pointers, the champions' versions, the attempt summaries.%n%n",
                LatestShards.SHARDS + 1, LatestShards.SHARDS, LatestShards.PAGE_SIZE));
    }

    private record Selection(RotationPlan plan, int itemsRead) {
    }

    /** What SelectRotation does: newest versions, champions, attempt summaries, then the plan. */
    private static Selection select(ModelRegistry registry, AttemptLog attempts, List<ModelSpec> specs, int budget) {
        Map<String, ModelVersion> latest = registry.latestVersions();
        Map<String, ModelVersion> champions = registry.champions(latest.keySet());
        Map<String, SpecAttempts> summaries = attempts.summaries(specs.stream().map(ModelSpec::id).toList());
        RotationPlan plan = RotationPolicy.plan(specs, latest, champions, summaries, SpecFingerprint::of, budget,
                ZooCatalog.DEFAULT_QUARANTINE_AFTER);
        // LATEST rows + their versions + champion pointers + champion versions + attempt summaries found
        return new Selection(plan, 2 * latest.size() + 2 * champions.size() + summaries.size());
    }

    private static ZooCatalog catalog(int n) {
        String specs = IntStream.range(0, n).mapToObj(i -> """
                {"id": "%s", "kind": "lightgbm", "label": "%s", "status": "active", "params": {},
                 "dataset": {"uri": "s3://seed/datasets/%s/", "time_column": "ts", "target_column": "y"}}"""
                .formatted(RegistrySeed.specId(i), RegistrySeed.label(i), RegistrySeed.label(i)))
                .collect(Collectors.joining(",\n"));
        return ZooCatalog.parse("{\"zoo\": \"scale\", \"budget\": " + Math.max(1, n / 10) + ", \"specs\": ["
                + specs + "]}", "generated");
    }

    // ---- 2. registration ---------------------------------------------------------------------------------------

    private static void registration(StringBuilder out, EmbeddedStores stores, Path work, int n) throws Exception {
        Map<String, String> base = ZooEnv.withStores("scale-registration", "scale-registration-bucket", stores.awsEnv());
        DynamoDbClient dynamo = AwsClients.dynamoDb(base);
        RegistryTables.create(dynamo, "scale-registration");
        ArtifactStore artifacts = new ArtifactStore(AwsClients.s3(base), "scale-registration-bucket");
        artifacts.createBucketIfMissing();
        Path catalogFile = ThousandSpecSaturdayTest.catalog(work, n);
        Map<String, String> env = new HashMap<>(base);
        env.put(ZooCatalog.ENV_OVERRIDE, catalogFile.toString());
        List<Map<String, Object>> results = new ArrayList<>();
        Instant done = Instant.parse("2026-12-05T09:00:00Z");
        for (int i = 0; i < n; i++) {
            String spec = String.format("spec-%04d", i);
            String label = String.format("label-%04d", i);
            artifacts.writeRunManifest(new RunManifest("exec-scale", spec, label, "lightgbm", "job-" + i, "abc",
                    "sha256:0", Map.of(), new DatasetRef("s3://seed/" + label + "/", "ts", "y"), Map.of("auc", 0.7),
                    done.minusSeconds(600), done, 0.01));
            results.add(Map.of("spec_id", spec, "status", "OK"));
        }
        RegistryHandler handler = new RegistryHandler(env);
        out.append("## Registration: 1,000 trained specs, register_candidates in pages of 100\n\n")
                .append("Each run holds its manifest only (small, synthetic), on DynamoDB Local and s3proxy "
                        + "in-process. The second loop is the same execution again: it must register nothing.\n\n")
                .append("| loop | calls | wall s | slowest call s | TransactWriteItems | versions after |\n")
                .append("|---|---|---|---|---|---|\n");
        ModelRegistry registry = new ModelRegistry(dynamo, "scale-registration", artifacts,
                EventPublishers.fromEnv(env));
        for (String loop : List.of("first", "repeated")) {
            stores.journal().clear();
            long start = System.nanoTime();
            long slowest = 0;
            int calls = 0;
            int cursor = 0;
            while (true) {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put(OperationField.NAME, RegistryOperations.REGISTER_CANDIDATES);
                request.put("execution_id", "exec-scale");
                request.put("results", results);
                request.put("cursor", cursor);
                long callStart = System.nanoTime();
                Map<String, Object> answer = handler.handleRequest(request, null);
                slowest = Math.max(slowest, System.nanoTime() - callStart);
                calls++;
                if (Boolean.TRUE.equals(answer.get("done"))) {
                    break;
                }
                cursor = (Integer) answer.get("cursor");
            }
            long transactions = stores.journal().successfulWrites().stream()
                    .filter(e -> e.operation().equals("TransactWriteItems")).count();
            out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %d | %,d |%n", loop, calls,
                    (System.nanoTime() - start) / 1e9, slowest / 1e9, transactions,
                    registry.registeredBy("exec-scale").size()));
        }
        out.append('\n');
    }

    // ---- 3. both Map modes, and the 1,000-spec Saturday ---------------------------------------------------------

    private static void mapModes(StringBuilder out, Path work) throws Exception {
        String inline = SaturdayDefinitionSource.synthesize(Map.of());
        String distributed = SaturdayDefinitionSource.synthesize(Map.of(SaturdaySettings.MAX_SPECS_PER_SATURDAY,
                1_000));
        out.append("## History events per execution, both Map modes (training and registration mocked)\n\n")
                .append("`{\"skip_research\": true, \"skip_eval_gate\": true}`; a fresh in-memory registry per run. "
                        + "Inline: the default stack (`maxSpecsPerSaturday` 500); distributed: "
                        + "`maxSpecsPerSaturday` 1,000.\n\n")
                .append("| mode | specs | status | events in the execution | child executions | events per child "
                        + "(max) | events per spec | wall s |\n|---|---|---|---|---|---|---|---|\n");
        Map<String, Integer> inlineEvents = new TreeMap<>();
        for (int specs : List.of(100, 500)) {
            LocalRunReport report = run(inline, work, specs);
            inlineEvents.put("n" + specs, report.history().size());
            row(out, "inline", specs, report);
        }
        double perItem = (inlineEvents.get("n500") - inlineEvents.get("n100")) / 400.0;
        // 800: the most a Saturday's state carries (TrainingFanOut.STATE_CARRIES_SPECS); 1,000 fails on the 256 KiB
        for (int specs : List.of(100, 500, 800, 1_000)) {
            LocalRunReport report = run(distributed, work, specs);
            row(out, "distributed", specs, report);
        }
        out.append(String.format(Locale.ROOT, "%nInline, each spec adds %.1f events to the one history ((events at "
                + "500 - events at 100) / 400).%n", perItem));
    }

    private static LocalRunReport run(String definition, Path work, int specs) throws Exception {
        Path catalog = ThousandSpecSaturdayTest.catalog(work, specs);
        try (LocalSaturday saturday = LocalSaturday.builder().inMemory().definition(definition).catalog(catalog)
                .rows(200).build()) {
            return saturday.run("{\"skip_research\": true, \"skip_eval_gate\": true}",
                    ThousandSpecSaturdayTest.mocks(specs, 0));
        }
    }

    private static void row(StringBuilder out, String mode, int specs, LocalRunReport report) {
        List<LocalRunReport.ExecutionEvents> children = report.executions().subList(1, report.executions().size());
        int maxChild = children.stream().mapToInt(LocalRunReport.ExecutionEvents::events).max().orElse(0);
        long trainingEvents = report.history().stream().filter(e -> e.path().contains("TrainSelectedSpecs")
                && e.type() != HistoryEventType.MapStateEntered).count();
        double perSpec = children.isEmpty() ? trainingEvents / (double) specs
                : children.stream().mapToInt(LocalRunReport.ExecutionEvents::events).sum() / (double) specs;
        out.append(String.format(Locale.ROOT, "| %s | %,d | %s | %,d | %,d | %s | %.1f | %.1f |%n", mode, specs,
                report.status(), report.history().size(), children.size(), children.isEmpty() ? "-" : maxChild,
                perSpec, report.wallTime().toMillis() / 1000.0));
    }

    private ScaleBench() {
    }
}
