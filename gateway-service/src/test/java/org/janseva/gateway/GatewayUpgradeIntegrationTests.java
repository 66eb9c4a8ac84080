package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
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

    static final StubHttpServer backend = StubHttpServer.start().otherwise(Answer.json(JSON));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        String base = backend.baseUri().toString();
        registry.add("platform.services.catalog", () -> base);
        registry.add("platform.services.user", () -> base);
        registry.add("platform.services.payment", () -> base);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void shouldServeAWebSocketUpgradeRequestAsPlainHttp() throws IOException {
        backend.clearRequests();
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
        List<StubHttpServer.Recorded> forwarded = backend.requests();
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).header("Upgrade")).isNull();
        assertThat(String.valueOf(forwarded.get(0).header("Connection"))).doesNotContainIgnoringCase("upgrade");
    }
}
