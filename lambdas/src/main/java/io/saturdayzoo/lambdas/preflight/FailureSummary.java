package io.saturdayzoo.lambdas.preflight;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * One readable line for why a check's AWS call failed ("no AWS credentials found", "AccessDenied (HTTP 403)"). The
 * SDK's own messages can run to kilobytes (the credentials chain lists every provider it tried); those belong in
 * the log, which the handler writes with the whole exception.
 */
final class FailureSummary {

    private static final int MAX_LENGTH = 200;

    private FailureSummary() {
    }

    static String of(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            // The SDK has no exception type for a missing credential or region: its message is the only signal.
            if (message.startsWith("Unable to load credentials")) {
                return "no AWS credentials found";
            }
            if (message.startsWith("Unable to load region")) {
                return "no AWS region configured (set AWS_REGION)";
            }
            if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
                return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
            }
            if (e instanceof ConnectException || e instanceof UnknownHostException
                    || e instanceof SocketTimeoutException) {
                return e.getClass().getSimpleName() + ": " + firstLine(message);
            }
        }
        return firstLine(failure.getMessage() == null ? failure.toString() : failure.getMessage());
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "..." : line;
    }
}
