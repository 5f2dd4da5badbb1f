package io.saturdayzoo.training.distributed;

import io.saturdayzoo.training.data.TableIndex;
import io.saturdayzoo.training.kind.Cluster;
import io.saturdayzoo.training.run.CheckpointStore;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One node's part in a multi-node training, from the rendezvous to the end: its share of the rows, its place in the
 * model network, and what it may write. Only the main node writes (fold checkpoints, then the run outputs); the
 * others read the checkpoints a previous attempt left, so every node resumes at the same fold, and write nothing.
 *
 * <p>When a node is lost, the job fails on the main node with TrainerJobs.EXIT_NODE_LOST and AWS Batch runs the whole
 * job again (its retry strategy); the new attempt keeps the job id, finds the main node's fold checkpoints and trains
 * only the folds that were not finished.
 */
public final class NodeTraining implements AutoCloseable {
    private final PeerLink link;
    private NodeShare share;

    private NodeTraining(PeerLink link) {
        this.link = link;
    }

    /** Meets the other nodes (see {@link Rendezvous}); the returned node watches them until it is closed. */
    public static NodeTraining join(NodeSetup setup, PeerLink.Ending ending) {
        return new NodeTraining(Rendezvous.join(setup, ending));
    }

    public NodeSetup setup() {
        return link.setup();
    }

    public boolean isMain() {
        return link.setup().isMain();
    }

    /**
     * For the dataset loader: plans this node's share from the table's index, checks that every node planned the
     * same (they read the same data), and keeps this node's rows.
     */
    public Function<TableIndex, BitSet> shareOf(int folds) {
        return index -> {
            NodeShare planned = NodeShare.plan(index, folds, setup().count(), setup().index(), link::allGather);
            String mine = planned.digest();
            List<byte[]> all = link.allGather("share plan", mine.getBytes(StandardCharsets.UTF_8));
            for (int node = 0; node < all.size(); node++) {
                String theirs = new String(all.get(node), StandardCharsets.UTF_8);
                if (!theirs.equals(mine)) {
                    throw new IllegalStateException(setup().describe(node) + " read a different table than "
                            + setup().describe(setup().index()) + " (" + theirs + " vs " + mine + "): was the "
                            + "data rewritten while the job ran?");
                }
            }
            share = planned;
            return planned.keep();
        };
    }

    /** This node's share, once {@link #shareOf} planned it. */
    public NodeShare share() {
        return Optional.ofNullable(share).orElseThrow(() -> new IllegalStateException("no share planned yet"));
    }

    /** This node in the model network: every node's address, by index, and how long a peer may be silent. */
    public Cluster cluster() {
        return new Cluster(link.machines(), setup().index(), setup().peerSilence());
    }

    /** The main node keeps checkpoints in {@code store}; the others only read it. */
    public CheckpointStore checkpoints(CheckpointStore store) {
        if (isMain()) {
            return store;
        }
        return new CheckpointStore() {
            @Override
            public Optional<String> read(String name) {
                return store.read(name);
            }

            @Override
            public void write(String name, String text) {
                // the main node writes the same checkpoint
            }
        };
    }

    /** Every fit is done: the nodes stop watching each other; the main node goes on to write the run outputs. */
    public void finished() {
        link.finished();
    }

    /** This node failed: its peers stop too, the main node with this exit code and message. */
    public void failed(int exitCode, String message) {
        link.failed(exitCode, message);
    }

    @Override
    public void close() {
        link.close();
    }
}
