package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * RFC 9112 6.1: an answer to an HTTP/1.0 request must not be chunked, for such a client reads
 * the chunk sizes as part of the body. The backends chunk what they stream (a JSON listing has no
 * length before it is written), and the gateway used to pass that on to HTTP/1.0 clients; now
 * the body goes as it is and the connection's close ends it. The backend here is the JDK's HTTP
 * server, which chunks every answer it is not told the length of.
 */
@WithTestTokenIssuer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayHttp10IntegrationTests {

    static final String JSON =
            "{\"items\": [" + "\"View your electricity bill and pay it\", ".repeat(200) + "\"end\"]}";

    static final HttpServer backend = chunkingBackend();

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
    void shouldNotChunkAnAnswerToAnHttp10Request() throws IOException {
        for (String connection : new String[] {"", "Connection: keep-alive\r\n"}) {
            String head = headOf(send("GET /api/v1/catalog/services HTTP/1.0\r\n" + connection + "\r\n"));
            assertThat(head).as(connection).contains(" 200 ").doesNotContain("transfer-encoding");
            assertThat(head).as(connection).contains("connection: close");
            assertThat(bodyOf(send("GET /api/v1/catalog/services HTTP/1.0\r\n" + connection + "\r\n")))
                    .as(connection)
                    .isEqualTo(JSON);
        }
        // gzipped by the gateway as well
        byte[] gzipped = send("GET /api/v1/catalog/services HTTP/1.0\r\nAccept-Encoding: gzip\r\n\r\n");
        assertThat(headOf(gzipped)).contains("content-encoding: gzip").doesNotContain("transfer-encoding");
        int start = headOf(gzipped).length() + 4;
        try (GZIPInputStream in =
                new GZIPInputStream(new ByteArrayInputStream(gzipped, start, gzipped.length - start))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(JSON);
        }
    }

    @Test
    void shouldStillChunkAnAnswerToAnHttp11Request() throws IOException {
        String head =
                headOf(send("GET /api/v1/catalog/services HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));

        assertThat(head).contains(" 200 ").contains("transfer-encoding: chunked");
    }

    /** @return everything the gateway sends until it closes the connection */
    private byte[] send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            RawHttp.send(socket, request);
            return socket.getInputStream().readAllBytes();
        }
    }

    private static String headOf(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        return text.substring(0, text.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
    }

    private static String bodyOf(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        return new String(
                answer,
                text.indexOf("\r\n\r\n") + 4,
                answer.length - text.indexOf("\r\n\r\n") - 4,
                StandardCharsets.UTF_8);
    }

    private static HttpServer chunkingBackend() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                // length 0: the JDK server chunks the answer
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(JSON.getBytes(StandardCharsets.UTF_8));
                }
            });
            server.start();
            return server;
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
