package org.janseva.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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

    /** @return the JSON body of an answer */
    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** @return the shared JSON mapper for tests */
    public static JsonMapper jsonMapper() {
        return JSON;
    }
}
