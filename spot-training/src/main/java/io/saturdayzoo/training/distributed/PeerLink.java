package io.saturdayzoo.training.distributed;

import io.saturdayzoo.core.jobs.TrainerJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The lines between the main node and every other node of a multi-node training (a star), open from the
 * {@link Rendezvous} until training ends. They carry what the model network does not: the parts of each fold's
 * scores that every node needs ({@link #allGather}), a heartbeat, and word that a node finished or failed.
 *
 * <p>They are also the watch on the peers. LightGBM 4.3.0 does not notice a lost peer by itself
 * (NativeLightGbm.joinNetwork says why), so a training call may never return once a peer is gone. A line that
 * closes before its peer said it finished, a peer silent for {@code peerSilence}, or a peer's word that it failed
 * ends this process at once through {@link Ending} (by default {@link Runtime#halt}: a native call cannot be
 * interrupted). Nothing but fold checkpoints has been written then: the main node writes run outputs only after
 * every fit is done.
 *
 * <p>WHY by hand: the nodes exchange their addresses once and a few framed messages after; a group-membership
 * library (JGroups, Hazelcast) would bring its own discovery and megabytes of jar to replace a few hundred lines of
 * java.net sockets.
 */
public final class PeerLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);
    private static final Frames.Frame LOST = new Frames.Frame((byte) 0, new byte[0]);

    /** How this process ends when its training cannot go on: exit code and one line naming the cause. */
    @FunctionalInterface
    public interface Ending {
        void end(int exitCode, String message);
    }

    /** Prints the line as the trainer prints failures and halts the JVM with the code. */
    public static final Ending HALT = (exitCode, message) -> {
        System.err.println("saturday-trainer: failed: " + message);
        System.err.flush();
        Runtime.getRuntime().halt(exitCode);
    };

    private final NodeSetup setup;
    private final List<String> machines;
    private final Map<Integer, Line> lines = new TreeMap<>();
    private final Ending ending;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean over;

    /** One open line to a peer, with the thread that reads it. */
    private final class Line {
        final int peer;
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;
        final BlockingQueue<Frames.Frame> gathered = new LinkedBlockingQueue<>();
        volatile boolean peerDone;
        volatile String lostBecause;

        Line(int peer, Socket socket, DataInputStream in, DataOutputStream out) {
            this.peer = peer;
            this.socket = socket;
            this.in = in;
            this.out = out;
        }

        void read() {
            try {
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, setup.peerSilence().toMillis()));
                while (true) {
                    Frames.Frame frame = Frames.read(in);
                    switch (frame.type()) {
                        case Frames.HEARTBEAT -> { }
                        case Frames.PART, Frames.ALL -> gathered.add(frame);
                        case Frames.DONE -> peerDone = true;
                        case Frames.FAILED -> {
                            var body = frame.body();
                            int code = body.readInt();
                            lose(code, setup.describe(peer) + " failed: " + body.readUTF());
                            return;
                        }
                        default -> throw new IOException("unknown message type " + frame.type());
                    }
                }
            } catch (SocketTimeoutException silent) {
                lose(TrainerJobs.EXIT_NODE_LOST, setup.describe(peer) + " sent nothing for "
                        + setup.peerSilence().toSeconds() + " s");
            } catch (EOFException closed) {
                lose(TrainerJobs.EXIT_NODE_LOST, setup.describe(peer) + " is gone (its connection closed)");
            } catch (IOException broken) {
                lose(TrainerJobs.EXIT_NODE_LOST, setup.describe(peer) + " is gone (" + broken.getMessage() + ")");
            }
        }

        private void lose(int exitCode, String why) {
            if (peerDone || over) {
                return; // it finished, or this side did: its line closing is the end of the training, not a loss
            }
            lostBecause = why;
            gathered.add(LOST);
            LOG.error("{}: {}", setup.describe(setup.index()), why);
            ending.end(exitCode, why);
        }

        void send(byte type, byte[] payload) throws IOException {
            Frames.write(out, type, payload);
        }
    }

    /** A connected socket and its streams, made once: a buffered reader may already hold the next message. */
    record Peer(Socket socket, DataInputStream in, DataOutputStream out) {
        static Peer of(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return new Peer(socket, new DataInputStream(new BufferedInputStream(socket.getInputStream())),
                    new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())));
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // leaving anyway
            }
        }
    }

    PeerLink(NodeSetup setup, List<String> machines, Map<Integer, Peer> peers, Ending ending) {
        this.setup = setup;
        this.machines = List.copyOf(machines);
        this.ending = ending;
        for (Map.Entry<Integer, Peer> peer : peers.entrySet()) {
            Peer p = peer.getValue();
            lines.put(peer.getKey(), new Line(peer.getKey(), p.socket(), p.in(), p.out()));
        }
        for (Line line : lines.values()) {
            Thread reader = new Thread(line::read, "peer-" + line.peer);
            reader.setDaemon(true);
            reader.start();
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peer-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(250, setup.peerSilence().toMillis() / 4);
        heartbeat.scheduleAtFixedRate(this::beat, 0, every, TimeUnit.MILLISECONDS);
    }

    public NodeSetup setup() {
        return setup;
    }

    /** Every node's model network address ("host:port"), by node index. */
    public List<String> machines() {
        return machines;
    }

    private void beat() {
        for (Line line : lines.values()) {
            try {
                line.send(Frames.HEARTBEAT, new byte[0]);
            } catch (IOException e) {
                // its reader notices the broken line and says so
            }
        }
    }

    /**
     * Every node's part of one step, by node index (this node's own among them); the same list on every node. Every
     * node calls it with the same steps in the same order. The main node collects the parts and sends them all back.
     *
     * @throws NodeLostException when a peer is lost meanwhile (after {@link Ending} has been told)
     */
    public List<byte[]> allGather(String step, byte[] mine) {
        try {
            if (!setup.isMain()) {
                Line main = lines.get(setup.mainIndex());
                main.send(Frames.PART, Frames.part(step, mine));
                return expect(main, Frames.ALL, step).parts();
            }
            List<byte[]> all = new ArrayList<>();
            for (int node = 0; node < setup.count(); node++) {
                all.add(node == setup.index() ? mine : expect(lines.get(node), Frames.PART, step).parts().get(0));
            }
            byte[] message = Frames.all(step, all);
            for (Line line : lines.values()) {
                line.send(Frames.ALL, message);
            }
            return all;
        } catch (IOException e) {
            throw new NodeLostException("lost a peer during '" + step + "': " + e.getMessage(), e);
        }
    }

    private Frames.Gathered expect(Line line, byte type, String step) throws IOException {
        Frames.Frame frame;
        try {
            frame = line.gathered.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeLostException("interrupted while waiting for " + setup.describe(line.peer));
        }
        if (frame == LOST) {
            throw new NodeLostException(line.lostBecause);
        }
        Frames.Gathered gathered = Frames.gathered(frame);
        if (frame.type() != type || !gathered.step().equals(step)) {
            throw new IllegalStateException(setup.describe(line.peer) + " is at step '" + gathered.step()
                    + "' where this node is at '" + step + "': the nodes did not train the same way");
        }
        return gathered;
    }

    /** This node trained to the end: its peers stop watching it, and it stops watching them. */
    public void finished() {
        over = true;
        heartbeat.shutdownNow();
        for (Line line : lines.values()) {
            try {
                line.send(Frames.DONE, new byte[0]);
            } catch (IOException e) {
                LOG.warn("could not tell {} this node finished: {}", setup.describe(line.peer), e.getMessage());
            }
        }
    }

    /** This node failed: tells its peers (they stop too, with the same exit code) before it exits. */
    public void failed(int exitCode, String message) {
        over = true;
        heartbeat.shutdownNow();
        byte[] payload = Frames.failed(exitCode, message);
        for (Line line : lines.values()) {
            try {
                line.send(Frames.FAILED, payload);
            } catch (IOException e) {
                // the peer is gone already; it cannot be told
            }
        }
    }

    @Override
    public void close() {
        over = true;
        heartbeat.shutdownNow();
        for (Line line : lines.values()) {
            try {
                line.socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
