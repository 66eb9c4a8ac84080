package org.janseva.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import org.janseva.platform.test.AbstractDatabaseServiceIntegrationTests;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.janseva.platform.test.OpenApiAssertions;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

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
        tools.jackson.databind.JsonNode paths = OpenApiAssertions.everyPath(http);

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
                .isEqualTo("bearer [service]");
        OpenApiAssertions.assertDocumentedSecurityHolds(http);
    }

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
