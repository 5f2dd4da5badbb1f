package io.saturdayzoo.training.distributed;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node's place in a multi-node job, read from AWS Batch's multi-node environment; bad values named. */
class NodeSetupTest {

    private static Map<String, String> child() {
        Map<String, String> env = new HashMap<>();
        env.put(NodeSetup.NUM_NODES, "3");
        env.put(NodeSetup.NODE_INDEX, "2");
        env.put(NodeSetup.MAIN_NODE_INDEX, "0");
        env.put(NodeSetup.MAIN_NODE_ADDRESS, " 10.0.3.7 ");
        return env;
    }

    @Test
    void noMultiNodeEnvironmentOrOneNodeTrainsAlone() {
        assertThat(NodeSetup.from(Map.of())).isEmpty();
        assertThat(NodeSetup.from(Map.of(NodeSetup.NUM_NODES, "1", NodeSetup.NODE_INDEX, "0"))).isEmpty();
    }

    @Test
    void aChildNodeReadsBatchsVariablesAndTheDefaults() {
        NodeSetup setup = NodeSetup.from(child()).orElseThrow();
        assertThat(setup).isEqualTo(new NodeSetup(2, 3, 0, "10.0.3.7", NodeSetup.DEFAULT_RENDEZVOUS_PORT,
                NodeSetup.DEFAULT_NETWORK_PORT, NodeSetup.DEFAULT_RENDEZVOUS_WAIT, NodeSetup.DEFAULT_PEER_SILENCE));
        assertThat(setup.isMain()).isFalse();
        assertThat(setup.describe(1)).isEqualTo("node 1 of 3");
    }

    @Test
    void theMainNodeNeedsNoMainAddressAndTakesItsSettings() {
        Map<String, String> env = child();
        env.put(NodeSetup.NODE_INDEX, "0");
        env.remove(NodeSetup.MAIN_NODE_ADDRESS);
        env.put(NodeSetup.RENDEZVOUS_PORT, "2000");
        env.put(NodeSetup.NETWORK_PORT, "0");
        env.put(NodeSetup.RENDEZVOUS_TIMEOUT_SECONDS, "30");
        env.put(NodeSetup.PEER_TIMEOUT_SECONDS, "5");
        NodeSetup setup = NodeSetup.from(env).orElseThrow();
        assertThat(setup.isMain()).isTrue();
        assertThat(setup.mainAddress()).isNull();
        assertThat(setup.rendezvousPort()).isEqualTo(2000);
        assertThat(setup.networkPort()).isZero();
        assertThat(setup.rendezvousWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(setup.peerSilence()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badValuesAreNamedWithTheVariable() {
        assertRefused(NodeSetup.NUM_NODES, "two", "AWS_BATCH_JOB_NUM_NODES: expected an integer from 2 to 10000, "
                + "got 'two'");
        assertRefused(NodeSetup.NODE_INDEX, "3", "AWS_BATCH_JOB_NODE_INDEX: expected an integer from 0 to 2, got '3'");
        assertRefused(NodeSetup.NODE_INDEX, null, "AWS_BATCH_JOB_NODE_INDEX: missing");
        assertRefused(NodeSetup.MAIN_NODE_ADDRESS, null, "AWS_BATCH_JOB_MAIN_NODE_PRIVATE_IPV4_ADDRESS: missing on "
                + "node 2 of 3");
        assertRefused(NodeSetup.PEER_TIMEOUT_SECONDS, "0", "ZOO_PEER_TIMEOUT_SECONDS: expected an integer from 1 to "
                + "86400, got '0'");
        assertRefused(NodeSetup.RENDEZVOUS_PORT, "70000", "ZOO_RENDEZVOUS_PORT: expected an integer from 1 to 65535, "
                + "got '70000'");
    }

    private static void assertRefused(String name, String value, String message) {
        Map<String, String> env = child();
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        assertThatThrownBy(() -> NodeSetup.from(env)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
