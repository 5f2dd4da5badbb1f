package io.saturdayzoo.localstores;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP front (JDK HttpServer) that forwards every request to one engine and records it in the journal.
 * Why a front and not engine hooks: one generic piece serves both engines and records exactly what crossed the
 * wire, without depending on either engine's internals.
 */
final class RecordingFront implements AutoCloseable {

    /** Hop-by-hop or client-computed headers that must not be copied across the hop. */
    private static final Set<String> SKIPPED_REQUEST_HEADERS =
            Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive", "te");
    private static final Set<String> SKIPPED_RESPONSE_HEADERS =
            Set.of("connection", "content-length", "transfer-encoding", "keep-alive", "date");
    private static final Pattern TABLE_NAME = Pattern.compile("\"TableName\"\\s*:\\s*\"([^\"]+)\"");

    private final String service;
    private final URI upstream;
    private final RequestJournal journal;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client;

    static {
        // Without TCP_NODELAY the JDK server's separate header/body writes meet delayed ACKs: ~40 ms per request.
        // The JDK reads this once per JVM, so a process that starts its own HttpServer first should pass
        // -Dsun.net.httpserver.nodelay=true itself (see core/pom.xml's surefire configuration).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    RecordingFront(String service, URI upstream, RequestJournal journal) throws IOException {
        this.service = service;
        this.upstream = upstream;
        this.journal = journal;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-stores-" + service + "-front-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void forward(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI requestUri = exchange.getRequestURI();
        String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        byte[] requestBody;
        try (InputStream in = exchange.getRequestBody()) {
            requestBody = in.readAllBytes();
        }
        try {
            HttpResponse<byte[]> response;
            try {
                response = client.send(upstreamRequest(exchange, method, requestUri, requestBody),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                record(method, requestUri, amzTarget, requestBody, 502);
                sendError(exchange, e);
                return;
            } catch (IOException | RuntimeException e) {
                record(method, requestUri, amzTarget, requestBody, 502);
                sendError(exchange, e);
                return;
            }
            // Journal first, answer second: once the client has its answer, the journal already shows the request.
            record(method, requestUri, amzTarget, requestBody, response.statusCode());
            sendResponse(exchange, method, response);
        } finally {
            exchange.close();
        }
    }

    private HttpRequest upstreamRequest(HttpExchange exchange, String method, URI requestUri, byte[] body) {
        String rawQuery = requestUri.getRawQuery();
        URI target = URI.create(upstream + requestUri.getRawPath() + (rawQuery == null ? "" : "?" + rawQuery));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofMinutes(5))
                .method(method, body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (SKIPPED_REQUEST_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : header.getValue()) {
                try {
                    request.header(header.getKey(), value);
                } catch (IllegalArgumentException restricted) {
                    // The JDK client refuses a few headers it computes itself; the engines do not need them.
                }
            }
        }
        return request.build();
    }

    private static void sendResponse(HttpExchange exchange, String method, HttpResponse<byte[]> response)
            throws IOException {
        int status = response.statusCode();
        boolean keepContentLength = method.equalsIgnoreCase("HEAD") || status == 304;
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(":") || (SKIPPED_RESPONSE_HEADERS.contains(lower)
                    && !(keepContentLength && lower.equals("content-length")))) {
                return;
            }
            exchange.getResponseHeaders().put(name, values);
        });
        byte[] body = response.body();
        boolean noBody = keepContentLength || status == 204 || body.length == 0;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void record(String method, URI requestUri, String amzTarget, byte[] body, int status) {
        if (RequestJournal.DYNAMODB.equals(service)) {
            Matcher m = TABLE_NAME.matcher(new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8));
            journal.recordDynamoDb(amzTarget, m.find() ? m.group(1) : null, status);
        } else {
            journal.recordS3(method, requestUri.getPath(), status);
        }
    }

    private static void sendError(HttpExchange exchange, Exception e) {
        try {
            byte[] msg = ("local-stores front could not reach the engine: " + e).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, msg.length);
            exchange.getResponseBody().write(msg);
        } catch (IOException | RuntimeException ignored) {
            // headers already sent: the client sees a truncated response, which is the truth
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
