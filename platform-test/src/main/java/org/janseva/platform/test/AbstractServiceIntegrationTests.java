package org.janseva.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What every process of the platform must do once started, checked over real HTTP: health with
 * liveness and readiness groups, info, Prometheus metrics tagged with the application, an OpenAPI
 * document generated from the code, and problem documents for unknown paths. A service's test
 * extends it and adds {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
public abstract class AbstractServiceIntegrationTests {

    @LocalServerPort
    protected int port;

    @Value("${spring.application.name}")
    protected String applicationName;

    protected TestHttp http;

    @BeforeEach
    void setUpHttp() {
        http = TestHttp.localhost(port);
    }

    @Test
    void shouldReportHealthWithLivenessAndReadinessGroups() {
        HttpResponse<String> health = http.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(health).path("status").asString()).isEqualTo("UP");

        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldDescribeItselfInInfo() {
        JsonNode info = TestHttp.json(http.get("/actuator/info"));
        assertThat(info.path("app").path("name").asString()).isEqualTo(applicationName);
    }

    @Test
    void shouldExposePrometheusMetricsTaggedWithTheApplication() {
        http.get("/actuator/health");
        HttpResponse<String> metrics = http.get("/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("jvm_memory_used_bytes")
                .contains("application=\"" + applicationName + "\"");
    }

    @Test
    void shouldExposeOnlyHealthInfoAndPrometheus() {
        assertThat(http.get("/actuator/env", withAuthorization()).statusCode()).isEqualTo(404);
        assertThat(http.get("/actuator/beans", withAuthorization()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void shouldPublishAnOpenApiDocument() {
        HttpResponse<String> docs = http.get("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(docs).path("openapi").asString()).startsWith("3.");
    }

    @Test
    void shouldAnswerAnUnknownPathWithAProblemDocument() {
        assertProblem(http.get("/api/v1/no-such-thing", withAuthorization("Accept", "text/html")), 404, notFoundCode());
    }

    /**
     * @return the {@code Authorization} header value of a caller allowed past this process's
     *     resource-server check (e.g. {@code TestTokenIssuer.bearer(...)}), or {@code null} for a
     *     process that needs none
     */
    protected String authorization() {
        return null;
    }

    private String[] withAuthorization(String... headers) {
        String authorization = authorization();
        if (authorization == null) {
            return headers;
        }
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Authorization";
        all[headers.length + 1] = authorization;
        return all;
    }

    /** @return the code this process gives an unknown path */
    protected String notFoundCode() {
        return "RESOURCE_NOT_FOUND";
    }
}
