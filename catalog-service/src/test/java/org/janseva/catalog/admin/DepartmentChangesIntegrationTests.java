package org.janseva.catalog.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a change of a department does, and what a patch that changes nothing does not: over real
 * HTTP against a real PostgreSQL, the department (and its OAuth2 token endpoint) played by a stub
 * HTTP server.
 */
class DepartmentChangesIntegrationTests extends AdminTestSupport {

    private static final String TOKEN_PATH = "/oauth/token";
    private static final String LICENCE_INPUT = "{\"licenceNumber\": \"KA0120110012345\"}";

    private final StubHttpServer stub = StubHttpServer.start();

    @BeforeEach
    void answers() {
        stub.clearRequests();
        stub.otherwise(Answer.json(DEPARTMENT_ANSWER));
    }

    @AfterAll
    void stopStub() {
        stub.close();
    }

    private String oauth2Department(String code, String clientSecret) {
        return """
                {"code": "%s", "name": {"en": "OAuth2 Department"}, "type": "CENTRAL",
                 "adapter": {"type": "rest-json", "baseUrl": "%s", "timeoutMs": 2000,
                             "auth": {"type": "oauth2-client-credentials", "tokenUrl": "%s", "clientId": "janseva-client",
                                      "clientSecret": "%s", "scope": "licences"}}}""".formatted(code, stub.baseUri() + "/dept", stub.baseUri() + TOKEN_PATH, clientSecret);
    }

    private JsonNode dryRun(String department, String service) {
        return body(
                post(
                        "/api/v1/admin/departments/" + department + "/dry-run",
                        "{\"serviceCode\": \"" + service + "\", \"operationCode\": \"licence-status\", \"input\": "
                                + LICENCE_INPUT + "}"),
                200);
    }

    private List<StubHttpServer.Recorded> requests(String path) {
        return stub.requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    private static String clientBasic(String secret) {
        return "Basic "
                + Base64.getEncoder().encodeToString(("janseva-client:" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static String tokenAnswer(String token) {
        return "{\"access_token\": \"" + token + "\", \"token_type\": \"Bearer\", \"expires_in\": 3600}";
    }

    /**
     * docs/onboarding.md: "To rotate a department's key, PATCH the new one; the next call uses it".
     * A token obtained with the earlier client secret (valid for an hour) is not that call's.
     */
    @Test
    void shouldObtainANewAccessTokenWithTheRotatedClientSecretAtTheNextCall() {
        String code = "ZZADM-OAUTH";
        String service = "ZZADM-OAUTH-DL";
        body(post("/api/v1/admin/departments", oauth2Department(code, "first-secret-1")), 201);
        body(post("/api/v1/admin/departments/" + code + "/services", licenceService(service)), 201);
        body(patch("/api/v1/admin/services/" + service, "{\"status\": \"PUBLISHED\"}"), 200);
        stub.on("POST", TOKEN_PATH, Answer.json(tokenAnswer("tok-first-7d41c9")));

        assertThat(dryRun(code, service).path("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(requests(TOKEN_PATH))
                .singleElement()
                .satisfies(request ->
                        assertThat(request.header("Authorization")).isEqualTo(clientBasic("first-secret-1")));
        assertThat(requests("/dept/v1/licences/KA0120110012345/status").get(0).header("Authorization"))
                .isEqualTo("Bearer tok-first-7d41c9");

        // the new secret is wrong: the token endpoint refuses it, and so the call fails
        body(
                patch(
                        "/api/v1/admin/departments/" + code,
                        "{\"adapter\": {\"auth\": {\"clientSecret\": \"wrong-secret-2\"}}}"),
                200);
        stub.clearRequests();
        stub.on("POST", TOKEN_PATH, Answer.json(401, "{\"error\": \"invalid_client\"}"));
        JsonNode refused = dryRun(code, service);
        assertThat(refused.path("outcome").asString())
                .as("not the token of the earlier secret: %s", refused)
                .isEqualTo("FAILED");
        assertThat(requests(TOKEN_PATH))
                .singleElement()
                .satisfies(request ->
                        assertThat(request.header("Authorization")).isEqualTo(clientBasic("wrong-secret-2")));
        assertThat(requests("/dept/v1/licences/KA0120110012345/status")).isEmpty();

        // the right one: a citizen's call (through the catalogue, not the stored row) uses it at once
        body(
                patch(
                        "/api/v1/admin/departments/" + code,
                        "{\"adapter\": {\"auth\": {\"clientSecret\": \"third-secret-3\"}}}"),
                200);
        stub.clearRequests();
        stub.on("POST", TOKEN_PATH, Answer.json(tokenAnswer("tok-third-0b82aa")));
        HttpResponse<String> citizenCall = http.postJson(
                "/api/v1/services/" + service + "/operations/licence-status",
                LICENCE_INPUT,
                "Authorization",
                citizen("citizen-oauth-1"));
        assertThat(citizenCall.statusCode()).as(citizenCall.body()).isEqualTo(200);
        assertThat(requests(TOKEN_PATH))
                .singleElement()
                .satisfies(request ->
                        assertThat(request.header("Authorization")).isEqualTo(clientBasic("third-secret-3")));
        assertThat(requests("/dept/v1/licences/KA0120110012345/status").get(0).header("Authorization"))
                .isEqualTo("Bearer tok-third-0b82aa");
    }

    /** A department that echoes the Authorization header shows its access token: masked like its secrets. */
    @Test
    void shouldMaskAnEchoedAccessTokenInADryRun() {
        String code = "ZZADM-OAUTHECHO";
        String service = "ZZADM-OAUTHECHO-DL";
        String token = "tok-echoed-3f9e27c1";
        body(post("/api/v1/admin/departments", oauth2Department(code, "echo-secret-1")), 201);
        body(post("/api/v1/admin/departments/" + code + "/services", licenceService(service)), 201);
        stub.on("POST", TOKEN_PATH, Answer.json(tokenAnswer(token)));
        stub.otherwise(Answer.json("{\"result\": {\"status\": \"VALID\", \"holder\": {\"name\": \"Bearer " + token
                + "\"}, \"valid_till\": \"2031-05-30\"}}"));

        HttpResponse<String> echoed = post(
                "/api/v1/admin/departments/" + code + "/dry-run",
                "{\"serviceCode\": \"" + service + "\", \"operationCode\": \"licence-status\", \"input\": "
                        + LICENCE_INPUT + "}");

        JsonNode run = body(echoed, 200);
        assertThat(run.path("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(run.path("raw").path("result").path("holder").path("name").asString())
                .isEqualTo("Bearer ******");
        assertThat(run.path("mapped").path("holder").path("name").asString()).isEqualTo("Bearer ******");
        assertThat(echoed.body()).doesNotContain(token);

        // also in a failed call's answer, the token the department refused included
        stub.otherwise(Answer.json(401, "{\"error\": \"token " + token + " refused\"}"));
        HttpResponse<String> refused = post(
                "/api/v1/admin/departments/" + code + "/dry-run",
                "{\"serviceCode\": \"" + service + "\", \"operationCode\": \"licence-status\", \"input\": "
                        + LICENCE_INPUT + "}");
        assertThat(body(refused, 200).path("outcome").asString()).isEqualTo("FAILED");
        assertThat(TestHttp.json(refused).path("raw").path("error").asString()).isEqualTo("token ****** refused");
        assertThat(refused.body()).doesNotContain(token);
    }

    private long catalogueVersion() {
        return jdbc.sql("select version from catalogue_version where id = 1")
                .query(Long.class)
                .single();
    }

    private List<String> departmentUpdates(String code) {
        List<String> changes = new ArrayList<>();
        body(get("/api/v1/admin/audit?department=" + code), 200).path("items").forEach(item -> {
            if (item.path("action").asString().equals("DEPARTMENT_UPDATED")) {
                changes.add(item.path("details").path("changed").toString());
            }
        });
        return changes;
    }

    /** docs/onboarding.md: "a patch that changes nothing is not audited". */
    @Test
    void shouldNeitherStoreNorAuditAPatchThatChangesNothingOnceNormalised() {
        String code = "ZZADM-NOCHANGE";
        JsonNode created = body(
                post("/api/v1/admin/departments", restJsonDepartment(code, stub.baseUri() + "/n", "same-key-1234")),
                201);
        long version = catalogueVersion();

        for (String unchanged : List.of(
                "{\"name\": {\"en\": \"Transport Department, Karnataka  \"}}",
                "{\"name\": {\"en\": \" Transport Department, Karnataka\"}, \"type\": \"STATE\"}",
                "{\"adapter\": {\"timeoutMs\": 2000, \"auth\": {\"apiKey\": \"same-key-1234\"}}}",
                "{\"adapter\": {\"auth\": {\"apiKey\": \"******\"}}}")) {
            JsonNode answer = body(patch("/api/v1/admin/departments/" + code, unchanged), 200);
            assertThat(answer.path("updatedAt").asString())
                    .as(unchanged)
                    .isEqualTo(created.path("updatedAt").asString());
        }
        assertThat(departmentUpdates(code)).isEmpty();
        assertThat(catalogueVersion()).as("no new catalogue version").isEqualTo(version);

        body(
                patch(
                        "/api/v1/admin/departments/" + code,
                        "{\"name\": {\"en\": \"Transport Department \"}, \"adapter\": {\"auth\": {\"apiKey\": \"new-key-5678\"}}}"),
                200);
        assertThat(departmentUpdates(code)).containsExactly("[\"adapter.auth.apiKey\",\"name.en\"]");
        assertThat(body(get("/api/v1/admin/departments/" + code), 200)
                        .path("name")
                        .path("en")
                        .asString())
                .isEqualTo("Transport Department");
    }

    /**
     * docs/onboarding.md: a PATCH is a merge patch "of the document you read", "so a document read,
     * edited and sent back whole is safe". The document read has members of the answer's own
     * ({@code secrets}, {@code services}, {@code createdAt}, {@code updatedAt}); each was refused as
     * "not a field here".
     */
    @Test
    void shouldTakeBackADocumentReadEditedAndSentBackWholeIgnoringTheAnswersOwnMembers() {
        String code = "ZZADM-ROUNDTRIP";
        String path = "/api/v1/admin/departments/" + code;
        body(post("/api/v1/admin/departments", restJsonDepartment(code, stub.baseUri() + "/r", "round-key-1234")), 201);
        body(post(path + "/services", licenceService("ZZADM-ROUNDTRIP-DL")), 201);
        JsonNode read = body(get(path), 200);
        assertThat(read.has("secrets") && read.has("services") && read.has("createdAt") && read.has("updatedAt"))
                .as(read.toString())
                .isTrue();

        ObjectNode edited = (ObjectNode) read.deepCopy();
        ((ObjectNode) edited.get("name")).put("en", "Road Transport Department");
        ((ObjectNode) edited.get("adapter")).put("timeoutMs", 1500);
        JsonNode changed = body(patch(path, edited.toString()), 200);
        assertThat(changed.path("name").path("en").asString()).isEqualTo("Road Transport Department");
        assertThat(changed.path("adapter").path("timeoutMs").asInt()).isEqualTo(1500);
        assertThat(changed.path("secrets").path("auth.apiKey").asString()).isEqualTo("set");
        assertThat(departmentUpdates(code)).containsExactly("[\"adapter.timeoutMs\",\"name.en\"]");
        dryRun(code, "ZZADM-ROUNDTRIP-DL");
        List<StubHttpServer.Recorded> calls = requests("/r/v1/licences/KA0120110012345/status");
        assertThat(calls).isNotEmpty();
        assertThat(calls.get(calls.size() - 1).header("X-Api-Key")).isEqualTo("round-key-1234");

        // counts and times move with others' changes, and a client's date type may rewrite them: a
        // copy that holds them otherwise changes nothing
        ObjectNode stale = (ObjectNode) changed.deepCopy();
        ((ObjectNode) stale.get("services")).put("total", 0).put("draft", 7);
        stale.put("createdAt", "2020-01-01T00:00:00.000Z");
        stale.put("updatedAt", "2020-01-01T00:00:00Z");
        JsonNode same = body(patch(path, stale.toString()), 200);
        assertThat(same.path("updatedAt").asString())
                .isEqualTo(changed.path("updatedAt").asString());
        assertThat(same.path("services").path("draft").asLong()).isEqualTo(1);
        assertThat(departmentUpdates(code)).hasSize(1);

        // secrets say what is stored: never a way to remove one, which goes under adapter (null)
        ObjectNode unset = (ObjectNode) changed.deepCopy();
        ((ObjectNode) unset.get("secrets")).put("auth.apiKey", "unset");
        HttpResponse<String> refused = patch(path, unset.toString());
        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused)).containsExactly("secrets");
        assertThat(TestHttp.json(refused).path("errors").get(0).path("message").asString())
                .startsWith("is read-only");
        assertThat(departmentUpdates(code)).hasSize(1);

        // as the change makes it, or as it was read: both fine
        ObjectNode removed = (ObjectNode) changed.deepCopy();
        ObjectNode auth = (ObjectNode) removed.get("adapter").get("auth");
        auth.put("type", "none");
        auth.putNull("headerName");
        auth.putNull("apiKey");
        ((ObjectNode) removed.get("secrets")).put("auth.apiKey", "unset");
        JsonNode withoutKey = body(patch(path, removed.toString()), 200);
        assertThat(withoutKey.path("secrets").path("auth.apiKey").asString()).isEqualTo("unset");
        assertThat(withoutKey.path("adapter").path("auth").has("apiKey")).isFalse();
        ObjectNode asRead = (ObjectNode) withoutKey.deepCopy();
        ((ObjectNode) asRead.get("adapter").get("auth")).put("type", "api-key").put("apiKey", "next-key-5678");
        body(patch(path, asRead.toString()), 200);
        assertThat(departmentUpdates(code)).hasSize(3);
    }

    /** docs/api.md: a number with a decimal point where a whole number is expected is a 400. */
    @Test
    void shouldRefuseAWholeNumberSettingWrittenWithADecimalPoint() {
        String code = "ZZADM-DECIMAL";
        for (String decimal : List.of("1500.0", "1e3", "1.5E3")) {
            HttpResponse<String> refused = post(
                    "/api/v1/admin/departments",
                    restJsonDepartment(code, stub.baseUri() + "/d", "decimal-key-1")
                            .replace("\"timeoutMs\": 2000", "\"timeoutMs\": " + decimal));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(TestHttp.json(refused).path("errors").toString())
                    .as(decimal)
                    .isEqualTo("[{\"field\":\"adapter.timeoutMs\","
                            + "\"message\":\"must be a whole number, without a decimal point\"}]");
        }
        body(post("/api/v1/admin/departments", restJsonDepartment(code, stub.baseUri() + "/d", "decimal-key-1")), 201);
        String stored = storedSettings(code);

        for (String patch : List.of(
                "{\"adapter\": {\"timeoutMs\": 1500.0}}",
                "{\"adapter\": {\"timeoutMs\": 2000.0}}",
                "{\"adapter\": {\"timeoutMs\": 1e3}}",
                "{\"adapter\": {\"maxConcurrentCalls\": 20.0}}")) {
            HttpResponse<String> refused = patch("/api/v1/admin/departments/" + code, patch);
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(patch).hasSize(1);
            assertThat(TestHttp.json(refused)
                            .path("errors")
                            .get(0)
                            .path("message")
                            .asString())
                    .as(patch)
                    .isEqualTo("must be a whole number, without a decimal point");
        }
        // a whole number too large for any setting is not read modulo 2^64
        HttpResponse<String> huge =
                patch("/api/v1/admin/departments/" + code, "{\"adapter\": {\"timeoutMs\": 18446744073709553616}}");
        assertProblem(huge, 400, "VALIDATION_FAILED");
        assertThat(errorFields(huge)).containsExactly("adapter.timeoutMs");

        assertThat(storedSettings(code)).isEqualTo(stored);
        assertThat(departmentUpdates(code)).isEmpty();
        body(patch("/api/v1/admin/departments/" + code, "{\"adapter\": {\"maxConcurrentCalls\": 20}}"), 200);
        assertThat(storedSettings(code))
                .containsPattern("\"maxConcurrentCalls\": 20[,}]")
                .doesNotContain("20.0");
    }

    private String storedSettings(String code) {
        return jdbc.sql("select adapter_settings::text from department where code = ?")
                .param(code)
                .query(String.class)
                .single();
    }

    /**
     * A department whose services are all drafts is as unknown to an anonymous reader filtering
     * services by it as one that does not exist: the same 400 as for a code of no department, as
     * /departments/{code} answers both with the same 404.
     */
    @Test
    void shouldNotTellAnAnonymousReaderThatADepartmentWithoutPublishedServicesExists() {
        String code = "ZZADM-UNPUBLISHED";
        body(post("/api/v1/admin/departments", restJsonDepartment(code, stub.baseUri() + "/u", "unpub-key-1")), 201);
        body(post("/api/v1/admin/departments/" + code + "/services", licenceService("ZZADM-UNPUBLISHED-DL")), 201);

        JsonNode unpublished =
                assertProblem(http.get("/api/v1/catalog/services?department=" + code), 400, "VALIDATION_FAILED");
        JsonNode unknown =
                assertProblem(http.get("/api/v1/catalog/services?department=ZZADM-NOPE"), 400, "VALIDATION_FAILED");
        assertThat(unpublished.path("errors")).isEqualTo(unknown.path("errors"));
        assertProblem(http.get("/api/v1/catalog/departments/" + code), 404, "DEPARTMENT_NOT_FOUND");

        body(patch("/api/v1/admin/services/ZZADM-UNPUBLISHED-DL", "{\"status\": \"PUBLISHED\"}"), 200);
        HttpResponse<String> published = http.get("/api/v1/catalog/services?department=" + code);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(TestHttp.json(published).path("items").get(0).path("code").asString())
                .isEqualTo("ZZADM-UNPUBLISHED-DL");
    }
}
