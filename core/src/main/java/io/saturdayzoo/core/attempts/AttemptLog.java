package io.saturdayzoo.core.attempts;

import io.saturdayzoo.core.registry.RegistryException;
import io.saturdayzoo.core.registry.RegistryTables;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Each spec's attempt summary ({@link SpecAttempts}) in the registry table, one item per spec:
 * {@code SPEC#{specId} / ATTEMPTS}. Written by registration, which knows every training item's outcome; read by
 * rotation in batches of 100 keys, O(specs) items whatever the history length, each spec in its own partition.
 * <p>Recording is idempotent per execution (an execution's second report for a spec changes nothing) and
 * conditional on the item read, so two writers never lose an attempt.
 */
public final class AttemptLog {

    static final String SK = "ATTEMPTS";
    /** An error is kept to this many characters: enough to name the cause in a WARN and an alert. */
    static final int MAX_ERROR_CHARS = 500;
    private static final int BATCH_GET_LIMIT = 100;
    private static final int MAX_WRITE_ATTEMPTS = 16;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public AttemptLog(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    public AttemptLog(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static String pk(String specId) {
        return "SPEC#" + specId;
    }

    /**
     * Records one attempt of a spec in an execution.
     *
     * @param specHash the {@link SpecFingerprint} of the entry that was trained
     * @param error    why it failed (ignored for OK)
     * @return the summary after this attempt (or as it stood, when this execution already recorded one)
     */
    public SpecAttempts record(String executionId, String specId, String specHash, SpecAttempts.Outcome outcome,
                               String error) {
        Objects.requireNonNull(outcome, "outcome");
        for (int attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> item = read(specId);
            SpecAttempts current = item == null ? SpecAttempts.none(specId) : fromItem(item);
            if (executionId.equals(current.lastExecution())) {
                return current; // this execution's attempt is already counted
            }
            SpecAttempts next = current.next(executionId, specHash, outcome, shorten(error), clock.instant());
            PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(toItem(next));
            if (item == null) {
                put.conditionExpression("attribute_not_exists(pk)");
            } else {
                put.conditionExpression("last_execution = :read")
                        .expressionAttributeValues(Map.of(":read", AttributeValue.fromS(current.lastExecution())));
            }
            try {
                dynamo.putItem(put.build());
                return next;
            } catch (ConditionalCheckFailedException raced) {
                // another execution recorded an attempt since we read: read again and count ours on top
            } catch (SdkException e) {
                throw new RegistryException("cannot record the attempt of spec '" + specId + "' in execution '"
                        + executionId + "' in table " + table + ": " + e.getMessage(), e);
            }
        }
        throw new RegistryException("cannot record the attempt of spec '" + specId + "': still contended after "
                + MAX_WRITE_ATTEMPTS + " attempts");
    }

    /** The summaries of these specs (a spec never attempted is absent), read in batches of 100 keys. */
    public Map<String, SpecAttempts> summaries(Collection<String> specIds) {
        List<Map<String, AttributeValue>> keys = new LinkedHashSet<>(specIds).stream().map(AttemptLog::key).toList();
        Map<String, SpecAttempts> out = new TreeMap<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            Map<String, KeysAndAttributes> pending = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT))).consistentRead(true)
                    .build());
            for (int round = 1; !pending.isEmpty(); round++) {
                if (round > MAX_WRITE_ATTEMPTS) {
                    throw new RegistryException("cannot read attempt summaries from " + table
                            + ": keys still unprocessed after " + MAX_WRITE_ATTEMPTS + " rounds");
                }
                Map<String, KeysAndAttributes> request = pending;
                try {
                    var response = dynamo.batchGetItem(b -> b.requestItems(request));
                    response.responses().getOrDefault(table, List.of())
                            .forEach(i -> out.put(i.get("spec_id").s(), fromItem(i)));
                    pending = response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
                } catch (SdkException e) {
                    throw new RegistryException("cannot read attempt summaries from " + table + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private Map<String, AttributeValue> read(String specId) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(key(specId))).item();
            return item == null || item.isEmpty() ? null : item;
        } catch (SdkException e) {
            throw new RegistryException("cannot read the attempts of spec '" + specId + "' from " + table + ": "
                    + e.getMessage(), e);
        }
    }

    private static Map<String, AttributeValue> key(String specId) {
        return Map.of(RegistryTables.PK, AttributeValue.fromS(pk(specId)), RegistryTables.SK, AttributeValue.fromS(SK));
    }

    private static Map<String, AttributeValue> toItem(SpecAttempts a) {
        Map<String, AttributeValue> item = new HashMap<>(key(a.specId()));
        item.put("spec_id", AttributeValue.fromS(a.specId()));
        item.put("consecutive_failures", AttributeValue.fromN(Integer.toString(a.consecutiveFailures())));
        item.put("last_execution", AttributeValue.fromS(a.lastExecution()));
        item.put("last_outcome", AttributeValue.fromS(a.lastOutcome().name()));
        item.put("spec_hash", AttributeValue.fromS(a.specHash()));
        item.put("updated_at", AttributeValue.fromS(a.updatedAt().toString()));
        if (a.lastError() != null) {
            item.put("last_error", AttributeValue.fromS(a.lastError()));
        }
        return item;
    }

    private static SpecAttempts fromItem(Map<String, AttributeValue> item) {
        AttributeValue error = item.get("last_error");
        return new SpecAttempts(item.get("spec_id").s(), Integer.parseInt(item.get("consecutive_failures").n()),
                error == null ? null : error.s(), item.get("last_execution").s(),
                SpecAttempts.Outcome.valueOf(item.get("last_outcome").s()), item.get("spec_hash").s(),
                Instant.parse(item.get("updated_at").s()));
    }

    private static String shorten(String error) {
        String text = error == null || error.isBlank() ? "no error recorded" : error.strip();
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "...";
    }
}
