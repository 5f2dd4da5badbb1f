package io.saturdayzoo.localstores;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Server-side record of every request the embedded engines received, in arrival order of completion.
 * Tests use it to prove what really reached the stores (e.g. "a rejected registration wrote nothing").
 */
public final class RequestJournal {

    /** One request as seen by the engine's HTTP front. */
    public record Entry(String service, String operation, String target, boolean write, int status) {
        /** True when the engine answered 2xx: the request took effect. */
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    public static final String DYNAMODB = "dynamodb";
    public static final String S3 = "s3";

    private static final Set<String> DYNAMODB_WRITES = Set.of(
            "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems",
            "CreateTable", "DeleteTable", "UpdateTable", "UpdateTimeToLive", "ExecuteStatement",
            "BatchExecuteStatement", "ExecuteTransaction", "TagResource", "UntagResource");

    private final List<Entry> entries = new ArrayList<>();

    /** Records a DynamoDB request by its X-Amz-Target operation (e.g. "DynamoDB_20120810.PutItem"). */
    void recordDynamoDb(String amzTarget, String tableName, int status) {
        String op = amzTarget == null ? "?" : amzTarget.substring(amzTarget.lastIndexOf('.') + 1);
        add(new Entry(DYNAMODB, op, tableName == null ? "" : tableName, DYNAMODB_WRITES.contains(op), status));
    }

    /** Records an S3 request as "METHOD /bucket/key". */
    void recordS3(String method, String path, int status) {
        String m = method.toUpperCase(Locale.ROOT);
        boolean write = m.equals("PUT") || m.equals("POST") || m.equals("DELETE");
        add(new Entry(S3, m + " " + path, path, write, status));
    }

    private synchronized void add(Entry e) {
        entries.add(e);
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Every write request (successful or not). */
    public List<Entry> writes() {
        return filter(Entry::write);
    }

    /** Write requests the engine accepted (2xx): what actually changed state. */
    public List<Entry> successfulWrites() {
        return filter(e -> e.write() && e.succeeded());
    }

    public List<Entry> filter(Predicate<Entry> predicate) {
        return entries().stream().filter(predicate).toList();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
