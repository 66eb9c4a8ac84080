package org.janseva.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small real-HTTP client for tests (the JDK's {@link HttpClient}): requests go over a socket to
 * a running server, exactly as a client's would.
 */
public final class TestHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final URI base;

    private TestHttp(URI base) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** @return a client for {@code http://localhost:port} */
    public static TestHttp localhost(int port) {
        return new TestHttp(URI.create("http://localhost:" + port));
    }

    /** @return a client for the base URI */
    public static TestHttp to(URI base) {
        return new TestHttp(base);
    }

    /** @return a request builder for the path (with query) against the base URI */
    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30));
    }

    /** @return the answer to a GET */
    public HttpResponse<String> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder builder = request(pathAndQuery).GET();
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.build());
    }

    /** @return the answer to a POST of a JSON body */
    public HttpResponse<String> postJson(String pathAndQuery, String json, String... headers) {
        return sendJson("POST", pathAndQuery, json, headers);
    }

    /** @return the answer to a request with a JSON body */
    public HttpResponse<String> sendJson(String method, String pathAndQuery, String json, String... headers) {
        HttpRequest.Builder builder = request(pathAndQuery)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return send(builder.build());
    }

    /** @return the answer to the request, as text */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Sends a request written by hand on a socket, its header values as UTF-8 bytes the way curl
     * sends {@code -H 'Idempotency-Key: ключ'} (java.net.http refuses such values or replaces the
     * characters), in HTTP/1.0 so that the answer is not chunked.
     *
     * @param method the method
     * @param pathAndQuery the path, with any query, as it is to be sent
     * @param body the body (sent as UTF-8), or {@code null} for none
     * @param headers header names and values, alternating
     * @return the answer
     */
    public HttpResponse<String> sendUtf8(String method, String pathAndQuery, String body, String... headers) {
        StringBuilder head = new StringBuilder(method + " " + pathAndQuery + " HTTP/1.0\r\n");
        head.append("Host: ")
                .append(base.getHost())
                .append(':')
                .append(base.getPort())
                .append("\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            return RawResponse.parse(socket.getInputStream().readAllBytes(), base.resolve(pathAndQuery), method);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** An answer read off a socket by {@link #sendUtf8}. */
    private record RawResponse(int statusCode, HttpHeaders headers, String body, URI uri, String method)
            implements HttpResponse<String> {

        static RawResponse parse(byte[] answer, URI uri, String method) {
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end < 0 ? text.length() : end).split("\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
                            .add(lines[i].substring(colon + 1).strip());
                }
            }
            String body = end < 0 ? "" : new String(answer, end + 4, answer.length - end - 4, StandardCharsets.UTF_8);
            return new RawResponse(
                    Integer.parseInt(lines[0].split(" ")[1]),
                    HttpHeaders.of(headers, (name, value) -> true),
                    body,
                    uri,
                    method);
        }

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(uri)
                    .method(method, HttpRequest.BodyPublishers.noBody())
                    .build();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    /** @return the JSON body of an answer */
    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** @return the shared JSON mapper for tests */
    public static JsonMapper jsonMapper() {
        return JSON;
    }
}
