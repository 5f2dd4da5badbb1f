package io.saturdayzoo.core.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.saturdayzoo.core.json.ZooJson;
import io.saturdayzoo.core.registry.RegistryTable;
import io.saturdayzoo.core.registry.RegistryTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable row per on-demand training request, dry runs included: who asked, what they asked, what came back
 * or why it failed, and what it cost. {@code LEDGER#{period} / AUDIT#{at}#{request_id}}, put if absent: a replay of
 * the same request's record is refused and the first row stands. The same fields go to the log as one JSON line.
 */
public final class LedgerAudit {

    static final String AUDIT_PREFIX = "AUDIT#";
    /** Fixed width, so rows of one second sort in time order. */
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(LedgerAudit.class);

    /** The fields of a record, as the row, the log line and the ledger listing name them. */
    public static final String REQUEST_ID = "request_id";
    public static final String CALLER = "caller";
    public static final String OUTCOME = "outcome";
    public static final String INPUTS = "inputs";
    public static final String OUTPUTS = "outputs";
    public static final String ERROR = "error";
    public static final String ALLOCATION_ID = "allocation_id";
    public static final String ESTIMATED_USD = "estimated_usd";
    public static final String SETTLED_USD = "settled_usd";
    public static final String AT_FIELD = "at";
    static final List<String> FIELDS = List.of(REQUEST_ID, CALLER, OUTCOME, INPUTS, OUTPUTS, ERROR, ALLOCATION_ID,
            ESTIMATED_USD, SETTLED_USD);

    /** How a request ended. */
    public enum Outcome { TRAINED, DRY_RUN, FAILED }

    private final RegistryTable registryTable;
    private final Clock clock;

    public LedgerAudit(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    public LedgerAudit(DynamoDbClient dynamo, String table, Clock clock) {
        this.registryTable = new RegistryTable(dynamo, table);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes the request's row (once: a second record of the same request id is refused) and its log line.
     *
     * @param fields the record's fields by the names above; values are JSON-able (maps, lists, strings, numbers)
     * @return the record as written, with its {@code at}
     * @throws IllegalStateException when the request already has a row
     */
    public Map<String, Object> record(String requestId, Outcome outcome, Map<String, Object> fields) {
        Instant now = clock.instant();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put(REQUEST_ID, requestId);
        record.put(OUTCOME, outcome.name());
        record.put(AT_FIELD, AT.format(now));
        fields.forEach((name, value) -> {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("audit field '" + name + "': not one of " + FIELDS);
            }
            if (value != null) {
                record.putIfAbsent(name, value);
            }
        });
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RegistryTables.PK, CostLedger.s(CostLedger.pk(AllocationId.period(now))));
        item.put(RegistryTables.SK, CostLedger.s(AUDIT_PREFIX + AT.format(now) + "#" + requestId));
        item.put("record", CostLedger.s(json(record)));
        item.put(REQUEST_ID, CostLedger.s(requestId));
        item.put(CALLER, CostLedger.s(String.valueOf(record.get(CALLER))));
        item.put(OUTCOME, CostLedger.s(outcome.name()));
        // the request id is the row's identity: a replay of the same record must not write a second row
        if (!registryTable.putIfAbsent(item)) {
            throw new IllegalStateException("request " + requestId + ": its audit row already stands");
        }
        LOG.info(json(Map.of("ledger_audit", record)));
        return record;
    }

    /** Every audit record of a period, oldest first. */
    public List<Map<String, Object>> records(String period) {
        return registryTable.queryAll(CostLedger.pk(period), AUDIT_PREFIX).stream()
                .map(item -> read(item.get("record").s())).toList();
    }

    private static String json(Object value) {
        try {
            return ZooJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit record is not JSON-able: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String json) {
        try {
            return ZooJson.mapper().readValue(json, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit row's record is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
