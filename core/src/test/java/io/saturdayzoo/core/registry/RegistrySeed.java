package io.saturdayzoo.core.registry;

import io.saturdayzoo.core.catalog.DatasetRef;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A registry of many labels written in bulk (BatchWriteItem, 25 items a request) with the registry's own item shapes
 * ({@link ModelRegistry#toItem}, {@link LatestShards#row}): label {@code label-%05d} of spec {@code spec-%05d} has
 * versions 1..n, the newest named by its LATEST row, completed one hour apart per label so staleness orders them.
 * What registering them one by one would leave, minus the artifacts, in a fraction of the requests.
 */
public final class RegistrySeed {

    private static final Instant FIRST = Instant.parse("2026-01-03T06:00:00Z");
    private static final int BATCH_WRITE_LIMIT = 25;

    private RegistrySeed() {
    }

    public static String label(int i) {
        return String.format("label-%05d", i);
    }

    public static String specId(int i) {
        return String.format("spec-%05d", i);
    }

    /** Writes {@code labels} labels with {@code versionsPerLabel} versions each; returns the items written. */
    public static int seed(DynamoDbClient dynamo, String table, int labels, int versionsPerLabel) {
        List<WriteRequest> pending = new ArrayList<>();
        int written = 0;
        for (int i = 0; i < labels; i++) {
            ModelVersion newest = null;
            for (int n = 1; n <= versionsPerLabel; n++) {
                newest = version(i, n);
                pending.add(put(VersionItems.toItem(newest)));
            }
            pending.add(put(LatestShards.row(newest)));
            if (pending.size() >= BATCH_WRITE_LIMIT) {
                written += flush(dynamo, table, pending);
            }
        }
        return written + flush(dynamo, table, pending);
    }

    /** Writes these versions' items (not their LATEST rows): an older history behind a label. */
    static void writeVersions(DynamoDbClient dynamo, String table, List<ModelVersion> versions) {
        List<WriteRequest> pending = new ArrayList<>();
        versions.forEach(v -> pending.add(put(VersionItems.toItem(v))));
        flush(dynamo, table, pending);
    }

    static ModelVersion version(int i, int n) {
        String label = label(i);
        Instant completed = FIRST.plusSeconds(3600L * i + 60L * n);
        return ModelVersion.builder()
                .label(label).specId(specId(i)).versionNumber(n).versionId(ModelVersion.versionId(label, n))
                .parentVersionId(n == 1 ? null : ModelVersion.versionId(label, n - 1)).lifecycle(Lifecycle.CANDIDATE)
                .codeCommit("seed").imageDigest("sha256:seed").params(Map.of("num_leaves", 31))
                .datasetRef(new DatasetRef("s3://seed/datasets/" + label + "/", "ts", "y")).metrics(Map.of("auc", 0.7))
                .startedAt(completed.minusSeconds(600)).completedAt(completed).trainedBy("seed-" + n)
                .artifactPrefix(ArtifactStore.modelPrefix(label, n))
                .build();
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }

    /** Writes everything pending in requests of 25, re-sending what DynamoDB leaves unprocessed. */
    private static int flush(DynamoDbClient dynamo, String table, List<WriteRequest> pending) {
        int count = pending.size();
        while (!pending.isEmpty()) {
            List<WriteRequest> chunk = new ArrayList<>(pending.subList(0, Math.min(BATCH_WRITE_LIMIT, pending.size())));
            pending.subList(0, chunk.size()).clear();
            var unprocessed = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, chunk))).unprocessedItems();
            if (unprocessed != null && unprocessed.containsKey(table)) {
                pending.addAll(unprocessed.get(table));
            }
        }
        return count;
    }
}
