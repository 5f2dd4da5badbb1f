package io.saturdayzoo.training.distributed;

import io.saturdayzoo.core.jobs.TrainerJobs;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * This process's place in a multi-node training, from AWS Batch's multi-node environment (the local runner and tests
 * set the same variables): which node it is, how many there are, and where the main node is. Batch tells a child
 * node the main node's address but no node any other's, so the nodes meet at the main node ({@link Rendezvous}).
 *
 * @param index          this node (AWS_BATCH_JOB_NODE_INDEX), also its rank in LightGBM's machine list
 * @param count          nodes of the job (AWS_BATCH_JOB_NUM_NODES)
 * @param mainIndex      the main node (AWS_BATCH_JOB_MAIN_NODE_INDEX): the only one that writes run outputs
 * @param mainAddress    the main node's private IPv4 address; Batch sets it on child nodes only
 * @param rendezvousPort where the main node listens for the others
 * @param networkPort    where this node's model network listens (0: any free port, for several nodes on one host)
 * @param rendezvousWait how long the nodes wait for each other to show up
 * @param peerSilence    how long a node may be silent before the others count it lost (it sends a heartbeat four
 *                       times as often); also the model network's own timeout
 */
public record NodeSetup(int index, int count, int mainIndex, String mainAddress, int rendezvousPort,
                        int networkPort, Duration rendezvousWait, Duration peerSilence) {

    // AWS Batch's multi-node environment.
    public static final String NUM_NODES = "AWS_BATCH_JOB_NUM_NODES";
    public static final String NODE_INDEX = "AWS_BATCH_JOB_NODE_INDEX";
    public static final String MAIN_NODE_INDEX = "AWS_BATCH_JOB_MAIN_NODE_INDEX";
    public static final String MAIN_NODE_ADDRESS = "AWS_BATCH_JOB_MAIN_NODE_PRIVATE_IPV4_ADDRESS";
    // The trainer's own settings of it (the job definition's security group opens the two default ports).
    public static final String RENDEZVOUS_PORT = "ZOO_RENDEZVOUS_PORT";
    public static final String NETWORK_PORT = "ZOO_NETWORK_PORT";
    public static final String RENDEZVOUS_TIMEOUT_SECONDS = "ZOO_RENDEZVOUS_TIMEOUT_SECONDS";
    public static final String PEER_TIMEOUT_SECONDS = "ZOO_PEER_TIMEOUT_SECONDS";

    public static final int DEFAULT_RENDEZVOUS_PORT = TrainerJobs.RENDEZVOUS_PORT;
    public static final int DEFAULT_NETWORK_PORT = TrainerJobs.NETWORK_PORT;
    /** Batch starts the child nodes after the main node is up; ten minutes covers a slow image pull. */
    public static final Duration DEFAULT_RENDEZVOUS_WAIT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_PEER_SILENCE = Duration.ofMinutes(2);

    public boolean isMain() {
        return index == mainIndex;
    }

    /** "node 1 of 3" */
    public String describe(int node) {
        return "node " + node + " of " + count;
    }

    /**
     * The multi-node setup, or empty when this process trains alone (no AWS_BATCH_JOB_NUM_NODES, or 1).
     *
     * @throws IllegalArgumentException naming the variable and its value
     */
    public static Optional<NodeSetup> from(Map<String, String> env) {
        String nodes = env.get(NUM_NODES);
        if (nodes == null || nodes.isBlank() || nodes.strip().equals("1")) {
            return Optional.empty();
        }
        int count = integer(env, NUM_NODES, 2, 10_000, 0);
        int index = integer(env, NODE_INDEX, 0, count - 1, -1);
        int main = integer(env, MAIN_NODE_INDEX, 0, count - 1, 0);
        String mainAddress = env.get(MAIN_NODE_ADDRESS);
        if (index != main && (mainAddress == null || mainAddress.isBlank())) {
            throw new IllegalArgumentException(MAIN_NODE_ADDRESS + ": missing on " + "node " + index + " of " + count
                    + " (AWS Batch sets it on every node but the main one)");
        }
        return Optional.of(new NodeSetup(index, count, main, mainAddress == null ? null : mainAddress.strip(),
                integer(env, RENDEZVOUS_PORT, 1, 65_535, DEFAULT_RENDEZVOUS_PORT),
                integer(env, NETWORK_PORT, 0, 65_535, DEFAULT_NETWORK_PORT),
                Duration.ofSeconds(integer(env, RENDEZVOUS_TIMEOUT_SECONDS, 1, 86_400,
                        (int) DEFAULT_RENDEZVOUS_WAIT.toSeconds())),
                Duration.ofSeconds(integer(env, PEER_TIMEOUT_SECONDS, 1, 86_400,
                        (int) DEFAULT_PEER_SILENCE.toSeconds()))));
    }

    /** An integer variable in [min, max]; absent takes {@code fallback}, unless that is below {@code min}. */
    private static int integer(Map<String, String> env, String name, int min, int max, int fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            if (fallback < min) {
                throw new IllegalArgumentException(name + ": missing (AWS Batch sets it on every node of a "
                        + "multi-node job)");
            }
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the name and the value
        }
        throw new IllegalArgumentException(name + ": expected an integer from " + min + " to " + max + ", got '"
                + raw + "'");
    }
}
