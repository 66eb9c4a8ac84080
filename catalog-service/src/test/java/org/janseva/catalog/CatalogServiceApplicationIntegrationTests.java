package org.janseva.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.janseva.platform.test.AbstractDatabaseServiceIntegrationTests;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.janseva.platform.test.OpenApiAssertions;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

@EmbeddedPostgresTest(database = "catalog")
@WithTestTokenIssuer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// tests refresh the catalogue themselves; no polling, so other test contexts' changes to the shared
// database cause no rebuilds here
@TestPropertySource(properties = "platform.catalog.refresh-interval=1h")
class CatalogServiceApplicationIntegrationTests extends AbstractDatabaseServiceIntegrationTests {

    static final TestTokenIssuer tokens = TestTokenIssuer.shared();

    @Override
    protected String authorization() {
        return TestTokenIssuer.bearer(tokens.citizenToken("citizen-1"));
    }

    @Test
    void shouldNameTheGatewayAsTheServerOfItsPublicDocument(@Value("${platform.security.issuer}") String issuer) {
        OpenApiAssertions.assertPublicDocumentNamesTheGateway(http, issuer, applicationName);
    }

    @Test
    void shouldDeclareTheBearerTokenOnEveryOperationThatNeedsOne() {
        JsonNode paths = OpenApiAssertions.everyPath(http);

        assertThat(OpenApiAssertions.security(paths, "get /api/v1/catalog/services"))
                .isEmpty();
        assertThat(OpenApiAssertions.security(paths, "get /api/v1/catalog/services/{code}"))
                .isEmpty();
        assertThat(OpenApiAssertions.security(paths, "put /api/v1/catalog/services/{code}/rating"))
                .isEqualTo("bearer []");
        assertThat(OpenApiAssertions.security(paths, "post /api/v1/services/{serviceCode}/operations/{operationCode}"))
                .isEqualTo("bearer []");
        assertThat(OpenApiAssertions.security(paths, "post /api/v1/admin/departments"))
                .isEqualTo("bearer [admin]");
        assertThat(OpenApiAssertions.security(paths, "get /api/v1/admin/adapter-types"))
                .isEqualTo("bearer [admin]");
        assertThat(OpenApiAssertions.security(paths, "post /internal/v1/citizens/{citizenId}/erasure"))
                .isEqualTo("bearer [erasure]");
        OpenApiAssertions.assertDocumentedSecurityHolds(http);
    }

    /**
     * docs/api.md promises the admin API's 401 without a token and 403 with any other; the
     * document said {@code bearer [admin]} on all of them and documented the refusals on one.
     */
    @Test
    void shouldDocumentTheRefusalsOfEveryOperationThatNeedsAToken() {
        JsonNode published = TestHttp.json(http.get("/v3/api-docs")).path("paths");
        List<String> admin = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();

        published
                .properties()
                .forEach(path -> path.getValue().propertyNames().forEach(method -> {
                    String operation = method + " " + path.getKey();
                    if (OpenApiAssertions.security(published, operation).isEmpty()) {
                        return;
                    }
                    JsonNode responses = OpenApiAssertions.responses(published, operation);
                    softly.assertThat(responses.propertyNames()).as(operation).contains("401", "403");
                    if (path.getKey().startsWith("/api/v1/admin/")) {
                        admin.add(operation);
                        softly.assertThat(responses
                                        .path("401")
                                        .path("description")
                                        .asString())
                                .as(operation)
                                .isEqualTo("UNAUTHENTICATED");
                        softly.assertThat(responses
                                        .path("403")
                                        .path("description")
                                        .asString())
                                .as(operation)
                                .isEqualTo("FORBIDDEN: no scope admin");
                    }
                }));
        OpenApiAssertions.assertDocumentedRefusals(softly, published);
        softly.assertAll();
        assertThat(admin)
                .hasSizeGreaterThanOrEqualTo(12)
                .contains("get /api/v1/admin/audit", "post /api/v1/admin/departments");
    }

    /**
     * springdoc leaves out the success answer it would infer from the return type as soon as an
     * operation declares any {@code @ApiResponse}, error-only ones included: a client generated from
     * such a document knows no answer but the errors. Every operation, public or internal, must
     * document a 2xx, and one that has a body must say what it is.
     */
    @Test
    void shouldDocumentASuccessAnswerWithItsSchemaForEveryOperation() {
        JsonNode paths = OpenApiAssertions.everyPath(http);
        List<String> operations = new ArrayList<>();
        List<String> withoutSuccess = new ArrayList<>();
        List<String> withoutSchema = new ArrayList<>();
        paths.properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    if (!HTTP_METHODS.contains(operation.getKey())) {
                        return;
                    }
                    String name = operation.getKey() + " " + path.getKey();
                    operations.add(name);
                    JsonNode responses = operation.getValue().path("responses");
                    List<String> successes = responses.propertyNames().stream()
                            .filter(status -> status.startsWith("2"))
                            .toList();
                    if (successes.isEmpty()) {
                        withoutSuccess.add(name + " " + responses.propertyNames());
                    }
                    for (String status : successes) {
                        JsonNode content = responses.path(status).path("content");
                        if (!status.equals("204")
                                && (content.isEmpty()
                                        || content.properties().stream()
                                                .anyMatch(media ->
                                                        !media.getValue().has("schema")))) {
                            withoutSchema.add(name + " " + status);
                        }
                    }
                }));
        assertThat(operations).as("operations found").hasSizeGreaterThan(20);
        assertThat(withoutSuccess).as("operations without a 2xx answer").isEmpty();
        assertThat(withoutSchema).as("2xx answers without a schema").isEmpty();
    }

    @Test
    void shouldDocumentTheProblemsOfTheCatalogueReads() {
        JsonNode paths = OpenApiAssertions.everyPath(http);
        SoftAssertions softly = new SoftAssertions();
        OpenApiAssertions.assertDocumentedProblems(
                softly,
                paths,
                Map.of(
                        "get /api/v1/catalog/services", Map.of("400", "VALIDATION_FAILED"),
                        "get /api/v1/catalog/services/{code}",
                                Map.of("400", "VALIDATION_FAILED", "404", "SERVICE_NOT_FOUND"),
                        "get /api/v1/catalog/departments", Map.of("400", "VALIDATION_FAILED"),
                        "get /api/v1/catalog/departments/{code}",
                                Map.of("400", "VALIDATION_FAILED", "404", "DEPARTMENT_NOT_FOUND"),
                        "get /api/v1/catalog/categories", Map.of("400", "VALIDATION_FAILED"),
                        "get /api/v1/catalog/states", Map.of("400", "VALIDATION_FAILED")));
        softly.assertAll();
    }

    /**
     * The public catalogue's shapes share their records' names with the admin API's (ServiceView,
     * DepartmentView, OperationView): springdoc kept one schema per name, and the public operations
     * were documented with the admin shapes (a name per language as an object, the adapter, the
     * secrets). Each public answer has the shape its operation documents, and JSON bodies read as
     * Jackson's JsonNode (the invocation's inputs, an input schema) are free-form JSON objects, not
     * the JsonNode class's getters.
     */
    @Test
    void shouldDocumentEachCatalogueAnswerWithItsOwnShape() {
        JsonNode api = TestHttp.json(http.get("/v3/api-docs"));
        JsonNode item = OpenApiAssertions.resolve(
                api,
                OpenApiAssertions.answerSchema(api, "get /api/v1/catalog/services", "200")
                        .path("properties")
                        .path("items")
                        .path("items"));
        assertThat(item.path("properties").propertyNames())
                .contains("language", "rating", "state", "department")
                .doesNotContain("operations", "status", "createdAt");
        assertThat(item.path("properties").path("name").path("type").asString()).isEqualTo("string");
        JsonNode department = OpenApiAssertions.resolve(
                api,
                OpenApiAssertions.answerSchema(api, "get /api/v1/catalog/departments", "200")
                        .path("properties")
                        .path("items")
                        .path("items"));
        assertThat(department.path("properties").propertyNames())
                .contains("status", "language", "services")
                .doesNotContain("adapter", "secrets");
        assertThat(OpenApiAssertions.answerSchema(api, "get /api/v1/catalog/departments/{code}", "200")
                        .path("properties")
                        .propertyNames())
                .contains("status")
                .doesNotContain("adapter", "secrets");
        JsonNode operation = OpenApiAssertions.resolve(
                api,
                OpenApiAssertions.answerSchema(api, "get /api/v1/catalog/services/{code}", "200")
                        .path("properties")
                        .path("operations")
                        .path("items"));
        assertThat(operation.path("properties").propertyNames())
                .containsExactlyInAnyOrder("code", "name", "language", "inputSchema");
        JsonNode inputSchema = operation.path("properties").path("inputSchema");
        assertThat(inputSchema.path("type").asString()).isEqualTo("object");
        assertThat(inputSchema.has("properties")).isFalse();
        JsonNode inputs = OpenApiAssertions.resolve(
                api,
                api.path("paths")
                        .path("/api/v1/services/{serviceCode}/operations/{operationCode}")
                        .path("post")
                        .path("requestBody")
                        .path("content")
                        .path("application/json")
                        .path("schema"));
        assertThat(inputs.path("type").asString()).isEqualTo("object");
        assertThat(inputs.has("properties")).isFalse();
        assertThat(api.path("components").path("schemas").has("JsonNode")).isFalse();

        Map<String, String> answers = Map.of(
                "get /api/v1/catalog/services", "/api/v1/catalog/services?size=100",
                "get /api/v1/catalog/services/{code}", "/api/v1/catalog/services/EPFO-PASSBOOK",
                "get /api/v1/catalog/departments", "/api/v1/catalog/departments?size=100",
                "get /api/v1/catalog/departments/{code}", "/api/v1/catalog/departments/EPFO",
                "get /api/v1/catalog/categories", "/api/v1/catalog/categories?size=100",
                "get /api/v1/catalog/states", "/api/v1/catalog/states?size=100",
                "get /api/v1/catalog/stats", "/api/v1/catalog/stats");
        answers.forEach((documented, path) -> {
            HttpResponse<String> answer = http.get(path);
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            OpenApiAssertions.assertAnswerHasItsDocumentedShape(api, documented, TestHttp.json(answer));
        });
        // a state service's item says its state
        JsonNode stateServices = TestHttp.json(http.get("/api/v1/catalog/services?type=STATE&size=5"));
        assertThat(stateServices.path("items").path(0).path("state").asString()).isNotBlank();
        OpenApiAssertions.assertAnswerHasItsDocumentedShape(api, "get /api/v1/catalog/services", stateServices);
    }

    @Test
    void shouldNameTheMediaTypeOfEveryAnswer() {
        OpenApiAssertions.assertEveryAnswerNamesItsMediaType(http);
    }

    private static final List<String> HTTP_METHODS = List.of("get", "put", "post", "delete", "patch");

    @Test
    void shouldDocumentItsInternalEndpointsOnlyInTheInternalDocument() {
        OpenApiAssertions.assertInternalEndpointsOnlyInTheInternalDocument(
                http, "/internal/v1/citizens/{citizenId}/erasure");
    }

    @Test
    void shouldLetAnyoneBrowseTheCatalogueButNotChangeIt() {
        // no such page yet: the 404 shows the request got past the token check
        assertThat(http.get("/api/v1/catalog/no-such-page").statusCode()).isEqualTo(404);
        assertProblem(http.sendJson("PUT", "/api/v1/catalog/services/X/rating", "{}"), 401, "UNAUTHENTICATED");
        assertProblem(http.postJson("/api/v1/services/X/operations/y", "{}"), 401, "UNAUTHENTICATED");
    }

    @Test
    void shouldRefuseBadTokensItself() {
        for (String token : new String[] {
            tokens.unsignedToken("c-1"),
            tokens.otherKeyToken("c-1"),
            tokens.tamperedToken("c-1"),
            tokens.expiredToken("c-1"),
            tokens.wrongIssuerToken("c-1"),
            tokens.wrongAudienceToken("c-1")
        }) {
            assertProblem(
                    http.postJson("/api/v1/services/X/operations/y", "{}", "Authorization", "Bearer " + token),
                    401,
                    "UNAUTHENTICATED");
        }
    }

    @Test
    void shouldKeepTheAdminApiToAdminTokens() {
        assertProblem(http.get("/api/v1/admin/adapter-types", "Authorization", authorization()), 403, "FORBIDDEN");
        assertThat(http.get(
                                "/api/v1/admin/no-such-page",
                                "Authorization",
                                TestTokenIssuer.bearer(tokens.adminToken("platform-admin")))
                        .statusCode())
                .isEqualTo(404);
    }
}
