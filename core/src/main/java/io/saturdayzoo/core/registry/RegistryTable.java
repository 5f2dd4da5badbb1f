package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.aws.ZooEnv;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one gateway to the registry's table, for every partition in it (versions, LATEST shards, the cost ledger):
 * consistent reads (one item, a partition's pages, batched gets with their unprocessed keys retried), put-if-absent,
 * the transaction every multi-row write goes through, and the bounded full-jitter backoff its contended writers
 * share. It knows keys and items, not versions ({@link VersionItems} maps those) nor allocations.
 */
public final class RegistryTable {

    /** How often a contended write or an unprocessed batch is tried before the registry gives up. */
    static final int MAX_ATTEMPTS = 64;
    private static final long BACKOFF_BASE_MILLIS = 5;
    private static final long BACKOFF_CAP_MILLIS = 250;
    private static final int BATCH_GET_LIMIT = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    public RegistryTable(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException(ZooEnv.TABLE + ": table name is missing");
        }
        this.table = table;
    }

    public String name() {
        return table;
    }

    DynamoDbClient client() {
        return dynamo;
    }

    /** The item at this key, read consistently. */
    public Optional<Map<String, AttributeValue>> getItem(String pk, String sk) {
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(VersionItems.key(pk, sk))).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
        } catch (SdkException e) {
            throw new RegistryException("cannot read registry table " + table + " (" + pk + " / " + sk + "): "
                    + e.getMessage(), e);
        }
    }

    /** Every item of a partition whose sort key starts with {@code skPrefix} (null: all), in sort-key order. */
    public List<Map<String, AttributeValue>> queryAll(String pk, String skPrefix) {
        return queryAll(pk, skPrefix, null);
    }

    /** As {@link #queryAll(String, String)}, read in pages of at most {@code pageSize} items (null: DynamoDB's 1 MB). */
    List<Map<String, AttributeValue>> queryAll(String pk, String skPrefix, Integer pageSize) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", VersionItems.s(pk));
        String condition = RegistryTables.PK + " = :pk";
        if (skPrefix != null) {
            condition += " AND begins_with(" + RegistryTables.SK + ", :prefix)";
            values.put(":prefix", VersionItems.s(skPrefix));
        }
        QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true).limit(pageSize)
                .keyConditionExpression(condition).expressionAttributeValues(values).build();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        try {
            for (QueryResponse page : dynamo.queryPaginator(request)) {
                items.addAll(page.items());
            }
        } catch (SdkException e) {
            throw new RegistryException("cannot query registry table " + table + " (" + pk + "): " + e.getMessage(), e);
        }
        return items;
    }

    /** The items of these keys that exist, 100 keys a request, unprocessed keys retried with backoff. */
    List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> chunk = keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT));
            Map<String, KeysAndAttributes> pending = Map.of(table,
                    KeysAndAttributes.builder().keys(chunk).consistentRead(true).build());
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > MAX_ATTEMPTS) {
                    throw new RegistryException("cannot read registry table " + table + ": keys still unprocessed after "
                            + MAX_ATTEMPTS + " attempts");
                }
                Map<String, KeysAndAttributes> request = pending;
                try {
                    var response = dynamo.batchGetItem(b -> b.requestItems(request));
                    out.addAll(response.responses().getOrDefault(table, List.of()));
                    pending = response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
                } catch (SdkException e) {
                    throw new RegistryException("cannot read registry table " + table + ": " + e.getMessage(), e);
                }
                if (!pending.isEmpty()) {
                    backoff(attempt);
                }
            }
        }
        return out;
    }

    /**
     * Writes all or nothing. A failed condition surfaces as the SDK's {@code TransactionCanceledException} (its
     * reasons in {@code writes} order) for the caller to read again and decide; any other SDK failure is left to the
     * caller to word.
     */
    public void transact(List<TransactWriteItem> writes) {
        dynamo.transactWriteItems(b -> b.transactItems(writes));
    }

    /**
     * Puts the item unless an item with its key already stands.
     *
     * @return false when one stood (nothing was written)
     */
    public boolean putIfAbsent(Map<String, AttributeValue> item) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(" + RegistryTables.PK + ")"));
            return true;
        } catch (ConditionalCheckFailedException alreadyThere) {
            return false;
        } catch (SdkException e) {
            throw new RegistryException("cannot write registry table " + table + ": " + e.getMessage(), e);
        }
    }

    /** The key of the item at {@code pk} / {@code sk}. */
    public static Map<String, AttributeValue> key(String pk, String sk) {
        return VersionItems.key(pk, sk);
    }

    static void backoff(int attempt) {
        long cap = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1)); // full jitter: contenders spread out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while retrying a contended registry write", e);
        }
    }
}
