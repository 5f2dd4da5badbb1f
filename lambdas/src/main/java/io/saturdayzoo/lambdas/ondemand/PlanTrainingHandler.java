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
import io.saturdayzoo.lambdas.common.PayloadJson;
import io.saturdayzoo.lambdas.common.TypedHandler;
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
 * <p>In: {@link PlanRequest}. Out: the {@link TrainingPlan} the later states read.
 * Errors: "InvalidInput" naming each bad field, "BudgetExceeded" (dry runs) naming the remaining budget.
 */
public final class PlanTrainingHandler extends TypedHandler<PlanRequest, TrainingPlan> {

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
    protected TrainingPlan answer(PlanRequest payload) {
        if (payload.input() == null) {
            throw new InvalidPayload("field 'input': missing (the state passes the execution input in it)");
        }
        String executionId = payload.executionId();
        TrainRequest request = TrainRequest.validate(PayloadJson.mapper().convertValue(payload.input(), Object.class),
                catalog, settings);
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

    private TrainingPlan plan(String executionId, TrainRequest request, Optional<ModelVersion> parent,
                              String datasetUri, CostEstimate estimate, String period) {
        return new TrainingPlan(
                request.toJson(),
                request.spec().id(),
                request.spec().label(),
                request.caller(),
                request.dryRun(),
                parent.map(ModelVersion::versionId).orElse(null),
                new TrainingPlan.Dataset(datasetUri, estimate.datasetBytes()),
                new TrainingPlan.Estimate(estimate.usd().toPlainString(), estimate.seconds(), estimate.iterations(),
                        estimate.fits(), period, ledger.remaining(period, settings.budgetUsd()).toPlainString()),
                request.vcpus(),
                request.memoryGib(),
                List.of(new TrainingPlan.BatchResource("VCPU", Integer.toString(request.vcpus())),
                        new TrainingPlan.BatchResource("MEMORY", Integer.toString(request.memoryGib() * 1024))),
                request.wallTimeCapMinutes() * 60,
                TrainerCommand.of(executionId, request, parent, datasetUri));
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
