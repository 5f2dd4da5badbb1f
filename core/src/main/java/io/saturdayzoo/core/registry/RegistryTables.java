package io.saturdayzoo.core.registry;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The registry's single table. Key design (pk / sk, both strings):
 * <pre>
 * LABEL#{label} / V#{n, zero-padded}   one item per version (Query the partition for a label's history)
 * LABEL#{label} / CHAMPION             champion pointer: version_number, version_id
 * LATEST#{0..15} / {label}            newest version per label, sharded by label ({@link LatestShards}): a Query per
 *                                      shard reads them all, O(labels)
 * RUN#{execId}  / SPEC#{specId}        idempotency record: which version this execution registered for a spec
 * SPEC#{specId} / ATTEMPTS             the spec's attempt summary (written by {@code attempts.AttemptLog})
 * SHADOW#{versionId} / W#{yyyy-Www}    one shadow score of a version in an ISO week ({@code shadow.ShadowTrack})
 * AUDIT#{label} / {at}#{version}#{to}  one immutable row per lifecycle change (LifecycleChanges)
 * </pre>
 * In AWS the CDK stack creates the table with the same key schema; {@link #create} is for local runs and tests.
 */
public final class RegistryTables {

    public static final String PK = "pk";
    public static final String SK = "sk";

    private RegistryTables() {
    }

    /** Creates the table (on-demand billing) unless it exists, and waits until it is usable. */
    public static void create(DynamoDbClient dynamo, String table) {
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(PK).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(SK).attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build()));
        } catch (ResourceInUseException alreadyThere) {
            // idempotent: a second local run reuses the table
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
    }

    public static boolean exists(DynamoDbClient dynamo, String table) {
        try {
            dynamo.describeTable(b -> b.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
