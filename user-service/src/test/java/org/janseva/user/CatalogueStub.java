package org.janseva.user;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * catalog-service's {@code GET /api/v1/catalog/services/{code}} as user-service asks it before
 * making a service a favourite, over real HTTP: 200 for a published code, 404 {@code
 * SERVICE_NOT_FOUND} problem for any other (as catalog-service answers). It counts the lookups of
 * each code, can be made to answer something else instead ({@link #failWith}), and can be stopped
 * (connections refused) and started again on the same port. Unlike {@code StubHttpServer}, which
 * plays catalog-service's erasure endpoint, it must be restartable, hence its own server.
 */
public final class CatalogueStub {

    private static final String SERVICES = "/api/v1/catalog/services/";

    private final Set<String> published = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile Failure failure;
    private final int port;
    private HttpServer server;

    private record Failure(int status, String body) {}

    private CatalogueStub(HttpServer server) {
        this.server = server;
        this.port = server.getAddress().getPort();
    }

    /** @return a started stub on a free loopback port */
    public static CatalogueStub start() {
        CatalogueStub stub = new CatalogueStub(bind(0));
        stub.serve();
        return stub;
    }

    /** @return the base URI, e.g. {@code http://127.0.0.1:41234}; the same after a restart */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The catalogue publishes these codes from now on. */
    public CatalogueStub publish(String... codes) {
        published.addAll(Set.of(codes));
        return this;
    }

    /** @return how many times the code was looked up so far */
    public int lookups(String code) {
        AtomicInteger count = lookups.get(code);
        return count == null ? 0 : count.get();
    }

    /** Every lookup is answered with this status and JSON body, until {@link #answerNormally()}. */
    public void failWith(int status, String body) {
        failure = new Failure(status, body);
    }

    public void answerNormally() {
        failure = null;
    }

    /** Closes the port: lookups fail to connect. */
    public synchronized void stop() {
        server.stop(0);
    }

    /** Listens on the same port again. */
    public synchronized void restart() {
        server = bind(port);
        serve();
    }

    private static HttpServer bind(int port) {
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void serve() {
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!exchange.getRequestMethod().equals("GET") || !path.startsWith(SERVICES)) {
                answer(
                        exchange,
                        404,
                        "application/problem+json",
                        problem(404, "RESOURCE_NOT_FOUND", "No such resource."));
                return;
            }
            String code = path.substring(SERVICES.length());
            lookups.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
            Failure now = failure;
            if (now != null) {
                answer(exchange, now.status(), "application/problem+json", now.body());
            } else if (published.contains(code)) {
                answer(
                        exchange,
                        200,
                        "application/json",
                        "{\"code\": \"" + code + "\", \"name\": \"A service\", \"operations\": []}");
            } else {
                answer(
                        exchange,
                        404,
                        "application/problem+json",
                        problem(404, "SERVICE_NOT_FOUND", "No such service is offered."));
            }
        }
    }

    /** @return a problem document as catalog-service writes it */
    public static String problem(int status, String code, String detail) {
        return "{\"type\": \"https://janseva.org/problems/"
                + code.toLowerCase(Locale.ROOT).replace('_', '-')
                + "\", \"title\": \"t\", \"status\": " + status + ", \"detail\": \"" + detail + "\", \"code\": \""
                + code + "\"}";
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
