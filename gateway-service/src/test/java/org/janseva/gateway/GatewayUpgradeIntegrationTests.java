package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The platform has no WebSocket endpoint, and the gateway proxies none: a request asking to
 * upgrade is served as the plain HTTP request it also is. Spring Cloud Gateway's WebSocket routing
 * turns any request with {@code Upgrade: websocket} on an http route into a WebSocket proxy, so
 * such a request was answered 101 Switching Protocols and the connection then closed: the client
 * never got the catalogue it asked for, and a browser page could open WebSocket handshakes through
 * the gateway without any same-origin check (CVE-2026-59428, fixed in a gateway release this
 * build cannot have yet).
 */
@WithTestTokenIssuer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayUpgradeIntegrationTests {

    static final String JSON = "{\"items\": []}";

    /** The headers of each request the backend got: name: value lines, in lower case. */
    static final List<String> seen = new CopyOnWriteArrayList<>();

    static final HttpServer backend = recordingBackend();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + backend.getAddress().getPort();
        registry.add("platform.services.catalog", () -> base);
        registry.add("platform.services.user", () -> base);
        registry.add("platform.services.payment", () -> base);
    }

    @AfterAll
    static void stop() {
        backend.stop(0);
    }

    @Test
    void shouldServeAWebSocketUpgradeRequestAsPlainHttp() throws IOException {
        seen.clear();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            RawHttp.send(
                    socket,
                    "GET /api/v1/catalog/services HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\n"
                            + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Origin: https://attacker.example\r\n\r\n");
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.headers()).doesNotContainKey("upgrade").doesNotContainKey("sec-websocket-accept");
            assertThat(answer.body()).isEqualTo(JSON);
        }
        // the backend got an ordinary request: the upgrade is hop-by-hop and stops at the gateway
        // (the Sec-WebSocket-* headers pass, meaningless without it)
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).doesNotContain("upgrade: ").doesNotContain("connection: upgrade");
    }

    private static HttpServer recordingBackend() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                StringBuilder headers = new StringBuilder();
                exchange.getRequestHeaders()
                        .forEach((name, values) -> values.forEach(value -> headers.append(name.toLowerCase())
                                .append(": ")
                                .append(value.toLowerCase())
                                .append('\n')));
                seen.add(headers.toString());
                byte[] body = JSON.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
