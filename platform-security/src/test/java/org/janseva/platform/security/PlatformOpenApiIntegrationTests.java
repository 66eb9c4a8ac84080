package org.janseva.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.janseva.platform.test.OpenApiAssertions;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI documents of a service, over real HTTP, in the same small application (and with the
 * same rules) as {@link PlatformSecurityIntegrationTests}.
 */
@WithTestTokenIssuer
@SpringBootTest(
        classes = PlatformSecurityIntegrationTests.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "platform.security.public-paths[0]=GET /test/open/**",
            "platform.security.scoped-paths[0].pattern=/test/admin/**",
            "platform.security.scoped-paths[0].scopes=admin",
            "platform.security.client.id=catalog-service",
            "platform.security.client.secret=test-secret"
        })
class PlatformOpenApiIntegrationTests {

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
    }

    @Test
    void shouldNameTheGatewaysPublicUrlAsTheServerOfThePublicDocument() {
        for (int i = 0; i < 2; i++) {
            // not the address the request came to (http://localhost:<port>), which is the
            // service's own: through the gateway a client cannot reach it
            JsonNode servers = document("/v3/api-docs").path("servers");
            assertThat(servers.size()).isEqualTo(1);
            assertThat(servers.path(0).path("url").asString()).isEqualTo(TestTokenIssuer.ISSUER);
        }
        assertThat(documentYaml("/v3/api-docs.yaml"))
                .contains("- url: " + TestTokenIssuer.ISSUER + "\n")
                .doesNotContain("localhost");
    }

    @Test
    void shouldDeclareTheBearerTokenOnEachOperationThatNeedsOneWithItsScopes() {
        JsonNode paths = OpenApiAssertions.everyPath(http);

        assertThat(OpenApiAssertions.security(paths, "get /test/me")).isEqualTo("bearer []");
        assertThat(OpenApiAssertions.security(paths, "get /test/open/list")).isEmpty();
        // said explicitly: no token needed
        assertThat(paths.path("/test/open/list").path("get").path("security").isArray())
                .isTrue();
        assertThat(OpenApiAssertions.security(paths, "post /test/open/list")).isEqualTo("bearer []");
        assertThat(OpenApiAssertions.security(paths, "get /test/admin/thing")).isEqualTo("bearer [admin]");
        assertThat(OpenApiAssertions.security(paths, "get /internal/v1/ping")).isEqualTo("bearer [service]");
        assertThat(document("/v3/api-docs/internal")
                        .path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("scheme")
                        .asString())
                .isEqualTo("bearer");
        // the refusals every operation with a token can meet, said once (KeysUnavailableIntegrationTests)
        assertThat(document("/v3/api-docs")
                        .path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("description")
                        .asString())
                .contains("401 UNAUTHENTICATED")
                .contains("403 FORBIDDEN")
                .contains("503 AUTHENTICATION_UNAVAILABLE with Retry-After");
        OpenApiAssertions.assertDocumentedSecurityHolds(http);
    }

    @Test
    void shouldDocumentTheRefusalsOfEachOperationThatNeedsAToken() {
        JsonNode paths = OpenApiAssertions.everyPath(http);

        JsonNode admin = OpenApiAssertions.responses(paths, "get /test/admin/thing");
        assertThat(admin.path("401").path("description").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(admin.path("401").path("content").propertyNames()).containsExactly("application/problem+json");
        assertThat(admin.path("403").path("description").asString()).isEqualTo("FORBIDDEN: no scope admin");
        assertThat(admin.path("403").path("content").propertyNames()).containsExactly("application/problem+json");
        assertThat(List.copyOf(admin.propertyNames())).as("in status order").isSorted();
        assertThat(OpenApiAssertions.responses(paths, "get /internal/v1/ping")
                        .path("403")
                        .path("description")
                        .asString())
                .isEqualTo("FORBIDDEN: no scope service");
        // any valid token will do: no scope it could lack
        assertThat(OpenApiAssertions.responses(paths, "get /test/me").propertyNames())
                .contains("401")
                .doesNotContain("403");
        assertThat(OpenApiAssertions.responses(paths, "get /test/open/list").propertyNames())
                .doesNotContain("401", "403");
        // an operation's own words are kept
        assertThat(OpenApiAssertions.responses(paths, "get /test/admin/documented")
                        .path("403")
                        .path("description")
                        .asString())
                .isEqualTo("FORBIDDEN: not the audit desk's token");
        SoftAssertions softly = new SoftAssertions();
        OpenApiAssertions.assertDocumentedRefusals(softly, paths);
        softly.assertAll();
    }

    @Test
    void shouldLeaveInternalEndpointsAndTheErrorPageOutOfThePublicDocument() {
        JsonNode paths = document("/v3/api-docs").path("paths");

        assertThat(paths.propertyNames()).contains("/test/me", "/test/open/list", "/test/admin/thing");
        assertThat(paths.propertyNames()).noneMatch(path -> path.startsWith("/internal") || path.startsWith("/error"));
        assertThat(documentYaml("/v3/api-docs.yaml"))
                .doesNotContain("/internal/")
                .doesNotContain("/error");
    }

    @Test
    void shouldDescribeTheInternalEndpointsInADocumentOfTheirOwn() {
        JsonNode internal = document("/v3/api-docs/internal");

        assertThat(internal.path("paths").propertyNames()).containsExactly("/internal/v1/ping");
        assertThat(internal.path("servers").path(0).path("url").asString()).isEqualTo("/");
        // asking for one document does not change the other (springdoc caches each)
        assertThat(document("/v3/api-docs").path("paths").has("/internal/v1/ping"))
                .isFalse();
        assertThat(document("/v3/api-docs/internal").path("paths").propertyNames())
                .containsExactly("/internal/v1/ping");
    }

    @Test
    void shouldAnswerADocumentItDoesNotHaveWithANotFoundProblem() {
        assertProblem(http.get("/v3/api-docs/no-such-group"), 404, "RESOURCE_NOT_FOUND");
        assertProblem(http.get("/v3/api-docs/swagger-config"), 404, "RESOURCE_NOT_FOUND");
    }

    private JsonNode document(String path) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return TestHttp.json(response);
    }

    private String documentYaml(String path) {
        HttpResponse<String> response = http.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
