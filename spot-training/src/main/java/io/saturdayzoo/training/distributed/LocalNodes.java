package io.saturdayzoo.training.distributed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs a multi-node training job on this host, as AWS Batch runs one on several: one trainer process per node, each
 * started with the environment Batch gives the nodes of a multi-node parallel job ({@link NodeSetup}), the main
 * node's rendezvous on a free port and every node's model network on a port of its own. As on Batch, the main node's
 * exit code is the job's, and the other nodes are stopped when it ends. The local runner runs multi-node specs this
 * way, and tests use it to lose a node on purpose.
 */
public final class LocalNodes implements AutoCloseable {
    /** How a job ended: the main node's exit code and output, and every node's stderr. */
    public record Result(int exitCode, String out, String err, List<String> nodeErr) {
    }

    private final List<Process> processes = new ArrayList<>();
    private final List<List<String>> errLines = new ArrayList<>();
    private final StringBuilder mainOut = new StringBuilder();
    private final int mainIndex;
    private final List<Thread> pumps = new ArrayList<>();

    private LocalNodes(int mainIndex) {
        this.mainIndex = mainIndex;
    }

    /**
     * Starts {@code nodes} processes of {@code main} (a class with a main method on this JVM's class path) with
     * {@code args}, each with {@code env} plus its node's multi-node variables.
     */
    public static LocalNodes start(int nodes, Class<?> main, List<String> args, Map<String, String> env) {
        if (nodes < 2) {
            throw new IllegalArgumentException("a multi-node job has at least 2 nodes, got " + nodes);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String rendezvousPort = Integer.toString(freePort());
        LocalNodes job = new LocalNodes(0);
        try {
            for (int node = 0; node < nodes; node++) {
                List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                        main.getName()));
                command.addAll(args);
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR"));
                builder.environment().putAll(env); // the job's environment, as the container would have it
                builder.environment().putAll(nodeEnvironment(nodes, node, rendezvousPort));
                Process process = builder.start();
                job.processes.add(process);
                List<String> err = new CopyOnWriteArrayList<>();
                job.errLines.add(err);
                job.pump(process.getErrorStream(), err::add);
                if (node == job.mainIndex) {
                    job.pump(process.getInputStream(), line -> {
                        synchronized (job.mainOut) {
                            job.mainOut.append(line).append('\n');
                        }
                    });
                } else {
                    job.pump(process.getInputStream(), line -> { });
                }
            }
        } catch (IOException e) {
            job.close();
            throw new UncheckedIOException("cannot start a trainer process: " + e.getMessage(), e);
        }
        return job;
    }

    /** What AWS Batch sets on node {@code node} of {@code nodes}, with the main node (0) on this host. */
    static Map<String, String> nodeEnvironment(int nodes, int node, String rendezvousPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(NodeSetup.NUM_NODES, Integer.toString(nodes));
        env.put(NodeSetup.NODE_INDEX, Integer.toString(node));
        env.put(NodeSetup.MAIN_NODE_INDEX, "0");
        if (node != 0) {
            env.put(NodeSetup.MAIN_NODE_ADDRESS, "127.0.0.1"); // Batch sets it on child nodes only
        }
        env.put(NodeSetup.RENDEZVOUS_PORT, rendezvousPort);
        env.put(NodeSetup.NETWORK_PORT, "0"); // one host: every node's model network on a free port of its own
        return env;
    }

    private void pump(InputStream stream, java.util.function.Consumer<String> sink) {
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "node-output");
        pump.setDaemon(true);
        pump.start();
        pumps.add(pump);
    }

    public Process process(int node) {
        return processes.get(node);
    }

    /** Waits until node {@code node} prints a stderr line matching {@code wanted}; false if it ended or time ran out. */
    public boolean awaitErrLine(int node, Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (errLines.get(node).stream().anyMatch(wanted)) {
                return true;
            }
            if (!processes.get(node).isAlive() && errLines.get(node).stream().noneMatch(wanted)) {
                return false;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /**
     * Waits for the main node to end, then stops the others (as Batch does) and returns the job's result.
     *
     * @throws IllegalStateException when the main node is still running after {@code timeout} (every node is
     *                               stopped first)
     */
    public Result await(Duration timeout) throws InterruptedException {
        Process main = processes.get(mainIndex);
        boolean ended = main.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        close();
        for (Thread pump : pumps) {
            pump.join(5_000);
        }
        if (!ended) {
            throw new IllegalStateException("the main node did not end within " + timeout.toSeconds() + " s");
        }
        List<String> nodeErr = new ArrayList<>();
        for (List<String> lines : errLines) {
            nodeErr.add(String.join("\n", lines));
        }
        synchronized (mainOut) {
            return new Result(main.exitValue(), mainOut.toString(), nodeErr.get(mainIndex), nodeErr);
        }
    }

    /** Stops every process still running (forcibly: a node may be stuck in native code). */
    @Override
    public void close() {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the rendezvous: " + e.getMessage(), e);
        }
    }
}
