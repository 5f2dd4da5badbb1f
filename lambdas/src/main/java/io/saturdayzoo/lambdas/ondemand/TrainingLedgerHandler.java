package io.saturdayzoo.lambdas.ondemand;

import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.catalog.ModelSpec;
import io.saturdayzoo.core.catalog.NodeSize;
import io.saturdayzoo.core.catalog.ZooCatalog;
import io.saturdayzoo.core.events.EventPublisher;
import io.saturdayzoo.core.events.EventPublishers;
import io.saturdayzoo.core.ledger.Allocation;
import io.saturdayzoo.core.ledger.CostEstimate;
import io.saturdayzoo.core.ledger.CostLedger;
import io.saturdayzoo.core.ledger.LedgerAudit;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import io.saturdayzoo.core.registry.ModelRegistry;
import io.saturdayzoo.lambdas.common.InvalidPayload;
import io.saturdayzoo.lambdas.common.Payload;
import io.saturdayzoo.lambdas.common.PayloadJson;
import io.saturdayzoo.lambdas.common.TypedHandler;
import org.slf4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * TrainModelVersion's ledger states, chosen by "operation" ({@link LedgerRequest}, answered by {@link LedgerAnswer}):
 * <ul>
 * <li>"reserve" {"execution_id", "plan"}: holds the plan's estimate against the period's budget. Out:
 *     {"allocation_id", "estimated_usd"}; error "BudgetExceeded" naming the remaining budget.</li>
 * <li>"reserve_spec" {"execution_id", "caller", "spec": {"spec_id", ...}, "job_size": {"vcpus", "memory_gib",
 *     "wall_time_cap_minutes"}, "node_size": {"vcpus", "memory_gib"}}: Saturday's reservation for one rotation
 *     item, the spec's estimate at the size its job really runs at (the trainer job definition's; a multi-node
 *     spec's nodes times their size), once per execution and spec. Out: {"allocation_id", "estimated_usd",
 *     "vcpus", "memory_gib"} (the size settle prices the job at); error "BudgetExceeded".</li>
 * <li>"settle" {"allocation_id", "plan", "job": {"job_id", "started_at", "stopped_at"}} (Batch's epoch
 *     milliseconds): books the job's real cost. Out: {"allocation_id", "state", "settled_usd"}.</li>
 * <li>"release" {"allocation_id", "reason"}: gives the reservation back. Out: {"allocation_id", "state"}.</li>
 * <li>"record" {"execution_id", "execution_arn", "outcome": TRAINED|DRY_RUN|FAILED, "input", "plan"?,
 *     "allocation"?, "settlement"?, "registered"?, "error"?}: the request's audit row and log line; a trained
 *     version gets its allocation and cost stamped and a "ModelVersionTrained" event. Out: what the caller gets
 *     back (the execution's output).</li>
 * </ul>
 */
public final class TrainingLedgerHandler extends TypedHandler<LedgerRequest<?>, LedgerAnswer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLedgerHandler.class);

    private final CostLedger ledger;
    private final LedgerAudit audit;
    private final ModelRegistry registry;
    private final EventPublisher events;
    private final OnDemandSettings settings;
    private final String region;
    private final ZooCatalog catalog;
    private final S3Client s3;
    private static final TrainingPlan EMPTY_PLAN = new TrainingPlan(null, null, null, null, null, null, null, null,
            null, null, null, null, null);

    public TrainingLedgerHandler() {
        this(System.getenv());
    }

    public TrainingLedgerHandler(Map<String, String> env) {
        this(env, EventPublishers.fromEnv(env));
    }

    public TrainingLedgerHandler(Map<String, String> env, EventPublisher events) {
        String table = ZooEnv.from(env).table();
        this.ledger = new CostLedger(AwsClients.dynamoDb(env), table);
        this.audit = new LedgerAudit(AwsClients.dynamoDb(env), table);
        this.registry = ModelRegistry.fromEnv(env);
        this.events = events;
        this.settings = OnDemandSettings.fromEnv(env);
        this.region = env.getOrDefault("AWS_REGION", "us-east-1");
        this.catalog = ZooCatalog.loadDefault(env);
        this.s3 = AwsClients.s3(env);
    }

    @Override
    protected LedgerAnswer answer(LedgerRequest<?> request) {
        if (request instanceof LedgerRequest.Reserve reserve) {
            return reserve(reserve);
        } else if (request instanceof LedgerRequest.ReserveSpec reserveSpec) {
            return reserveSpec(reserveSpec);
        } else if (request instanceof LedgerRequest.Settle settle) {
            return settle(settle);
        } else if (request instanceof LedgerRequest.Release release) {
            Allocation released = ledger.release(release.allocationId(),
                    release.reason() == null ? "the training failed" : release.reason());
            return new LedgerAnswer.Released(released.id(), released.state().name());
        }
        return record((LedgerRequest.Record) request);
    }

    private LedgerAnswer.Reserved reserve(LedgerRequest.Reserve request) {
        TrainingPlan plan = request.plan();
        String estimated = required(plan.estimate() == null ? null : plan.estimate().estimatedUsd(),
                "plan.estimate.estimated_usd");
        Allocation allocation;
        try {
            allocation = ledger.reserve(settings.budgetUsd(), new BigDecimal(estimated),
                    required(plan.caller(), "plan.caller"), required(plan.specId(), "plan.spec_id"),
                    request.executionId());
        } catch (io.saturdayzoo.core.ledger.BudgetExceeded refusal) {
            throw new BudgetExceeded(refusal);
        }
        return new LedgerAnswer.Reserved(allocation.id(), allocation.estimatedUsd().toPlainString());
    }

    private LedgerAnswer.SpecReserved reserveSpec(LedgerRequest.ReserveSpec request) {
        String specId = request.spec().specId();
        ModelSpec spec = catalog.spec(specId).orElseThrow(() -> new InvalidPayload("field 'spec.spec_id': "
                + Payload.show(specId) + " is not in the catalog"));
        // the job's real size: the trainer job definition's, or its nodes' (the spec's node size over the stack's)
        LedgerRequest.JobSize job = request.jobSize();
        int vcpus = job.vcpus();
        int memoryGib = job.memoryGib();
        if (spec.isMultiNode()) {
            LedgerRequest.Size node = required(request.nodeSize(), "node_size");
            vcpus = spec.nodes() * Optional.ofNullable(spec.node().vcpus())
                    .orElseGet(() -> required(node.vcpus(), "node_size.vcpus"));
            memoryGib = spec.nodes() * Optional.ofNullable(spec.node().memoryGib())
                    .orElseGet(() -> required(node.memoryGib(), "node_size.memory_gib"));
        }
        long bytes = PlanTrainingHandler.datasetBytes(s3, spec.dataset().uri(), false);
        CostEstimate estimate = PlanTrainingHandler.estimate(spec, spec.params(), bytes, vcpus, memoryGib,
                Duration.ofMinutes(job.wallTimeCapMinutes()), settings);
        Allocation allocation;
        try {
            // once per execution and spec: a retried Task gets its first reservation back
            allocation = ledger.reserveOnce(request.executionId() + "/" + specId, settings.budgetUsd(),
                    estimate.usd(), request.caller(), specId, request.executionId());
        } catch (io.saturdayzoo.core.ledger.BudgetExceeded refusal) {
            throw new BudgetExceeded(refusal);
        }
        return new LedgerAnswer.SpecReserved(allocation.id(), allocation.estimatedUsd().toPlainString(), vcpus,
                memoryGib);
    }

    private LedgerAnswer.Settled settle(LedgerRequest.Settle request) {
        TrainingPlan plan = request.plan();
        LedgerRequest.Job job = request.job();
        Instant started = Instant.ofEpochMilli(required(job.startedAt(), "job.started_at"));
        Instant stopped = Instant.ofEpochMilli(required(job.stoppedAt(), "job.stopped_at"));
        BigDecimal cost = settings.prices().cost(required(plan.vcpus(), "plan.vcpus"),
                required(plan.memoryGib(), "plan.memory_gib"), Duration.between(started, stopped));
        Allocation settled = ledger.settle(request.allocationId(), cost, job.jobId(), started, stopped);
        return new LedgerAnswer.Settled(settled.id(), settled.state().name(),
                settled.settledUsd() == null ? "0" : settled.settledUsd().toPlainString());
    }

    private LedgerAnswer.Recorded record(LedgerRequest.Record request) {
        String executionId = request.executionId();
        LedgerAudit.Outcome outcome = request.outcome();
        TrainingPlan plan = request.plan() == null ? EMPTY_PLAN : request.plan();
        Map<String, Object> input = request.input() != null && request.input().isObject()
                ? PayloadJson.mapper().convertValue(request.input(), Map.class) : Map.of();
        Map<String, Object> registered = request.registered() == null || request.registered().registered() == null
                ? Map.of() : request.registered().registered();

        LedgerAnswer.Recorded out = new LedgerAnswer.Recorded(
                (String) registered.get("version_id"),
                registered.containsKey("parent_version_id") ? (String) registered.get("parent_version_id")
                        : plan.parentVersion(),
                registered.get("metrics"),
                plan.caller() != null ? plan.caller() : callerAsGiven(input.get(TrainRequest.CALLER)),
                outcome == LedgerAudit.Outcome.DRY_RUN,
                request.allocation() == null ? null : request.allocation().allocationId(),
                plan.estimate() == null ? null : plan.estimate().estimatedUsd(),
                request.settlement() == null ? null : request.settlement().settledUsd(),
                consoleLink(request.executionArn() == null ? executionId : request.executionArn()),
                request.error());

        if (outcome == LedgerAudit.Outcome.TRAINED && out.versionId() != null) {
            registry.recordSettledCost(out.versionId(), String.valueOf(out.allocationId()),
                    new BigDecimal(String.valueOf(out.settledUsd())));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(LedgerAudit.CALLER, out.caller());
        fields.put(LedgerAudit.INPUTS, input);
        fields.put(LedgerAudit.OUTPUTS, outcome == LedgerAudit.Outcome.FAILED ? null : PayloadJson.write(out));
        fields.put(LedgerAudit.ERROR, request.error());
        fields.put(LedgerAudit.ALLOCATION_ID, out.allocationId());
        fields.put(LedgerAudit.ESTIMATED_USD, out.estimatedUsd());
        fields.put(LedgerAudit.SETTLED_USD, out.settledUsd());
        try {
            audit.record(executionId, outcome, fields);
        } catch (IllegalStateException replay) {
            // a retried record of the same execution: the first row stands and the answer is the same
            LOG.info("request {}: audit row already written", executionId);
        }
        if (outcome == LedgerAudit.Outcome.TRAINED) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("version_id", out.versionId());
            detail.put("parent_version", out.parentVersion());
            detail.put("caller", out.caller());
            detail.put("allocation_id", out.allocationId());
            detail.put("settled_usd", out.settledUsd());
            events.publish(EventPublisher.MODEL_VERSION_TRAINED, detail);
        }
        return out;
    }

    /** A request refused before its plan: the caller as the input gave it, shown as JSON when not a string. */
    private static String callerAsGiven(Object caller) {
        return caller == null || caller instanceof String ? (String) caller : Payload.show(caller);
    }

    /** A plan field an operation cannot do without (the plan's record lets all be absent: see TrainingPlan). */
    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidPayload("field '" + field + "': missing");
        }
        return value;
    }

    private String consoleLink(String executionArn) {
        return "https://" + region + ".console.aws.amazon.com/states/home?region=" + region
                + "#/v2/executions/details/" + executionArn;
    }

}
