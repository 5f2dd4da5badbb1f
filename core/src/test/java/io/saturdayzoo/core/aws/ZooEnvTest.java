package io.saturdayzoo.core.aws;

import io.saturdayzoo.localstores.EmbeddedStores;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ZooEnvTest {

    @Test
    void envNamesTheEndpointsTableAndBucket() {
        try (EmbeddedStores stores = EmbeddedStores.start(null)) {
            Map<String, String> env = ZooEnv.withStores("zoo-registry", "zoo-bucket", stores.awsEnv());
            assertThat(env).containsEntry("ZOO_TABLE", "zoo-registry").containsEntry("ZOO_BUCKET", "zoo-bucket")
                    .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", stores.dynamoDbEndpoint().toString())
                    .containsEntry("AWS_ENDPOINT_URL_S3", stores.s3Endpoint().toString());
            assertThat(URI.create(env.get("AWS_ENDPOINT_URL_S3")).getHost()).isEqualTo("127.0.0.1");
            assertThat(stores.dynamoDbEndpoint()).isNotEqualTo(stores.s3Endpoint());
            assertThat(ZooEnv.from(env).table()).isEqualTo("zoo-registry");
        }
    }
}
