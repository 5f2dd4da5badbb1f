package io.saturdayzoo.lambdas.common;

import io.saturdayzoo.core.aws.AwsClients;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;

import java.time.Duration;
import java.util.Map;

/**
 * A DynamoDB client that gives up quickly, for callers that have a good answer without the registry (rotation
 * falls back to id order, preflight reports the table as unreachable). Endpoint, region and credentials come from
 * core's {@link AwsClients}; only the patience differs: short timeouts and few attempts instead of the SDK's
 * defaults, which can hold a call for minutes against a black-holed endpoint.
 */
public final class ImpatientDynamoDb {

    private ImpatientDynamoDb() {
    }

    /**
     * @param attemptTimeout limit of one HTTP attempt (also the connect and socket timeout)
     * @param callTimeout    limit of the whole call, retries included
     * @param maxAttempts    attempts per call, first one included
     */
    public static DynamoDbClient create(Map<String, String> env, Duration attemptTimeout, Duration callTimeout,
                                        int maxAttempts) {
        // Not closed: closing it could close the credentials provider the new client shares. It holds no threads.
        DynamoDbServiceClientConfiguration where = AwsClients.dynamoDb(env).serviceClientConfiguration();
        var builder = DynamoDbClient.builder()
                .region(where.region())
                .credentialsProvider(where.credentialsProvider())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(attemptTimeout)
                        .socketTimeout(attemptTimeout))
                .overrideConfiguration(o -> o
                        .apiCallAttemptTimeout(attemptTimeout)
                        .apiCallTimeout(callTimeout)
                        .retryStrategy(r -> r.maxAttempts(maxAttempts)));
        where.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
