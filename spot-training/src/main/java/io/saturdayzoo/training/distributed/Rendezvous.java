package io.saturdayzoo.training.distributed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the nodes of a multi-node training learn each other's addresses. AWS Batch gives every child node the main
 * node's private address and no node anyone else's, while LightGBM's network needs the full machine list on every
 * node. So each child connects to the main node's rendezvous port (retrying until the main node listens) and says
 * its index and model network port; the main node, once every node has checked in, sends each the full list, in
 * node index order: the address it saw each connection come from, and its own address as the children reached it.
 * The connections stay open as the nodes' {@link PeerLink}. Nothing is written anywhere.
 */
public final class Rendezvous {
    private static final Logger LOG = LoggerFactory.getLogger(Rendezvous.class);

    private Rendezvous() {
    }

    /**
     * Meets the other nodes and returns the open link, whose {@link PeerLink#machines()} is the machine list.
     *
     * @throws NodeLostException when a node does not check in within the setup's rendezvous wait
     */
    public static PeerLink join(NodeSetup setup, PeerLink.Ending ending) {
        int networkPort = setup.networkPort() != 0 ? setup.networkPort() : freePort();
        Instant deadline = Instant.now().plus(setup.rendezvousWait());
        try {
            return setup.isMain() ? host(setup, networkPort, deadline, ending)
                    : visit(setup, networkPort, deadline, ending);
        } catch (IOException e) {
            throw new NodeLostException(setup.describe(setup.index()) + ": rendezvous failed: " + e.getMessage(), e);
        }
    }

    private static PeerLink host(NodeSetup setup, int networkPort, Instant deadline, PeerLink.Ending ending)
            throws IOException {
        Map<Integer, PeerLink.Peer> peers = new TreeMap<>();
        Map<Integer, String> addresses = new TreeMap<>();
        String self = null;
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(setup.rendezvousPort()));
            LOG.info("{} (main) waiting on port {} for {} more node(s)", setup.describe(setup.index()),
                    setup.rendezvousPort(), setup.count() - 1);
            while (peers.size() < setup.count() - 1) {
                server.setSoTimeout(remainingMillis(deadline, setup, peers.keySet()));
                Socket socket;
                try {
                    socket = server.accept();
                } catch (SocketTimeoutException late) {
                    closeAll(peers);
                    throw missing(setup, peers.keySet());
                }
                socket.setSoTimeout(remainingMillis(deadline, setup, peers.keySet()));
                PeerLink.Peer peer = PeerLink.Peer.of(socket);
                Frames.Frame hello;
                try {
                    hello = Frames.read(peer.in());
                } catch (IOException mute) {
                    peer.close();
                    LOG.warn("rendezvous: {} connected but said nothing usable: {}", socket.getRemoteSocketAddress(),
                            mute.getMessage());
                    continue;
                }
                var body = hello.body();
                int index = body.readInt();
                int port = body.readInt();
                if (hello.type() != Frames.HELLO || index < 0 || index >= setup.count() || index == setup.index()
                        || peers.containsKey(index)) {
                    socket.close();
                    LOG.warn("rendezvous: turned away {} claiming node {}", socket.getRemoteSocketAddress(), index);
                    continue;
                }
                peers.put(index, peer);
                addresses.put(index, socket.getInetAddress().getHostAddress() + ":" + port);
                self = socket.getLocalAddress().getHostAddress();
                LOG.info("rendezvous: {} checked in from {}", setup.describe(index), addresses.get(index));
            }
        }
        addresses.put(setup.index(), self + ":" + networkPort);
        List<String> machines = new ArrayList<>(addresses.values());
        byte[] list = Frames.machines(machines);
        for (PeerLink.Peer peer : peers.values()) {
            Frames.write(peer.out(), Frames.MACHINES, list);
        }
        LOG.info("rendezvous: machines {}", machines);
        return new PeerLink(setup, machines, peers, ending);
    }

    private static PeerLink visit(NodeSetup setup, int networkPort, Instant deadline, PeerLink.Ending ending)
            throws IOException {
        InetSocketAddress main = new InetSocketAddress(setup.mainAddress(), setup.rendezvousPort());
        Socket socket = null;
        IOException last = null;
        while (socket == null) {
            if (!Instant.now().isBefore(deadline)) {
                throw new NodeLostException(setup.describe(setup.index()) + ": the main node at " + main
                        + " did not answer within " + setup.rendezvousWait().toSeconds() + " s ("
                        + (last == null ? "no attempt" : last.getMessage()) + ")");
            }
            Socket attempt = new Socket();
            try {
                attempt.connect(main, (int) Math.max(1, Math.min(5_000, Duration.between(Instant.now(), deadline)
                        .toMillis())));
                socket = attempt;
            } catch (IOException notYet) {
                attempt.close();
                last = notYet;
                sleep(Math.min(1_000, Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
            }
        }
        PeerLink.Peer peer = PeerLink.Peer.of(socket);
        socket.setSoTimeout((int) Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
        Frames.write(peer.out(), Frames.HELLO, Frames.hello(setup.index(), networkPort));
        Frames.Frame reply;
        try {
            reply = Frames.read(peer.in());
        } catch (SocketTimeoutException late) {
            peer.close();
            throw new NodeLostException(setup.describe(setup.index()) + ": checked in, but the main node sent no "
                    + "machine list within " + setup.rendezvousWait().toSeconds() + " s (another node did not "
                    + "check in)");
        }
        if (reply.type() != Frames.MACHINES) {
            peer.close();
            throw new IOException("expected the machine list, got message type " + reply.type());
        }
        List<String> machines = Frames.machines(reply);
        LOG.info("rendezvous: {} got machines {}", setup.describe(setup.index()), machines);
        return new PeerLink(setup, machines, Map.of(setup.mainIndex(), peer), ending);
    }

    private static int remainingMillis(Instant deadline, NodeSetup setup, java.util.Set<Integer> arrived) {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
            throw missing(setup, arrived);
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static NodeLostException missing(NodeSetup setup, java.util.Set<Integer> arrived) {
        List<Integer> absent = new ArrayList<>();
        for (int node = 0; node < setup.count(); node++) {
            if (node != setup.index() && !arrived.contains(node)) {
                absent.add(node);
            }
        }
        return new NodeLostException(setup.describe(setup.index()) + " (main): node(s) " + absent + " did not check "
                + "in within " + setup.rendezvousWait().toSeconds() + " s");
    }

    private static void closeAll(Map<Integer, PeerLink.Peer> peers) {
        peers.values().forEach(PeerLink.Peer::close);
    }

    /** A port no one listens on now, for a model network on a host shared with other nodes (local runs, tests). */
    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the model network: " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeLostException("interrupted during the rendezvous");
        }
    }
}
