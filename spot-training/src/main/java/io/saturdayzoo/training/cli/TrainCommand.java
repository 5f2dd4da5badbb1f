package io.saturdayzoo.training.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.ArtifactStore;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.core.registry.RunManifest;
import io.saturdayzoo.core.registry.RunOrigin;
import io.saturdayzoo.core.registry.WarmStart;
import io.saturdayzoo.training.data.ColumnRoles;
import io.saturdayzoo.training.data.Dataset;
import io.saturdayzoo.training.data.DatasetDigest;
import io.saturdayzoo.training.data.DatasetLoader;
import io.saturdayzoo.training.data.S3ObjectSource;
import io.saturdayzoo.training.distributed.NodeSetup;
import io.saturdayzoo.training.distributed.NodeTraining;
import io.saturdayzoo.training.distributed.PeerLink;
import io.saturdayzoo.training.ensemble.BaseVersion;
import io.saturdayzoo.training.ensemble.BaseVersions;
import io.saturdayzoo.training.ensemble.EnsembleTrainer;
import io.saturdayzoo.training.kind.InvalidSpecException;
import io.saturdayzoo.training.kind.ModelKind;
import io.saturdayzoo.training.kind.ParamSchema;
import io.saturdayzoo.training.output.RunContext;
import io.saturdayzoo.training.output.RunPublisher;
import io.saturdayzoo.training.output.TrainerManifest;
import io.saturdayzoo.training.run.BucketCheckpoints;
import io.saturdayzoo.training.run.CheckpointStore;
import io.saturdayzoo.training.run.ParentModel;
import io.saturdayzoo.training.run.TrainOptions;
import io.saturdayzoo.training.run.TrainedArtifact;
import io.saturdayzoo.training.run.Trainer;
import io.saturdayzoo.training.eval.WalkForward;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code train --spec ID}: load, train walk-forward, write runs/{executionId}/{specId}/. RegisterCandidates then
 * registers the run from its manifest; the trainer writes no registry entry and no registered artifact. An ensemble
 * spec reads its bases' registered versions instead of the data.
 */
@Command(name = "train", description = "Trains one spec walk-forward and writes its run outputs (model, "
        + "evaluation, manifest) for registration.")
final class TrainCommand implements Callable<Integer> {
    /** Set by AWS Batch and kept across the retries of one job: a retry after a Spot interruption finds its checkpoints. */
    static final String BATCH_JOB_ID = "AWS_BATCH_JOB_ID";

    @ParentCommand
    TrainerCli cli;

    @Option(names = "--spec", required = true, description = "Spec id from the zoo catalog.")
    String specId;

    @Option(names = "--execution-id", description = "State machine execution id (default: manual-<UTC time>).")
    String executionId;

    @Option(names = "--job-id", description = "Checkpoint scope (default: $AWS_BATCH_JOB_ID, else <execution>-<spec>).")
    String jobId;

    @Option(names = "--dry-run", description = "Train and evaluate; write nothing to the bucket or registry; print "
            + "the would-be manifest and cost estimate.")
    boolean dryRun;

    @Option(names = "--preflight-only", description = "Run the preflight checks only (see 'preflight').")
    boolean preflightOnly;

    @Option(names = "--threads", description = "Worker threads for parsing and training (default: all cores).")
    Integer threads;

    @Option(names = "--folds", description = "Walk-forward folds (default: ${DEFAULT-VALUE}).")
    int folds = WalkForward.DEFAULT_FOLDS;

    @Option(names = "--checkpoint-dir", description = "Keep checkpoints in this local folder instead of the bucket.")
    Path checkpointDir;

    @Option(names = "--parent", paramLabel = "LABEL#vN", description = "Descend from this registered version of the "
            + "spec's label: the final model continues from its model when the kind can (warm start), and the "
            + "version registers as its child (default: the label's latest, no warm start).")
    String parent;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one of the spec's params (repeatable), "
            + "checked against the kind's parameter schema.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--dataset", paramLabel = "URI", description = "Train on this data (s3://bucket/key or prefix, or "
            + "a local path) instead of the spec's; its digest is recorded.")
    String dataset;

    @Option(names = "--caller", description = "Who asked for this training (recorded verbatim).")
    String caller;

    @Option(names = "--allocation-id", description = "The cost ledger allocation this run is charged to (recorded "
            + "verbatim).")
    String allocationId;

    @Override
    public Integer call() {
        TrainerCli.keySegment("--spec", specId);
        String execution = TrainerCli.keySegment("--execution-id", executionId != null ? executionId
                : "manual-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")));
        String job = jobId != null ? TrainerCli.keySegment("--job-id", jobId)
                : cli.env.containsKey(BATCH_JOB_ID) ? TrainerCli.keySegment(BATCH_JOB_ID, cli.env.get(BATCH_JOB_ID))
                : TrainerCli.keySegment("--job-id", execution + "-" + specId);
        if (preflightOnly) {
            return PreflightCommand.run(cli, specId);
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new BadInputException("--threads: expected an integer >= 1, got " + workers);
        }
        if (folds < 1) {
            throw new BadInputException("--folds: expected an integer >= 1, got " + folds);
        }
        ZooCatalog catalog = ZooCatalog.loadDefault(cli.env);
        ModelSpec spec = catalog.spec(specId).orElseThrow(() -> new InvalidSpecException("spec '" + specId
                + "': not in the catalog " + catalog.source() + " (known: "
                + String.join(", ", catalog.specs().stream().map(ModelSpec::id).toList()) + ")"));
        Trainer trainer = new Trainer();
        spec = withOverrides(spec, trainer);
        trainer.validate(spec);
        Optional<NodeSetup> nodes = nodeSetup(spec, trainer);
        ZooEnv zoo = dryRun ? null : config(); // a real run must be able to write before we spend time training
        RunContext run = runContext(execution, job).onNodes(nodes.map(NodeSetup::count).orElse(1))
                .onDemand(parent, caller, allocationId);

        var s3 = AwsClients.s3(cli.env);
        if (dataset != null) {
            spec = spec.withDataset(spec.dataset().readFrom(dataset, DatasetDigest.of(dataset, s3)));
        }
        String specId = spec.id();
        TrainOptions options = TrainOptions.defaults().withThreads(workers).withFolds(folds).withIds(job, execution)
                .withAfterFold(fold -> cli.progress.onFold(specId, fold.fold() + 1, folds));
        if (parent != null) {
            options = options.withParent(parentModel(spec));
        }
        TrainedArtifact artifact;
        if (spec.isEnsemble()) {
            // an ensemble reads its bases' registered versions (a dry run too), never the data
            config();
            List<BaseVersion> bases = BaseVersions.resolve(spec, catalog, ModelRegistry.fromEnv(cli.env), execution);
            artifact = new EnsembleTrainer(trainer.ensembleKinds()).train(spec, bases, options);
            if (parent != null) {
                artifact = artifact.withWarmStart(WarmStart.fromScratch(parent, "ensemble kind '" + spec.kind()
                        + "' combines its bases' versions and has no trees to continue"));
            }
        } else {
            CheckpointStore checkpoints;
            if (checkpointDir != null) {
                checkpoints = CheckpointStore.directory(checkpointDir.resolve(job).resolve(spec.id()));
            } else if (dryRun) {
                checkpoints = CheckpointStore.NONE;
            } else {
                checkpoints = new BucketCheckpoints(new ArtifactStore(s3, zoo.bucket()), job, spec.id());
            }
            DatasetLoader loader = new DatasetLoader(new S3ObjectSource(s3), workers);
            ColumnRoles roles = ColumnRoles.of(spec.dataset().timeColumn(), spec.dataset().targetColumn());
            if (nodes.isEmpty()) {
                artifact = trainer.train(spec, loader.load(spec.dataset().uri(), roles),
                        options.withCheckpoints(checkpoints));
            } else {
                ModelKind kind = trainer.kinds().require(spec.id(), spec.kind());
                try (NodeTraining node = NodeTraining.join(nodes.get(), PeerLink.HALT)) {
                    artifact = trainOnNodes(trainer, spec, kind, node, loader, roles, options, checkpoints);
                    if (!node.isMain()) { // the main node writes the run outputs
                        Map<String, Object> worker = new LinkedHashMap<>();
                        worker.put("spec_id", spec.id());
                        worker.put("node", node.setup().index());
                        worker.put("nodes", node.setup().count());
                        print(worker);
                        return TrainerCli.OK;
                    }
                }
            }
        }
        cli.progress.onFinalModel(spec.id());

        Map<String, Object> result = new LinkedHashMap<>();
        if (dryRun) {
            result.put("dry_run", true);
            result.put("manifest", TrainerManifest.of(spec, artifact, run));
            Map<String, Object> cost = new LinkedHashMap<>();
            cost.put("instance_type", run.instanceType());
            cost.put("nodes", run.nodes());
            cost.put("wall_seconds", artifact.wallSeconds());
            cost.put("price_per_hour_usd", run.pricePerHour());
            cost.put("estimate_usd", run.costUsd(artifact.wallSeconds()));
            result.put("cost_estimate", cost);
        } else {
            new RunPublisher(new ArtifactStore(s3, zoo.bucket())).publish(spec, artifact, run);
            result.put("spec_id", spec.id());
            result.put("label", spec.label());
            result.put("metrics", artifact.evaluation().aggregate());
            result.put("run_prefix", ArtifactStore.runPrefix(execution, spec.id()));
            if (parent != null) {
                result.put(RunManifest.PARENT_VERSION, parent);
                result.put(RunOrigin.WARM_START, artifact.harness().warmStart());
            }
        }
        print(result);
        return TrainerCli.OK;
    }

    private void print(Map<String, Object> result) {
        try {
            cli.out.println(ZooJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * This process's node of a multi-node job (AWS Batch's multi-node environment), or empty when it trains alone. A
     * spec with "nodes" > 1 trained outside such a job (a local run of the trainer) trains on this one machine.
     */
    private Optional<NodeSetup> nodeSetup(ModelSpec spec, Trainer trainer) {
        Optional<NodeSetup> nodes;
        try {
            nodes = NodeSetup.from(cli.env);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        if (nodes.isPresent() && (spec.isEnsemble()
                || !trainer.kinds().require(spec.id(), spec.kind()).supportsDistributed())) {
            throw new InvalidSpecException("spec '" + spec.id() + "': kind '" + spec.kind() + "' cannot train on "
                    + "several nodes, and this job has " + nodes.get().count());
        }
        return nodes;
    }

    /**
     * One node's training: its share of the rows, the model network joined on this thread (LightGBM's network
     * belongs to the thread that joined it), every fit done with the other nodes. A failure here tells the other
     * nodes, so the main node exits with this node's code and message.
     */
    private static TrainedArtifact trainOnNodes(Trainer trainer, ModelSpec spec, ModelKind kind, NodeTraining node,
                                                DatasetLoader loader, ColumnRoles roles, TrainOptions options,
                                                CheckpointStore checkpoints) {
        try {
            Dataset share = loader.load(spec.dataset().uri(), roles, node.shareOf(options.folds()));
            TrainedArtifact artifact;
            try (AutoCloseable network = kind.joinCluster(node.cluster())) {
                artifact = trainer.train(spec, share, options.withShare(node.share())
                        .withCheckpoints(node.checkpoints(checkpoints)));
            }
            node.finished();
            return artifact;
        } catch (RuntimeException e) {
            node.failed(TrainerCli.exitCode(e), TrainerCli.oneLine(e.getMessage()));
            throw e;
        } catch (Exception closing) { // leaving the model network failed after training
            node.failed(TrainerCli.FAILED, String.valueOf(closing.getMessage()));
            throw new IllegalStateException("leaving the model network: " + closing.getMessage(), closing);
        }
    }

    /** The spec with --set's params and --dataset's location, each checked and named when bad. */
    private ModelSpec withOverrides(ModelSpec spec, Trainer trainer) {
        if (dataset != null && spec.isEnsemble()) {
            throw new BadInputException("--dataset " + dataset + ": spec '" + spec.id() + "' is an ensemble and reads "
                    + "its bases' versions, not data");
        }
        if (dataset != null && dataset.isBlank()) {
            throw new BadInputException("--dataset: expected s3://bucket/key or a local path, got ''");
        }
        if (overrides.isEmpty()) {
            return spec;
        }
        ParamSchema schema = spec.isEnsemble() ? trainer.ensembleKinds().require(spec.id(), spec.kind()).params()
                : trainer.kinds().require(spec.id(), spec.kind()).params();
        Map<String, Object> params = new LinkedHashMap<>(spec.params());
        overrides.forEach((key, value) -> {
            try {
                params.put(key, schema.parseOverride(spec.kind(), key, value));
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
        });
        return spec.withParams(params);
    }

    /** --parent's model, read from its registered version's files; a bad or unknown id is named. */
    private ParentModel parentModel(ModelSpec spec) {
        ModelVersion.Ref ref;
        try {
            ref = ModelVersion.Ref.parse(parent);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--parent " + parent + ": " + e.getMessage());
        }
        if (!ref.label().equals(spec.label())) {
            throw new BadInputException("--parent " + parent + ": a version of label '" + ref.label() + "', but spec '"
                    + spec.id() + "' trains label '" + spec.label() + "'");
        }
        config();
        ModelRegistry registry = ModelRegistry.fromEnv(cli.env);
        ModelVersion version = registry.version(parent).orElseThrow(() -> new BadInputException("--parent " + parent
                + ": not registered (label '" + ref.label() + "' has " + registry.versions(ref.label()).size()
                + " versions)"));
        String key = version.artifactPrefix() + ArtifactStore.MODEL_FILE;
        byte[] model = registry.artifacts().getBytes(key).orElseThrow(() -> new IllegalStateException("--parent "
                + parent + ": its model is missing from the bucket (" + key + ")"));
        return new ParentModel(version.versionId(), new String(model, StandardCharsets.UTF_8));
    }

    private ZooEnv config() {
        try {
            return ZooEnv.from(cli.env);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private RunContext runContext(String execution, String job) {
        try {
            return RunContext.from(cli.env, execution, job);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }
}
