package org.janseva.catalog.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.janseva.catalog.adapter.AdapterSettingsCodec;
import org.janseva.catalog.adapter.SettingsCipher;
import org.janseva.platform.test.OpenApiAssertions;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API over real HTTP against a real PostgreSQL, with the department played by a stub
 * HTTP server: departments (validation by the adapter type, secrets, SSRF guard), services (input
 * schemas), status changes, dry runs, health, audit, scopes.
 */
class AdminApiIntegrationTests extends AdminTestSupport {

    private static final String API_KEY = "rto-ka-partner-key-5f3a91";
    private static final String DEPARTMENT = "ZZADM-RTO";
    private static final String SERVICE = "ZZADM-RTO-DL";

    private final StubHttpServer rto = StubHttpServer.start();
    private final List<HttpResponse<String>> answers = new ArrayList<>();

    @Autowired
    MeterRegistry meters;

    @Autowired
    SettingsKeyRotation rotation;

    @Autowired
    AdapterSettingsCodec codec;

    @BeforeAll
    void onboard() {
        setUpHttp();
        body(post("/api/v1/admin/departments", restJsonDepartment(DEPARTMENT, rto.baseUri() + "/rto", API_KEY)), 201);
        body(post("/api/v1/admin/departments/" + DEPARTMENT + "/services", licenceService(SERVICE)), 201);
    }

    @AfterAll
    void stopStub() {
        rto.close();
    }

    @BeforeEach
    void answers() {
        rto.clearRequests();
        rto.otherwise(Answer.json(DEPARTMENT_ANSWER));
    }

    private HttpResponse<String> keep(HttpResponse<String> response) {
        answers.add(response);
        return response;
    }

    @Test
    void shouldKeepTheWholeAdminApiToAdminTokens() {
        String citizen = citizen("citizen-adm-1");
        List<String[]> calls = List.of(
                new String[] {"POST", "/api/v1/admin/departments", "{}"},
                new String[] {"GET", "/api/v1/admin/departments", null},
                new String[] {"GET", "/api/v1/admin/departments/" + DEPARTMENT, null},
                new String[] {"PATCH", "/api/v1/admin/departments/" + DEPARTMENT, "{}"},
                new String[] {"POST", "/api/v1/admin/departments/" + DEPARTMENT + "/services", "{}"},
                new String[] {"POST", "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run", "{}"},
                new String[] {"GET", "/api/v1/admin/departments/" + DEPARTMENT + "/health", null},
                new String[] {"GET", "/api/v1/admin/services/" + SERVICE, null},
                new String[] {"PATCH", "/api/v1/admin/services/" + SERVICE, "{\"status\": \"PUBLISHED\"}"},
                new String[] {"GET", "/api/v1/admin/audit", null});
        for (String[] call : calls) {
            HttpResponse<String> anonymous =
                    call[2] == null ? http.get(call[1]) : http.sendJson(call[0], call[1], call[2]);
            assertProblem(anonymous, 401, "UNAUTHENTICATED");
            HttpResponse<String> byCitizen = call[2] == null
                    ? http.get(call[1], "Authorization", citizen)
                    : http.sendJson(call[0], call[1], call[2], "Authorization", citizen);
            assertProblem(byCitizen, 403, "FORBIDDEN");
            String service = org.janseva.platform.test.TestTokenIssuer.bearer(tokens.serviceToken("payment-service"));
            HttpResponse<String> byService = call[2] == null
                    ? http.get(call[1], "Authorization", service)
                    : http.sendJson(call[0], call[1], call[2], "Authorization", service);
            assertProblem(byService, 403, "FORBIDDEN");
        }
        assertThat(body(get("/api/v1/admin/services/" + SERVICE), 200)
                        .path("status")
                        .asString())
                .as("nothing changed")
                .isEqualTo("DRAFT");
    }

    @Test
    void shouldShowADepartmentWithItsSecretOnlyAsSetAndStoreItEncrypted() {
        JsonNode department = body(keep(get("/api/v1/admin/departments/" + DEPARTMENT)), 200);

        assertThat(department.path("code").asString()).isEqualTo(DEPARTMENT);
        assertThat(department.path("name").path("hi").asString()).isEqualTo("परिवहन विभाग, कर्नाटक");
        assertThat(department.path("type").asString()).isEqualTo("STATE");
        assertThat(department.path("state").asString()).isEqualTo("KA");
        assertThat(department.path("adapter").path("type").asString()).isEqualTo("rest-json");
        assertThat(department.path("adapter").path("baseUrl").asString()).isEqualTo(rto.baseUri() + "/rto");
        assertThat(department.path("adapter").path("auth").path("apiKey").asString())
                .isEqualTo("******");
        assertThat(department.path("secrets").path("auth.apiKey").asString()).isEqualTo("set");
        assertThat(department.path("secrets").path("auth.password").asString()).isEqualTo("unset");
        assertThat(department.path("services").path("draft").asLong()).isEqualTo(1);
        assertThat(department.path("createdAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

        String stored = jdbc.sql("select adapter_settings::text from department where code = ?")
                .param(DEPARTMENT)
                .query(String.class)
                .single();
        assertThat(stored).doesNotContain(API_KEY).contains("enc:v1:test:");

        JsonNode list = body(keep(get("/api/v1/admin/departments?type=STATE&size=100")), 200);
        assertThat(list.path("page").path("totalElements").asLong()).isGreaterThan(100);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.body()).doesNotContain(API_KEY));
    }

    @Test
    void shouldChangeADepartmentByMergePatchKeepingARedactedSecretAndAuditingTheChangedFieldsOnly() {
        String code = "ZZADM-PATCH";
        body(post("/api/v1/admin/departments", restJsonDepartment(code, rto.baseUri() + "/p", "first-key-123")), 201);

        JsonNode unchanged = body(
                keep(http.sendJson(
                        "PATCH",
                        "/api/v1/admin/departments/" + code,
                        "{\"name\": {\"ta\": \"போக்குவரத்துத் துறை\"}, \"adapter\": {\"auth\": {\"apiKey\": \"******\"},"
                                + " \"timeoutMs\": null}}",
                        "Authorization",
                        admin(),
                        "Content-Type",
                        "application/merge-patch+json")),
                200);
        assertThat(unchanged.path("name").path("ta").asString()).isEqualTo("போக்குவரத்துத் துறை");
        assertThat(unchanged.path("name").path("hi").asString())
                .as("merged, not replaced")
                .isNotEmpty();
        assertThat(unchanged.path("adapter").has("timeoutMs"))
                .as("null removes")
                .isFalse();
        assertThat(unchanged.path("secrets").path("auth.apiKey").asString()).isEqualTo("set");
        String storedBefore = storedSettings(code);

        body(
                keep(patch(
                        "/api/v1/admin/departments/" + code,
                        "{\"adapter\": {\"auth\": {\"apiKey\": \"second-key-456\"}}}")),
                200);
        String storedAfter = storedSettings(code);
        assertThat(storedAfter).isNotEqualTo(storedBefore).doesNotContain("second-key-456");

        // the new key is the one the department gets
        body(post("/api/v1/admin/departments/" + code + "/services", licenceService("ZZADM-PATCH-DL")), 201);
        JsonNode dryRun = body(
                post(
                        "/api/v1/admin/departments/" + code + "/dry-run",
                        "{\"serviceCode\": \"ZZADM-PATCH-DL\", \"operationCode\": \"licence-status\","
                                + " \"input\": {\"licenceNumber\": \"KA0120110012345\"}}"),
                200);
        assertThat(dryRun.path("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(rto.requests().get(rto.requests().size() - 1).header("X-Api-Key"))
                .isEqualTo("second-key-456");

        JsonNode trail = body(get("/api/v1/admin/audit?department=" + code), 200);
        List<String> changes = new ArrayList<>();
        trail.path("items").forEach(item -> {
            if (item.path("action").asString().equals("DEPARTMENT_UPDATED")) {
                changes.add(item.path("details").path("changed").toString());
            }
        });
        assertThat(changes).containsExactly("[\"adapter.auth.apiKey\"]", "[\"adapter.timeoutMs\",\"name.ta\"]");
        assertThat(trail.toString()).doesNotContain("second-key-456").doesNotContain("first-key-123");
        assertThat(answers)
                .allSatisfy(answer -> assertThat(answer.body())
                        .doesNotContain("first-key-123")
                        .doesNotContain("second-key-456"));

        assertProblem(
                patch("/api/v1/admin/departments/" + code, "{\"code\": \"ZZADM-OTHER\"}"), 400, "VALIDATION_FAILED");
        assertProblem(
                patch("/api/v1/admin/departments/ZZADM-NONE", "{\"type\": \"CENTRAL\"}"), 404, "DEPARTMENT_NOT_FOUND");
    }

    private String storedSettings(String code) {
        return jdbc.sql("select adapter_settings::text from department where code = ?")
                .param(code)
                .query(String.class)
                .single();
    }

    @Test
    void shouldMoveSecretsStoredUnderARetiredKeyToTheActiveKey() {
        String code = "ZZADM-ROT";
        body(
                post("/api/v1/admin/departments", restJsonDepartment(code, rto.baseUri() + "/rto", "rotating-key-77")),
                201);
        // as saved before the rotation: under the key that was active then, still configured
        SettingsCipher before = new SettingsCipher(
                Map.of("retired", "cmV0aXJlZC1zZXR0aW5ncy1rZXktMzItYnl0ZXMhISE="), "retired", new SecureRandom());
        jdbc.sql(
                        "update department set adapter_settings = jsonb_set(adapter_settings, '{auth,apiKey}', to_jsonb(cast(? as text)))"
                                + " where code = ?")
                .params(before.encrypt("rotating-key-77", "department:" + code + "|setting:auth.apiKey"), code)
                .update();

        assertThat(rotation.reencryptAll()).isEqualTo(1);

        Map<String, Object> settings = jdbc.sql("select adapter_settings::text from department where code = ?")
                .params(code)
                .query((rs, n) -> JsonMapper.builder()
                        .build()
                        .readValue(rs.getString(1), new TypeReference<Map<String, Object>>() {}))
                .single();
        assertThat(settings.get("auth").toString()).contains("enc:v1:test:").doesNotContain("retired");
        assertThat(codec.open(code, "rest-json", settings).string("auth.apiKey"))
                .hasValue("rotating-key-77");
        assertThat(jdbc.sql("select count(*) from admin_audit where actor = ? and department_code = ?")
                        .params(SettingsKeyRotation.ACTOR, code)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(rotation.reencryptAll())
                .as("nothing left under the retired key")
                .isZero();
    }

    private void assertRefusedOverThePlatformsCap(String setting, int value, String message) {
        HttpResponse<String> refused = post("/api/v1/admin/departments", """
                {"code": "ZZADM-BAD", "name": {"en": "Bad"}, "type": "CENTRAL",
                 "adapter": {"type": "rest-json", "baseUrl": "http://127.0.0.1:9/x", "%s": %d}}""".formatted(setting, value));
        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused)).containsExactly("adapter." + setting);
        assertThat(TestHttp.json(refused).path("errors").get(0).path("message").asString())
                .startsWith(message);
    }

    @Test
    void shouldNameEveryBadFieldOfADepartment() {
        HttpResponse<String> response = post("/api/v1/admin/departments", """
                {"code": "zz bad", "name": {"hi": "नाम", "xx": "?"}, "type": "CITY", "colour": "blue",
                 "adapter": {"type": "soap-xml"}}""");
        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(errorFields(response)).contains("code", "name.en", "name.xx", "type", "colour", "adapter.type");
        assertThat(TestHttp.json(response).path("errors").toString())
                .as("the known fields in a stable order")
                .contains("is not a field here; known fields: [adapter, code, name, state, type]");

        HttpResponse<String> settings = post("/api/v1/admin/departments", """
                {"code": "ZZADM-BAD", "name": {"en": "Bad"}, "type": "STATE",
                 "adapter": {"type": "rest-json", "timeoutMs": 99999, "colour": "blue", "auth": {"type": "api-key"}}}""");
        assertProblem(settings, 400, "VALIDATION_FAILED");
        assertThat(errorFields(settings)).contains("state", "adapter.baseUrl", "adapter.timeoutMs", "adapter.colour");

        // settings the adapter type allows but the platform cannot honour are refused, not capped
        assertRefusedOverThePlatformsCap("timeoutMs", 10000, "must be between 50 and 4000 on this platform");
        assertRefusedOverThePlatformsCap("maxConcurrentCalls", 200, "must be between 1 and 50 on this platform");

        HttpResponse<String> apiKey = post("/api/v1/admin/departments", """
                {"code": "ZZADM-BAD", "name": {"en": "Bad"}, "type": "CENTRAL",
                 "adapter": {"type": "rest-json", "baseUrl": "http://127.0.0.1:9/x", "auth": {"type": "api-key"}}}""");
        assertProblem(apiKey, 400, "VALIDATION_FAILED");
        assertThat(errorFields(apiKey)).containsExactly("adapter.auth.apiKey");

        HttpResponse<String> redacted =
                post("/api/v1/admin/departments", restJsonDepartment("ZZADM-BAD", "http://127.0.0.1:9/x", "******"));
        assertThat(errorFields(redacted)).containsExactly("adapter.auth.apiKey");
        assertProblem(post("/api/v1/admin/departments", "[1, 2]"), 400, "VALIDATION_FAILED");
        assertThat(errorFields(post("/api/v1/admin/departments", "{not json"))).containsExactly("body");
        assertThat(jdbc.sql("select count(*) from department where code = 'ZZADM-BAD'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void shouldCountANamesLengthInCharactersNotUtf16Units() {
        String twoHundred = "\uD83C\uDFDB".repeat(200); // 200 characters, 400 UTF-16 units
        HttpResponse<String> accepted = post(
                "/api/v1/admin/departments",
                "{\"code\": \"ZZADM-EMOJI\", \"name\": {\"en\": \"" + twoHundred
                        + "\"}, \"type\": \"CENTRAL\", \"adapter\": {\"type\": \"rest-json\","
                        + " \"baseUrl\": \"http://127.0.0.1:9/x\"}}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);

        HttpResponse<String> refused = post(
                "/api/v1/admin/departments",
                "{\"code\": \"ZZADM-EMOJI2\", \"name\": {\"en\": \"" + twoHundred
                        + "x\"}, \"type\": \"CENTRAL\", \"adapter\": {\"type\": \"rest-json\","
                        + " \"baseUrl\": \"http://127.0.0.1:9/x\"}}");
        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused)).containsExactly("name.en");
    }

    @Test
    void shouldKeepCentralDepartmentsWithoutAState() {
        HttpResponse<String> central = post("/api/v1/admin/departments", """
                {"code": "ZZADM-CEN", "name": {"en": "Central"}, "type": "CENTRAL", "state": "KA",
                 "adapter": {"type": "rest-json", "baseUrl": "%s"}}""".formatted(rto.baseUri() + "/cen"));
        assertProblem(central, 400, "VALIDATION_FAILED");
        assertThat(errorFields(central)).containsExactly("state");

        String code = "ZZADM-TOCEN";
        body(post("/api/v1/admin/departments", restJsonDepartment(code, rto.baseUri() + "/c", "to-central-1")), 201);
        body(post("/api/v1/admin/departments/" + code + "/services", licenceService("ZZADM-TOCEN-DL")), 201);
        HttpResponse<String> stateLeft = patch("/api/v1/admin/departments/" + code, "{\"type\": \"CENTRAL\"}");
        assertProblem(stateLeft, 400, "VALIDATION_FAILED");
        assertThat(errorFields(stateLeft)).containsExactly("state");
        assertThat(body(get("/api/v1/admin/departments/" + code), 200)
                        .path("type")
                        .asString())
                .isEqualTo("STATE");

        JsonNode changed =
                body(patch("/api/v1/admin/departments/" + code, "{\"type\": \"CENTRAL\", \"state\": null}"), 200);
        assertThat(changed.path("type").asString()).isEqualTo("CENTRAL");
        assertThat(changed.hasNonNull("state")).isFalse();
        assertThat(body(get("/api/v1/admin/services/ZZADM-TOCEN-DL"), 200)
                        .path("type")
                        .asString())
                .as("a service is of its department's type")
                .isEqualTo("CENTRAL");
    }

    @Test
    void shouldRefuseADuplicateDepartmentCode() {
        HttpResponse<String> response =
                post("/api/v1/admin/departments", restJsonDepartment(DEPARTMENT, rto.baseUri() + "/x", "k-1234"));
        assertProblem(response, 409, "DEPARTMENT_ALREADY_EXISTS");
    }

    @Test
    void shouldRefuseDepartmentUrlsPointingWhereThePlatformNeverCallsBeforeAnyConnection() {
        List<String> forbidden = List.of(
                "http://169.254.169.254/latest/meta-data/",
                "http://169.254.10.20:8080/api",
                "http://[fe80::1]/api",
                "http://0.0.0.0:" + rto.port() + "/api",
                "http://224.0.0.1/api",
                "http://[::ffff:169.254.169.254]/latest",
                "http://2852039166/latest", // 169.254.169.254 written as one number
                "http://127.0.0.1:" + port + "/api/v1/admin/departments", // this very service
                "http://localhost:8082/internal/v1/users", // user-service (platform.services.user)
                "https://localhost:8080/api"); // the gateway
        for (String url : forbidden) {
            HttpResponse<String> response =
                    post("/api/v1/admin/departments", restJsonDepartment("ZZADM-SSRF", url, "k-1234"));
            assertProblem(response, 422, "URL_NOT_ALLOWED");
            assertThat(errorFields(response)).as(url).containsExactly("adapter.baseUrl");
        }
        HttpResponse<String> tokenUrl = post("/api/v1/admin/departments", """
                {"code": "ZZADM-SSRF", "name": {"en": "SSRF"}, "type": "CENTRAL",
                 "adapter": {"type": "rest-json", "baseUrl": "%s",
                             "auth": {"type": "oauth2-client-credentials", "tokenUrl": "http://169.254.169.254/token",
                                      "clientId": "c", "clientSecret": "s3cr3t-value"}}}""".formatted(rto.baseUri()));
        assertProblem(tokenUrl, 422, "URL_NOT_ALLOWED");
        assertThat(errorFields(tokenUrl)).containsExactly("adapter.auth.tokenUrl");
        assertThat(TestHttp.json(tokenUrl).path("errors").get(0).path("message").asString())
                .contains("cloud metadata address");

        for (String url :
                List.of("file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1:70/_x", "jar:http://x!/y")) {
            HttpResponse<String> response =
                    post("/api/v1/admin/departments", restJsonDepartment("ZZADM-SSRF", url, "k-1234"));
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(errorFields(response)).as(url).containsExactly("adapter.baseUrl");
        }
        assertThat(rto.requests()).as("nothing was called").isEmpty();
        assertThat(jdbc.sql("select count(*) from department where code = 'ZZADM-SSRF'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void shouldCheckAServicesOperationsAndInputSchemas() {
        HttpResponse<String> response = post("/api/v1/admin/departments/" + DEPARTMENT + "/services", """
                {"code": "ZZADM-RTO-BAD", "name": {"en": "Bad"}, "description": {"en": "Bad"}, "category": "no-such",
                 "channels": ["android", "fax"], "countries": ["GB"],
                 "operations": [
                   {"code": "one", "name": {"en": "One"}, "method": "POST", "path": "/a/{number}",
                    "inputSchema": {"type": "object", "properties": {"number": {"type": "strin"}}}, "idempotent": true},
                   {"code": "two", "name": {"en": "Two"}, "method": "POST", "path": "/b/{number}",
                    "inputSchema": {"type": "object", "required": ["pan"],
                      "properties": {"pan": {"type": "string", "pattern": "^[A-Z]{5}[0-9]{4}[A-Z]$", "examples": ["abc"]},
                                     "dob": {"type": "string", "format": "date", "title": "Date of birth"}}},
                    "responseMapping": {"name": "data/name"}},
                   {"code": "two", "name": {"en": "Three"}, "method": "FETCH", "path": "/c",
                    "inputSchema": {"type": "object", "properties": {"x": {"$ref": "http://169.254.169.254/schema",
                                                                            "title": "X", "examples": ["1"]}}},
                    "idempotent": false}]}""");
        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(errorFields(response))
                .contains(
                        "category",
                        "channels[1]",
                        "countries",
                        "operations[0].inputSchema.properties.number.type",
                        "operations[1].inputSchema.properties.pan.title",
                        "operations[1].inputSchema.properties.pan.examples[0]",
                        "operations[1].inputSchema.properties.dob.examples",
                        "operations[1].path",
                        "operations[1].idempotent",
                        "operations[2].code",
                        "operations[2].method",
                        "operations[2].inputSchema.properties.x.$ref");

        HttpResponse<String> mapping = post(
                "/api/v1/admin/departments/" + DEPARTMENT + "/services",
                licenceService("ZZADM-RTO-MAP").replace("\"/result/status\"", "\"result/status\""));
        assertProblem(mapping, 400, "VALIDATION_FAILED");
        assertThat(errorFields(mapping)).containsExactly("operations[0].responseMapping.status");

        assertProblem(
                post("/api/v1/admin/departments/" + DEPARTMENT + "/services", licenceService(SERVICE)),
                409,
                "SERVICE_ALREADY_EXISTS");
        assertProblem(
                post("/api/v1/admin/departments/ZZADM-NONE/services", licenceService("ZZADM-NONE-DL")),
                404,
                "DEPARTMENT_NOT_FOUND");
    }

    @Test
    void shouldAskTitlesAndExamplesOfNestedInputPropertiesToo() {
        String service = """
                {"code": "ZZADM-RTO-NESTED", "name": {"en": "Vehicle transfer"}, "description": {"en": "Transfer."},
                 "category": "transport", "channels": ["android", "ios", "web"], "countries": ["IN"],
                 "operations": [{"code": "transfer", "name": {"en": "Transfer"}, "method": "POST", "path": "/v1/transfers",
                   "inputSchema": {"type": "object", "additionalProperties": false, "properties": {
                     "a": {"type": "object", "title": "A", "examples": [{}], "additionalProperties": false,
                           "properties": {"b": {"type": "string"%s}}},
                     "sellers": {"type": "array", "title": "Sellers", "examples": [[]],
                                 "items": {"type": "object", "additionalProperties": false, "properties": {
                                   "mobile": {"type": "string", "pattern": "^[6-9][0-9]{9}$", "title": "Mobile number",
                                              "examples": ["%s"]}}}}}},
                   "idempotent": false}]}""";

        HttpResponse<String> refused =
                post("/api/v1/admin/departments/" + DEPARTMENT + "/services", service.formatted("", "12345"));
        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused))
                .containsExactlyInAnyOrder(
                        "operations[0].inputSchema.properties.a.properties.b.title",
                        "operations[0].inputSchema.properties.a.properties.b.examples",
                        "operations[0].inputSchema.properties.sellers.items.properties.mobile.examples[0]");
        assertThat(jdbc.sql("select count(*) from catalogue_entry where code = 'ZZADM-RTO-NESTED'")
                        .query(Long.class)
                        .single())
                .isZero();

        HttpResponse<String> created = post(
                "/api/v1/admin/departments/" + DEPARTMENT + "/services",
                service.formatted(", \"title\": \"B\", \"examples\": [\"b\"]", "9876543210"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @Test
    void shouldCreateAServiceAsADraftThatCitizensCannotSeeOrCall() {
        JsonNode service = body(get("/api/v1/admin/services/" + SERVICE), 200);
        assertThat(service.path("status").asString()).isEqualTo("DRAFT");
        assertThat(service.path("department").asString()).isEqualTo(DEPARTMENT);
        assertThat(service.path("type").asString()).isEqualTo("STATE");
        assertThat(service.path("operations").get(0).path("path").asString())
                .isEqualTo("/v1/licences/{licenceNumber}/status");
        assertThat(service.path("operations")
                        .get(0)
                        .path("inputSchema")
                        .path("properties")
                        .path("licenceNumber")
                        .path("examples")
                        .get(0)
                        .asString())
                .isEqualTo("KA0120110012345");

        assertThat(http.get("/api/v1/catalog/services/" + SERVICE).statusCode()).isEqualTo(404);
        assertProblem(
                http.postJson(
                        "/api/v1/services/" + SERVICE + "/operations/licence-status",
                        "{\"licenceNumber\": \"KA0120110012345\"}",
                        "Authorization",
                        citizen("citizen-adm-2")),
                404,
                "SERVICE_NOT_FOUND");
        assertThat(rto.requests()).isEmpty();
    }

    @Test
    void shouldGiveABillersServiceFetchBillForCitizensAndConfirmPaymentForServicesOnly() {
        assertThat(post("/api/v1/admin/departments", """
                        {"code": "ZZADM-POWER", "name": {"en": "Test Power Company"}, "type": "UTILITY", "state": "KA",
                         "adapter": {"type": "bbps-biller", "baseUrl": "%s", "billerId": "ZZPOWER01"}}""".formatted(rto.baseUri() + "/bbps"))
                        .statusCode())
                .isEqualTo(201);
        String fetchBill = """
                {"code": "fetch-bill", "name": {"en": "Fetch bill"}, "method": "POST", "path": "/bill/fetch",
                 "inputSchema": {"type": "object", "additionalProperties": false, "required": ["consumerNumber"], "properties": {"consumerNumber":
                   {"type": "string", "title": "Consumer number", "examples": ["1234567890"]}}}, "idempotent": true}""";
        String confirmPayment = """
                {"code": "confirm-payment", "name": {"en": "Confirm payment"}, "method": "POST", "path": "/bill/payment",
                 "visibility": "%s", "inputSchema": %s, "idempotent": true}""";
        String service = """
                {"code": "ZZADM-POWER-BILL", "name": {"en": "Test Power bill"}, "description": {"en": "Pay it."},
                 "category": "electricity", "channels": ["android", "ios", "web"], "countries": ["IN"],
                 "operations": [%s]}""";

        HttpResponse<String> onlyFetch =
                post("/api/v1/admin/departments/ZZADM-POWER/services", service.formatted(fetchBill));
        assertProblem(onlyFetch, 400, "VALIDATION_FAILED");
        assertThat(onlyFetch.body()).contains("confirm-payment with visibility SERVICE");
        HttpResponse<String> citizensConfirm = post(
                "/api/v1/admin/departments/ZZADM-POWER/services",
                service.formatted(fetchBill + "," + confirmPayment.formatted("CITIZEN", GOOD_CONFIRM_PAYMENT)));
        assertProblem(citizensConfirm, 400, "VALIDATION_FAILED");
        assertThat(jdbc.sql("select count(*) from catalogue_entry where code = 'ZZADM-POWER-BILL'")
                        .query(Long.class)
                        .single())
                .isZero();

        HttpResponse<String> created = post(
                "/api/v1/admin/departments/ZZADM-POWER/services",
                service.formatted(fetchBill + "," + confirmPayment.formatted("SERVICE", GOOD_CONFIRM_PAYMENT)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /** A biller's operation, with the input schema given, at the path the biller protocol calls. */
    private static String billerOperation(String code, String visibility, String inputSchema) {
        String path = code.equals("fetch-bill") ? "/bill/fetch" : "/bill/payment";
        return """
                {"code": "%s", "name": {"en": "%s"}, "method": "POST", "path": "%s", "visibility": "%s",
                 "inputSchema": %s, "idempotent": true}""".formatted(code, code, path, visibility, inputSchema);
    }

    private static final String CONSUMER_NUMBER =
            "{\"type\": \"string\", \"title\": \"Consumer number\", \"examples\": [\"1234567890\"]}";
    private static final String GOOD_FETCH_BILL = """
            {"type": "object", "required": ["consumerNumber"], "additionalProperties": false,
             "properties": {"consumerNumber": %s}}""".formatted(CONSUMER_NUMBER);
    private static final String GOOD_CONFIRM_PAYMENT = """
            {"type": "object", "required": ["consumerNumber", "billNumber", "paymentReference", "amount"],
             "additionalProperties": false, "properties": {
               "consumerNumber": %s,
               "billNumber": {"type": "string", "title": "Bill number", "examples": ["BILL-1"]},
               "paymentReference": {"type": "string", "title": "Payment reference", "examples": ["pay-1"]},
               "amount": {"type": "object", "title": "Amount", "examples": [{"value": "10.00", "currency": "INR"}],
                 "required": ["value", "currency"], "additionalProperties": false, "properties": {
                   "value": {"type": "string", "title": "Value", "examples": ["10.00"]},
                   "currency": {"type": "string", "title": "Currency", "examples": ["INR"]}}}}}""".formatted(CONSUMER_NUMBER);

    @Test
    void shouldRefuseABillersOperationsWhoseInputSchemasRefuseWhatPaymentServiceSends() {
        String department = "ZZADM-WATER";
        body(post("/api/v1/admin/departments", """
                        {"code": "%s", "name": {"en": "Test Water Board"}, "type": "UTILITY", "state": "KA",
                         "adapter": {"type": "bbps-biller", "baseUrl": "%s", "billerId": "ZZWATER01"}}""".formatted(department, rto.baseUri() + "/bbps")), 201);
        String service = """
                {"code": "ZZADM-WATER-BILL", "name": {"en": "Test Water bill"}, "description": {"en": "Pay it."},
                 "category": "water", "channels": ["android", "ios", "web"], "countries": ["IN"],
                 "operations": [%s, %s]}""";
        Map<String, String> badFetchBills = Map.of(
                "consumerNumber renamed",
                """
                {"type": "object", "additionalProperties": false, "required": ["accountId"], "properties": {"accountId":
                  {"type": "string", "title": "Account id", "examples": ["A-1"]}}}""",
                "consumerNumber not a string",
                """
                {"type": "object", "additionalProperties": false, "required": ["consumerNumber"], "properties": {"consumerNumber":
                  {"type": "integer", "title": "Consumer number", "examples": [1234567890]}}}""",
                "another field required",
                """
                {"type": "object", "additionalProperties": false, "required": ["consumerNumber", "mobile"], "properties": {"consumerNumber": %s,
                  "mobile": {"type": "string", "title": "Mobile", "examples": ["9876543210"]}}}""".formatted(CONSUMER_NUMBER),
                "more properties than payment-service sends",
                """
                {"type": "object", "additionalProperties": false, "minProperties": 2, "properties": {"consumerNumber": %s,
                  "mobile": {"type": "string", "title": "Mobile", "examples": ["9876543210"]}}}""".formatted(CONSUMER_NUMBER));
        for (Map.Entry<String, String> bad : badFetchBills.entrySet()) {
            HttpResponse<String> refused = post(
                    "/api/v1/admin/departments/" + department + "/services",
                    service.formatted(
                            billerOperation("fetch-bill", "CITIZEN", bad.getValue()),
                            billerOperation("confirm-payment", "SERVICE", GOOD_CONFIRM_PAYMENT)));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(bad.getKey()).containsOnly("operations[0].inputSchema");
            assertThat(refused.body()).as(bad.getKey()).contains("payment-service fetches a bill with");
        }
        Map<String, String> badConfirmPayments = Map.of(
                "a field payment-service does not send required",
                """
                {"type": "object", "additionalProperties": false, "required": ["paymentReference", "upiId"], "properties": {
                  "paymentReference": {"type": "string", "title": "Payment reference", "examples": ["pay-1"]},
                  "upiId": {"type": "string", "title": "UPI id", "examples": ["asha@upi"]}}}""",
                "a field payment-service sends forbidden",
                """
                {"type": "object", "additionalProperties": false, "properties": {
                  "paymentReference": {"type": "string", "title": "Payment reference", "examples": ["pay-1"]}}}""",
                "the amount's currency forbidden",
                GOOD_CONFIRM_PAYMENT
                        .replace(
                                "\"currency\": {\"type\": \"string\", \"title\": \"Currency\", \"examples\": [\"INR\"]}",
                                "\"unit\": {\"type\": \"string\", \"title\": \"Unit\", \"examples\": [\"INR\"]}")
                        .replace("[\"value\", \"currency\"]", "[\"value\"]")
                        .replace(
                                "\"examples\": [{\"value\": \"10.00\", \"currency\": \"INR\"}]",
                                "\"examples\": [{\"value\": \"10.00\"}]"),
                "the amount's value a number",
                GOOD_CONFIRM_PAYMENT
                        .replace(
                                "\"value\": {\"type\": \"string\", \"title\": \"Value\", \"examples\": [\"10.00\"]}",
                                "\"value\": {\"type\": \"number\", \"title\": \"Value\", \"examples\": [10.0]}")
                        .replace(
                                "{\"value\": \"10.00\", \"currency\": \"INR\"}",
                                "{\"value\": 10.0, \"currency\": \"INR\"}"));
        for (Map.Entry<String, String> bad : badConfirmPayments.entrySet()) {
            assertThat(bad.getValue()).as(bad.getKey()).isNotEqualTo(GOOD_CONFIRM_PAYMENT);
            HttpResponse<String> refused = post(
                    "/api/v1/admin/departments/" + department + "/services",
                    service.formatted(
                            billerOperation("fetch-bill", "CITIZEN", GOOD_FETCH_BILL),
                            billerOperation("confirm-payment", "SERVICE", bad.getValue())));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(bad.getKey()).containsOnly("operations[1].inputSchema");
            assertThat(refused.body()).as(bad.getKey()).contains("payment-service confirms a payment with");
        }
        assertThat(jdbc.sql("select count(*) from catalogue_entry where code = 'ZZADM-WATER-BILL'")
                        .query(Long.class)
                        .single())
                .as("nothing stored")
                .isZero();

        HttpResponse<String> created = post(
                "/api/v1/admin/departments/" + department + "/services",
                service.formatted(
                        billerOperation("fetch-bill", "CITIZEN", GOOD_FETCH_BILL),
                        billerOperation("confirm-payment", "SERVICE", GOOD_CONFIRM_PAYMENT)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /**
     * A biller's input schema must require what the biller cannot do without: a fetch-bill whose
     * schema let {@code {}} through reached the adapter without a consumer number (a 502 and an
     * ERROR line). Refused when the service is created, naming the field; one stored before the
     * rule is not published.
     */
    @Test
    void shouldRefuseABillersInputSchemaThatDoesNotRequireWhatTheBillerNeeds() {
        String department = "ZZADM-GAS";
        body(post("/api/v1/admin/departments", """
                        {"code": "%s", "name": {"en": "Test Gas Company"}, "type": "UTILITY", "state": "KA",
                         "adapter": {"type": "bbps-biller", "baseUrl": "%s", "billerId": "ZZGAS01"}}""".formatted(department, rto.baseUri() + "/gas")), 201);
        String service = """
                {"code": "ZZADM-GAS-BILL", "name": {"en": "Test Gas bill"}, "description": {"en": "Pay it."},
                 "category": "electricity", "channels": ["android", "ios", "web"], "countries": ["IN"],
                 "operations": [%s, %s]}""";
        String laxFetchBill = GOOD_FETCH_BILL.replace("\"required\": [\"consumerNumber\"], ", "");
        assertThat(laxFetchBill).isNotEqualTo(GOOD_FETCH_BILL);

        HttpResponse<String> fetch = post(
                "/api/v1/admin/departments/" + department + "/services",
                service.formatted(
                        billerOperation("fetch-bill", "CITIZEN", laxFetchBill),
                        billerOperation("confirm-payment", "SERVICE", GOOD_CONFIRM_PAYMENT)));
        assertProblem(fetch, 400, "VALIDATION_FAILED");
        assertThat(errorFields(fetch)).containsOnly("operations[0].inputSchema");
        assertThat(fetch.body()).contains("must list consumerNumber in required");

        Map<String, String> laxConfirmPayments = Map.of(
                "billNumber",
                GOOD_CONFIRM_PAYMENT.replace(
                        "[\"consumerNumber\", \"billNumber\", \"paymentReference\", \"amount\"]",
                        "[\"consumerNumber\", \"paymentReference\", \"amount\"]"),
                "paymentReference",
                GOOD_CONFIRM_PAYMENT.replace(
                        "[\"consumerNumber\", \"billNumber\", \"paymentReference\", \"amount\"]",
                        "[\"consumerNumber\", \"billNumber\", \"amount\"]"),
                "amount.value",
                GOOD_CONFIRM_PAYMENT.replace("[\"value\", \"currency\"]", "[\"currency\"]"));
        for (Map.Entry<String, String> lax : laxConfirmPayments.entrySet()) {
            assertThat(lax.getValue()).as(lax.getKey()).isNotEqualTo(GOOD_CONFIRM_PAYMENT);
            HttpResponse<String> refused = post(
                    "/api/v1/admin/departments/" + department + "/services",
                    service.formatted(
                            billerOperation("fetch-bill", "CITIZEN", GOOD_FETCH_BILL),
                            billerOperation("confirm-payment", "SERVICE", lax.getValue())));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(lax.getKey()).containsOnly("operations[1].inputSchema");
            assertThat(refused.body()).as(lax.getKey()).contains("must list " + lax.getKey() + " in ");
        }
        assertThat(jdbc.sql("select count(*) from catalogue_entry where code = 'ZZADM-GAS-BILL'")
                        .query(Long.class)
                        .single())
                .as("nothing stored")
                .isZero();

        // stored before the rule (or past the admin API): never published
        body(
                post(
                        "/api/v1/admin/departments/" + department + "/services",
                        service.formatted(
                                billerOperation("fetch-bill", "CITIZEN", GOOD_FETCH_BILL),
                                billerOperation("confirm-payment", "SERVICE", GOOD_CONFIRM_PAYMENT))),
                201);
        jdbc.sql("""
                        update operation set input_schema = cast(? as json)
                        where entry_code = 'ZZADM-GAS-BILL' and code = 'fetch-bill'""").param(laxFetchBill).update();
        HttpResponse<String> publish = patch("/api/v1/admin/services/ZZADM-GAS-BILL", "{\"status\": \"PUBLISHED\"}");
        assertProblem(publish, 422, "SERVICE_NOT_READY");
        assertThat(errorFields(publish)).containsExactly("operations.fetch-bill.inputSchema");
        assertThat(publish.body()).contains("consumerNumber");
        assertThat(body(get("/api/v1/admin/services/ZZADM-GAS-BILL"), 200)
                        .path("status")
                        .asString())
                .isEqualTo("DRAFT");
    }

    @Test
    void shouldRefuseATypeChangeToOrFromUtilityWhileTheDepartmentHasServices() {
        String state = "ZZADM-TOUTIL";
        body(post("/api/v1/admin/departments", restJsonDepartment(state, rto.baseUri() + "/u", "to-utility-1")), 201);
        body(post("/api/v1/admin/departments/" + state + "/services", licenceService("ZZADM-TOUTIL-DL")), 201);

        HttpResponse<String> toUtility = patch("/api/v1/admin/departments/" + state, "{\"type\": \"UTILITY\"}");
        assertProblem(toUtility, 400, "VALIDATION_FAILED");
        assertThat(errorFields(toUtility)).containsExactly("type");
        assertThat(toUtility.body()).contains("fetch-bill");
        assertThat(body(get("/api/v1/admin/departments/" + state), 200)
                        .path("type")
                        .asString())
                .isEqualTo("STATE");
        assertThat(body(get("/api/v1/admin/services/ZZADM-TOUTIL-DL"), 200)
                        .path("type")
                        .asString())
                .isEqualTo("STATE");
        assertThat(body(get("/api/v1/admin/audit?department=" + state), 200)
                        .path("items")
                        .findValuesAsString("action"))
                .as("nothing audited")
                .doesNotContain("DEPARTMENT_UPDATED");

        String biller = "ZZADM-FROMUTIL";
        body(post("/api/v1/admin/departments", """
                        {"code": "%s", "name": {"en": "Test Gas Company"}, "type": "UTILITY", "state": "KA",
                         "adapter": {"type": "bbps-biller", "baseUrl": "%s"}}""".formatted(biller, rto.baseUri() + "/g")), 201);
        body(
                post("/api/v1/admin/departments/" + biller + "/services", """
                        {"code": "ZZADM-FROMUTIL-BILL", "name": {"en": "Test Gas bill"}, "description": {"en": "Pay it."},
                         "category": "electricity", "channels": ["android", "ios", "web"], "countries": ["IN"],
                         "operations": [%s, %s]}""".formatted(
                                billerOperation("fetch-bill", "CITIZEN", GOOD_FETCH_BILL),
                                billerOperation("confirm-payment", "SERVICE", GOOD_CONFIRM_PAYMENT))),
                201);
        HttpResponse<String> fromUtility = patch("/api/v1/admin/departments/" + biller, "{\"type\": \"STATE\"}");
        assertProblem(fromUtility, 400, "VALIDATION_FAILED");
        assertThat(errorFields(fromUtility)).containsExactly("type");
        assertThat(body(get("/api/v1/admin/services/ZZADM-FROMUTIL-BILL"), 200)
                        .path("type")
                        .asString())
                .isEqualTo("UTILITY");

        // CENTRAL and STATE stay interchangeable; a department without services may become a biller
        assertThat(body(patch("/api/v1/admin/departments/" + state, "{\"type\": \"CENTRAL\", \"state\": null}"), 200)
                        .path("type")
                        .asString())
                .isEqualTo("CENTRAL");
        assertThat(body(get("/api/v1/admin/services/ZZADM-TOUTIL-DL"), 200)
                        .path("type")
                        .asString())
                .isEqualTo("CENTRAL");
        String empty = "ZZADM-EMPTY";
        body(post("/api/v1/admin/departments", restJsonDepartment(empty, rto.baseUri() + "/e", "empty-key-1")), 201);
        assertThat(body(patch("/api/v1/admin/departments/" + empty, "{\"type\": \"UTILITY\"}"), 200)
                        .path("type")
                        .asString())
                .isEqualTo("UTILITY");
    }

    @Test
    void shouldKeepTheInputFieldsInTheOrderTheIntegratorWroteThem() {
        // apps draw the form field after field in this order (jsonb would give dob, ownerName, vehicleNumber)
        assertThat(post(
                                "/api/v1/admin/departments",
                                restJsonDepartment("ZZADM-ORD", rto.baseUri() + "/rto", "order-key"))
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> created = post("/api/v1/admin/departments/ZZADM-ORD/services", """
                {"code": "ZZADM-ORD-CHECK", "name": {"en": "Vehicle owner check"}, "description": {"en": "Check."},
                 "category": "transport", "channels": ["android", "ios", "web"], "countries": ["IN"],
                 "operations": [{"code": "check", "name": {"en": "Check"}, "method": "POST", "path": "/v1/owners",
                   "inputSchema": {"type": "object", "additionalProperties": false, "required": ["vehicleNumber", "dob", "ownerName"],
                     "properties": {
                       "vehicleNumber": {"type": "string", "title": "Vehicle number", "examples": ["KA01AB1234"]},
                       "dob": {"type": "string", "format": "date", "title": "Owner's date of birth", "examples": ["1990-01-31"]},
                       "ownerName": {"type": "string", "title": "Owner's name", "examples": ["Asha Rao"]}}},
                   "idempotent": true}]}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        JsonNode schema = body(get("/api/v1/admin/services/ZZADM-ORD-CHECK"), 200)
                .path("operations")
                .get(0)
                .path("inputSchema");
        assertThat(schema.path("properties").propertyNames()).containsExactly("vehicleNumber", "dob", "ownerName");
    }

    @Test
    void shouldDryRunAnOperationShowingRawAndMappedAnswersWithoutCountingIt() {
        double invocationsBefore = invocations();
        long auditedBefore = invocationAuditRows();

        JsonNode run = body(
                keep(post(
                        "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run",
                        "{\"serviceCode\": \"" + SERVICE + "\", \"operationCode\": \"licence-status\","
                                + " \"input\": {\"licenceNumber\": \"KA0120110012345\"}}")),
                200);

        assertThat(run.path("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(run.path("departmentStatus").asInt()).isEqualTo(200);
        assertThat(run.path("latencyMs").asLong()).isNotNegative();
        assertThat(run.path("raw").path("result").path("internal_ref").asString())
                .isEqualTo("LIC-MASTER-77");
        assertThat(run.path("mapped").path("status").asString()).isEqualTo("VALID");
        assertThat(run.path("mapped").path("holder").path("name").asString()).isEqualTo("ASHA RAO");
        assertThat(run.path("mapped").path("validUntil").asString()).isEqualTo("2031-05-30");
        assertThat(run.path("mapped").has("internal_ref")).isFalse();

        StubHttpServer.Recorded call = rto.requests().get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/rto/v1/licences/KA0120110012345/status");
        assertThat(call.header("X-Api-Key")).isEqualTo(API_KEY);
        assertThat(call.header("X-Request-Id")).isEqualTo(run.path("requestId").asString());

        assertThat(invocations()).as("not in citizen metrics").isEqualTo(invocationsBefore);
        assertThat(invocationAuditRows()).as("not in the invocation audit").isEqualTo(auditedBefore);
        assertThat(body(get("/api/v1/admin/services/" + SERVICE), 200)
                        .path("status")
                        .asString())
                .as("nothing published")
                .isEqualTo("DRAFT");
    }

    /**
     * A department that echoes the Authorization header of basic auth shows the password
     * Base64-encoded ("Basic dTE6..."): masked like the password itself. A secret too short to be
     * masked is refused when the department is saved.
     */
    @Test
    void shouldMaskAnEchoedBasicAuthorizationAndRefuseASecretTooShortToMask() {
        String code = "ZZADM-BASIC";
        String password = "basic-pw-4411";
        String basic = restJsonDepartment(code, rto.baseUri() + "/basic", "unused-key")
                .replace(
                        "{\"type\": \"api-key\", \"headerName\": \"X-Api-Key\", \"apiKey\": \"unused-key\"}",
                        "{\"type\": \"basic\", \"username\": \"u1\", \"password\": \"" + password + "\"}");
        body(post("/api/v1/admin/departments", basic), 201);
        body(post("/api/v1/admin/departments/" + code + "/services", licenceService("ZZADM-BASIC-DL")), 201);
        String encoded = java.util.Base64.getEncoder()
                .encodeToString(("u1:" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        rto.otherwise(Answer.json("{\"result\": {\"status\": \"VALID\", \"auth\": \"Basic " + encoded + "\"}}"));

        HttpResponse<String> echoed = post(
                "/api/v1/admin/departments/" + code + "/dry-run",
                "{\"serviceCode\": \"ZZADM-BASIC-DL\", \"operationCode\": \"licence-status\","
                        + " \"input\": {\"licenceNumber\": \"KA0120110012345\"}}");

        assertThat(body(echoed, 200).path("raw").path("result").path("auth").asString())
                .isEqualTo("Basic ******");
        assertThat(echoed.body()).doesNotContain(encoded).doesNotContain(password);

        HttpResponse<String> tooShort =
                post("/api/v1/admin/departments", restJsonDepartment("ZZADM-SHORTKEY", rto.baseUri() + "/s", "Zq7"));
        assertProblem(tooShort, 400, "VALIDATION_FAILED");
        assertThat(errorFields(tooShort)).containsExactly("adapter.auth.apiKey");
    }

    @Test
    void shouldShowRefusalsFailuresAndRedirectsInDryRunsAndMaskAnEchoedSecret() {
        String dryRun = "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run";
        String body = "{\"serviceCode\": \"" + SERVICE + "\", \"operationCode\": \"licence-status\","
                + " \"input\": {\"licenceNumber\": \"KA0120110012345\"}}";

        rto.otherwise(Answer.json(404, "{\"error\": \"no such licence\"}"));
        JsonNode refused = body(post(dryRun, body), 200);
        assertThat(refused.path("outcome").asString()).isEqualTo("REFUSED");
        assertThat(refused.path("refusal").path("code").asString()).isEqualTo("RECORD_NOT_FOUND");
        assertThat(refused.path("refusal").path("status").asInt()).isEqualTo(404);
        assertThat(refused.path("raw").path("error").asString()).isEqualTo("no such licence");

        rto.otherwise(Answer.json(503, "{\"error\": \"down\"}"));
        JsonNode failed = body(post(dryRun, body), 200);
        assertThat(failed.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(failed.path("failure").path("kind").asString()).isEqualTo("SERVER_ERROR");
        assertThat(failed.path("departmentStatus").asInt()).isEqualTo(503);

        rto.otherwise(new Answer(302, null, null, 0, java.util.Map.of("Location", "http://169.254.169.254/latest")));
        JsonNode redirected = body(post(dryRun, body), 200);
        assertThat(redirected.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(redirected.path("failure").path("message").asString()).contains("redirect, which is not followed");
        assertThat(rto.requests()).hasSize(3);

        rto.otherwise(Answer.json("{\"result\": {\"status\": \"VALID\", \"echo\": \"key=" + API_KEY + "\"}}"));
        HttpResponse<String> echoed = post(dryRun, body);
        assertThat(body(echoed, 200).path("raw").path("result").path("echo").asString())
                .isEqualTo("key=******");
        assertThat(echoed.body()).doesNotContain(API_KEY);

        HttpResponse<String> invalid = post(
                dryRun,
                "{\"serviceCode\": \"" + SERVICE
                        + "\", \"operationCode\": \"licence-status\", \"input\": {\"licenceNumber\": \"x\"}}");
        assertProblem(invalid, 400, "VALIDATION_FAILED");
        assertThat(errorFields(invalid)).containsExactly("input.licenceNumber");
        assertProblem(
                post(dryRun, "{\"serviceCode\": \"" + SERVICE + "\", \"operationCode\": \"nope\"}"),
                404,
                "OPERATION_NOT_FOUND");
        assertProblem(
                post(dryRun, "{\"serviceCode\": \"EPFO-PASSBOOK\", \"operationCode\": \"passbook\"}"),
                404,
                "SERVICE_NOT_FOUND");
    }

    @Test
    void shouldShowAFailingDepartmentsAnswerInADryRunButNeverToACitizenOrInALog() {
        String key = "failraw-partner-key-7c2e91";
        String department = "ZZADM-FAILRAW";
        String service = "ZZADM-FAILRAW-DL";
        body(post("/api/v1/admin/departments", restJsonDepartment(department, rto.baseUri() + "/fail", key)), 201);
        body(post("/api/v1/admin/departments/" + department + "/services", licenceService(service)), 201);
        String dryRun = "/api/v1/admin/departments/" + department + "/dry-run";
        String body = "{\"serviceCode\": \"" + service + "\", \"operationCode\": \"licence-status\","
                + " \"input\": {\"licenceNumber\": \"KA0120110012345\"}}";
        String departmentsText = "ORA-12541: TNS:no listener";

        rto.otherwise(Answer.json(503, "{\"error\": \"" + departmentsText + "\", \"echo\": \"key=" + key + "\"}"));
        HttpResponse<String> down = post(dryRun, body);
        JsonNode failed = body(down, 200);
        assertThat(failed.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(failed.path("failure").path("kind").asString()).isEqualTo("SERVER_ERROR");
        assertThat(failed.path("departmentStatus").asInt()).isEqualTo(503);
        assertThat(failed.path("raw").path("error").asString()).isEqualTo(departmentsText);
        assertThat(failed.path("raw").path("echo").asString()).isEqualTo("key=******");
        assertThat(failed.has("rawTruncated")).isFalse();
        assertThat(down.body()).doesNotContain(key);

        rto.otherwise(new Answer(200, "text/html", "<html><body>Service Unavailable</body></html>", 0, Map.of()));
        JsonNode garbage = body(post(dryRun, body), 200);
        assertThat(garbage.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(garbage.path("failure").path("kind").asString()).isEqualTo("BAD_ANSWER");
        assertThat(garbage.path("departmentStatus").asInt()).isEqualTo(200);
        assertThat(garbage.path("raw").asString()).isEqualTo("<html><body>Service Unavailable</body></html>");

        // kept up to 4 KiB; a secret the cut halves is masked too
        String cutInsideTheKey = "x".repeat(4096 - 10) + key + "y".repeat(6000);
        rto.otherwise(new Answer(502, "text/plain", cutInsideTheKey, 0, Map.of()));
        HttpResponse<String> large = post(dryRun, body);
        JsonNode cut = body(large, 200);
        assertThat(cut.path("rawTruncated").asBoolean()).isTrue();
        assertThat(cut.path("raw").asString())
                .startsWith("xxxxxxxx")
                .endsWith("x" + AdapterSettingsCodec.REDACTED)
                .doesNotContain("y")
                .hasSizeLessThanOrEqualTo(4096);
        assertThat(large.body()).doesNotContain(key.substring(0, 10));

        // a citizen gets the platform's 502, and no log line holds the department's text
        body(patch("/api/v1/admin/services/" + service, "{\"status\": \"PUBLISHED\"}"), 200);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        HttpResponse<String> citizens;
        try {
            rto.otherwise(Answer.json(503, "{\"error\": \"" + departmentsText + "\"}"));
            citizens = http.postJson(
                    "/api/v1/services/" + service + "/operations/licence-status",
                    "{\"licenceNumber\": \"KA0120110012345\"}",
                    "Authorization",
                    citizen("citizen-adm-failraw"));
        } finally {
            root.detachAppender(logs);
            body(patch("/api/v1/admin/services/" + service, "{\"status\": \"DRAFT\"}"), 200);
        }
        assertProblem(citizens, 502, "DEPARTMENT_ERROR");
        assertThat(citizens.body()).doesNotContain("ORA-12541");
        assertThat(logs.list)
                .as("the failure is logged")
                .isNotEmpty()
                .allSatisfy(event -> assertThat(event.getFormattedMessage()
                                + (event.getThrowableProxy() == null
                                        ? ""
                                        : ThrowableProxyUtil.asString(event.getThrowableProxy())))
                        .doesNotContain("ORA-12541"));
    }

    @Test
    void shouldRefuseAtCallTimeADepartmentWhoseStoredUrlPointsWhereThePlatformNeverCalls() {
        // as if the name had come to resolve elsewhere after it was saved: the row is written
        // directly, past the admin API's check, and the HTTP client's own check must refuse it
        for (String baseUrl : List.of("http://169.254.169.254/latest", "http://localhost:" + port + "/api/v1/admin")) {
            jdbc.sql("delete from catalogue_entry where department_code = 'ZZADM-EVIL'")
                    .update();
            jdbc.sql("delete from department where code = 'ZZADM-EVIL'").update();
            jdbc.sql("""
                            insert into department (code, type, names, adapter_type, adapter_settings)
                            values ('ZZADM-EVIL', 'CENTRAL', '{"en": "Evil"}', 'rest-json', cast(? as jsonb))""")
                    .param("{\"baseUrl\": \"" + baseUrl + "\", \"timeoutMs\": 1000}")
                    .update();
            body(post("/api/v1/admin/departments/ZZADM-EVIL/services", licenceService("ZZADM-EVIL-DL")), 201);

            JsonNode run = body(
                    post(
                            "/api/v1/admin/departments/ZZADM-EVIL/dry-run",
                            "{\"serviceCode\": \"ZZADM-EVIL-DL\", \"operationCode\": \"licence-status\","
                                    + " \"input\": {\"licenceNumber\": \"KA0120110012345\"}}"),
                    200);
            assertThat(run.path("outcome").asString()).isEqualTo("FAILED");
            assertThat(run.path("failure").path("kind").asString()).isEqualTo("UNREACHABLE");
            assertThat(run.path("failure").path("message").asString())
                    .as(baseUrl)
                    .contains("was not called")
                    .containsAnyOf("cloud metadata address", "the platform's own services");
            HttpResponse<String> publish = patch("/api/v1/admin/services/ZZADM-EVIL-DL", "{\"status\": \"PUBLISHED\"}");
            assertProblem(publish, 422, "DEPARTMENT_NOT_READY");
            assertThat(errorFields(publish)).containsExactly("department.adapter.baseUrl");
        }
    }

    @Test
    void shouldChangeAServicesStatusOnlyToAKnownOneAndAuditIt() {
        assertProblem(patch("/api/v1/admin/services/" + SERVICE, "{\"status\": \"LIVE\"}"), 400, "VALIDATION_FAILED");
        assertProblem(patch("/api/v1/admin/services/" + SERVICE, "{}"), 400, "VALIDATION_FAILED");
        assertProblem(
                patch("/api/v1/admin/services/ZZADM-NONE", "{\"status\": \"PUBLISHED\"}"), 404, "SERVICE_NOT_FOUND");

        String code = "ZZADM-RTO-STATUS";
        body(post("/api/v1/admin/departments/" + DEPARTMENT + "/services", licenceService(code)), 201);
        assertThat(body(patch("/api/v1/admin/services/" + code, "{\"status\": \"PUBLISHED\"}"), 200)
                        .path("status")
                        .asString())
                .isEqualTo("PUBLISHED");
        assertThat(http.get("/api/v1/catalog/services/" + code).statusCode())
                .as("live at once here")
                .isEqualTo(200);
        body(patch("/api/v1/admin/services/" + code, "{\"status\": \"PUBLISHED\"}"), 200);
        body(patch("/api/v1/admin/services/" + code, "{\"status\": \"DRAFT\"}"), 200);
        assertThat(http.get("/api/v1/catalog/services/" + code).statusCode()).isEqualTo(404);

        JsonNode trail = body(get("/api/v1/admin/audit?service=" + code), 200);
        List<String> steps = new ArrayList<>();
        trail.path("items")
                .forEach(item -> steps.add(item.path("action").asString() + " "
                        + item.path("details").path("from").asString("") + ">"
                        + item.path("details").path("to").asString("")));
        assertThat(steps)
                .as("newest first; publishing twice changes nothing")
                .containsExactly(
                        "SERVICE_STATUS_CHANGED PUBLISHED>DRAFT",
                        "SERVICE_STATUS_CHANGED DRAFT>PUBLISHED",
                        "SERVICE_CREATED >");
        assertThat(trail.path("items").get(0).path("actor").asString()).isEqualTo("platform-admin");
    }

    @Test
    void shouldRefuseAServiceWhoseNameAndDescriptionAreNotGivenInTheSameLanguages() {
        String kannadaName = licenceService("ZZADM-RTO-KN")
                .replace(
                        "\"hi\": \"ड्राइविंग लाइसेंस की स्थिति\"",
                        "\"hi\": \"ड्राइविंग लाइसेंस की स्थिति\", \"kn\": \"ಚಾಲನಾ ಪರವಾನಗಿ ಸ್ಥಿತಿ\"");
        HttpResponse<String> noKannadaDescription =
                post("/api/v1/admin/departments/" + DEPARTMENT + "/services", kannadaName);
        assertProblem(noKannadaDescription, 400, "VALIDATION_FAILED");
        assertThat(errorFields(noKannadaDescription)).containsExactly("description.kn");

        String tamilDescription = licenceService("ZZADM-RTO-TA")
                .replace(
                        "\"description\": {",
                        "\"description\": {\"ta\": \"ஓட்டுநர் உரிமம் செல்லுபடியாகுமா என்று பார்க்கவும்.\", ");
        HttpResponse<String> noTamilName =
                post("/api/v1/admin/departments/" + DEPARTMENT + "/services", tamilDescription);
        assertProblem(noTamilName, 400, "VALIDATION_FAILED");
        assertThat(errorFields(noTamilName)).containsExactly("name.ta");
        assertThat(jdbc.sql("select count(*) from catalogue_entry where code in ('ZZADM-RTO-KN', 'ZZADM-RTO-TA')")
                        .query(Long.class)
                        .single())
                .as("nothing stored")
                .isZero();

        assertThat(body(
                                post(
                                        "/api/v1/admin/departments/" + DEPARTMENT + "/services",
                                        kannadaName.replace(
                                                "\"description\": {",
                                                "\"description\": {\"kn\": \"ಚಾಲನಾ ಪರವಾನಗಿಯ ವಿವರಗಳನ್ನು ಪರಿಶೀಲಿಸಿ\", ")),
                                201)
                        .path("description")
                        .path("kn")
                        .asString())
                .isEqualTo("ಚಾಲನಾ ಪರವಾನಗಿಯ ವಿವರಗಳನ್ನು ಪರಿಶೀಲಿಸಿ");
    }

    @Test
    void shouldNotPublishAServiceStoredWithItsNameAndDescriptionInOtherLanguages() {
        String code = "ZZADM-RTO-MIXED";
        body(post("/api/v1/admin/departments/" + DEPARTMENT + "/services", licenceService(code)), 201);
        // written past the API (or before its rule): a Kannada name, a Tamil description
        jdbc.sql("""
                        update catalogue_entry set names = names || '{"kn": "ಚಾಲನಾ ಪರವಾನಗಿ ಸ್ಥಿತಿ"}',
                            descriptions = descriptions || '{"ta": "ஓட்டுநர் உரிமம் செல்லுபடியாகுமா என்று பார்க்கவும்."}'
                        where code = ?""").param(code).update();

        HttpResponse<String> publish = patch("/api/v1/admin/services/" + code, "{\"status\": \"PUBLISHED\"}");
        JsonNode problem = assertProblem(publish, 422, "SERVICE_NOT_READY");
        assertThat(errorFields(publish)).containsExactly("description.kn", "name.ta");
        assertThat(problem.path("detail").asString()).contains("not given in the same languages");
        assertThat(body(get("/api/v1/admin/services/" + code), 200)
                        .path("status")
                        .asString())
                .isEqualTo("DRAFT");
        body(patch("/api/v1/admin/services/" + code, "{\"status\": \"SUSPENDED\"}"), 200);
    }

    @Test
    void shouldShowAnItemsDescriptionInTheLanguageOfItsNameEvenIfStoredTextsDiffer() {
        String code = "ZZADM-RTO-VIEW";
        body(post("/api/v1/admin/departments/" + DEPARTMENT + "/services", licenceService(code)), 201);
        try {
            // written past the API: a Tamil description under a name that has no Tamil
            jdbc.sql("""
                            update catalogue_entry set status = 'PUBLISHED',
                                descriptions = descriptions || '{"ta": "ஓட்டுநர் உரிமம் செல்லுபடியாகுமா என்று பார்க்கவும்."}'
                            where code = ?""").param(code).update();
            catalogue.refresh();

            JsonNode tamil = TestHttp.json(http.get("/api/v1/catalog/services/" + code, "Accept-Language", "ta"));
            assertThat(tamil.path("language").asString()).isEqualTo("en");
            assertThat(tamil.path("name").asString()).isEqualTo("Driving licence status " + code);
            assertThat(tamil.path("description").asString())
                    .as("the name's language, not the reader's")
                    .isEqualTo("Check whether a driving licence is valid, and until when.");
            JsonNode listed = TestHttp.json(http.get(
                    "/api/v1/catalog/services?department=" + DEPARTMENT + "&size=100", "Accept-Language", "ta"));
            listed.path("items").forEach(item -> {
                if (item.path("code").asString().equals(code)) {
                    assertThat(item.path("description").asString())
                            .isEqualTo("Check whether a driving licence is valid, and until when.");
                }
            });
            assertThat(listed.path("items").findValuesAsString("code")).contains(code);

            JsonNode hindi = TestHttp.json(http.get("/api/v1/catalog/services/" + code, "Accept-Language", "hi"));
            assertThat(hindi.path("language").asString()).isEqualTo("hi");
            assertThat(hindi.path("description").asString()).isEqualTo(HINDI_DESCRIPTION);
        } finally {
            jdbc.sql("delete from catalogue_entry where code = ?").param(code).update();
            catalogue.refresh();
        }
    }

    @Test
    void shouldReportADepartmentsHealthFromItsCircuitAndItsRecentCalls() {
        String code = "ZZADM-RTO-HEALTH";
        body(post("/api/v1/admin/departments/" + DEPARTMENT + "/services", licenceService(code)), 201);
        body(patch("/api/v1/admin/services/" + code, "{\"status\": \"PUBLISHED\"}"), 200);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> call = http.postJson(
                    "/api/v1/services/" + code + "/operations/licence-status",
                    "{\"licenceNumber\": \"KA0120110012345\"}",
                    "Authorization",
                    citizen("citizen-adm-health"));
            assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        }
        rto.otherwise(Answer.json(500, "{}"));
        assertThat(http.postJson(
                                "/api/v1/services/" + code + "/operations/licence-status",
                                "{\"licenceNumber\": \"KA0120110012345\"}",
                                "Authorization",
                                citizen("citizen-adm-health"))
                        .statusCode())
                .isEqualTo(502);
        rto.otherwise(Answer.json(DEPARTMENT_ANSWER));

        eventually(java.time.Duration.ofSeconds(10), () -> {
            JsonNode health = body(get("/api/v1/admin/departments/" + DEPARTMENT + "/health?minutes=10"), 200);
            assertThat(health.path("recent").path("calls").asLong()).isEqualTo(6);
        });
        JsonNode health = body(get("/api/v1/admin/departments/" + DEPARTMENT + "/health?probe=true"), 200);
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("circuit").path("state").asString()).isEqualTo("CLOSED");
        assertThat(health.path("circuit").path("maxConcurrentCalls").asInt()).isEqualTo(5);
        assertThat(health.path("recent").path("minutes").asInt()).isEqualTo(5);
        assertThat(health.path("recent").path("errors").asLong()).isEqualTo(1);
        assertThat(health.path("recent").path("errorRate").asDouble()).isEqualTo(0.1667);
        JsonNode latency = health.path("recent").path("latencyMs");
        assertThat(latency.path("p50").asLong()).isNotNegative();
        assertThat(latency.path("p99").asLong())
                .isGreaterThanOrEqualTo(latency.path("p50").asLong());
        assertThat(latency.path("max").asLong())
                .isGreaterThanOrEqualTo(latency.path("p99").asLong());
        assertThat(health.path("probe").path("reachable").asBoolean()).isTrue();

        assertProblem(get("/api/v1/admin/departments/" + DEPARTMENT + "/health?minutes=0"), 400, "VALIDATION_FAILED");
        assertProblem(get("/api/v1/admin/departments/ZZADM-NONE/health"), 404, "DEPARTMENT_NOT_FOUND");
    }

    @Test
    void shouldFilterTheAuditTrailByTimeAndCheckItsParameters() {
        JsonNode all = body(get("/api/v1/admin/audit?department=" + DEPARTMENT + "&size=100"), 200);
        assertThat(all.path("items")
                        .get(all.path("items").size() - 1)
                        .path("action")
                        .asString())
                .isEqualTo("DEPARTMENT_CREATED");
        JsonNode future =
                body(get("/api/v1/admin/audit?department=" + DEPARTMENT + "&from=2999-01-01T00:00:00%2B05:30"), 200);
        assertThat(future.path("items")).isEmpty();
        JsonNode past = body(get("/api/v1/admin/audit?department=" + DEPARTMENT + "&to=2000-01-01T00:00:00Z"), 200);
        assertThat(past.path("page").path("totalElements").asLong()).isZero();
        assertThat(errorFields(get("/api/v1/admin/audit?from=yesterday"))).containsExactly("from");
        // ids are opaque strings (API.md), documented so; paging still walks the trail newest first
        List<String> ids = new ArrayList<>();
        all.path("items").forEach(item -> {
            assertThat(item.path("id").isString()).as(item.toString()).isTrue();
            ids.add(item.path("id").asString());
        });
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(1);
        for (int page = 0; page < 2; page++) {
            JsonNode one = body(get("/api/v1/admin/audit?department=" + DEPARTMENT + "&size=1&page=" + page), 200);
            assertThat(one.path("items").get(0).path("id").asString()).isEqualTo(ids.get(page));
        }
        JsonNode api = TestHttp.json(http.get("/v3/api-docs"));
        JsonNode documented = OpenApiAssertions.resolve(
                api,
                OpenApiAssertions.answerSchema(api, "get /api/v1/admin/audit", "200")
                        .path("properties")
                        .path("items")
                        .path("items"));
        assertThat(documented.path("properties").path("id").path("type").asString())
                .isEqualTo("string");
        assertThat(errorFields(get("/api/v1/admin/audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")))
                .containsExactly("from");
        assertThat(errorFields(get("/api/v1/admin/audit?size=1000"))).containsExactly("size");
        // years java.time parses and PostgreSQL's timestamptz cannot hold (a 500 before)
        assertThat(errorFields(get("/api/v1/admin/audit?from=-999999999-01-01T00:00:00Z")))
                .containsExactly("from");
        assertThat(errorFields(get("/api/v1/admin/audit?to=%2B300000-01-01T00:00:00Z")))
                .containsExactly("to");
        assertThat(jdbc.sql("select count(*) from admin_audit where department_code = ? and actor = 'platform-admin'")
                        .param(DEPARTMENT)
                        .query(Long.class)
                        .single())
                .isPositive();
    }

    @Test
    void shouldKeepTheAuditTrailAppendOnly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> jdbc.sql("delete from admin_audit").update())
                .hasMessageContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> jdbc.sql("update admin_audit set actor = 'someone-else'")
                                .update())
                .hasMessageContaining("append-only");
    }

    @Test
    void shouldDocumentTheAdminApiInOpenApi() {
        JsonNode api = TestHttp.json(http.get("/v3/api-docs"));
        assertThat(api.path("paths").propertyNames())
                .contains(
                        "/api/v1/admin/departments",
                        "/api/v1/admin/departments/{code}",
                        "/api/v1/admin/departments/{code}/services",
                        "/api/v1/admin/departments/{code}/dry-run",
                        "/api/v1/admin/departments/{code}/health",
                        "/api/v1/admin/services/{code}",
                        "/api/v1/admin/audit",
                        "/api/v1/admin/adapter-types");
        assertThat(api.path("components").path("securitySchemes").has("bearer")).isTrue();
    }

    /**
     * The admin reads that refuse a bad filter, page or size (and an unknown department) said only
     * 200/401/403 in the document: each refusal they answer is documented, with its code.
     */
    @Test
    void shouldDocumentTheRefusalsOfTheAdminReads() {
        String nowhere = "/api/v1/admin/departments/ZZADM-NOWHERE";
        for (String path : List.of(
                "/api/v1/admin/departments?type=foo",
                "/api/v1/admin/departments?size=500",
                "/api/v1/admin/departments?page=abc",
                "/api/v1/admin/departments/" + DEPARTMENT + "/services?status=foo",
                "/api/v1/admin/departments/" + DEPARTMENT + "/health?minutes=99",
                "/api/v1/admin/departments/" + DEPARTMENT + "/health?probe=maybe",
                "/api/v1/admin/adapter-types?size=0")) {
            assertProblem(get(path), 400, "VALIDATION_FAILED");
        }
        assertProblem(get(nowhere + "/services"), 404, "DEPARTMENT_NOT_FOUND");
        assertProblem(get(nowhere + "/health"), 404, "DEPARTMENT_NOT_FOUND");

        org.assertj.core.api.SoftAssertions softly = new org.assertj.core.api.SoftAssertions();
        OpenApiAssertions.assertDocumentedProblems(
                softly,
                OpenApiAssertions.everyPath(http),
                Map.of(
                        "get /api/v1/admin/departments", Map.of("400", "VALIDATION_FAILED"),
                        "get /api/v1/admin/departments/{code}/services",
                                Map.of("400", "VALIDATION_FAILED", "404", "DEPARTMENT_NOT_FOUND"),
                        "get /api/v1/admin/departments/{code}/health",
                                Map.of("400", "VALIDATION_FAILED", "404", "DEPARTMENT_NOT_FOUND"),
                        "get /api/v1/admin/adapter-types", Map.of("400", "VALIDATION_FAILED")));
        softly.assertAll();
    }

    /**
     * The admin shapes share their records' names with the public catalogue's (ServiceView,
     * DepartmentView, OperationView): springdoc kept one schema per name, so one side was documented
     * with the other's shapes. Each admin answer has the shape its operation documents.
     */
    @Test
    void shouldDocumentEachAdminAnswerWithItsOwnShape() {
        JsonNode api = TestHttp.json(http.get("/v3/api-docs"));
        Map<String, String> answers = Map.of(
                "get /api/v1/admin/departments", "/api/v1/admin/departments?size=100",
                "get /api/v1/admin/departments/{code}", "/api/v1/admin/departments/" + DEPARTMENT,
                "get /api/v1/admin/departments/{code}/services",
                        "/api/v1/admin/departments/" + DEPARTMENT + "/services",
                "get /api/v1/admin/services/{code}", "/api/v1/admin/services/" + SERVICE,
                "get /api/v1/admin/audit", "/api/v1/admin/audit?department=" + DEPARTMENT,
                "get /api/v1/admin/departments/{code}/health", "/api/v1/admin/departments/" + DEPARTMENT + "/health");
        answers.forEach((operation, path) ->
                OpenApiAssertions.assertAnswerHasItsDocumentedShape(api, operation, body(get(path), 200)));

        JsonNode department = OpenApiAssertions.answerSchema(api, "get /api/v1/admin/departments/{code}", "200");
        assertThat(department.path("properties").propertyNames()).contains("adapter", "secrets", "createdAt");
        assertThat(department.path("properties").path("name").path("type").asString())
                .isEqualTo("object");
        JsonNode service = OpenApiAssertions.answerSchema(api, "get /api/v1/admin/services/{code}", "200");
        JsonNode operation = OpenApiAssertions.resolve(
                api, service.path("properties").path("operations").path("items"));
        assertThat(operation.path("properties").propertyNames()).contains("method", "path", "responseMapping");
        assertThat(operation.path("properties").path("inputSchema").path("type").asString())
                .isEqualTo("object");
        assertThat(operation.path("properties").path("inputSchema").has("properties"))
                .isFalse();
        // the admin shapes are schemas of their own, beside the public catalogue's
        assertThat(api.path("components").path("schemas").propertyNames())
                .contains("AdminDepartmentView", "AdminServiceView", "AdminOperationView")
                .contains("DepartmentView", "ServiceView", "OperationView")
                .doesNotContain("JsonNode");
    }

    private double invocations() {
        return meters.find("janseva.invocations").timers().stream()
                .mapToDouble(timer -> timer.count())
                .sum();
    }

    private long invocationAuditRows() {
        return jdbc.sql("select count(*) from invocation_audit")
                .query(Long.class)
                .single();
    }
}
