package io.saturdayzoo.lambdas.ondemand;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.ledger.CostEstimate;
import io.saturdayzoo.core.ledger.CostLedger;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.core.registry.ModelVersion;
import io.saturdayzoo.lambdas.common.InvalidPayload;
import io.saturdayzoo.lambdas.common.Payload;
import io.saturdayzoo.lambdas.common.ZooHandler;
import io.saturdayzoo.lambdas.validateinput.InvalidInput;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PlanTraining, TrainModelVersion's first state: validates the request ({@link TrainRequest}), resolves the parent
 * (the one asked for, else the label's champion), sizes the dataset, and estimates the cost on the stack's price
 * table. A dry run also checks the budget here, read-only. Writes nothing.
 * <p>In: {"input": the execution input, "execution_id"}. Out: the plan the later states read ({@link #plan}).
 * Errors: "InvalidInput" naming each bad field, "BudgetExceeded" (dry runs) naming the remaining budget.
 */
public final class PlanTrainingHandler extends ZooHandler {

    /** Boosting rounds when the spec and the request name none (LightGBM's default). */
    static final int DEFAULT_ITERATIONS = 100;
    static final String ITERATIONS_PARAM = "num_iterations";

    private final ZooCatalog catalog;
    private final ModelRegistry registry;
    private final CostLedger ledger;
    private final S3Client s3;
    private final OnDemandSettings settings;

    public PlanTrainingHandler() {
        this(System.getenv());
    }

    public PlanTrainingHandler(Map<String, String> env) {
        this.catalog = ZooCatalog.loadDefault(env);
        this.registry = ModelRegistry.fromEnv(env);
        this.ledger = new CostLedger(AwsClients.dynamoDb(env), ZooEnv.from(env).table());
        this.s3 = AwsClients.s3(env);
        this.settings = OnDemandSettings.fromEnv(env);
    }

    @Override
    protected Map<String, Object> handle(Payload payload) {
        if (!payload.asMap().containsKey("input")) {
            throw new InvalidPayload("field 'input': missing (the state passes the execution input in it)");
        }
        String executionId = payload.requiredText("execution_id");
        TrainRequest request = TrainRequest.validate(payload.get("input"), catalog, settings);
        ModelSpec spec = request.spec();
        Optional<ModelVersion> parent = parent(request);
        String datasetUri = request.dataset().orElse(spec.dataset().uri());
        long bytes = datasetBytes(s3, datasetUri, request.dataset().isPresent());
        Map<String, Object> params = new LinkedHashMap<>(spec.params());
        params.putAll(request.params());
        CostEstimate estimate = estimate(spec, params, bytes, request.vcpus(), request.memoryGib(),
                Duration.ofMinutes(request.wallTimeCapMinutes()), settings);
        String period = ledger.currentPeriod();
        if (request.dryRun()) {
            try {
                ledger.check(period, settings.budgetUsd(), estimate.usd());
            } catch (io.saturdayzoo.core.ledger.BudgetExceeded refusal) {
                throw new BudgetExceeded(refusal);
            }
        }
        return plan(executionId, request, parent, datasetUri, estimate, period);
    }

    private Map<String, Object> plan(String executionId, TrainRequest request, Optional<ModelVersion> parent,
                                     String datasetUri, CostEstimate estimate, String period) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("request", request.toJson());
        plan.put("spec_id", request.spec().id());
        plan.put("label", request.spec().label());
        plan.put("caller", request.caller());
        plan.put("dry_run", request.dryRun());
        plan.put("parent_version", parent.map(ModelVersion::versionId).orElse(null));
        plan.put("dataset", Map.of("uri", datasetUri, "bytes", estimate.datasetBytes()));
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("estimated_usd", estimate.usd().toPlainString());
        cost.put("estimated_seconds", estimate.seconds());
        cost.put("iterations", estimate.iterations());
        cost.put("fits", estimate.fits());
        cost.put("period", period);
        cost.put("remaining_usd", ledger.remaining(period, settings.budgetUsd()).toPlainString());
        plan.put("estimate", cost);
        plan.put("vcpus", request.vcpus());
        plan.put("memory_gib", request.memoryGib());
        // Batch's own shapes, so the Task passes them through unchanged: resource values are strings there.
        plan.put("resources", List.of(
                Map.of("Type", "VCPU", "Value", Integer.toString(request.vcpus())),
                Map.of("Type", "MEMORY", "Value", Integer.toString(request.memoryGib() * 1024))));
        plan.put("timeout_seconds", request.wallTimeCapMinutes() * 60);
        plan.put("command", TrainerCommand.of(executionId, request, parent, datasetUri));
        return plan;
    }

    private Optional<ModelVersion> parent(TrainRequest request) {
        if (request.parentVersion().isEmpty()) {
            return registry.champion(request.spec().label());
        }
        String id = request.parentVersion().get();
        return Optional.of(registry.version(id).orElseThrow(() -> new InvalidInput(List.of("field '"
                + TrainRequest.PARENT_VERSION + "': no version \"" + id + "\" in the registry (label '"
                + request.spec().label() + "' has " + registry.versions(request.spec().label()).stream()
                .map(ModelVersion::versionId).toList() + ")"))));
    }

    /** One job's estimate: {@code spec} trained with {@code params} on {@code bytes} of data, at this size and cap. */
    static CostEstimate estimate(ModelSpec spec, Map<String, Object> params, long bytes, int vcpus, int memoryGib,
                                 Duration wallTimeCap, OnDemandSettings settings) {
        int iterations = Optional.ofNullable(Payload.asInt(params.get(ITERATIONS_PARAM))).orElse(DEFAULT_ITERATIONS);
        int fits = CostEstimate.plannedFits(spec.search() == null ? 0 : spec.search().trials(),
                CostEstimate.TRAINER_FOLDS);
        return CostEstimate.of(bytes, iterations, fits, vcpus, memoryGib, wallTimeCap, settings.prices());
    }

    /** The bytes under the URI (one object or a prefix); none there is the request's error, naming the field. */
    static long datasetBytes(S3Client s3, String uri, boolean fromRequest) {
        URI parsed = URI.create(uri);
        String bucket = parsed.getHost();
        String key = parsed.getPath().startsWith("/") ? parsed.getPath().substring(1) : parsed.getPath();
        List<S3Object> objects = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(key)).contents().forEach(objects::add);
        if (objects.isEmpty()) {
            throw new InvalidInput(List.of(fromRequest
                    ? "field '" + TrainRequest.DATASET + "': no object at " + Payload.show(uri)
                    : "field '" + TrainRequest.SPEC_ID + "': the spec's dataset has no object at " + Payload.show(uri)));
        }
        return objects.stream().mapToLong(S3Object::size).sum();
    }
}
