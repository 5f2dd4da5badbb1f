package io.saturdayzoo.training.preflight;

import io.saturdayzoo.core.registry.RegistryException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

/** How the SDK's failures read in a check's one line, for the ones a local engine cannot produce. */
class AwsAccessTest {
    @Test
    void aServiceThatSaysNoIsNamedWithItsStatusAndCode() {
        S3Exception denied = (S3Exception) S3Exception.builder().statusCode(403)
                .message("Access Denied (Service: S3, Status Code: 403, Extended Request ID: " + "y".repeat(400) + ")")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").serviceName("S3").build()).build();
        RuntimeException wrapped = new RegistryException("cannot reach bucket b: " + denied.getMessage(), denied);

        assertThat(AwsAccess.explain(wrapped, "S3 in eu-west-1")).isInstanceOf(CheckFailure.class)
                .hasMessage("S3 in eu-west-1 answered HTTP 403 AccessDenied").hasCause(wrapped);
    }

    @Test
    void anUnknownHostIsNamed() {
        RuntimeException e = SdkClientException.create("Unable to execute HTTP request: s3.nowhere.invalid",
                new UnknownHostException("s3.nowhere.invalid"));

        assertThat(AwsAccess.explain(e, "S3 at https://s3.nowhere.invalid"))
                .hasMessage("cannot reach S3 at https://s3.nowhere.invalid: unknown host s3.nowhere.invalid");
    }

    @Test
    void whatIsNotAboutTheServiceIsLeftToTheCheck() {
        IllegalStateException own = new IllegalStateException("bucket b does not exist");

        assertThat(AwsAccess.explain(own, "S3 in eu-west-1")).isSameAs(own);
        assertThat(CheckFailure.lineOf(new IllegalStateException("first\n  second " + "z".repeat(300))))
                .startsWith("first; second zzz").endsWith("... (more in the log)").hasSize(CheckFailure.MAX_DETAIL);
    }
}
