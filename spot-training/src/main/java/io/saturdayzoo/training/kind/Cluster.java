package io.saturdayzoo.training.kind;

import java.time.Duration;
import java.util.List;

/**
 * The machines that fit one model together, as a kind's network needs them: every machine's address in rank order
 * ("10.0.3.7:12400"), which one this process is, and how long a network operation may wait on a peer.
 */
public record Cluster(List<String> machines, int rank, Duration timeout) {
    public Cluster {
        machines = List.copyOf(machines);
        if (machines.size() < 2) {
            throw new IllegalArgumentException("a cluster has at least 2 machines, got " + machines);
        }
        if (rank < 0 || rank >= machines.size()) {
            throw new IllegalArgumentException("rank " + rank + " is not one of the " + machines.size() + " machines");
        }
    }

    public int size() {
        return machines.size();
    }

    /** The port this process listens on, from its own entry. */
    public int localPort() {
        String self = machines.get(rank);
        return Integer.parseInt(self.substring(self.lastIndexOf(':') + 1));
    }
}
