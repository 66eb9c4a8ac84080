package org.janseva.platform.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on a free loopback port, for tests that need a department back end or a
 * backend service without starting our own code: answers are set per method and path, and every
 * request it receives is recorded.
 */
public final class StubHttpServer implements AutoCloseable {

    /** A request the server received. */
    public record Recorded(String method, String path, String query, Map<String, List<String>> headers, String body) {

        /**
         * @param name a header name, any case
         * @return its first value, or {@code null}
         */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** An answer: status, content type, body, and an optional delay before it. */
    public record Answer(int status, String contentType, String body, long delayMillis, Map<String, String> headers) {

        /** @return a 200 JSON answer */
        public static Answer json(String body) {
            return new Answer(200, "application/json", body, 0, Map.of());
        }

        /** @return a JSON answer with the given status */
        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, 0, Map.of());
        }

        /** @return this answer, sent after the delay */
        public Answer delayedBy(long millis) {
            return new Answer(status, contentType, body, millis, headers);
        }

        /** @return this answer with one more response header */
        public Answer withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, contentType, body, delayMillis, Map.copyOf(more));
        }
    }

    /**
     * Requests held unanswered until {@link #release()}: a test acts while a call is in flight at
     * its receiver, then decides what the call answers. Closing it releases it, so that a failed
     * test leaves no request held.
     */
    public final class Hold implements AutoCloseable {

        private final String key;
        private final CountDownLatch gate = new CountDownLatch(1);

        private Hold(String key) {
            this.key = key;
        }

        /** Answers the held requests, and those still to come, with the answer set by now. */
        public void release() {
            holds.remove(key, this);
            gate.countDown();
        }

        @Override
        public void close() {
            release();
        }
    }

    /** How long a request is held at most, should its test never release it. */
    private static final long MAX_HOLD_SECONDS = 60;

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Map<String, Long> trickles = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
    private volatile Answer fallback = Answer.json(404, "{\"error\":\"no stub for this path\"}");
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private StubHttpServer(HttpServer server) {
        this.server = server;
    }

    /** @return a started server on a free loopback port */
    public static StubHttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            StubHttpServer stub = new StubHttpServer(http);
            http.createContext("/", stub::handle);
            http.setExecutor(Executors.newCachedThreadPool());
            http.start();
            return stub;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Sets the answer for a method and path (query ignored).
     *
     * @return this server
     */
    public StubHttpServer on(String method, String path, Answer answer) {
        answers.put(method.toUpperCase() + " " + path, answer);
        trickles.remove(method.toUpperCase() + " " + path);
        return this;
    }

    /**
     * Sets the answer for a method and path, sent a byte at a time: the status and headers (with
     * the body's length) at once, then one byte of the body every {@code millisPerByte}, each
     * flushed, so that a client's wait for each read never runs out while the whole answer takes
     * the body's length times that.
     *
     * @return this server
     */
    public StubHttpServer trickling(String method, String path, Answer answer, long millisPerByte) {
        on(method, path, answer);
        trickles.put(method.toUpperCase() + " " + path, millisPerByte);
        return this;
    }

    /**
     * Holds the requests for a method and path (query ignored) from now on: each is received,
     * counted and recorded, then waits unanswered until the hold is released (at most a minute),
     * and is answered with the answer set for it by then.
     *
     * @return the hold, to release
     */
    public Hold hold(String method, String path) {
        String key = method.toUpperCase() + " " + path;
        Hold hold = new Hold(key);
        holds.put(key, hold);
        return hold;
    }

    /** Sets the answer for every request that has no answer of its own. */
    public StubHttpServer otherwise(Answer answer) {
        this.fallback = answer;
        return this;
    }

    /** @return the server's base URI, e.g. {@code http://127.0.0.1:41234} */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @return the port */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return every request received so far, oldest first */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /**
     * @return how many requests for the method and path (query ignored) reached the server since
     *     the requests were last cleared, counted as soon as their headers were read: unlike
     *     {@link #requests()}, this includes a request whose body never arrived whole
     */
    public int arrivals(String method, String path) {
        AtomicInteger count = arrivals.get(method.toUpperCase() + " " + path);
        return count == null ? 0 : count.get();
    }

    /** Forgets the recorded requests and arrivals. */
    public void clearRequests() {
        requests.clear();
        arrivals.clear();
    }

    /**
     * @return how many requests it is receiving or answering now, held ones included: a request
     *     whose body is still arriving leaves when its body ends or its connection is closed
     */
    public int inFlight() {
        return inFlight.get();
    }

    /** @return the most requests it was answering at once since the last reset */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    /** Starts counting {@link #maxConcurrentRequests()} afresh from the requests in flight now. */
    public void resetMaxConcurrentRequests() {
        maxInFlight.set(inFlight.get());
    }

    private void handle(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        arrivals.computeIfAbsent(
                        exchange.getRequestMethod() + " "
                                + exchange.getRequestURI().getRawPath(),
                        k -> new AtomicInteger())
                .incrementAndGet();
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            URI uri = exchange.getRequestURI();
            requests.add(new Recorded(
                    exchange.getRequestMethod(),
                    uri.getRawPath(),
                    uri.getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
            String key = exchange.getRequestMethod() + " " + uri.getRawPath();
            Hold hold = holds.get(key);
            if (hold != null) {
                try {
                    hold.gate.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Answer answer = answers.getOrDefault(key, fallback);
            long trickle = trickles.getOrDefault(key, 0L);
            if (answer.delayMillis() > 0) {
                try {
                    Thread.sleep(answer.delayMillis());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            }
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0 && trickle > 0) {
                for (byte b : bytes) {
                    exchange.getResponseBody().write(b);
                    exchange.getResponseBody().flush();
                    try {
                        Thread.sleep(trickle);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            } else if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
