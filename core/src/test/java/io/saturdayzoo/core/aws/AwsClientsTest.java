package io.saturdayzoo.core.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsClientsTest {

    @Test
    void regionComesFromTheEnvironmentAndDefaultsToUsEast1OnlyForLocalEndpoints() {
        assertThat(AwsClients.region(Map.of("AWS_REGION", "eu-west-1"), true)).isEqualTo(Region.EU_WEST_1);
        assertThat(AwsClients.region(Map.of("AWS_DEFAULT_REGION", "eu-central-1"), false)).isEqualTo(Region.EU_CENTRAL_1);
        assertThat(AwsClients.region(Map.of(), true)).isEqualTo(Region.US_EAST_1);
        assertThat(AwsClients.region(Map.of(), false)).isNull(); // the SDK's own chain decides in AWS
    }

    @Test
    void dummyCredentialsOnlyForLoopbackEndpoints() {
        var local = AwsClients.credentials(Map.of(), URI.create("http://127.0.0.1:4566"));
        assertThat(local).isInstanceOf(StaticCredentialsProvider.class);
        assertThat(local.resolveCredentials()).isEqualTo(AwsBasicCredentials.create("local", "local"));
        assertThat(AwsClients.credentials(Map.of(), URI.create("http://localhost:4566")))
                .isInstanceOf(StaticCredentialsProvider.class);
        assertThat(AwsClients.credentials(Map.of(), URI.create("https://dynamodb.eu-west-1.amazonaws.com")))
                .isInstanceOf(DefaultCredentialsProvider.class);
        assertThat(AwsClients.credentials(Map.of(), null)).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void invalidEndpointNamesTheVariable() {
        assertThatThrownBy(() -> AwsClients.dynamoDb(Map.of("AWS_ENDPOINT_URL_DYNAMODB", "not a url")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("AWS_ENDPOINT_URL_DYNAMODB: invalid endpoint URL 'not a url'");
    }

    @Test
    void zooEnvParsesWithDefaultsAndNamesBadVariables() {
        ZooEnv env = ZooEnv.from(Map.of("ZOO_TABLE", "t", "ZOO_BUCKET", "b"));
        assertThat(env).isEqualTo(new ZooEnv("t", "b", Optional.empty(), 192, "datasets/"));
        assertThat(ZooEnv.from(Map.of("ZOO_TABLE", "t", "ZOO_BUCKET", "b", "ZOO_EVENT_BUS", "bus",
                "ZOO_DATA_MAX_AGE_HOURS", "24", "ZOO_DATA_PREFIX", "data/")))
                .isEqualTo(new ZooEnv("t", "b", Optional.of("bus"), 24, "data/"));
        assertThatThrownBy(() -> ZooEnv.from(Map.of("ZOO_BUCKET", "b")))
                .hasMessage("ZOO_TABLE: environment variable is missing");
        assertThatThrownBy(() -> ZooEnv.from(Map.of("ZOO_TABLE", "t", "ZOO_BUCKET", "b", "ZOO_DATA_MAX_AGE_HOURS", "a week")))
                .hasMessage("ZOO_DATA_MAX_AGE_HOURS: expected a positive integer, got 'a week'");
    }
}
