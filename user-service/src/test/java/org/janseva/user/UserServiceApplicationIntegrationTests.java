package org.janseva.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.janseva.platform.test.AbstractDatabaseServiceIntegrationTests;
import org.janseva.platform.test.OpenApiAssertions;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

@UserServiceTest
class UserServiceApplicationIntegrationTests extends AbstractDatabaseServiceIntegrationTests {

    @Override
    protected String authorization() {
        return "Bearer "
                + new UserServiceTestSupport.Citizen(http).accessToken("platform-admin", "local-admin-secret", "admin");
    }

    /**
     * Each operation's success status as it really answers, and the problems it can answer, each
     * as application/problem+json naming its codes.
     */
    @Test
    void shouldDocumentTheRealSuccessStatusAndEveryProblemOfEachOperation() {
        JsonNode paths = OpenApiAssertions.everyPath(http);
        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        expected.put(
                "post /api/v1/auth/otp",
                Map.of("202", "", "400", "VALIDATION_FAILED", "429", "RATE_LIMITED", "503", "SMS_UNAVAILABLE"));
        expected.put(
                "post /api/v1/auth/register",
                Map.of(
                        "201", "",
                        "400", "VALIDATION_FAILED",
                        "401", "OTP_INVALID OTP_EXPIRED OTP_TRIES_EXCEEDED",
                        "409", "MOBILE_ALREADY_REGISTERED",
                        "422", "MPIN_TOO_WEAK",
                        "503", "LOGIN_BUSY"));
        expected.put(
                "post /api/v1/auth/login",
                Map.of(
                        "200", "",
                        "400", "VALIDATION_FAILED",
                        "401", "INVALID_CREDENTIALS OTP_INVALID",
                        "423", "ACCOUNT_LOCKED",
                        "503", "LOGIN_BUSY"));
        expected.put(
                "post /api/v1/auth/mpin-reset",
                Map.of(
                        "204", "",
                        "400", "VALIDATION_FAILED",
                        "401", "OTP_INVALID",
                        "422", "MPIN_TOO_WEAK",
                        "503", "LOGIN_BUSY"));
        expected.put(
                "post /api/v1/auth/refresh",
                Map.of(
                        "200", "",
                        "400", "VALIDATION_FAILED refresh_token",
                        "401", "REFRESH_TOKEN_REUSED REFRESH_TOKEN_INVALID"));
        expected.put("post /api/v1/auth/logout", Map.of("204", "", "400", "VALIDATION_FAILED refresh_token"));
        expected.put(
                "get /api/v1/users/me",
                Map.of("200", "", "401", "UNAUTHENTICATED", "403", "FORBIDDEN", "404", "CITIZEN_NOT_FOUND"));
        expected.put(
                "patch /api/v1/users/me",
                Map.of(
                        "200", "",
                        "400", "VALIDATION_FAILED",
                        "401", "UNAUTHENTICATED",
                        "403", "FORBIDDEN",
                        "404", "CITIZEN_NOT_FOUND",
                        "415", "UNSUPPORTED_MEDIA_TYPE"));
        expected.put(
                "delete /api/v1/users/me",
                Map.of("204", "", "401", "UNAUTHENTICATED", "403", "FORBIDDEN", "404", "CITIZEN_NOT_FOUND"));
        expected.put(
                "put /api/v1/users/me/mpin",
                Map.of(
                        "204", "",
                        "400", "VALIDATION_FAILED",
                        "401", "UNAUTHENTICATED INVALID_CREDENTIALS",
                        "403", "FORBIDDEN",
                        "404", "CITIZEN_NOT_FOUND",
                        "422", "MPIN_TOO_WEAK",
                        "423", "ACCOUNT_LOCKED",
                        "503", "LOGIN_BUSY"));
        expected.put(
                "get /api/v1/users/me/favourites",
                Map.of(
                        "200", "",
                        "400", "VALIDATION_FAILED",
                        "401", "UNAUTHENTICATED",
                        "403", "FORBIDDEN",
                        "404", "CITIZEN_NOT_FOUND"));
        expected.put(
                "put /api/v1/users/me/favourites/{serviceCode}",
                Map.of(
                        "204", "",
                        "400", "VALIDATION_FAILED",
                        "401", "UNAUTHENTICATED",
                        "403", "FORBIDDEN",
                        "404", "CITIZEN_NOT_FOUND SERVICE_NOT_FOUND",
                        "422", "FAVOURITES_LIMIT",
                        "503", "CATALOG_UNAVAILABLE"));
        expected.put(
                "delete /api/v1/users/me/favourites/{serviceCode}",
                Map.of(
                        "204", "",
                        "400", "VALIDATION_FAILED",
                        "401", "UNAUTHENTICATED",
                        "403", "FORBIDDEN",
                        "404", "CITIZEN_NOT_FOUND"));
        expected.put(
                "get /api/v1/users/me/recent",
                Map.of(
                        "200", "",
                        "400", "VALIDATION_FAILED",
                        "401", "UNAUTHENTICATED",
                        "403", "FORBIDDEN",
                        "404", "CITIZEN_NOT_FOUND"));
        expected.put(
                "post /internal/v1/users/{citizenId}/recent",
                Map.of("204", "", "400", "VALIDATION_FAILED", "401", "UNAUTHENTICATED", "403", "FORBIDDEN"));
        expected.put(
                "get /internal/v1/revocations",
                Map.of("200", "", "400", "VALIDATION_FAILED", "401", "UNAUTHENTICATED", "403", "FORBIDDEN"));

        SoftAssertions softly = new SoftAssertions();
        expected.forEach((operation, statuses) -> softly.assertThat(
                        OpenApiAssertions.responses(paths, operation).propertyNames())
                .as("statuses of %s", operation)
                .containsExactlyInAnyOrderElementsOf(statuses.keySet()));
        OpenApiAssertions.assertDocumentedProblems(softly, paths, expected);
        softly.assertAll();
    }

    @Test
    void shouldNameTheGatewayAsTheServerOfItsPublicDocument(@Value("${platform.security.issuer}") String issuer) {
        OpenApiAssertions.assertPublicDocumentNamesTheGateway(http, issuer, applicationName);
    }

    @Test
    void shouldDeclareTheBearerTokenOnEveryOperationThatNeedsOne() {
        JsonNode paths = OpenApiAssertions.everyPath(http);

        assertThat(OpenApiAssertions.security(paths, "post /api/v1/auth/otp")).isEmpty();
        assertThat(OpenApiAssertions.security(paths, "post /api/v1/auth/refresh"))
                .isEmpty();
        assertThat(OpenApiAssertions.security(paths, "get /api/v1/users/me")).isEqualTo("bearer [citizen]");
        assertThat(OpenApiAssertions.security(paths, "put /api/v1/users/me/favourites/{serviceCode}"))
                .isEqualTo("bearer [citizen]");
        assertThat(OpenApiAssertions.security(paths, "get /internal/v1/revocations"))
                .isEqualTo("bearer [service]");
        OpenApiAssertions.assertDocumentedSecurityHolds(http);
    }

    @Test
    void shouldDocumentItsInternalEndpointsOnlyInTheInternalDocument() {
        OpenApiAssertions.assertInternalEndpointsOnlyInTheInternalDocument(
                http, "/internal/v1/users/{citizenId}/recent", "/internal/v1/revocations");
    }

    @Test
    void shouldNotDescribeTheCallerAsAParameter() {
        JsonNode docs = TestHttp.json(http.get("/v3/api-docs"));

        assertThat(docs.path("paths")
                                .path("/api/v1/users/me")
                                .path("get")
                                .path("parameters")
                                .isMissingNode()
                        || docs.path("paths")
                                .path("/api/v1/users/me")
                                .path("get")
                                .path("parameters")
                                .isEmpty())
                .isTrue();
        assertThat(docs.path("paths")
                        .path("/api/v1/users/me/favourites")
                        .path("get")
                        .path("parameters")
                        .findValuesAsString("name"))
                .containsExactlyInAnyOrder("page", "size");
        assertThat(docs.toString()).doesNotContain("\"caller\"");
    }
}
