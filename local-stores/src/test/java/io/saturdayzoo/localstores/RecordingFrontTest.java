package io.saturdayzoo.localstores;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The front streams bodies: a dataset of hundreds of MB crosses it without being held whole in the stores' heap. An
 * engine here that holds back the end of a body until the other side has seen its beginning proves it: a front that
 * buffered whole bodies would never pass the beginning on, and the latch would run out.
 */
class RecordingFrontTest {
    private static final int CHUNK = 64 * 1024;
    private static final long GUARD_SECONDS = 60; // a guard against a hang, not a speed target

    private HttpServer engine;
    private RecordingFront front;

    @AfterEach
    void stop() {
        if (front != null) {
            front.close();
        }
        if (engine != null) {
            engine.stop(0);
        }
    }

    private URI start(com.sun.net.httpserver.HttpHandler handler) throws Exception {
        engine = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        engine.createContext("/", handler);
        engine.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        engine.start();
        front = new RecordingFront(RequestJournal.S3, URI.create("http://127.0.0.1:" + engine.getAddress().getPort()),
                new RequestJournal());
        return front.endpoint();
    }

    @Test
    void aResponseBodyReachesTheClientWhileTheEngineIsStillSendingIt() throws Exception {
        CountDownLatch clientSawBeginning = new CountDownLatch(1);
        AtomicBoolean beginningPassedOn = new AtomicBoolean();
        URI endpoint = start(exchange -> {
            exchange.sendResponseHeaders(200, 2L * CHUNK);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[CHUNK]);
                out.flush();
                beginningPassedOn.set(clientSawBeginning.await(GUARD_SECONDS, TimeUnit.SECONDS));
                out.write(new byte[CHUNK]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(endpoint.resolve("/bucket/big.csv")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(body.readNBytes(CHUNK)).hasSize(CHUNK);
            clientSawBeginning.countDown();
            assertThat(body.readAllBytes()).hasSize(CHUNK);
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(beginningPassedOn).as("the client had the first half before the engine sent the second").isTrue();
    }

    @Test
    void aRequestBodyReachesTheEngineWhileTheClientIsStillSendingIt() throws Exception {
        CountDownLatch engineSawBeginning = new CountDownLatch(1);
        AtomicLong received = new AtomicLong();
        AtomicBoolean beginningPassedOn = new AtomicBoolean();
        URI endpoint = start(exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                // a quarter: the JDK client holds back the last buffer it read until it has read the next one
                received.addAndGet(in.readNBytes(CHUNK / 4).length);
                engineSawBeginning.countDown();
                received.addAndGet(in.readAllBytes().length);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });

        // the client sends its second half only once the engine has its first
        HttpRequest.BodyPublisher twoHalves = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
                    private long sent;

                    @Override
                    public int read() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (sent == 2L * CHUNK) {
                            return -1;
                        }
                        if (sent == CHUNK) {
                            try {
                                beginningPassedOn.set(engineSawBeginning.await(GUARD_SECONDS, TimeUnit.SECONDS));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        int n = (int) Math.min(len, (sent < CHUNK ? CHUNK : 2L * CHUNK) - sent);
                        sent += n;
                        return n;
                    }
                }), 2L * CHUNK);
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                endpoint.resolve("/bucket/big.csv")).PUT(twoHalves).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(beginningPassedOn).as("the engine had the first half before the client sent the second").isTrue();
        assertThat(received.get()).isEqualTo(2L * CHUNK);
    }
}
