package org.janseva.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.janseva.platform.test.AbstractDatabaseServiceIntegrationTests;
import org.janseva.platform.test.OpenApiAssertions;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.janseva.user.citizen.Languages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
                Map.of(
                        "204", "",
                        "400", "VALIDATION_FAILED",
                        "401", "UNAUTHENTICATED",
                        "403", "FORBIDDEN INVALID_CREDENTIALS",
                        "404", "CITIZEN_NOT_FOUND",
                        "415", "UNSUPPORTED_MEDIA_TYPE",
                        "423", "ACCOUNT_LOCKED",
                        "503", "LOGIN_BUSY"));
        expected.put(
                "put /api/v1/users/me/mpin",
                Map.of(
                        "204", "",
                        "400", "VALIDATION_FAILED",
                        "401", "UNAUTHENTICATED",
                        "403", "FORBIDDEN INVALID_CREDENTIALS",
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
                .isEqualTo("bearer [revocations]");
        assertThat(OpenApiAssertions.security(paths, "post /internal/v1/users/{citizenId}/recent"))
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

    /**
     * The profile patch was documented as Jackson's JsonNode class (nodeType, pojo, bigDecimal...).
     * It is documented with the members API.md lists, and a patch made of the document's examples is
     * what the endpoint takes.
     */
    @Test
    void shouldDocumentTheProfilePatchWithTheFieldsItTakes() {
        JsonNode api = TestHttp.json(http.get("/v3/api-docs"));
        JsonNode content = api.path("paths")
                .path("/api/v1/users/me")
                .path("patch")
                .path("requestBody")
                .path("content");
        assertThat(content.propertyNames())
                .containsExactlyInAnyOrder("application/json", "application/merge-patch+json");
        JsonNode patch = OpenApiAssertions.resolve(
                api, content.path("application/merge-patch+json").path("schema"));
        assertThat(OpenApiAssertions.resolve(
                        api, content.path("application/json").path("schema")))
                .isEqualTo(patch);
        assertThat(patch.path("properties").propertyNames())
                .containsExactlyInAnyOrder("name", "email", "gender", "dateOfBirth", "preferredLanguage", "state");
        assertThat(patch.path("additionalProperties").asBoolean(true)).isFalse();
        List<String> languages = new ArrayList<>();
        patch.path("properties").path("preferredLanguage").path("enum").forEach(code -> languages.add(code.asString()));
        assertThat(languages).isEqualTo(Languages.CODES);
        assertThat(api.path("components").path("schemas").has("JsonNode")).isFalse();

        ObjectNode examples = JsonMapper.builder().build().createObjectNode();
        patch.path("properties").properties().forEach(property -> {
            assertThat(property.getValue().has("example")).as(property.getKey()).isTrue();
            examples.set(property.getKey(), property.getValue().path("example"));
        });
        Citizen citizen = new Citizen(http);
        String token = citizen.registered(UserServiceTestSupport.newMobile(), "592047")
                .path("access_token")
                .asString();
        HttpResponse<String> patched =
                http.sendJson("PATCH", "/api/v1/users/me", examples.toString(), "Authorization", "Bearer " + token);
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        examples.properties()
                .forEach(example -> assertThat(TestHttp.json(patched).path(example.getKey()))
                        .as(example.getKey())
                        .isEqualTo(example.getValue()));
        OpenApiAssertions.assertAnswerHasItsDocumentedShape(api, "patch /api/v1/users/me", TestHttp.json(patched));
    }

    /**
     * The profile's optional members were documented as strings, but a fresh account answers them
     * null: each member a profile can answer null is documented as string or null, and the rest as
     * never null.
     */
    @Test
    void shouldDocumentTheProfileMembersThatAFreshAccountAnswersNull() {
        JsonNode api = TestHttp.json(http.get("/v3/api-docs"));
        Citizen citizen = new Citizen(http);
        String token = citizen.registered(UserServiceTestSupport.newMobile(), "592047")
                .path("access_token")
                .asString();
        HttpResponse<String> fresh = citizen.get("/api/v1/users/me", token);
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
        JsonNode profile = TestHttp.json(fresh);
        JsonNode documented = OpenApiAssertions.resolve(
                        api, OpenApiAssertions.answerSchema(api, "get /api/v1/users/me", "200"))
                .path("properties");

        // the registration named a state; the others are unset
        assertThat(profile.propertyNames().stream()
                        .filter(name -> profile.path(name).isNull()))
                .containsExactlyInAnyOrder("email", "gender", "dateOfBirth");
        for (String member : List.of("email", "gender", "dateOfBirth", "state")) {
            assertThat(types(documented.path(member))).as(member).containsExactlyInAnyOrder("string", "null");
        }
        assertThat(documented.path("dateOfBirth").path("format").asString()).isEqualTo("date");
        for (String member : List.of("id", "mobile", "name", "preferredLanguage", "createdAt")) {
            assertThat(types(documented.path(member))).as(member).containsExactly("string");
        }
    }

    /** An erasure takes the citizen's MPIN in its body; the document said it took nothing. */
    @Test
    void shouldDocumentTheMpinThatAnErasureTakes() {
        JsonNode api = TestHttp.json(http.get("/v3/api-docs"));
        JsonNode body =
                api.path("paths").path("/api/v1/users/me").path("delete").path("requestBody");

        assertThat(body.path("required").asBoolean()).isTrue();
        JsonNode schema = OpenApiAssertions.resolve(
                api, body.path("content").path("application/json").path("schema"));
        assertThat(schema.path("properties").propertyNames()).containsExactly("mpin");
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        assertThat(required).containsExactly("mpin");
    }

    private static List<String> types(JsonNode schema) {
        List<String> types = new ArrayList<>();
        if (schema.path("type").isArray()) {
            schema.path("type").forEach(type -> types.add(type.asString()));
        } else {
            types.add(schema.path("type").asString());
        }
        return types;
    }

    /** Its answers were documented as {@code *}{@code /*}; they are JSON (the problems, problem JSON). */
    @Test
    void shouldNameTheMediaTypeOfEveryAnswer() {
        OpenApiAssertions.assertEveryAnswerNamesItsMediaType(http);
        JsonNode paths = OpenApiAssertions.everyPath(http);
        for (String operation : List.of(
                "post /api/v1/auth/login",
                "post /api/v1/auth/register",
                "get /api/v1/users/me",
                "get /api/v1/users/me/favourites",
                "get /internal/v1/revocations")) {
            JsonNode success = OpenApiAssertions.responses(paths, operation);
            success.properties().stream()
                    .filter(response -> response.getKey().startsWith("2"))
                    .forEach(response -> assertThat(
                                    response.getValue().path("content").propertyNames())
                            .as(operation)
                            .containsExactly("application/json"));
        }
    }
}
