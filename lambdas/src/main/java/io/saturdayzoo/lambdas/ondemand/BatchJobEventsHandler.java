package io.saturdayzoo.lambdas.ondemand;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.aws.ZooEnv;
import io.saturdayzoo.core.ledger.Allocation;
import io.saturdayzoo.core.ledger.AllocationId;
import io.saturdayzoo.core.ledger.CostLedger;
import io.saturdayzoo.core.ledger.OnDemandSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The event bus's consumer of Batch "Job State Change" events (SUCCEEDED or FAILED, this stack's queues): settles
 * or releases the job's ledger allocation, so the ledger closes even when nobody's execution is left to do it
 * (stopped from the console, or the state machine's own settle failed). A job without an allocation (the weekly
 * Saturday's) is skipped; an allocation already closed stays as it is.
 * <p>Takes aws-lambda-java-events' {@link ScheduledEvent}, the package's type for any EventBridge event.
 * Out: {"allocation_id", "state"} or {"skipped": reason}.
 */
public final class BatchJobEventsHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {

    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    private static final Logger LOG = LoggerFactory.getLogger(BatchJobEventsHandler.class);

    private final CostLedger ledger;
    private final OnDemandSettings settings;

    public BatchJobEventsHandler() {
        this(System.getenv());
    }

    public BatchJobEventsHandler(Map<String, String> env) {
        this.ledger = new CostLedger(AwsClients.dynamoDb(env), ZooEnv.from(env).table());
        this.settings = OnDemandSettings.fromEnv(env);
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        Map<String, Object> detail = event.getDetail() == null ? Map.of() : event.getDetail();
        String status = String.valueOf(detail.get("status"));
        String jobId = String.valueOf(detail.get("jobId"));
        Object allocationId = map(detail.get("parameters")).get(AllocationId.JOB_PARAMETER);
        if (allocationId == null) {
            return Map.of("skipped", "job " + jobId + " carries no " + AllocationId.JOB_PARAMETER);
        }
        Allocation closed = switch (status) {
            case SUCCEEDED -> {
                Instant started = Instant.ofEpochMilli(number(detail, "startedAt"));
                Instant stopped = Instant.ofEpochMilli(number(detail, "stoppedAt"));
                BigDecimal cost = settings.prices().cost(resource(detail, "VCPU", settings.defaultVcpus()),
                        resource(detail, "MEMORY", settings.defaultMemoryGib() * 1024) / 1024d,
                        Duration.between(started, stopped));
                yield ledger.settle(allocationId.toString(), cost, jobId, started, stopped);
            }
            case FAILED -> ledger.release(allocationId.toString(), "Batch job " + jobId + " FAILED: "
                    + detail.getOrDefault("statusReason", "no reason given"));
            default -> null;
        };
        if (closed == null) {
            return Map.of("skipped", "job " + jobId + " is " + status + ", not SUCCEEDED or FAILED");
        }
        LOG.info("job {} {}: allocation {} is {}", jobId, status, closed.id(), closed.state());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allocation_id", closed.id());
        out.put("state", closed.state().name());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static long number(Map<String, Object> detail, String field) {
        if (detail.get(field) instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("event detail '" + field + "': expected epoch milliseconds, got "
                + detail.get(field));
    }

    /** A container resource requirement's value ("VCPU" in vCPUs, "MEMORY" in MiB), or the fallback. */
    private static int resource(Map<String, Object> detail, String type, int fallback) {
        Object requirements = map(detail.get("container")).get("resourceRequirements");
        if (requirements instanceof List<?> list) {
            for (Object r : list) {
                Map<String, Object> requirement = map(r);
                if (type.equals(requirement.get("type"))) {
                    return (int) Double.parseDouble(String.valueOf(requirement.get("value")));
                }
            }
        }
        return fallback;
    }
}
