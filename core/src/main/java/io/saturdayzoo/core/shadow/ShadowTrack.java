package io.saturdayzoo.core.shadow;

import io.saturdayzoo.core.registry.RegistryException;
import io.saturdayzoo.core.registry.RegistryTables;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * The shadow track record in the registry table: one {@code SHADOW} item per version and ISO week,
 * {@code SHADOW#{versionId} / W#{2026-W50}}, so a version's record is one Query, in week order.
 * Recording is idempotent per week: the first score of a (version, week) stands and a re-run of that week changes
 * nothing.
 */
public final class ShadowTrack {

    static final String PK_PREFIX = "SHADOW#";
    static final String SK_PREFIX = "W#";

    private final DynamoDbClient dynamo;
    private final String table;

    public ShadowTrack(DynamoDbClient dynamo, String table) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** @return true when this (version, week) was recorded now, false when it already had its score */
    public boolean record(ShadowScore score) {
        IsoWeek.parse(score.week());
        for (Map.Entry<String, Double> m : score.metrics().entrySet()) {
            if (m.getValue() == null || !Double.isFinite(m.getValue())) {
                throw new IllegalArgumentException("shadow score of " + score.versionId() + " in " + score.week()
                        + ": metric '" + m.getKey() + "' must be a finite number, got " + m.getValue());
            }
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RegistryTables.PK, AttributeValue.fromS(PK_PREFIX + score.versionId()));
        item.put(RegistryTables.SK, AttributeValue.fromS(SK_PREFIX + score.week()));
        item.put("version_id", AttributeValue.fromS(score.versionId()));
        item.put("label", AttributeValue.fromS(score.label()));
        item.put("spec_id", AttributeValue.fromS(score.specId()));
        item.put("week", AttributeValue.fromS(score.week()));
        Map<String, AttributeValue> metrics = new HashMap<>();
        score.metrics().forEach((k, v) -> metrics.put(k, AttributeValue.fromN(Double.toString(v))));
        item.put("metrics", AttributeValue.fromM(metrics));
        item.put("rows", AttributeValue.fromN(Integer.toString(score.rows())));
        item.put("execution_id", AttributeValue.fromS(score.executionId()));
        item.put("scored_at", AttributeValue.fromS(score.scoredAt().toString()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException alreadyScored) {
            return false;
        } catch (SdkException e) {
            throw new RegistryException("cannot record the shadow score of " + score.versionId() + " in "
                    + score.week() + " in table " + table + ": " + e.getMessage(), e);
        }
    }

    /** A version's shadow scores, oldest week first (empty when it has none). */
    public List<ShadowScore> shadowScores(String versionId) {
        QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :w)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(PK_PREFIX + versionId),
                        ":w", AttributeValue.fromS(SK_PREFIX)))
                .build();
        List<ShadowScore> out = new ArrayList<>();
        try {
            for (QueryResponse page : dynamo.queryPaginator(request)) {
                page.items().forEach(i -> out.add(fromItem(i)));
            }
        } catch (SdkException e) {
            throw new RegistryException("cannot read the shadow scores of " + versionId + " from " + table + ": "
                    + e.getMessage(), e);
        }
        return out;
    }

    /** The ISO weeks both versions have a shadow score for, oldest first: the gate's common window. */
    public List<String> sharedWeeks(String versionA, String versionB) {
        return shared(versionA, versionB).weeks();
    }

    /**
     * Two versions on the weeks they share.
     *
     * @param weeks    the ISO weeks both have a score for, oldest first
     * @param meanAucA version A's mean AUC over those weeks; null when no shared week has its AUC
     * @param meanAucB version B's, likewise
     */
    public record Shared(List<String> weeks, Double meanAucA, Double meanAucB) {
    }

    /** The weeks two versions share and each one's mean AUC over them (two Queries). */
    public Shared shared(String versionA, String versionB) {
        Map<String, ShadowScore> a = byWeek(versionA);
        Map<String, ShadowScore> b = byWeek(versionB);
        TreeSet<String> weeks = new TreeSet<>(a.keySet());
        weeks.retainAll(b.keySet());
        return new Shared(List.copyOf(weeks), meanAuc(weeks, a), meanAuc(weeks, b));
    }

    private Map<String, ShadowScore> byWeek(String versionId) {
        Map<String, ShadowScore> out = new HashMap<>();
        shadowScores(versionId).forEach(s -> out.put(s.week(), s));
        return out;
    }

    private static Double meanAuc(TreeSet<String> weeks, Map<String, ShadowScore> scores) {
        OptionalDouble mean = weeks.stream().map(w -> scores.get(w).metrics().get(ShadowScore.AUC))
                .filter(Objects::nonNull).mapToDouble(Double::doubleValue).average();
        return mean.isPresent() ? mean.getAsDouble() : null;
    }

    private static ShadowScore fromItem(Map<String, AttributeValue> i) {
        Map<String, Double> metrics = new HashMap<>();
        i.get("metrics").m().forEach((k, v) -> metrics.put(k, Double.valueOf(v.n())));
        return new ShadowScore(i.get("version_id").s(), i.get("label").s(), i.get("spec_id").s(), i.get("week").s(),
                metrics, Integer.parseInt(i.get("rows").n()), i.get("execution_id").s(),
                Instant.parse(i.get("scored_at").s()));
    }
}
