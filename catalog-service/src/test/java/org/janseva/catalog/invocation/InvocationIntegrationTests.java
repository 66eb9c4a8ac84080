package org.janseva.catalog.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.janseva.catalog.catalogue.DepartmentHealth;
import org.janseva.catalog.catalogue.DepartmentStatus;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.StubHttpServer.Recorded;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class InvocationIntegrationTests extends InvocationTestSupport {

    private static final String API_KEY = "vahan-partner-key-93c1";
    private static final String LICENCE_SCHEMA = """
            {"type": "object", "required": ["licenceNumber", "dob"], "additionalProperties": false,
             "properties": {
               "licenceNumber": {"type": "string", "pattern": "^[A-Z]{2}[0-9 /-]{4,16}$", "title": "Licence number",
                                 "examples": ["DL 14/2011"]},
               "dob": {"type": "string", "format": "date", "title": "Date of birth", "examples": ["1990-01-31"]}}}""";
    private static final String LICENCE = "{\"licenceNumber\": \"DL 14/2011\", \"dob\": \"1990-01-31\"}";
    private static final String FEE_SCHEMA = """
            {"type": "object", "required": ["uan"], "additionalProperties": false,
             "properties": {
               "uan": {"type": "string", "pattern": "^1[0-9]{11}$", "title": "UAN", "examples": ["100123456789"]},
               "amount": {"type": "object", "title": "Amount", "additionalProperties": false,
                          "properties": {"value": {"type": "string", "title": "Value", "examples": ["10.00"]}},
                          "examples": [{"value": "10.00"}]}}}""";
    private static final String READING_SCHEMA = """
            {"type": "object", "required": ["reading"], "additionalProperties": false,
             "properties": {
               "reading": {"type": "number", "minimum": 0, "title": "Reading", "examples": [12.5]}}}""";
    private static final String NUMBERS_SCHEMA = """
            {"type": "object", "required": ["n", "x"], "additionalProperties": false,
             "properties": {
               "n": {"type": "integer", "title": "Whole number", "examples": [1]},
               "x": {"type": "number", "title": "Number", "examples": [1.5]},
               "ns": {"type": "array", "items": {"type": "integer"}, "title": "Whole numbers", "examples": [[1]]}}}""";
    /** A path placeholder without minLength, as an integrator may write it. */
    private static final String ID_SCHEMA = """
            {"type": "object", "required": ["id"], "additionalProperties": false,
             "properties": {"id": {"type": "string", "title": "Record", "examples": ["R-1"]}}}""";
    /** Stored before the admin API required additionalProperties false: any other field passes it. */
    private static final String OPEN_SEARCH_SCHEMA = """
            {"type": "object", "required": ["q"],
             "properties": {"q": {"type": "string", "title": "Search", "examples": ["x"]}}}""";

    private static final String DEPARTMENT_ANSWER = "{\"status\": \"VALID\", \"holder\": {\"name\": \"ASHA RAO\","
            + " \"pan\": \"ABCDE1234F\"}, \"internal\": {\"db\": \"LIC_MASTER\"}}";

    @Autowired
    DepartmentHealth departmentHealth;

    @BeforeAll
    void catalogue() {
        setUpHttp();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("baseUrl", "{{stub}}/vahan");
        settings.put("timeoutMs", 2500);
        settings.put("auth", Map.of("type", "api-key", "headerName", "X-Api-Key", "apiKey", API_KEY));
        department("ZZINV-VAHAN", "rest-json", settings);
        Op licence = Op.of("licence-status", "POST", "/v2/licences/{licenceNumber}", LICENCE_SCHEMA)
                .mapped(Map.of("status", "/status", "holderName", "/holder/name"));
        Op cached = Op.of("licence-cached", "POST", "/v2/cached/{licenceNumber}", LICENCE_SCHEMA)
                .cachedFor(60);
        Op internalOnly = Op.of("reissue", "POST", "/v2/reissue/{licenceNumber}", LICENCE_SCHEMA)
                .notIdempotent()
                .forServicesOnly();
        publishedEntry("ZZINV-LICENCE", "ZZINV-VAHAN", licence, cached, internalOnly);
        entry("ZZINV-DRAFT", "ZZINV-VAHAN", "DRAFT", List.of("web"), List.of("IN"), licence);
        publishedEntry("ZZINV-FEE", "ZZINV-VAHAN", Op.of("pay", "POST", "/v2/fees", FEE_SCHEMA));
        publishedEntry("ZZINV-METER", "ZZINV-VAHAN", Op.of("reading", "POST", "/v2/readings", READING_SCHEMA));
        entry("ZZINV-KAIOS", "ZZINV-VAHAN", "PUBLISHED", List.of("kaios"), List.of("IN", "GB"), licence);
        publishedEntry(
                "ZZINV-NUMBERS",
                "ZZINV-VAHAN",
                Op.of("path", "GET", "/num/{n}/{x}", NUMBERS_SCHEMA),
                Op.of("query", "GET", "/num", NUMBERS_SCHEMA),
                Op.of("body", "POST", "/num", NUMBERS_SCHEMA),
                new Op(
                        "header",
                        "GET",
                        "/num",
                        NUMBERS_SCHEMA,
                        Map.of(),
                        true,
                        null,
                        "CITIZEN",
                        Map.of("headers", Map.of("X-N", "n", "X-X", "x"), "query", Map.of())));
        publishedEntry(
                "ZZINV-ITEMS",
                "ZZINV-VAHAN",
                Op.of("status", "GET", "/records/{id}/status", ID_SCHEMA),
                Op.of("item", "GET", "/items/{id}", ID_SCHEMA));
        publishedEntry("ZZINV-SEARCH", "ZZINV-VAHAN", Op.of("search", "GET", "/search", OPEN_SEARCH_SCHEMA));

        department("ZZINV-EPFO", "epfo", Map.of("baseUrl", "{{stub}}/epfo", "timeoutMs", 2500));
        publishedEntry(
                "ZZINV-PF", "ZZINV-EPFO", Op.of("claim", "POST", "/member/claims/status", schema("uan", "claimId")));

        department(
                "ZZINV-BILLER", "bbps-biller", Map.of("baseUrl", "{{stub}}/billers/ZZINV-BILLER", "timeoutMs", 2500));
        publishedEntry(
                "ZZINV-BILL",
                "ZZINV-BILLER",
                Op.of("fetch-bill", "POST", "/bill/fetch", schema("consumerNumber")),
                new Op(
                        "confirm-payment",
                        "POST",
                        "/bill/payment",
                        "{\"type\": \"object\", \"required\": [\"consumerNumber\", \"billNumber\", \"paymentReference\","
                                + " \"amount\"]}",
                        Map.of(),
                        false,
                        null,
                        "SERVICE",
                        Map.of()));
        // a biller's service stored before the admin API required what the biller needs
        publishedEntry(
                "ZZINV-BILL-LAX",
                "ZZINV-BILLER",
                Op.of("fetch-bill", "POST", "/bill/fetch", """
                        {"type": "object", "additionalProperties": false, "properties": {"consumerNumber":
                          {"type": "string", "title": "Consumer number", "examples": ["1234567890"]}}}"""),
                Op.of("confirm-payment", "POST", "/bill/payment", "{\"type\": \"object\"}")
                        .forServicesOnly());
        // rows written before the admin API refused them (or past it): a grievance with a cache
        // time, a biller's confirm-payment open to citizens and an operation its adapter type lacks
        publishedEntry(
                "ZZINV-GRIEVANCE",
                "ZZINV-VAHAN",
                Op.of("lodge", "POST", "/v2/grievances", schema("grievanceText"))
                        .notIdempotent()
                        .cachedFor(600));
        publishedEntry(
                "ZZINV-BILL-OLD",
                "ZZINV-BILLER",
                Op.of("fetch-bill", "POST", "/bill/fetch", schema("consumerNumber")),
                Op.of(
                        "confirm-payment",
                        "POST",
                        "/bill/payment",
                        schema("consumerNumber", "paymentReference", "amount")),
                Op.of("status", "GET", "/status/{consumerNumber}", schema("consumerNumber")));
        // input schemas stored before references were refused: one that resolves nowhere in a branch
        // no example reaches, and one that resolves to itself
        publishedEntry(
                "ZZINV-OLDREF",
                "ZZINV-VAHAN",
                Op.of(
                        "dangling-branch",
                        "POST",
                        "/records/{a}",
                        schemaOfA(", \"if\": {\"const\": \"y\"}," + " \"then\": {\"$ref\": \"#/$defs/none\"}", "")),
                Op.of(
                        "dangling-extra",
                        "POST",
                        "/records/{a}",
                        schemaOfA("", "\"additionalProperties\":" + " {\"$ref\": \"#/$defs/none\"}, ")),
                Op.of("recursive", "POST", "/records/{a}", schemaOfA(", \"$ref\": \"#/properties/a\"", "")));
        publishedEntry(
                "ZZINV-RECORDS",
                "ZZINV-VAHAN",
                Op.of("status", "GET", "/records/{id}/status?full={full}", schema("id")),
                Op.of("pair", "GET", "/records/{a}{b}/x", schema("a", "b")),
                new Op(
                        "named",
                        "GET",
                        "/records/{id}/status",
                        schema("id", "name"),
                        Map.of(),
                        true,
                        null,
                        "CITIZEN",
                        Map.of("headers", Map.of("X-Name", "name"))));
        refresh();
    }

    /** A schema of one required string property {@code a} with the given further members. */
    private static String schemaOfA(String propertyMembers, String schemaMembers) {
        return """
                {"type": "object", "required": ["a"], %s"properties": {
                  "a": {"type": "string", "title": "A", "examples": ["x"]%s}}}""".formatted(schemaMembers, propertyMembers);
    }

    @BeforeEach
    void answers() {
        departments.clearRequests();
        departments.otherwise(Answer.json(DEPARTMENT_ANSWER));
        userService.clearRequests();
        userService.otherwise(new Answer(204, null, null, 0, Map.of()));
    }

    private Recorded lastDepartmentRequest() {
        List<Recorded> requests = departments.requests();
        assertThat(requests).isNotEmpty();
        return requests.get(requests.size() - 1);
    }

    @Test
    void shouldCallTheDepartmentAndAnswerTheMappedDataInTheEnvelope() {
        HttpResponse<String> response = invoke("ZZINV-LICENCE", "licence-status", LICENCE, "X-Request-Id", "req-inv-1");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = TestHttp.json(response);
        assertThat(body.path("data").path("status").asString()).isEqualTo("VALID");
        assertThat(body.path("data").path("holderName").asString()).isEqualTo("ASHA RAO");
        assertThat(body.path("data").has("internal")).isFalse();
        assertThat(body.path("serviceCode").asString()).isEqualTo("ZZINV-LICENCE");
        assertThat(body.path("operationCode").asString()).isEqualTo("licence-status");
        assertThat(body.path("requestId").asString()).isEqualTo("req-inv-1");

        Recorded request = lastDepartmentRequest();
        assertThat(request.path()).isEqualTo("/vahan/v2/licences/DL%2014%2F2011");
        assertThat(request.header("X-Api-Key")).as("the secret, decrypted").isEqualTo(API_KEY);
        assertThat(request.header("X-Request-Id")).isEqualTo("req-inv-1");
    }

    @Test
    void shouldPassOnAnUnmappedAnswerAsTheDepartmentGaveIt() {
        String answer = "{\"status\": \"VALID\", \"holder\": {\"name\": \"आशा राव\"}, \"fees\": [12.50, 0]}";
        departments.otherwise(Answer.json(answer));

        HttpResponse<String> response =
                invoke("ZZINV-LICENCE", "licence-cached", LICENCE, "Authorization", citizen("passthrough-1"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("data")).isEqualTo(json.readTree(answer));
        assertThat(response.body()).startsWith("{\"data\":{\"status\": \"VALID\"");
    }

    @Test
    void shouldStoreTheDepartmentsSecretEncrypted() {
        String stored = jdbc.sql("select adapter_settings::text from department where code = 'ZZINV-VAHAN'")
                .query(String.class)
                .single();

        assertThat(stored).doesNotContain(API_KEY).contains("enc:v1:test:");
    }

    @Test
    void shouldRequireAToken() {
        assertProblem(
                http.postJson("/api/v1/services/ZZINV-LICENCE/operations/licence-status", LICENCE),
                401,
                "UNAUTHENTICATED");
    }

    @Test
    void shouldAnswer404ForUnknownOrUnpublishedServicesAndOperations() {
        assertProblem(invoke("ZZINV-NOPE", "licence-status", LICENCE), 404, "SERVICE_NOT_FOUND");
        assertProblem(invoke("ZZINV-DRAFT", "licence-status", LICENCE), 404, "SERVICE_NOT_FOUND");
        assertProblem(invoke("ZZINV-LICENCE", "nope", LICENCE), 404, "OPERATION_NOT_FOUND");
        assertThat(departments.requests()).isEmpty();
    }

    @Test
    void shouldKeepServiceOnlyOperationsFromCitizens() {
        assertProblem(invoke("ZZINV-LICENCE", "reissue", LICENCE), 404, "OPERATION_NOT_FOUND");

        HttpResponse<String> byService = invoke(
                "ZZINV-LICENCE",
                "reissue",
                LICENCE,
                "Authorization",
                service("payment-service"),
                "X-On-Behalf-Of",
                "citizen-7");
        assertThat(byService.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRequireAServiceToNameTheCitizenAndRefuseAdminTokens() {
        JsonNode problem = assertProblem(
                invoke("ZZINV-LICENCE", "licence-status", LICENCE, "Authorization", service("payment-service")),
                400,
                "VALIDATION_FAILED");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("X-On-Behalf-Of");

        assertProblem(
                invoke(
                        "ZZINV-LICENCE",
                        "licence-status",
                        LICENCE,
                        "X-Request-Id",
                        "who-admin-1",
                        "Authorization",
                        TestTokenIssuer.bearer(tokens.adminToken("platform-admin"))),
                403,
                "FORBIDDEN");

        // the audit says who was refused: the machine client, as for a service acting for a citizen
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(jdbc.sql("select count(*) from invocation_audit where request_id = 'who-admin-1'")
                                .query(Long.class)
                                .single())
                        .isEqualTo(1));
        assertThat(jdbc.sql("select * from invocation_audit where request_id = 'who-admin-1'")
                        .query()
                        .singleRow())
                .containsEntry("client_id", "platform-admin")
                .containsEntry("citizen_id", null)
                .containsEntry("outcome", "FORBIDDEN")
                .containsEntry("http_status", 403);
    }

    @Test
    void shouldRefuseAnotherChannelOrCountry() {
        assertProblem(
                invoke("ZZINV-LICENCE", "licence-status", LICENCE, "X-Channel", "kaios"), 403, "CHANNEL_NOT_SUPPORTED");
        assertProblem(
                invoke("ZZINV-LICENCE", "licence-status", LICENCE, "X-Country", "GB"), 403, "NOT_AVAILABLE_IN_COUNTRY");
        assertThat(invoke("ZZINV-KAIOS", "licence-status", LICENCE, "X-Channel", "kaios", "X-Country", "gb")
                        .statusCode())
                .isEqualTo(200);
        assertProblem(invoke("ZZINV-KAIOS", "licence-status", LICENCE), 403, "CHANNEL_NOT_SUPPORTED");
        assertProblem(invoke("ZZINV-LICENCE", "licence-status", LICENCE, "X-Channel", "fax"), 400, "VALIDATION_FAILED");
        assertProblem(invoke("ZZINV-LICENCE", "licence-status", LICENCE, "X-Country", "IND"), 400, "VALIDATION_FAILED");
        // not a 403 "not offered in UK": UK is no ISO code (Britain is GB)
        assertProblem(invoke("ZZINV-LICENCE", "licence-status", LICENCE, "X-Country", "UK"), 400, "VALIDATION_FAILED");
    }

    @Test
    void shouldCheckTheChannelAndCountryAServicePassesOnForTheCitizen() {
        String[] forCitizen = {"Authorization", service("payment-service"), "X-On-Behalf-Of", "citizen-8"};

        assertProblem(
                invoke("ZZINV-LICENCE", "licence-status", LICENCE, with(forCitizen, "X-Channel", "kaios")),
                403,
                "CHANNEL_NOT_SUPPORTED");
        assertProblem(
                invoke("ZZINV-LICENCE", "licence-status", LICENCE, with(forCitizen, "X-Country", "US")),
                403,
                "NOT_AVAILABLE_IN_COUNTRY");
        assertProblem(
                invoke("ZZINV-LICENCE", "licence-status", LICENCE, with(forCitizen, "X-Channel", "fax")),
                400,
                "VALIDATION_FAILED");
        assertThat(departments.requests()).isEmpty();
        // the citizen's default channel (web) when only the country is passed on
        assertProblem(
                invoke("ZZINV-KAIOS", "licence-status", LICENCE, with(forCitizen, "X-Country", "IN")),
                403,
                "CHANNEL_NOT_SUPPORTED");
        assertThat(invoke(
                                "ZZINV-LICENCE",
                                "licence-status",
                                LICENCE,
                                with(forCitizen, "X-Channel", "android", "X-Country", "IN"))
                        .statusCode())
                .isEqualTo(200);
        // without them the call is the platform's own (e.g. confirming a payment): not checked
        assertThat(invoke("ZZINV-KAIOS", "licence-status", LICENCE, forCitizen).statusCode())
                .isEqualTo(200);
    }

    private static String[] with(String[] headers, String... more) {
        return Stream.concat(Arrays.stream(headers), Arrays.stream(more)).toArray(String[]::new);
    }

    @Test
    void shouldRefuseInputsThatBreakTheSchemaWithFieldErrorsAndNeverCallTheDepartment() {
        JsonNode problem = assertProblem(
                invoke(
                        "ZZINV-LICENCE",
                        "licence-status",
                        "{\"licenceNumber\": \"dl-1\", \"dob\": \"31/01/1990\", \"x\": 1}"),
                400,
                "VALIDATION_FAILED");

        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("dob", "licenceNumber", "x");
        assertThat(problem.toString()).doesNotContain("31/01/1990");
        assertProblem(invoke("ZZINV-LICENCE", "licence-status", "[1, 2]"), 400, "VALIDATION_FAILED");
        assertThat(departments.requests()).isEmpty();
    }

    @Test
    void shouldNameAnUndeclaredPropertyAsTheFieldUnlessItsNameIsUnfitToRepeat() {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        cases.put("{\"uan\": \"100123456789\", \"x\": 1}", List.of("x"));
        cases.put("{\"uan\": \"100123456789\", \"amount\": {\"value\": \"10.00\", \"x\": 1}}", List.of("amount.x"));
        cases.put("{\"uan\": \"100123456789\", \"पता\": \"Hubli\"}", List.of("पता"));
        String long64 = "a".repeat(64);
        cases.put("{\"uan\": \"100123456789\", \"" + long64 + "\": 1}", List.of(long64));
        // not fit to repeat: too long, control or format characters (a bidi override); the parent is named
        String long65 = "b".repeat(65);
        cases.put("{\"uan\": \"100123456789\", \"" + long65 + "\": 1}", List.of("body"));
        cases.put("{\"uan\": \"100123456789\", \"evil\\nline\": 1}", List.of("body"));
        cases.put("{\"uan\": \"100123456789\", \"bell\\u0007\": 1}", List.of("body"));
        cases.put(
                "{\"uan\": \"100123456789\", \"amount\": {\"value\": \"1\", \"gpj.\\u202Eexe\": 1}}",
                List.of("amount"));

        cases.forEach((input, fields) -> {
            JsonNode problem = assertProblem(invoke("ZZINV-FEE", "pay", input), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(input)
                    .isEqualTo(fields);
            assertThat(problem.path("errors").findValuesAsString("message"))
                    .as(input)
                    .allSatisfy(message -> assertThat(message)
                            .isNotBlank()
                            .doesNotContain(long65)
                            .doesNotContain("evil")
                            .doesNotContain("bell")
                            .doesNotContain("exe")
                            .doesNotContain("'x'"));
        });
        assertThat(departments.requests()).isEmpty();
    }

    @Test
    void shouldTakeTheServiceCodeInAnyCaseAndAuditCacheAndReportItInUpperCase() {
        HttpResponse<String> lower = invoke(
                "zzinv-licence",
                "licence-cached",
                LICENCE,
                "X-Request-Id",
                "case-1",
                "Authorization",
                citizen("case-citizen"));
        assertThat(lower.statusCode()).as(lower.body()).isEqualTo(200);
        assertThat(TestHttp.json(lower).path("serviceCode").asString()).isEqualTo("ZZINV-LICENCE");

        HttpResponse<String> mixed = invoke(
                "Zzinv-Licence",
                "licence-cached",
                LICENCE,
                "X-Request-Id",
                "case-2",
                "Authorization",
                citizen("case-citizen"));
        assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(200);
        assertThat(departments.requests())
                .as("one cache entry for the service however it is spelled")
                .hasSize(1);
        assertProblem(
                invoke("zzinv-nope", "licence-status", LICENCE, "X-Request-Id", "case-3"), 404, "SERVICE_NOT_FOUND");

        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(jdbc.sql("select request_id || ' ' || service_code || ' ' || outcome"
                                        + " from invocation_audit where request_id like 'case-%' order by request_id")
                                .query(String.class)
                                .list())
                        .containsExactly(
                                "case-1 ZZINV-LICENCE SUCCESS",
                                "case-2 ZZINV-LICENCE CACHED",
                                "case-3 ZZINV-NOPE NOT_FOUND"));
        java.util.function.Supplier<List<Recorded>> reports = () -> userService.requests().stream()
                .filter(request -> request.path().equals("/internal/v1/users/case-citizen/recent"))
                .toList();
        eventually(Duration.ofSeconds(5), () -> assertThat(reports.get()).hasSize(1));
        assertThat(reports.get().get(0).body()).isEqualTo("{\"serviceCode\":\"ZZINV-LICENCE\"}");
    }

    @Test
    void shouldNeverPassOnTheDepartmentsErrorText() {
        departments.otherwise(Answer.json(500, "{\"error\": \"ORA-00942: table LIC_MASTER does not exist\"}")
                .withHeader("X-Backend-Node", "vahan-db-07"));

        HttpResponse<String> response = invoke("ZZINV-LICENCE", "licence-status", LICENCE);

        assertProblem(response, 502, "DEPARTMENT_ERROR");
        assertThat(response.body()).doesNotContain("ORA-00942").doesNotContain("LIC_MASTER");
        assertThat(response.headers().firstValue("X-Backend-Node")).isEmpty();
    }

    @Test
    void shouldAnswer502ForGarbageAndOversizedAnswersAnd504WhenTheDepartmentIsTooSlow() {
        departments.otherwise(new Answer(200, "application/json", "<html>{\"status\":", 0, Map.of()));
        assertProblem(invoke("ZZINV-LICENCE", "licence-status", LICENCE), 502, "DEPARTMENT_ERROR");

        departments.otherwise(Answer.json("{\"p\": \"" + "x".repeat(1_200_000) + "\"}"));
        assertProblem(invoke("ZZINV-LICENCE", "licence-status", LICENCE), 502, "DEPARTMENT_ERROR");

        departments.otherwise(Answer.json(DEPARTMENT_ANSWER).delayedBy(4_000));
        assertProblem(invoke("ZZINV-LICENCE", "licence-status", LICENCE), 504, "DEPARTMENT_TIMEOUT");
    }

    @Test
    void shouldPassOnTheDepartmentsRefusalInThePlatformsWords() {
        departments.otherwise(Answer.json(404, "{\"message\": \"no row in LIC_MASTER\"}"));

        HttpResponse<String> response = invoke("ZZINV-LICENCE", "licence-status", LICENCE);

        assertProblem(response, 404, "RECORD_NOT_FOUND");
        assertThat(response.body()).doesNotContain("LIC_MASTER");
    }

    @Test
    void shouldServeRepeatedReadsFromTheCitizensOwnCache() {
        assertThat(invoke("ZZINV-LICENCE", "licence-cached", LICENCE, "Authorization", citizen("cache-a"))
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> again =
                invoke("ZZINV-LICENCE", "licence-cached", LICENCE, "Authorization", citizen("cache-a"));
        assertThat(TestHttp.json(again).path("data").path("status").asString()).isEqualTo("VALID");
        assertThat(departments.requests())
                .as("the second read came from the cache")
                .hasSize(1);

        invoke("ZZINV-LICENCE", "licence-cached", LICENCE, "Authorization", citizen("cache-b"));
        assertThat(departments.requests()).as("never shared between citizens").hasSize(2);
        invoke("ZZINV-LICENCE", "licence-cached", LICENCE.replace("2011", "2012"), "Authorization", citizen("cache-a"));
        assertThat(departments.requests()).as("another input is another answer").hasSize(3);
        invoke("ZZINV-LICENCE", "licence-status", LICENCE, "Authorization", citizen("cache-a"));
        invoke("ZZINV-LICENCE", "licence-status", LICENCE, "Authorization", citizen("cache-a"));
        assertThat(departments.requests())
                .as("operations without a TTL are never cached")
                .hasSize(5);
    }

    /** A cached answer never outlives a change of the catalogue: suspended and published again, it is asked anew. */
    @Test
    void shouldNotServeACachedAnswerFromBeforeTheServiceWasSuspended() {
        String citizen = citizen("cache-suspend");
        assertThat(invoke("ZZINV-LICENCE", "licence-cached", LICENCE, "Authorization", citizen)
                        .statusCode())
                .isEqualTo(200);
        int calls = departments.requests().size();
        try {
            jdbc.sql("update catalogue_entry set status = 'SUSPENDED' where code = 'ZZINV-LICENCE'")
                    .update();
            refresh();
            assertProblem(
                    invoke("ZZINV-LICENCE", "licence-cached", LICENCE, "Authorization", citizen),
                    404,
                    "SERVICE_NOT_FOUND");
        } finally {
            jdbc.sql("update catalogue_entry set status = 'PUBLISHED' where code = 'ZZINV-LICENCE'")
                    .update();
            refresh();
        }

        assertThat(invoke("ZZINV-LICENCE", "licence-cached", LICENCE, "Authorization", citizen)
                        .statusCode())
                .isEqualTo(200);
        assertThat(departments.requests())
                .as("published again, the department is asked again")
                .hasSize(calls + 1);
    }

    /** A number in the citizen's input reaches the department digit for digit, not as a double. */
    @Test
    void shouldPassANumberBeyondDoublePrecisionOnUnchanged() {
        HttpResponse<String> response =
                invoke("ZZINV-METER", "reading", "{\"reading\": 0.12345678901234567890123456789}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(departments.requests().get(0).body()).contains("0.12345678901234567890123456789");
        assertProblem(invoke("ZZINV-METER", "reading", "{\"reading\": -0.5}"), 400, "VALIDATION_FAILED");
    }

    @Test
    void shouldAuditEveryCallWithoutItsInputs() {
        invoke(
                "ZZINV-LICENCE",
                "licence-status",
                LICENCE,
                "X-Request-Id",
                "audit-ok-1",
                "Authorization",
                citizen("audit-c"));
        invoke("ZZINV-NOPE", "x", "{}", "X-Request-Id", "audit-404-1", "Authorization", citizen("audit-c"));

        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(jdbc.sql(
                                        "select count(*) from invocation_audit where request_id in ('audit-ok-1', 'audit-404-1')")
                                .query(Long.class)
                                .single())
                        .isEqualTo(2));
        Map<String, Object> row = jdbc.sql("select * from invocation_audit where request_id = 'audit-ok-1'")
                .query()
                .singleRow();
        assertThat(row)
                .containsEntry("citizen_id", "audit-c")
                .containsEntry("service_code", "ZZINV-LICENCE")
                .containsEntry("operation_code", "licence-status")
                .containsEntry("department_code", "ZZINV-VAHAN")
                .containsEntry("outcome", "SUCCESS")
                .containsEntry("http_status", 200);
        assertThat(row.toString()).doesNotContain("DL 14/2011").doesNotContain("1990-01-31");
        assertThat(jdbc.sql("select outcome from invocation_audit where request_id = 'audit-404-1'")
                        .query(String.class)
                        .single())
                .isEqualTo("NOT_FOUND");
    }

    @Test
    void shouldKeepTheAuditAppendOnly() {
        invoke("ZZINV-LICENCE", "licence-status", LICENCE, "X-Request-Id", "audit-ro-1");
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(jdbc.sql("select count(*) from invocation_audit where request_id = 'audit-ro-1'")
                                .query(Long.class)
                                .single())
                        .isEqualTo(1));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> jdbc.sql("update invocation_audit set outcome = 'ERROR' where request_id = 'audit-ro-1'")
                                .update())
                .hasMessageContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> jdbc.sql("delete from invocation_audit where request_id = 'audit-ro-1'")
                                .update())
                .hasMessageContaining("append-only");
    }

    @Test
    void shouldCountInvocationsByDepartmentAndOutcomeNeverByEntry() {
        invoke("ZZINV-LICENCE", "licence-status", LICENCE);
        departments.otherwise(Answer.json(503, "{}"));
        invoke("ZZINV-LICENCE", "licence-status", LICENCE);

        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics)
                .containsPattern(
                        "janseva_invocations_seconds_count\\{[^}]*department=\"ZZINV-VAHAN\"[^}]*outcome=\"success\"")
                .containsPattern(
                        "janseva_invocations_seconds_count\\{[^}]*department=\"ZZINV-VAHAN\"[^}]*outcome=\"department_error\"")
                .containsPattern(
                        "janseva_department_calls_seconds_count\\{[^}]*department=\"ZZINV-VAHAN\"[^}]*outcome=\"success\"")
                .containsPattern("janseva_department_latency_seconds_bucket\\{[^}]*department=\"ZZINV-VAHAN\"")
                .containsPattern("janseva_department_circuit_state\\{[^}]*department=\"ZZINV-VAHAN\"")
                .containsPattern("janseva_department_bulkhead_saturation\\{[^}]*department=\"ZZINV-VAHAN\"")
                // resilience4j's own meters repeat those in ~30 series per department: off
                .doesNotContain("resilience4j_");
        assertThat(metrics.lines()
                        .filter(line -> line.startsWith("janseva_department_latency_seconds_bucket{")
                                && line.contains("department=\"ZZINV-VAHAN\"")))
                .as("one histogram per department, not per outcome, of at most 50 buckets")
                .hasSizeLessThanOrEqualTo(50)
                .noneMatch(line -> line.contains("outcome="));
        assertThat(metrics.lines().filter(line -> line.startsWith("janseva_")))
                .noneMatch(line -> line.contains("ZZINV-LICENCE"))
                .noneMatch(line -> line.contains("citizen"));
    }

    @Test
    void shouldReportASuccessfulCallToTheCitizensRecentServicesWithTheServiceToken() {
        invoke("ZZINV-LICENCE", "licence-status", LICENCE, "Authorization", citizen("recent-1"));

        // only this test's citizens: an earlier test's report may still arrive late on a busy machine
        java.util.function.Supplier<List<Recorded>> reports = () -> userService.requests().stream()
                .filter(request -> request.path().startsWith("/internal/v1/users/recent-"))
                .toList();
        eventually(Duration.ofSeconds(5), () -> assertThat(reports.get()).hasSize(1));
        Recorded report = reports.get().get(0);
        assertThat(report.method()).isEqualTo("POST");
        assertThat(report.path()).isEqualTo("/internal/v1/users/recent-1/recent");
        assertThat(report.body()).isEqualTo("{\"serviceCode\":\"ZZINV-LICENCE\"}");
        assertThat(report.header("Authorization")).startsWith("Bearer ");

        invoke("ZZINV-LICENCE", "licence-status", LICENCE, "Authorization", citizen("recent-1"));
        departments.otherwise(Answer.json(500, "{}"));
        invoke("ZZINV-LICENCE", "licence-status", LICENCE, "Authorization", citizen("recent-2"));
        assertThat(reports.get()).as("repeats and failures are not reported").hasSize(1);
    }

    @Test
    void shouldAnswerTheCitizenEvenWhenUserServiceFailsOrHangs() {
        userService.otherwise(Answer.json(500, "{}").delayedBy(3_000));

        long start = System.nanoTime();
        HttpResponse<String> response =
                invoke("ZZINV-LICENCE", "licence-status", LICENCE, "Authorization", citizen("recent-3"));

        assertThat(response.statusCode()).isEqualTo(200);
        System.out.printf(
                "TIMING invocation while user-service hangs: %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void shouldFetchABillAndPassOnTheBillersRefusals() {
        departments.on(
                "POST",
                "/billers/ZZINV-BILLER/bill/fetch",
                Answer.json("{\"responseCode\": \"000\", \"billerResponse\": {\"customerName\": \"ASHA RAO\","
                        + " \"billNumber\": \"B-1\", \"billDate\": \"2026-11-01\", \"dueDate\": \"2026-11-21\","
                        + " \"billAmount\": \"123450\"}}"));
        HttpResponse<String> bill = invoke("ZZINV-BILL", "fetch-bill", "{\"consumerNumber\": \"1234567890\"}");
        assertThat(bill.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(bill).path("data").path("amount").path("value").asString())
                .isEqualTo("1234.50");

        departments.on("POST", "/billers/ZZINV-BILLER/bill/fetch", Answer.json("{\"responseCode\": \"BFR004\"}"));
        assertProblem(invoke("ZZINV-BILL", "fetch-bill", "{\"consumerNumber\": \"1234567000\"}"), 422, "NO_BILL_DUE");

        departments.on("POST", "/billers/ZZINV-BILLER/bill/fetch", Answer.json("{\"responseCode\": \"BFR001\"}"));
        assertProblem(
                invoke("ZZINV-BILL", "fetch-bill", "{\"consumerNumber\": \"1234567404\"}"), 404, "CONSUMER_NOT_FOUND");
    }

    @Test
    void shouldLetPaymentServiceConfirmAPaymentForACitizen() {
        departments.on(
                "POST",
                "/billers/ZZINV-BILLER/bill/payment",
                Answer.json("{\"responseCode\": \"000\", \"status\": \"ACCEPTED\", \"billerReference\": \"R-9\"}"));
        String payment =
                "{\"consumerNumber\": \"1234567890\", \"billNumber\": \"B-1\", \"paymentReference\": \"PAY-1\","
                        + " \"amount\": {\"value\": \"1234.50\", \"currency\": \"INR\"}}";

        assertProblem(invoke("ZZINV-BILL", "confirm-payment", payment), 404, "OPERATION_NOT_FOUND");
        HttpResponse<String> confirmed = invoke(
                "ZZINV-BILL",
                "confirm-payment",
                payment,
                "Authorization",
                service("payment-service"),
                "X-On-Behalf-Of",
                "citizen-9");

        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(confirmed).path("data").path("status").asString())
                .isEqualTo("ACCEPTED");
        assertThat(json.readTree(lastDepartmentRequest().body()).path("amount").asString())
                .isEqualTo("123450");
    }

    /**
     * The gateway faces the internet, and its client gets scope {@code revocations} alone (for
     * user-service's list of revoked tokens): its token acts for no citizen and calls no operation
     * kept for the platform's services. It did, with scope {@code service}: a bill marked paid at
     * the biller with no payment, a service invoked as another citizen.
     */
    @Test
    void shouldRefuseTheGatewaysTokenOnBehalfOfACitizenAndOnServiceOnlyOperations() {
        departments.on(
                "POST",
                "/billers/ZZINV-BILLER/bill/payment",
                Answer.json("{\"responseCode\": \"000\", \"status\": \"ACCEPTED\", \"billerReference\": \"R-9\"}"));
        String payment =
                "{\"consumerNumber\": \"1234567890\", \"billNumber\": \"B-1\", \"paymentReference\": \"PAY-GW\","
                        + " \"amount\": {\"value\": \"1234.50\", \"currency\": \"INR\"}}";
        String[] gatewayForCitizen = {"Authorization", gateway(), "X-On-Behalf-Of", "citizen-9"};

        assertProblem(invoke("ZZINV-BILL", "confirm-payment", payment, gatewayForCitizen), 403, "FORBIDDEN");
        assertProblem(invoke("ZZINV-BILL", "confirm-payment", payment, "Authorization", gateway()), 403, "FORBIDDEN");
        assertProblem(invoke("ZZINV-LICENCE", "licence-status", LICENCE, gatewayForCitizen), 403, "FORBIDDEN");
        assertProblem(invoke("ZZINV-LICENCE", "reissue", LICENCE, gatewayForCitizen), 403, "FORBIDDEN");
        assertThat(departments.requests()).as("no department was called").isEmpty();

        // payment-service's token (scope service) still confirms for the citizen
        assertThat(invoke(
                                "ZZINV-BILL",
                                "confirm-payment",
                                payment,
                                "Authorization",
                                service("payment-service"),
                                "X-On-Behalf-Of",
                                "citizen-9")
                        .statusCode())
                .isEqualTo(200);
    }

    /** The gateway's token as user-service gives it: scope revocations, nothing else. */
    private static String gateway() {
        return TestTokenIssuer.bearer(
                tokens.token().subject("gateway-service").scopes("revocations").sign());
    }

    @Test
    void shouldSendEveryCallOfAnOperationThatIsNotIdempotentWhateverItsStoredCacheTime() {
        String grievance = "{\"grievanceText\": \"The streetlight on 4th Cross has been out for a week\"}";
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> lodged =
                    invoke("ZZINV-GRIEVANCE", "lodge", grievance, "Authorization", citizen("grievance-1"));
            assertThat(lodged.statusCode()).as(lodged.body()).isEqualTo(200);
        }
        assertThat(departments.requests())
                .as("the second identical grievance reached the department too")
                .hasSize(2);
    }

    /**
     * A biller's call without a field the biller needs, which a schema stored before the admin API
     * required it let through: refused before the biller is asked, naming what is missing, and not
     * counted against the biller's circuit; it was a NullPointerException in the adapter, a 502
     * DEPARTMENT_ERROR and an ERROR log line.
     */
    @Test
    void shouldRefuseABillersCallWithoutWhatTheBillerNeedsBeforeAskingIt() {
        io.github.resilience4j.circuitbreaker.CircuitBreaker circuit = circuitBreakers.circuitBreaker("ZZINV-BILLER");
        int failed = circuit.getMetrics().getNumberOfFailedCalls();

        assertProblem(invoke("ZZINV-BILL-LAX", "fetch-bill", "{}"), 422, "CONSUMER_NUMBER_REQUIRED");
        assertProblem(
                invoke("ZZINV-BILL-LAX", "fetch-bill", "{\"consumerNumber\": \" \"}"), 422, "CONSUMER_NUMBER_REQUIRED");
        String[] paymentService = {"Authorization", service("payment-service"), "X-On-Behalf-Of", "citizen-9"};
        assertProblem(
                invoke("ZZINV-BILL-LAX", "confirm-payment", "{\"amount\": \"1.00\"}", paymentService),
                422,
                "CONSUMER_NUMBER_REQUIRED");
        assertProblem(
                invoke(
                        "ZZINV-BILL-LAX",
                        "confirm-payment",
                        "{\"consumerNumber\": \"1234567890\", \"paymentReference\": \"PAY-LAX-1\", \"amount\": \"1.00\"}",
                        paymentService),
                422,
                "BILL_NUMBER_REQUIRED");
        assertProblem(
                invoke(
                        "ZZINV-BILL-LAX",
                        "confirm-payment",
                        "{\"consumerNumber\": \"1234567890\", \"billNumber\": \"B-1\", \"amount\": \"1.00\"}",
                        paymentService),
                422,
                "PAYMENT_REFERENCE_REQUIRED");

        assertThat(departments.requests()).as("the biller was not asked").isEmpty();
        assertThat(circuit.getMetrics().getNumberOfFailedCalls()).isEqualTo(failed);
    }

    @Test
    void shouldNeverLetACitizenConfirmAPaymentWhateverItsStoredVisibility() {
        departments.on(
                "POST",
                "/billers/ZZINV-BILLER/bill/payment",
                Answer.json("{\"responseCode\": \"000\", \"status\": \"ACCEPTED\"}"));
        String payment = "{\"consumerNumber\": \"1234567890\", \"billNumber\": \"B-1\","
                + " \"paymentReference\": \"PAY-OLD-1\", \"amount\": \"1234.50\"}";

        assertProblem(invoke("ZZINV-BILL-OLD", "confirm-payment", payment), 404, "OPERATION_NOT_FOUND");
        assertThat(departments.requests()).as("the biller was not told").isEmpty();
        JsonNode listed = TestHttp.json(http.get("/api/v1/catalog/services/ZZINV-BILL-OLD"));
        assertThat(listed.path("operations").findValuesAsString("code")).doesNotContain("confirm-payment");

        HttpResponse<String> byService = invoke(
                "ZZINV-BILL-OLD",
                "confirm-payment",
                payment,
                "Authorization",
                service("payment-service"),
                "X-On-Behalf-Of",
                "citizen-9");
        assertThat(byService.statusCode()).as(byService.body()).isEqualTo(200);
    }

    @Test
    void shouldAnswerAClearProblemNotA500ForAnOperationItsAdapterTypeCannotCall() {
        HttpResponse<String> response = invoke("ZZINV-BILL-OLD", "status", "{\"consumerNumber\": \"1234567890\"}");

        JsonNode problem = assertProblem(response, 502, "DEPARTMENT_ERROR");
        assertThat(problem.path("detail").asString()).doesNotContain("bbps-biller");
        assertThat(departments.requests()).isEmpty();
    }

    @Test
    void shouldAnswerAClearProblemNotA500ForAStoredInputSchemaThatCannotCheckInputs() {
        for (String[] call : List.of(
                new String[] {"dangling-branch", "{\"a\": \"y\"}"},
                new String[] {"dangling-extra", "{\"a\": \"x\", \"b\": \"1\"}"},
                new String[] {"recursive", "{\"a\": \"x\"}"},
                new String[] {"recursive", "{\"a\": \"x\"}"})) {
            HttpResponse<String> response = invoke("ZZINV-OLDREF", call[0], call[1]);

            JsonNode problem = assertProblem(response, 502, "DEPARTMENT_ERROR");
            assertThat(problem.path("detail").asString()).as(call[0]).contains("as it is configured");
        }
        assertThat(departments.requests()).isEmpty();
    }

    @Test
    void shouldRefuseAPathPlaceholderOfDotsNamingTheFieldBeforeCallingTheDepartment() {
        for (String id : List.of("..", ".")) {
            HttpResponse<String> response = invoke("ZZINV-RECORDS", "status", "{\"id\": \"" + id + "\"}");

            JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(id)
                    .containsExactly("id");
        }
        JsonNode pair = assertProblem(
                invoke("ZZINV-RECORDS", "pair", "{\"a\": \".\", \"b\": \".\"}"), 400, "VALIDATION_FAILED");
        assertThat(pair.path("errors").findValuesAsString("field")).containsExactly("a", "b");
        assertThat(departments.requests()).isEmpty();

        // dots among other text are an ordinary segment, and a query value is no segment
        HttpResponse<String> dotted = invoke("ZZINV-RECORDS", "status", "{\"id\": \"..a\", \"full\": \"..\"}");
        assertThat(dotted.statusCode()).as(dotted.body()).isEqualTo(200);
        assertThat(lastDepartmentRequest().path()).isEqualTo("/vahan/records/..a/status");
        assertThat(lastDepartmentRequest().query()).isEqualTo("full=..");

        // path parameters do not hide a dot segment (a server takes ..;x for ..), and a ; of a
        // value is data: encoded, never the start of parameters
        departments.clearRequests();
        for (String id : List.of("..;", "..;x", ".;")) {
            JsonNode problem = assertProblem(
                    invoke("ZZINV-RECORDS", "status", "{\"id\": \"" + id + "\"}"), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(id)
                    .containsExactly("id");
        }
        assertThat(departments.requests()).isEmpty();
        HttpResponse<String> semicolon = invoke("ZZINV-RECORDS", "status", "{\"id\": \"a;b\"}");
        assertThat(semicolon.statusCode()).as(semicolon.body()).isEqualTo(200);
        assertThat(lastDepartmentRequest().path()).isEqualTo("/vahan/records/a%3Bb/status");
    }

    /**
     * An empty value would leave its segment empty: {@code /records//status}, which many servers
     * take for {@code /records/status}, and {@code /items/}, the collection.
     */
    @Test
    void shouldRefuseAnEmptyPathPlaceholderNamingTheFieldBeforeCallingTheDepartment() {
        for (String operation : List.of("status", "item")) {
            JsonNode problem =
                    assertProblem(invoke("ZZINV-ITEMS", operation, "{\"id\": \"\"}"), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(operation)
                    .containsExactly("id");
        }
        assertThat(departments.requests()).isEmpty();

        // a blank is a value, sent encoded
        HttpResponse<String> blank = invoke("ZZINV-ITEMS", "item", "{\"id\": \" \"}");
        assertThat(blank.statusCode()).as(blank.body()).isEqualTo(200);
        assertThat(lastDepartmentRequest().path()).isEqualTo("/vahan/items/%20");
    }

    /**
     * A number reaches the department's address and headers in plain digits, never in scientific
     * notation, and a whole number given as a decimal for an integer field as the integer.
     */
    @Test
    void shouldWriteNumbersInPlainDigitsInTheAddressAndHeaders() {
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("{\"n\": 1e2, \"x\": 1e2}", "/vahan/num/100/100");
        paths.put("{\"n\": 100.0, \"x\": 100.0}", "/vahan/num/100/100.0");
        paths.put("{\"n\": 1E+2, \"x\": 2.5e-3}", "/vahan/num/100/0.0025");
        paths.put("{\"n\": -7, \"x\": -12.50}", "/vahan/num/-7/-12.50");
        paths.forEach((input, path) -> {
            HttpResponse<String> response = invoke("ZZINV-NUMBERS", "path", input);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(lastDepartmentRequest().path()).as(input).isEqualTo(path);
        });

        HttpResponse<String> query = invoke("ZZINV-NUMBERS", "query", "{\"n\": 1e2, \"x\": 1e-3, \"ns\": [1e1, 2]}");
        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
        assertThat(lastDepartmentRequest().query()).isEqualTo("n=100&x=0.001&ns=10&ns=2");

        HttpResponse<String> headers = invoke("ZZINV-NUMBERS", "header", "{\"n\": 1e2, \"x\": 1.5e1}");
        assertThat(headers.statusCode()).as(headers.body()).isEqualTo(200);
        assertThat(lastDepartmentRequest().header("X-N")).isEqualTo("100");
        assertThat(lastDepartmentRequest().header("X-X")).isEqualTo("15");

        HttpResponse<String> body = invoke("ZZINV-NUMBERS", "body", "{\"n\": 1e2, \"x\": 0.5}");
        assertThat(body.statusCode()).as(body.body()).isEqualTo(200);
        assertThat(json.readTree(lastDepartmentRequest().body()).path("n").isIntegralNumber())
                .as(lastDepartmentRequest().body())
                .isTrue();
        assertThat(lastDepartmentRequest().body()).contains("\"n\":100");
    }

    /** 1e200 is short, but 201 characters written out: refused, as it would be written in the address. */
    @Test
    void shouldRefuseANumberTooLongWrittenOutNamingTheField() {
        departments.clearRequests();
        for (String[] call : List.of(
                new String[] {"{\"n\": 1e200, \"x\": 1}", "n"},
                new String[] {"{\"n\": 1, \"x\": 1e-200}", "x"},
                new String[] {"{\"n\": 1, \"x\": 1, \"ns\": [1, 1e999999999]}", "ns"})) {
            JsonNode problem = assertProblem(invoke("ZZINV-NUMBERS", "path", call[0]), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(call[0])
                    .containsExactly(call[1]);
        }
        assertThat(departments.requests()).isEmpty();
    }

    /**
     * A schema stored open (before the admin API required additionalProperties false) accepts any
     * field; a GET's query still carries only the declared ones: an Aadhaar number never travels in
     * a URL because the form had no such field.
     */
    @Test
    void shouldNeverPutAnInputTheSchemaDoesNotDeclareInTheQuery() {
        HttpResponse<String> response =
                invoke("ZZINV-SEARCH", "search", "{\"q\": \"x\", \"aadhaar\": \"123412341234\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(lastDepartmentRequest().query()).isEqualTo("q=x");
    }

    /** A dry run sends what a citizen's call would: whole numbers as such, declared fields only. */
    @Test
    void shouldSendInADryRunWhatACitizensCallWouldSend() {
        String admin = TestTokenIssuer.bearer(tokens.adminToken("platform-admin"));

        HttpResponse<String> numbers = http.postJson(
                "/api/v1/admin/departments/ZZINV-VAHAN/dry-run",
                "{\"serviceCode\": \"ZZINV-NUMBERS\", \"operationCode\": \"path\","
                        + " \"input\": {\"n\": 100.0, \"x\": 2.5e-3}}",
                "Authorization",
                admin);
        assertThat(numbers.statusCode()).as(numbers.body()).isEqualTo(200);
        assertThat(TestHttp.json(numbers).path("outcome").asString())
                .as(numbers.body())
                .isEqualTo("SUCCESS");
        assertThat(lastDepartmentRequest().path()).isEqualTo("/vahan/num/100/0.0025");

        HttpResponse<String> search = http.postJson(
                "/api/v1/admin/departments/ZZINV-VAHAN/dry-run",
                "{\"serviceCode\": \"ZZINV-SEARCH\", \"operationCode\": \"search\","
                        + " \"input\": {\"q\": \"x\", \"aadhaar\": \"123412341234\"}}",
                "Authorization",
                admin);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        assertThat(lastDepartmentRequest().query()).isEqualTo("q=x");
    }

    /**
     * EPFO's "no such UAN" is a refusal only with a refusal's status; on 401 (the platform's
     * credentials refused) it is EPFO failing: a 502 the circuit counts, as is an answer with an
     * impossible date or a field of another type, whose Java text never reaches the citizen.
     */
    @Test
    void shouldTellAnEpfoFailureFromItsRefusal() {
        String claim = "{\"uan\": \"100200300400\", \"claimId\": \"KNBNG260400012345\"}";
        String answer = "{\"status\": \"SUCCESS\", \"uan\": \"100200300400\", \"member_name\": \"ASHA RAO\","
                + " \"claim_id\": \"KNBNG260400012345\", \"claim_type\": \"PF ADVANCE\", \"received_date\": \"02-04-2026\","
                + " \"claim_status\": \"RECEIVED\"}";
        departments.on("POST", "/epfo/member/claims/status", Answer.json(answer));
        HttpResponse<String> ok = invoke("ZZINV-PF", "claim", claim);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(TestHttp.json(ok).path("data").path("receivedOn").asString()).isEqualTo("2026-04-02");

        String uanNotFound = "{\"status\": \"FAILURE\", \"error_code\": \"UAN_NOT_FOUND\"}";
        departments.on("POST", "/epfo/member/claims/status", Answer.json(404, uanNotFound));
        assertProblem(invoke("ZZINV-PF", "claim", claim), 404, "UAN_NOT_FOUND");

        io.github.resilience4j.circuitbreaker.CircuitBreaker circuit = circuitBreakers.circuitBreaker("ZZINV-EPFO");
        for (Answer failure : List.of(
                Answer.json(401, uanNotFound),
                Answer.json(429, uanNotFound),
                Answer.json(answer.replace("02-04-2026", "31-02-2026")),
                Answer.json(answer.replace("\"KNBNG260400012345\"", "{\"no\": \"K1\", \"db\": \"ORA-LEAK\"}")))) {
            departments.on("POST", "/epfo/member/claims/status", failure);
            int failed = circuit.getMetrics().getNumberOfFailedCalls();

            JsonNode problem = assertProblem(invoke("ZZINV-PF", "claim", claim), 502, "DEPARTMENT_ERROR");

            assertThat(problem.toString()).doesNotContain("ORA-LEAK").doesNotContain("2026-02-28");
            assertThat(circuit.getMetrics().getNumberOfFailedCalls())
                    .as("the circuit counts it")
                    .isGreaterThan(failed);
        }
    }

    /** A bill field of another type is the biller failing, never {no=B1, db=ORA-LEAK} in the bill. */
    @Test
    void shouldAnswer502NotJavaTextForABillFieldOfAnotherType() {
        departments.on(
                "POST",
                "/billers/ZZINV-BILLER/bill/fetch",
                Answer.json("{\"responseCode\": \"000\", \"billerResponse\": {\"customerName\": \"ASHA RAO\","
                        + " \"billNumber\": {\"no\": \"B1\", \"db\": \"ORA-LEAK\"}, \"billDate\": \"2026-11-01\","
                        + " \"dueDate\": \"2026-11-21\", \"billAmount\": \"123450\"}}"));

        JsonNode problem = assertProblem(
                invoke("ZZINV-BILL", "fetch-bill", "{\"consumerNumber\": \"1234567890\"}"), 502, "DEPARTMENT_ERROR");

        assertThat(problem.toString()).doesNotContain("ORA-LEAK").doesNotContain("no=B1");
    }

    /**
     * A body refused while it is read (another content type or none, not one JSON document, a
     * member twice, nested too deep, too large) is audited and counted like every other call:
     * INVALID with the status the caller got, under the entry's department; an unknown entry's
     * without one, as its 404 would be.
     */
    @Test
    void shouldAuditAndCountACallWhoseBodyCannotBeRead() {
        String path = "/api/v1/services/ZZINV-LICENCE/operations/licence-status";
        String huge = "{\"licenceNumber\": \"" + "x".repeat(1_100_000) + "\"}";
        Map<String, Object[]> calls = new LinkedHashMap<>();
        calls.put("body-no-type", new Object[] {null, LICENCE, 415, "UNSUPPORTED_MEDIA_TYPE"});
        calls.put("body-text", new Object[] {"text/plain", LICENCE, 415, "UNSUPPORTED_MEDIA_TYPE"});
        calls.put(
                "body-unterminated",
                new Object[] {"application/json", "{\"licenceNumber\": \"DL", 400, "VALIDATION_FAILED"});
        calls.put("body-two", new Object[] {"application/json", LICENCE + LICENCE, 400, "VALIDATION_FAILED"});
        calls.put("body-twice", new Object[] {
            "application/json",
            "{\"licenceNumber\": \"DL 14/2011\", \"dob\": \"1990-01-31\", \"dob\": \"1990-01-30\"}",
            400,
            "VALIDATION_FAILED"
        });
        calls.put("body-deep", new Object[] {
            "application/json", "{\"a\": " + "[".repeat(5000) + "]".repeat(5000) + "}", 400, "VALIDATION_FAILED"
        });
        calls.put("body-large", new Object[] {"application/json", huge, 413, "PAYLOAD_TOO_LARGE"});
        calls.put("body-large-chunked", new Object[] {"application/json", huge, 413, "PAYLOAD_TOO_LARGE"});
        long invalidBefore = invalidCount("ZZINV-VAHAN");

        calls.forEach((requestId, call) -> {
            HttpRequest.Builder request = http.request(path)
                    .header("Authorization", citizen("body-c"))
                    .header("X-Request-Id", requestId);
            if (call[0] != null) {
                request.header("Content-Type", (String) call[0]);
            }
            byte[] bytes = ((String) call[1]).getBytes(StandardCharsets.UTF_8);
            request.POST(
                    requestId.endsWith("chunked")
                            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                            : HttpRequest.BodyPublishers.ofByteArray(bytes));

            assertProblem(http.send(request.build()), (Integer) call[2], (String) call[3]);
        });
        HttpResponse<String> unknown = http.send(http.request("/api/v1/services/ZZINV-NOPE/operations/x")
                .header("Authorization", citizen("body-c"))
                .header("X-Request-Id", "body-unknown")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\": "))
                .build());
        assertProblem(unknown, 400, "VALIDATION_FAILED");
        assertThat(departments.requests()).isEmpty();

        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(jdbc.sql("select count(*) from invocation_audit where request_id like 'body-%'")
                                .query(Long.class)
                                .single())
                        .isEqualTo(calls.size() + 1));
        calls.forEach((requestId, call) -> assertThat(jdbc.sql("select * from invocation_audit where request_id = ?")
                        .param(requestId)
                        .query()
                        .singleRow())
                .as(requestId)
                .containsEntry("citizen_id", "body-c")
                .containsEntry("service_code", "ZZINV-LICENCE")
                .containsEntry("operation_code", "licence-status")
                .containsEntry("department_code", "ZZINV-VAHAN")
                .containsEntry("outcome", "INVALID")
                .containsEntry("http_status", call[2]));
        assertThat(jdbc.sql("select * from invocation_audit where request_id = 'body-unknown'")
                        .query()
                        .singleRow())
                .containsEntry("service_code", "ZZINV-NOPE")
                .containsEntry("department_code", null)
                .containsEntry("outcome", "INVALID")
                .containsEntry("http_status", 400);
        assertThat(invalidCount("ZZINV-VAHAN")).isEqualTo(invalidBefore + calls.size());
    }

    /**
     * An Accept that refuses JSON is a 406 before the department is called, audited and counted as
     * INVALID like a body that cannot be read (refused by the request mapping, it was neither).
     */
    @Test
    void shouldAuditACallWhoseAcceptRefusesJsonWithoutCallingTheDepartment() {
        String path = "/api/v1/services/ZZINV-LICENCE/operations/licence-status";
        long invalidBefore = invalidCount("ZZINV-VAHAN");
        Map<String, String> calls = new LinkedHashMap<>();
        calls.put("accept-html", "text/html");
        calls.put("accept-json-q0", "application/json;q=0, text/plain");
        calls.put("accept-garbage", "not a media type");

        calls.forEach((requestId, accept) -> {
            HttpResponse<String> answer = http.send(http.request(path)
                    .header("Authorization", citizen("accept-c"))
                    .header("X-Request-Id", requestId)
                    .header("Content-Type", "application/json")
                    .header("Accept", accept)
                    .POST(HttpRequest.BodyPublishers.ofString(LICENCE))
                    .build());
            assertProblem(answer, 406, "NOT_ACCEPTABLE");
        });
        assertThat(departments.requests()).isEmpty();
        for (String accept : List.of("application/json", "*/*", "application/*, text/html;q=0.5")) {
            HttpResponse<String> answer = http.send(http.request(path)
                    .header("Authorization", citizen("accept-c"))
                    .header("Content-Type", "application/json")
                    .header("Accept", accept)
                    .POST(HttpRequest.BodyPublishers.ofString(LICENCE))
                    .build());
            assertThat(answer.statusCode()).as(accept).isNotEqualTo(406);
        }

        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(jdbc.sql("select count(*) from invocation_audit where request_id like 'accept-%'")
                                .query(Long.class)
                                .single())
                        .isEqualTo(calls.size()));
        calls.keySet()
                .forEach(requestId -> assertThat(jdbc.sql("select * from invocation_audit where request_id = ?")
                                .param(requestId)
                                .query()
                                .singleRow())
                        .as(requestId)
                        .containsEntry("citizen_id", "accept-c")
                        .containsEntry("department_code", "ZZINV-VAHAN")
                        .containsEntry("outcome", "INVALID")
                        .containsEntry("http_status", 406));
        assertThat(invalidCount("ZZINV-VAHAN")).isEqualTo(invalidBefore + calls.size());
    }

    /** @return how many invocations of the department's queries ended INVALID, from the metrics */
    private long invalidCount(String department) {
        return http.get("/actuator/prometheus")
                .body()
                .lines()
                .filter(line -> line.startsWith("janseva_invocations_seconds_count{")
                        && line.contains("department=\"" + department + "\"")
                        && line.contains("outcome=\"invalid\"")
                        && line.contains("type=\"query\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void shouldRefuseAValueAMappedHeaderCannotCarryNamingTheFieldBeforeCallingTheDepartment() {
        for (String name : List.of("आशा", "caf\u00e9", "a\u007fb")) {
            JsonNode problem = assertProblem(
                    invoke("ZZINV-RECORDS", "named", "{\"id\": \"R-1\", \"name\": \"" + name + "\"}"),
                    400,
                    "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(name)
                    .containsExactly("name");
        }
        assertThat(departments.requests()).isEmpty();

        HttpResponse<String> ascii = invoke("ZZINV-RECORDS", "named", "{\"id\": \"R-1\", \"name\": \"Asha Devi\"}");
        assertThat(ascii.statusCode()).as(ascii.body()).isEqualTo(200);
        assertThat(lastDepartmentRequest().header("X-Name")).isEqualTo("Asha Devi");
    }

    @Test
    void shouldListTheAdapterTypesWithTheirSettingsSchemaToAdminsOnly() {
        HttpResponse<String> response = http.get(
                "/api/v1/admin/adapter-types",
                "Authorization",
                TestTokenIssuer.bearer(tokens.adminToken("platform-admin")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode types = TestHttp.json(response).path("items");
        List<String> installed = new java.util.ArrayList<>();
        JsonNode restJson = null;
        for (JsonNode type : types) {
            installed.add(type.path("type").asString());
            if (type.path("type").asString().equals("rest-json")) {
                restJson = type;
            }
        }
        assertThat(installed).contains("bbps-biller", "epfo", "rest-json");
        assertThat(restJson).isNotNull();
        JsonNode schema = restJson.path("settingsSchema");
        assertThat(schema.path("required").toString()).contains("baseUrl");
        assertThat(schema.path("properties")
                        .path("auth")
                        .path("properties")
                        .path("apiKey")
                        .path("writeOnly")
                        .asBoolean())
                .isTrue();
        assertThat(schema.path("properties").path("timeoutMs").path("default").asInt())
                .isEqualTo(3000);

        String admin = TestTokenIssuer.bearer(tokens.adminToken("platform-admin"));
        JsonNode second = TestHttp.json(http.get("/api/v1/admin/adapter-types?page=1&size=1", "Authorization", admin));
        assertThat(second.path("items")).hasSize(1);
        assertThat(second.path("items").get(0).path("type").asString()).isEqualTo(installed.get(1));
        assertThat(second.path("page").path("number").asInt()).isEqualTo(1);
        assertThat(second.path("page").path("size").asInt()).isEqualTo(1);
        assertThat(second.path("page").path("totalElements").asInt()).isEqualTo(installed.size());
        assertThat(second.path("page").path("totalPages").asInt()).isEqualTo(installed.size());
        for (String bad : List.of("size=0", "size=101", "page=-1", "size=abc")) {
            JsonNode problem = assertProblem(
                    http.get("/api/v1/admin/adapter-types?" + bad, "Authorization", admin), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(bad.split("=")[0]);
        }
        assertProblem(http.get("/api/v1/admin/adapter-types", "Authorization", citizen("c-1")), 403, "FORBIDDEN");
    }

    @Test
    void shouldReportTheDepartmentUpUntilItsCircuitSaysOtherwise() {
        assertThat(departmentHealth.statusOf("ZZINV-NEVER-CALLED")).isEqualTo(DepartmentStatus.UP);
        invoke("ZZINV-LICENCE", "licence-status", LICENCE);
        assertThat(departmentHealth.statusOf("ZZINV-VAHAN")).isIn(DepartmentStatus.UP, DepartmentStatus.DEGRADED);
    }
}
