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
import io.saturdayzoo.lambdas.common.ZooHandler;
import org.slf4j.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TrainModelVersion's ledger states, chosen by "operation":
 * <ul>
 * <li>"reserve" {"execution_id", "plan"}: holds the plan's estimate against the period's budget. Out:
 *     {"allocation_id", "estimated_usd"}; error "BudgetExceeded" naming the remaining budget.</li>
 * <li>"reserve_spec" {"execution_id", "caller", "spec": {"spec_id", ...}, "job_size": {"vcpus", "memory_gib",
 *     "wall_time_cap_minutes"}, "node_size": {"vcpus", "memory_gib"}}: Saturday's reservation for one rotation
 *     item, the spec's estimate at the size its job really runs at (the trainer job definition's; a multi-node
 *     spec's nodes times their size), once per execution and spec. Out: {"allocation_id", "estimated_usd",
 *     "vcpus", "memory_gib"} (the size settle prices the job at); error "BudgetExceeded".</li>
 * <li>"settle" {"allocation_id", "plan", "job": {"job_id", "started_at", "stopped_at"}} (Batch's epoch
 *     milliseconds): books the job's real cost. Out: {"allocation_id", "settled_usd"}.</li>
 * <li>"release" {"allocation_id", "reason"}: gives the reservation back. Out: {"allocation_id", "state"}.</li>
 * <li>"record" {"execution_id", "execution_arn", "outcome": TRAINED|DRY_RUN|FAILED, "input", "plan"?,
 *     "allocation"?, "settlement"?, "registered"?, "error"?}: the request's audit row and log line; a trained
 *     version gets its allocation and cost stamped and a "ModelVersionTrained" event. Out: what the caller gets
 *     back (the execution's output).</li>
 * </ul>
 */
public final class TrainingLedgerHandler extends ZooHandler {

    public static final String RESERVE = "reserve";
    public static final String RESERVE_SPEC = "reserve_spec";
    public static final String SETTLE = "settle";
    public static final String RELEASE = "release";
    public static final String RECORD = "record";
    /** reserve_spec's "job_size" field: the job definition's attempt timeout, the most a job can run. */
    private static final String WALL_TIME_CAP_MINUTES = "wall_time_cap_minutes";
    private static final List<String> OPERATIONS = List.of(RESERVE, RESERVE_SPEC, SETTLE, RELEASE, RECORD);
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLedgerHandler.class);

    private final CostLedger ledger;
    private final LedgerAudit audit;
    private final ModelRegistry registry;
    private final EventPublisher events;
    private final OnDemandSettings settings;
    private final String region;
    private final ZooCatalog catalog;
    private final S3Client s3;

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
    protected Map<String, Object> handle(Payload payload) {
        String operation = payload.requiredText("operation");
        return switch (operation) {
            case RESERVE -> reserve(payload);
            case RESERVE_SPEC -> reserveSpec(payload);
            case SETTLE -> settle(payload);
            case RELEASE -> release(payload);
            case RECORD -> record(payload);
            default -> throw new InvalidPayload("field 'operation': unknown operation " + Payload.show(operation)
                    + " (expected one of " + String.join(", ", OPERATIONS) + ")");
        };
    }

    private Map<String, Object> reserve(Payload payload) {
        Payload plan = object(payload, "plan");
        BigDecimal estimate = new BigDecimal(object(plan, "estimate").requiredText("estimated_usd"));
        Allocation allocation;
        try {
            allocation = ledger.reserve(settings.budgetUsd(), estimate, plan.requiredText("caller"),
                    plan.requiredText("spec_id"), payload.requiredText("execution_id"));
        } catch (io.saturdayzoo.core.ledger.BudgetExceeded refusal) {
            throw new BudgetExceeded(refusal);
        }
        return Map.of("allocation_id", allocation.id(), "estimated_usd", allocation.estimatedUsd().toPlainString());
    }

    private Map<String, Object> reserveSpec(Payload payload) {
        String specId = object(payload, "spec").requiredText("spec_id");
        ModelSpec spec = catalog.spec(specId).orElseThrow(() -> new InvalidPayload("field 'spec.spec_id': "
                + Payload.show(specId) + " is not in the catalog"));
        // the job's real size: the trainer job definition's, or its nodes' (the spec's node size over the stack's)
        Payload job = object(payload, "job_size");
        int vcpus = job.requiredPositiveInt(NodeSize.VCPUS);
        int memoryGib = job.requiredPositiveInt(NodeSize.MEMORY_GIB);
        if (spec.isMultiNode()) {
            Payload node = object(payload, "node_size");
            vcpus = spec.nodes() * Optional.ofNullable(spec.node().vcpus())
                    .orElseGet(() -> node.requiredPositiveInt(NodeSize.VCPUS));
            memoryGib = spec.nodes() * Optional.ofNullable(spec.node().memoryGib())
                    .orElseGet(() -> node.requiredPositiveInt(NodeSize.MEMORY_GIB));
        }
        long bytes = PlanTrainingHandler.datasetBytes(s3, spec.dataset().uri(), false);
        CostEstimate estimate = PlanTrainingHandler.estimate(spec, spec.params(), bytes, vcpus, memoryGib,
                Duration.ofMinutes(job.requiredPositiveInt(WALL_TIME_CAP_MINUTES)), settings);
        String executionId = payload.requiredText("execution_id");
        Allocation allocation;
        try {
            // once per execution and spec: a retried Task gets its first reservation back
            allocation = ledger.reserveOnce(executionId + "/" + specId, settings.budgetUsd(), estimate.usd(),
                    payload.requiredText("caller"), specId, executionId);
        } catch (io.saturdayzoo.core.ledger.BudgetExceeded refusal) {
            throw new BudgetExceeded(refusal);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allocation_id", allocation.id());
        out.put("estimated_usd", allocation.estimatedUsd().toPlainString());
        out.put("vcpus", vcpus);
        out.put("memory_gib", memoryGib);
        return out;
    }

    private Map<String, Object> settle(Payload payload) {
        String allocationId = payload.requiredText("allocation_id");
        Payload plan = object(payload, "plan");
        Payload job = object(payload, "job");
        Instant started = epochMillis(job, "started_at");
        Instant stopped = epochMillis(job, "stopped_at");
        BigDecimal cost = settings.prices().cost(plan.requiredPositiveInt("vcpus"), plan.requiredPositiveInt(
                "memory_gib"), Duration.between(started, stopped));
        Allocation settled = ledger.settle(allocationId, cost, job.optionalText("job_id").orElse(null), started,
                stopped);
        return Map.of("allocation_id", settled.id(), "state", settled.state().name(),
                "settled_usd", settled.settledUsd() == null ? "0" : settled.settledUsd().toPlainString());
    }

    private Map<String, Object> release(Payload payload) {
        Allocation released = ledger.release(payload.requiredText("allocation_id"),
                payload.optionalText("reason").orElse("the training failed"));
        return Map.of("allocation_id", released.id(), "state", released.state().name());
    }

    private Map<String, Object> record(Payload payload) {
        String executionId = payload.requiredText("execution_id");
        LedgerAudit.Outcome outcome;
        try {
            outcome = LedgerAudit.Outcome.valueOf(payload.requiredText("outcome"));
        } catch (IllegalArgumentException e) {
            throw new InvalidPayload("field 'outcome': expected one of TRAINED, DRY_RUN, FAILED, got "
                    + Payload.show(payload.get("outcome")));
        }
        Map<String, Object> plan = map(payload.get("plan"));
        Map<String, Object> input = map(payload.get("input"));
        Map<String, Object> allocation = map(payload.get("allocation"));
        Map<String, Object> settlement = map(payload.get("settlement"));
        Map<String, Object> registered = map(map(payload.get("registered")).get("registered"));
        Map<String, Object> estimate = map(plan.get("estimate"));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version_id", registered.get("version_id"));
        out.put("parent_version", registered.containsKey("parent_version_id") ? registered.get("parent_version_id")
                : plan.get("parent_version"));
        out.put("metrics", registered.get("metrics"));
        out.put("caller", plan.getOrDefault("caller", input.get(TrainRequest.CALLER)));
        out.put("dry_run", outcome == LedgerAudit.Outcome.DRY_RUN);
        out.put("allocation_id", allocation.get("allocation_id"));
        out.put("estimated_usd", estimate.get("estimated_usd"));
        out.put("settled_usd", settlement.get("settled_usd"));
        out.put("console_link", consoleLink(payload.optionalText("execution_arn").orElse(executionId)));
        if (payload.has("error")) {
            out.put("error", payload.get("error"));
        }

        if (outcome == LedgerAudit.Outcome.TRAINED && out.get("version_id") != null) {
            registry.recordSettledCost(String.valueOf(out.get("version_id")), String.valueOf(out.get(
                    "allocation_id")), new BigDecimal(String.valueOf(out.get("settled_usd"))));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(LedgerAudit.CALLER, out.get("caller"));
        fields.put(LedgerAudit.INPUTS, input);
        fields.put(LedgerAudit.OUTPUTS, outcome == LedgerAudit.Outcome.FAILED ? null : out);
        fields.put(LedgerAudit.ERROR, payload.get("error"));
        fields.put(LedgerAudit.ALLOCATION_ID, out.get("allocation_id"));
        fields.put(LedgerAudit.ESTIMATED_USD, out.get("estimated_usd"));
        fields.put(LedgerAudit.SETTLED_USD, out.get("settled_usd"));
        try {
            audit.record(executionId, outcome, fields);
        } catch (IllegalStateException replay) {
            // a retried record of the same execution: the first row stands and the answer is the same
            LOG.info("request {}: audit row already written", executionId);
        }
        if (outcome == LedgerAudit.Outcome.TRAINED) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("version_id", out.get("version_id"));
            detail.put("parent_version", out.get("parent_version"));
            detail.put("caller", out.get("caller"));
            detail.put("allocation_id", out.get("allocation_id"));
            detail.put("settled_usd", out.get("settled_usd"));
            events.publish(EventPublisher.MODEL_VERSION_TRAINED, detail);
        }
        return out;
    }

    private String consoleLink(String executionArn) {
        return "https://" + region + ".console.aws.amazon.com/states/home?region=" + region
                + "#/v2/executions/details/" + executionArn;
    }

    private static Payload object(Payload payload, String field) {
        if (!(payload.get(field) instanceof Map<?, ?> value)) {
            throw new InvalidPayload("field '" + field + "': expected an object, got " + Payload.show(
                    payload.get(field)));
        }
        return Payload.of(map(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Instant epochMillis(Payload job, String field) {
        Object value = job.get(field);
        if (value instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        throw new InvalidPayload("field 'job." + field + "': expected Batch's epoch milliseconds, got "
                + Payload.show(value));
    }
}
