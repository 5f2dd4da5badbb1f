package io.saturdayzoo.core.registry;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The LATEST rows (newest version number per label), spread over {@link #SHARDS} partitions
 * {@code LATEST#{crc32(label) mod SHARDS}} so that thousands of labels never sit in one partition: one DynamoDB
 * partition serves at most 3,000 reads and 1,000 writes a second, and a Saturday registering 1,000 candidates at
 * once would write them all to it.
 * <p>A reader finds every shard by querying each of them (the shard count is this constant, never stored), in pages
 * of at most {@link #PAGE_SIZE} rows. Rows written before sharding sit in the one partition {@code LATEST}: readers
 * query it too (one more Query), a sharded row wins over a pre-shard one, and a label's next registration writes its
 * row into its shard, conditional on no sharded row existing yet. The pre-shard row is left in place, read and
 * overruled: the registry's role deletes nothing. So nothing is migrated by hand and no label is ever missed.
 */
public final class LatestShards {

    /**
     * Sixteen: 10,000 labels are about 600 rows (~150 KB) per shard, one Query page each; 16 partitions take 16,000
     * writes a second; and a full read is 17 Queries, still O(1) requests beside the O(labels) batched version gets.
     */
    public static final int SHARDS = 16;
    /** Rows per Query page: bounded, and under DynamoDB's 1 MB page for LATEST rows of any label length. */
    public static final int PAGE_SIZE = 1000;
    /** The partition every LATEST row sat in before sharding. */
    static final String UNSHARDED_PK = VersionItems.LATEST_PK;

    private final RegistryTable table;

    LatestShards(RegistryTable table) {
        this.table = table;
    }

    /** The partition holding {@code label}'s LATEST row: CRC-32 of its UTF-8 bytes, so any language computes it. */
    public static String partitionOf(String label) {
        CRC32 crc = new CRC32();
        crc.update(label.getBytes(StandardCharsets.UTF_8));
        return UNSHARDED_PK + "#" + (crc.getValue() % SHARDS);
    }

    /** Every shard's partition key, then the pre-shard one: what a full read queries. */
    static List<String> partitions() {
        List<String> pks = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            pks.add(UNSHARDED_PK + "#" + shard);
        }
        pks.add(UNSHARDED_PK);
        return pks;
    }

    /** A label's row as it is now: its shard's, else the pre-shard one, else none. */
    Optional<Row> current(String label) {
        Optional<Map<String, AttributeValue>> sharded = table.getItem(partitionOf(label), label);
        if (sharded.isPresent()) {
            return sharded.map(item -> new Row(item, false));
        }
        return table.getItem(UNSHARDED_PK, label).map(item -> new Row(item, true));
    }

    /** Every label's row, sharded rows winning over pre-shard ones, in label order within each shard. */
    List<Map<String, AttributeValue>> all() {
        Map<String, Map<String, AttributeValue>> byLabel = new LinkedHashMap<>();
        for (String pk : partitions()) {
            for (Map<String, AttributeValue> row : table.queryAll(pk, null, PAGE_SIZE)) {
                byLabel.putIfAbsent(VersionItems.str(row, "label"), row);
            }
        }
        return List.copyOf(byLabel.values());
    }

    /**
     * The write that makes {@code v} its label's newest version, given the row {@code previous} read: a put on the
     * label's shard, conditional on that row not having moved (on no sharded row yet, when it read none or a
     * pre-shard one).
     */
    List<TransactWriteItem> advance(ModelVersion v, Optional<Row> previous) {
        Put.Builder put = Put.builder().tableName(table.name()).item(row(v));
        if (previous.isEmpty() || previous.get().unsharded()) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("version_number = :previous")
                    .expressionAttributeValues(Map.of(":previous", VersionItems.n(previous.get().versionNumber())));
        }
        return List.of(TransactWriteItem.builder().put(put.build()).build());
    }

    /** The LATEST row naming {@code v}, in its label's shard. */
    static Map<String, AttributeValue> row(ModelVersion v) {
        return VersionItems.latestItem(v);
    }

    /** A LATEST row and whether it still sits in the pre-shard partition. */
    record Row(Map<String, AttributeValue> item, boolean unsharded) {
        int versionNumber() {
            return VersionItems.intAttr(item, "version_number");
        }
    }
}
