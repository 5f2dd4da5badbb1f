package io.saturdayzoo.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.saturdayzoo.core.aws.AwsClients;
import io.saturdayzoo.core.json.ZooJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Runs the publisher against a local HTTP endpoint speaking EventBridge's PutEvents wire format, so the SDK
 * client, serialization and the FailedEntryCount handling are all exercised for real.
 */
class EventBridgePublisherTest {

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile IntFunction<String> responseForCall = n -> "{\"Entries\":[{\"EventId\":\"e-" + n + "\"}],\"FailedEntryCount\":0}";
    private EventBridgeClient client;

    @BeforeEach
    void startEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(ZooJson.mapper().readTree(exchange.getRequestBody().readAllBytes()));
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body = (target != null && target.endsWith("PutEvents")
                    ? responseForCall.apply(calls.incrementAndGet())
                    : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        client = AwsClients.eventBridge(Map.of("AWS_ENDPOINT_URL_EVENTBRIDGE",
                "http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stopEndpoint() {
        client.close();
        server.stop(0);
    }

    @Test
    void publishesSourceDetailTypeBusAndJsonDetail() throws Exception {
        new EventBridgePublisher(client, "zoo-bus", 3, 1).publish(EventPublisher.CHAMPION_PROMOTED,
                Map.of("label", "churn", "version", 2));

        assertThat(calls).hasValue(1);
        JsonNode entry = requests.get(0).get("Entries").get(0);
        assertThat(entry.get("Source").asText()).isEqualTo("saturday-zoo.registry");
        assertThat(entry.get("DetailType").asText()).isEqualTo("ChampionPromoted");
        assertThat(entry.get("EventBusName").asText()).isEqualTo("zoo-bus");
        JsonNode detail = ZooJson.mapper().readTree(entry.get("Detail").asText());
        assertThat(detail.get("label").asText()).isEqualTo("churn");
        assertThat(detail.get("version").asInt()).isEqualTo(2);
    }

    @Test
    void failedEntriesAreRetriedUntilAccepted() {
        responseForCall = n -> n <= 2
                ? "{\"Entries\":[{\"ErrorCode\":\"ThrottlingException\",\"ErrorMessage\":\"slow down\"}],\"FailedEntryCount\":1}"
                : "{\"Entries\":[{\"EventId\":\"ok\"}],\"FailedEntryCount\":0}";
        new EventBridgePublisher(client, "zoo-bus", 4, 1).publish(EventPublisher.MODEL_VERSION_REGISTERED,
                Map.of("label", "churn"));
        assertThat(calls).hasValue(3);
    }

    @Test
    void aPublishThatKeepsFailingStopsAfterTheBoundAndDoesNotThrow() {
        responseForCall = n -> "{\"Entries\":[{\"ErrorCode\":\"InternalFailure\",\"ErrorMessage\":\"no\"}],\"FailedEntryCount\":1}";
        assertThatCode(() -> new EventBridgePublisher(client, "zoo-bus", 3, 1)
                .publish(EventPublisher.MODEL_VERSION_REGISTERED, Map.of("label", "churn")))
                .doesNotThrowAnyException();
        assertThat(calls).hasValue(3);
    }

    @Test
    void anUnreachableBusDoesNotThrow() {
        server.stop(0);
        assertThatCode(() -> new EventBridgePublisher(client, "zoo-bus", 2, 1)
                .publish(EventPublisher.MODEL_VERSION_REGISTERED, Map.of("label", "churn")))
                .doesNotThrowAnyException();
    }
}
