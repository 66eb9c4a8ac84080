package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The OpenAPI documents at the gateway, in front of a stub backend standing in for the services. */
@WithTestTokenIssuer
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "springdoc.swagger-ui.enabled=true")
class GatewayOpenApiIntegrationTests {

    static final StubHttpServer backend = StubHttpServer.start();

    @LocalServerPort
    int port;

    @Value("${platform.security.issuer}")
    String issuer;

    TestHttp http;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("platform.services.catalog", () -> backend.baseUri().toString());
        registry.add("platform.services.user", () -> backend.baseUri().toString());
        registry.add("platform.services.payment", () -> backend.baseUri().toString());
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        backend.clearRequests();
    }

    @Test
    void shouldDescribeItselfAndNameTheServicesDocuments() {
        HttpResponse<String> response = http.get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = TestHttp.json(response);
        assertThat(document.path("info").path("title").asString()).isEqualTo("gateway-service");
        assertThat(document.path("info").path("description").asString())
                .contains("- user-service: /v3/api-docs/user-service")
                .contains("- catalog-service: /v3/api-docs/catalog-service")
                .contains("- payment-service: /v3/api-docs/payment-service");
        assertThat(document.path("paths").isEmpty()).isTrue();
        // its server is the configured public URL, never the address or host the request named
        assertThat(document.path("servers").path(0).path("url").asString()).isEqualTo(issuer);
        JsonNode forwarded =
                TestHttp.json(http.sendUtf8("GET", "/v3/api-docs", null, "X-Forwarded-Host", "evil.example"));
        assertThat(forwarded.path("servers").path(0).path("url").asString()).isEqualTo(issuer);
        assertThat(forwarded.path("servers")).hasSize(1);

        // nor does the Swagger UI's configuration
        JsonNode swagger = TestHttp.json(http.sendUtf8(
                "GET",
                "/v3/api-docs/swagger-config",
                null,
                "X-Forwarded-Host",
                "evil.example",
                "Forwarded",
                "host=evil.example;proto=https"));
        assertThat(swagger.path("oauth2RedirectUrl").asString()).isEqualTo(issuer + "/swagger-ui/oauth2-redirect.html");

        // and as YAML, public like the JSON
        HttpResponse<String> yaml = http.get("/v3/api-docs.yaml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi: 3.").contains("title: gateway-service");
    }

    @Test
    void shouldServeEachServicesPublicDocumentButNoInternalOne() {
        backend.on("GET", "/v3/api-docs", Answer.json("{\"openapi\": \"3.1.0\"}"));

        for (String service : new String[] {"user-service", "catalog-service", "payment-service"}) {
            HttpResponse<String> response = http.get("/v3/api-docs/" + service);
            assertThat(response.statusCode()).as(service).isEqualTo(200);
            assertThat(TestHttp.json(response).path("openapi").asString()).isEqualTo("3.1.0");
        }
        assertThat(backend.requests()).hasSize(3).allMatch(r -> r.path().equals("/v3/api-docs"));

        // a service's /v3/api-docs/internal is reached from inside the cluster only
        assertProblem(http.get("/v3/api-docs/internal"), 404, "ROUTE_NOT_FOUND");
        assertProblem(http.get("/v3/api-docs/user-service/internal"), 404, "ROUTE_NOT_FOUND");
        assertThat(backend.requests()).hasSize(3);
    }
}
