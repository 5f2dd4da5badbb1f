package io.saturdayzoo.training.preflight;

import io.saturdayzoo.core.aws.AwsClients;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The S3 and DynamoDB clients the checks share, each built and given its credentials once. What goes wrong on the way
 * (no region, no credentials, an endpoint that does not answer, a service that says no) becomes a
 * {@link CheckFailure} of one short line; the SDK's own account (a credentials chain is several KB) is its cause.
 */
final class AwsAccess {
    private final Service<S3Client> s3;
    private final Service<DynamoDbClient> dynamoDb;

    AwsAccess(Map<String, String> env) {
        s3 = new Service<>("S3", () -> AwsClients.s3(env));
        dynamoDb = new Service<>("DynamoDB", () -> AwsClients.dynamoDb(env));
    }

    <T> T s3(Function<S3Client, T> call) {
        return s3.call(call);
    }

    <T> T dynamoDb(Function<DynamoDbClient, T> call) {
        return dynamoDb.call(call);
    }

    private static final class Service<C extends SdkClient> {
        private final String name;
        private final Supplier<C> build;
        private C client;
        private CheckFailure unusable;

        Service(String name, Supplier<C> build) {
            this.name = name;
            this.build = build;
        }

        <T> T call(Function<C, T> call) {
            C c = client();
            try {
                return call.apply(c);
            } catch (RuntimeException e) {
                throw explain(e, where(c));
            }
        }

        /** Built once; a client that cannot be built or has no credentials fails every check with the same line. */
        private synchronized C client() {
            if (client == null && unusable == null) {
                try {
                    C built = build.get();
                    requireCredentials(built);
                    client = built;
                } catch (CheckFailure e) {
                    unusable = e;
                } catch (IllegalArgumentException e) { // AwsClients names the variable and value it cannot use
                    unusable = new CheckFailure(CheckFailure.shorten(e.getMessage()), e);
                } catch (SdkClientException e) {
                    // the one thing a v2 client builder resolves, and so can fail on, is the region
                    boolean noRegion = e.getMessage() != null && e.getMessage().startsWith("Unable to load region");
                    unusable = new CheckFailure(noRegion ? "no AWS region found (AWS_REGION is not set)"
                            : CheckFailure.lineOf(e), e);
                }
            }
            if (unusable != null) {
                throw unusable;
            }
            return client;
        }

        private static void requireCredentials(SdkClient client) {
            var provider = ((AwsServiceClientConfiguration) client.serviceClientConfiguration()).credentialsProvider();
            try {
                provider.resolveIdentity().join();
            } catch (CompletionException | SdkClientException e) {
                throw new CheckFailure("no AWS credentials found",
                        e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            }
        }

        /** "S3 at http://127.0.0.1:9000" or "S3 in eu-west-1". */
        private String where(C c) {
            var config = (AwsServiceClientConfiguration) c.serviceClientConfiguration();
            return config.endpointOverride().map(uri -> name + " at " + uri).orElse(name + " in " + config.region());
        }
    }

    /** A failure to talk to the service, or its refusal, in one line; anything else is the caller's to report. */
    static RuntimeException explain(RuntimeException e, String where) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException refused) {
                String code = refused.awsErrorDetails() == null ? null : refused.awsErrorDetails().errorCode();
                return new CheckFailure(where + " answered HTTP " + refused.statusCode()
                        + (code == null || code.isBlank() ? "" : " " + code), e);
            }
            if (t instanceof UnknownHostException) {
                return new CheckFailure("cannot reach " + where + ": unknown host " + t.getMessage(), e);
            }
            if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
                return new CheckFailure("cannot reach " + where + ": timed out", e);
            }
            if (t instanceof IOException) { // refused, timed out, no route, TLS: the JDK's words say which
                String reason = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
                return new CheckFailure(CheckFailure.shorten("cannot reach " + where + ": " + decapitalize(reason)), e);
            }
        }
        return e;
    }

    /** "Connection refused" reads as "connection refused" mid-line; "PKIX path ..." stays as it is. */
    private static String decapitalize(String s) {
        return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))
                ? s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1) : s;
    }
}
