package io.saturdayzoo.localstores;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.AbstractLocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * DynamoDB Local and an S3-compatible server (s3proxy), both in-process on 127.0.0.1, each behind a recording
 * HTTP front so tests can see server-side what was written. One instance per test class or local run.
 *
 * <pre>
 * try (EmbeddedStores stores = EmbeddedStores.start(null)) {
 *     Map&lt;String, String&gt; env = ZooEnv.withStores("zoo-registry", "zoo-bucket", stores.awsEnv());
 *     ...
 * }
 * </pre>
 */
public final class EmbeddedStores implements AutoCloseable {

    private static final int START_ATTEMPTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStores.class);

    private final DynamoDBProxyServer dynamoDb;
    private final S3Proxy s3;
    private final BlobStore blobStore;
    private final RecordingFront dynamoFront;
    private final RecordingFront s3Front;
    private final RequestJournal journal;
    private final Path dataDir;

    private EmbeddedStores(DynamoDBProxyServer dynamoDb, S3Proxy s3, BlobStore blobStore,
                           RecordingFront dynamoFront, RecordingFront s3Front, RequestJournal journal, Path dataDir) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.blobStore = blobStore;
        this.dynamoFront = dynamoFront;
        this.s3Front = s3Front;
        this.journal = journal;
        this.dataDir = dataDir;
    }

    /**
     * Starts both engines.
     *
     * @param dataDirOrNull null keeps everything in memory; otherwise tables live under {@code dataDir/dynamodb}
     *                      and objects under {@code dataDir/s3}, and survive a restart on the same directory.
     */
    public static EmbeddedStores start(Path dataDirOrNull) {
        return start(dataDirOrNull, true);
    }

    /**
     * Starts the S3 server alone, for a process that never reads the registry (a training job writes only to its
     * bucket): DynamoDB Local's engine, its SQLite and its threads are never loaded. {@link #awsEnv()} then names no
     * DynamoDB endpoint and {@link #dynamoDbEndpoint()} refuses.
     */
    public static EmbeddedStores startS3Only(Path dataDirOrNull) {
        return start(dataDirOrNull, false);
    }

    private static EmbeddedStores start(Path dataDirOrNull, boolean withDynamoDb) {
        QuietLogs.apply();
        RequestJournal journal = new RequestJournal();
        DynamoDBProxyServer dynamo = null;
        BlobStore blobStore = null;
        RecordingFront dynamoFront = null;
        RecordingFront s3Front = null;
        // The two engines share nothing: s3proxy starts on a thread of its own while DynamoDB Local starts here.
        CompletableFuture<S3Proxy> s3Start = new CompletableFuture<>();
        BlobStore[] blobStoreHolder = new BlobStore[1];
        Thread s3Thread = new Thread(() -> {
            try {
                blobStoreHolder[0] = newBlobStore(dataDirOrNull);
                S3Proxy proxy = S3Proxy.builder()
                        .blobStore(blobStoreHolder[0])
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .ignoreUnknownHeaders(true)
                        .build();
                proxy.start();
                s3Start.complete(proxy);
            } catch (Throwable e) {
                s3Start.completeExceptionally(e);
            }
        }, "embedded-stores-s3-start");
        s3Thread.setDaemon(true);
        s3Thread.start();
        S3Proxy s3 = null;
        try {
            if (withDynamoDb) {
                RunningDynamoDb running = startDynamoDb(dataDirOrNull);
                dynamo = running.server();
                dynamoFront = new RecordingFront(RequestJournal.DYNAMODB,
                        URI.create("http://127.0.0.1:" + running.port()), journal);
            }
            s3 = s3Start.get();
            blobStore = blobStoreHolder[0];
            waitUntilStarted(s3);
            s3Front = new RecordingFront(RequestJournal.S3, URI.create("http://127.0.0.1:" + s3.getPort()), journal);
            return new EmbeddedStores(dynamo, s3, blobStore, dynamoFront, s3Front, journal, dataDirOrNull);
        } catch (Exception e) {
            if (s3 == null) {
                // DynamoDB Local failed first: an s3proxy that still comes up must not outlive this failure
                s3 = s3Start.exceptionally(failed -> null).join();
                blobStore = blobStoreHolder[0];
            }
            closeQuietly(dynamoFront, s3Front, dynamo, s3, blobStore);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("could not start embedded stores (dataDir=" + dataDirOrNull + "): "
                    + cause, cause);
        }
    }

    private record RunningDynamoDb(DynamoDBProxyServer server, int port) {
    }

    /** DynamoDB Local refuses port 0, so we pick a free port ourselves and retry if it was taken meanwhile. */
    private static RunningDynamoDb startDynamoDb(Path dataDir) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = freePort();
            String[] args = dataDir == null
                    ? new String[]{"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)}
                    : new String[]{"-dbPath", createDir(dataDir.resolve("dynamodb")).toString(), "-sharedDb",
                            "-disableTelemetry", "-port", Integer.toString(port)};
            DynamoDBProxyServer server = null;
            // DynamoDB Local prints its configuration with System.out.println, past any logging setting: a
            // start-up is the only moment it does, so standard output is set aside for just that moment.
            PrintStream stdout = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                server = ServerRunner.createServerFromCommandLineArgs(args);
                server.start();
                return new RunningDynamoDb(server, port);
            } catch (Exception e) {
                // another process took the port between our probe and the bind: try a new one
                last = e;
                if (server != null) {
                    closeQuietly(server);
                }
            } finally {
                System.setOut(stdout);
            }
        }
        throw last;
    }

    private static BlobStore newBlobStore(Path dataDir) {
        if (dataDir == null) {
            return new TransientNio2BlobStore();
        }
        return new FilesystemNio2BlobStore(createDir(dataDir.resolve("s3")).toString());
    }

    private static void waitUntilStarted(S3Proxy s3) throws InterruptedException {
        // S3Proxy.start() returns before Jetty reports STARTED; the port is only known after that.
        for (int i = 0; i < 200 && !"STARTED".equals(s3.getState()); i++) {
            Thread.sleep(25);
        }
        if (!"STARTED".equals(s3.getState())) {
            throw new IllegalStateException("s3proxy did not start, state " + s3.getState());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static Path createDir(Path dir) {
        try {
            return Files.createDirectories(dir).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dir, e);
        }
    }

    /** DynamoDB endpoint (the recording front) for AWS_ENDPOINT_URL_DYNAMODB. */
    public URI dynamoDbEndpoint() {
        if (dynamoFront == null) {
            throw new IllegalStateException("these stores were started with S3 only (startS3Only): no DynamoDB endpoint");
        }
        return dynamoFront.endpoint();
    }

    /** S3 endpoint (the recording front) for AWS_ENDPOINT_URL_S3; clients must use path-style addressing. */
    public URI s3Endpoint() {
        return s3Front.endpoint();
    }

    /** Where data is persisted, or null when in memory. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * The AWS environment a process needs to reach these stores: endpoint overrides, a region and dummy credentials
     * (the engines do not check signatures). Which table and bucket to use is the caller's to add (core's
     * {@code ZooEnv.withStores} names them): this module sits below core and spells none of its names.
     */
    public Map<String, String> awsEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        if (dynamoFront != null) {
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint().toString());
        }
        env.put("AWS_ENDPOINT_URL_S3", s3Endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        return Map.copyOf(env);
    }

    /** Server-side record of every request both engines received. */
    public RequestJournal journal() {
        return journal;
    }

    @Override
    public void close() {
        stopDynamoDbJobs(dynamoDb);
        closeQuietly(dynamoFront, s3Front, dynamoDb, s3, blobStore);
    }

    /**
     * DynamoDB Local's stop() only cancels its background jobs; its shard-rollover job notices after a sleep of
     * hours, on a non-daemon thread that keeps the JVM alive. Its per-database clients offer shutdownNow() (which
     * interrupts them) but are reachable only through private fields, hence the reflection. If a later DynamoDB
     * Local changes those fields, this degrades to a WARN and the thread test in local-stores fails loudly.
     */
    private static void stopDynamoDbJobs(DynamoDBProxyServer server) {
        if (server == null) {
            return;
        }
        try {
            Object serverHandler = field(server, DynamoDBProxyServer.class, "serverHandler");
            Object requestHandler = field(serverHandler, AbstractLocalDynamoDBServerHandler.class, "primaryHandler");
            Map<?, ?> databases = (Map<?, ?>) field(requestHandler, LocalDynamoDBRequestHandler.class, "dbRequestHandlers");
            for (Object database : List.copyOf(databases.values())) {
                ((AmazonDynamoDBLocal) database).shutdownNow();
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not stop DynamoDB Local background jobs; a JVM exit may wait for them: {}", e.toString());
        }
    }

    private static Object field(Object target, Class<?> owner, String name) throws ReflectiveOperationException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }

    private static void closeQuietly(Object... resources) {
        for (Object resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                if (resource instanceof DynamoDBProxyServer d) {
                    d.stop();
                } else if (resource instanceof S3Proxy p) {
                    p.stop();
                } else if (resource instanceof AutoCloseable c) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort on shutdown: one engine failing to stop must not keep the other running
            }
        }
    }
}
