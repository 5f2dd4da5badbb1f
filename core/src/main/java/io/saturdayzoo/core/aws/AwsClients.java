package io.saturdayzoo.core.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Builds SDK v2 clients for an environment map (the process env in Lambda, a test's or the local runner's own map
 * otherwise). Honours AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL_EVENTBRIDGE; S3 switches
 * to path-style with an override. The URL-connection HTTP client keeps Lambda jars small and cold starts short.
 */
public final class AwsClients {

    public static final String ENDPOINT_DYNAMODB = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String ENDPOINT_S3 = "AWS_ENDPOINT_URL_S3";
    public static final String ENDPOINT_EVENTBRIDGE = "AWS_ENDPOINT_URL_EVENTBRIDGE";
    private static final Region LOCAL_DEFAULT_REGION = Region.US_EAST_1;
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb(Map<String, String> env) {
        return configure(DynamoDbClient.builder(), env, ENDPOINT_DYNAMODB).build();
    }

    public static S3Client s3(Map<String, String> env) {
        var builder = configure(S3Client.builder(), env, ENDPOINT_S3);
        if (endpoint(env, ENDPOINT_S3) != null) {
            // local S3 servers answer on one host: bucket in the path, not in the host name
            builder.forcePathStyle(true);
        }
        return builder.build();
    }

    public static EventBridgeClient eventBridge(Map<String, String> env) {
        return configure(EventBridgeClient.builder(), env, ENDPOINT_EVENTBRIDGE).build();
    }

    private static <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
    B configure(B builder, Map<String, String> env, String endpointVar) {
        URI endpoint = endpoint(env, endpointVar);
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        Region region = region(env, endpoint != null);
        if (region != null) {
            builder.region(region);
        }
        builder.credentialsProvider(credentials(env, endpoint));
        return builder;
    }

    /** AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1 when talking to a local endpoint, else the SDK's chain. */
    static Region region(Map<String, String> env, boolean endpointOverridden) {
        for (String var : new String[]{"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = env.get(var);
            if (value != null && !value.isBlank()) {
                return Region.of(value.trim());
            }
        }
        return endpointOverridden ? LOCAL_DEFAULT_REGION : null;
    }

    /**
     * Keys from the env map when it carries them; dummy keys only for a local endpoint (the engines do not check
     * signatures); otherwise the SDK's default chain (Lambda role, profile, ...).
     */
    static AwsCredentialsProvider credentials(Map<String, String> env, URI endpoint) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (endpoint != null && isLocal(endpoint)) {
            if (key != null && !key.isBlank() && secret != null && !secret.isBlank()) {
                return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
            }
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    static URI endpoint(Map<String, String> env, String var) {
        String value = env.get(var);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("missing scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(var + ": invalid endpoint URL '" + value + "' (" + e.getMessage() + ")", e);
        }
    }

    static boolean isLocal(URI endpoint) {
        return LOCAL_HOSTS.contains(endpoint.getHost());
    }
}
