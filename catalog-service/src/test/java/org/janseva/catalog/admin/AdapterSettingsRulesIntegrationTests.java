package org.janseva.catalog.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.janseva.catalog.invocation.InputValidator;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an adapter type would not apply, or could not send, is refused when a department or a
 * service is saved, with a 400 (or 422) naming the field, and nothing is stored or changed: a
 * biller's operation with a response mapping, options or another path than the protocol's (all
 * ignored in silence before), and {@code basic} or {@code oauth2-client-credentials} credentials
 * longer than the Authorization header they travel in takes (stored before, then every call failed
 * at the department while it showed UP). The settings schema of {@code GET
 * /api/v1/admin/adapter-types} says all of it. Over real HTTP against a real PostgreSQL, the
 * department played by a stub HTTP server.
 */
class AdapterSettingsRulesIntegrationTests extends AdminTestSupport {

    private static final String LICENCE_INPUT = "{\"licenceNumber\": \"KA0120110012345\"}";
    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    // helpers

    private long departments(String code) {
        return jdbc.sql("select count(*) from department where code = ?")
                .param(code)
                .query(Long.class)
                .single();
    }

    private long services(String code) {
        return jdbc.sql("select count(*) from catalogue_entry where code = ?")
                .param(code)
                .query(Long.class)
                .single();
    }

    /** The department's row as stored: its type, settings (secrets sealed) and last change. */
    private String stored(String code) {
        return jdbc.sql("select adapter_type || ' ' || adapter_settings::text || ' ' || updated_at::text"
                        + " from department where code = ?")
                .param(code)
                .query(String.class)
                .single();
    }

    private List<String> auditActions(String department) {
        return body(get("/api/v1/admin/audit?department=" + department), 200)
                .path("items")
                .findValuesAsString("action");
    }

    private static String message(HttpResponse<String> problem) {
        return TestHttp.json(problem).path("errors").get(0).path("message").asString();
    }

    /** The settings schema of an adapter type, as {@code GET /api/v1/admin/adapter-types} gives it. */
    private JsonNode settingsSchema(String adapterType) {
        for (JsonNode type : body(get("/api/v1/admin/adapter-types"), 200).path("items")) {
            if (type.path("type").asString().equals(adapterType)) {
                return type.path("settingsSchema");
            }
        }
        throw new AssertionError("no adapter type " + adapterType);
    }

    private int maxLength(String adapterType, String setting) {
        JsonNode node = settingsSchema(adapterType);
        for (String part : setting.split("\\.")) {
            node = node.path("properties").path(part);
        }
        assertThat(node.path("maxLength").isInt())
                .as(adapterType + " " + setting + ": " + node)
                .isTrue();
        return node.path("maxLength").asInt();
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

    private static String department(String code, String adapter) {
        return """
                {"code": "%s", "name": {"en": "Settings %s"}, "type": "CENTRAL", "adapter": %s}""".formatted(code, code, adapter);
    }

    private String basic(String username, String password, String headers) {
        return """
                {"type": "rest-json", "baseUrl": "%s", "timeoutMs": 2000, "headers": %s,
                 "auth": {"type": "basic", "username": "%s", "password": "%s"}}""".formatted(stub.baseUri() + "/basic", headers, username, password);
    }

    private String oauth2(String tokenUrl, String clientId, String clientSecret, String scope) {
        return """
                {"type": "rest-json", "baseUrl": "%s", "timeoutMs": 2000,
                 "auth": {"type": "oauth2-client-credentials", "tokenUrl": "%s", "clientId": "%s",
                          "clientSecret": "%s", "scope": "%s"}}""".formatted(stub.baseUri() + "/oauth", tokenUrl, clientId, clientSecret, scope);
    }

    private String biller(String code, String adapterType) {
        return """
                {"code": "%s", "name": {"en": "Biller %s"}, "type": "UTILITY", "state": "KA",
                 "adapter": {"type": "%s", "baseUrl": "%s"}}""".formatted(code, code, adapterType, stub.baseUri() + "/billers/" + code);
    }

    private static final String CONSUMER_NUMBER =
            "{\"type\": \"string\", \"title\": \"Consumer number\", \"examples\": [\"1234567890\"]}";
    private static final String FETCH_BILL_SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["consumerNumber"],
             "properties": {"consumerNumber": %s}}""".formatted(CONSUMER_NUMBER);
    private static final String CONFIRM_PAYMENT_SCHEMA = """
            {"type": "object", "additionalProperties": false,
             "required": ["consumerNumber", "billNumber", "paymentReference", "amount"],
             "properties": {
               "consumerNumber": %s,
               "billNumber": {"type": "string", "title": "Bill number", "examples": ["BILL-1"]},
               "paymentReference": {"type": "string", "title": "Payment reference", "examples": ["pay-1"]},
               "amount": {"type": "object", "title": "Amount", "examples": [{"value": "10.00", "currency": "INR"}],
                 "additionalProperties": false, "required": ["value", "currency"], "properties": {
                   "value": {"type": "string", "title": "Value", "examples": ["10.00"]},
                   "currency": {"type": "string", "title": "Currency", "examples": ["INR"]}}}}}""".formatted(CONSUMER_NUMBER);

    /** A biller's fetch-bill: POST /bill/fetch unless said otherwise, with further members. */
    private static String fetchBill(String method, String path, String more) {
        return """
                {"code": "fetch-bill", "name": {"en": "Fetch bill"}, "method": "%s", "path": "%s",
                 "inputSchema": %s, "idempotent": true%s}""".formatted(method, path, FETCH_BILL_SCHEMA, more);
    }

    private static String confirmPayment(String path) {
        return """
                {"code": "confirm-payment", "name": {"en": "Confirm payment"}, "method": "POST", "path": "%s",
                 "visibility": "SERVICE", "inputSchema": %s, "idempotent": true}""".formatted(path, CONFIRM_PAYMENT_SCHEMA);
    }

    private static String billService(String code, String fetchBill, String confirmPayment) {
        return """
                {"code": "%s", "name": {"en": "Bill %s"}, "description": {"en": "Pay it."},
                 "category": "electricity", "channels": ["android", "ios", "web"], "countries": ["IN"],
                 "operations": [%s, %s]}""".formatted(code, code, fetchBill, confirmPayment);
    }

    // 1. what bbps-biller would not apply

    /**
     * bbps-biller reads the biller's answer in code and calls POST /bill/fetch and /bill/payment
     * whatever the operation says: a response mapping, rest-json's options, another method or path
     * were stored (201) and never applied, so an integrator believed a mapping in force that was not.
     */
    @Test
    void shouldRefuseABillersOperationWithAMappingOptionsOrAnotherRequestThanTheProtocols() {
        String department = "ZZADM-SET-BILLER";
        body(post("/api/v1/admin/departments", biller(department, "bbps-biller")), 201);
        String service = "ZZADM-SET-BILLER-BILL";
        String confirm = confirmPayment("/bill/payment");
        Map<String, String[]> refused = Map.of(
                "a response mapping",
                new String[] {
                    billService(
                            service,
                            fetchBill(
                                    "POST",
                                    "/bill/fetch",
                                    ", \"responseMapping\": {\"amount\": \"/billerResponse/billAmount\"}"),
                            confirm),
                    "operations[0].responseMapping",
                    "would not apply a response mapping"
                },
                "refusals of its own",
                new String[] {
                    billService(
                            service,
                            fetchBill(
                                    "POST",
                                    "/bill/fetch",
                                    ", \"options\": {\"refusals\": {\"404\": {\"code\": \"NO_SUCH_CONSUMER\"}}}"),
                            confirm),
                    "operations[0].options.refusals",
                    "is not an option of bbps-biller"
                },
                "a query mapping",
                new String[] {
                    billService(
                            service,
                            fetchBill("POST", "/bill/fetch", ", \"options\": {\"query\": {\"c\": \"consumerNumber\"}}"),
                            confirm),
                    "operations[0].options.query",
                    "is not an option of bbps-biller"
                },
                "another path",
                new String[] {
                    billService(service, fetchBill("POST", "/v2/bills/fetch", ""), confirm),
                    "operations[0].path",
                    "must be /bill/fetch"
                },
                "another method",
                new String[] {
                    billService(service, fetchBill("PUT", "/bill/fetch", ""), confirm),
                    "operations[0].method",
                    "must be POST"
                },
                "the other operation's path",
                new String[] {
                    billService(service, fetchBill("POST", "/bill/fetch", ""), confirmPayment("/bill/fetch")),
                    "operations[1].path",
                    "must be /bill/payment"
                });
        refused.forEach((what, bad) -> {
            HttpResponse<String> response = post("/api/v1/admin/departments/" + department + "/services", bad[0]);
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(errorFields(response)).as(what).containsExactly(bad[1]);
            assertThat(message(response)).as(what).contains(bad[2]);
        });
        assertThat(services(service)).as("nothing stored").isZero();

        // as the protocol calls them: taken
        body(
                post(
                        "/api/v1/admin/departments/" + department + "/services",
                        billService(service, fetchBill("POST", "/bill/fetch", ", \"options\": {}"), confirm)),
                201);
    }

    /**
     * A biller on rest-json may map its answers; moving it to bbps-biller would drop the mapping in
     * silence, so the change is refused naming the operation, and the department stays as it was.
     */
    @Test
    void shouldRefuseTheBillersAdapterTypeForStoredOperationsWhoseMappingItWouldIgnore() {
        String department = "ZZADM-SET-UTILREST";
        body(post("/api/v1/admin/departments", biller(department, "rest-json")), 201);
        String service = "ZZADM-SET-UTILREST-BILL";
        body(
                post(
                        "/api/v1/admin/departments/" + department + "/services",
                        billService(
                                service,
                                fetchBill(
                                        "POST",
                                        "/bill/fetch",
                                        ", \"responseMapping\": {\"amount\": \"/billerResponse/billAmount\"}"),
                                confirmPayment("/bill/payment"))),
                201);
        String before = stored(department);

        HttpResponse<String> refused =
                patch("/api/v1/admin/departments/" + department, "{\"adapter\": {\"type\": \"bbps-biller\"}}");
        assertProblem(refused, 422, "OPERATIONS_NOT_SUPPORTED");
        assertThat(errorFields(refused))
                .containsExactly("services." + service + ".operations.fetch-bill.responseMapping");
        assertThat(stored(department)).as("nothing changed").isEqualTo(before);
        assertThat(auditActions(department)).doesNotContain("DEPARTMENT_UPDATED");
    }

    /** A biller's operation stored with a mapping or options (before the rule, or past the API) is not published. */
    @Test
    void shouldRefuseToPublishABillersServiceStoredWithAMappingOrOptions() {
        String department = "ZZADM-SET-PUBBILL";
        body(post("/api/v1/admin/departments", biller(department, "bbps-biller")), 201);
        String service = "ZZADM-SET-PUBBILL-BILL";
        body(
                post(
                        "/api/v1/admin/departments/" + department + "/services",
                        billService(service, fetchBill("POST", "/bill/fetch", ""), confirmPayment("/bill/payment"))),
                201);
        jdbc.sql("""
                        update operation set response_mapping = cast(? as json), options = cast(? as json)
                        where entry_code = ? and code = 'fetch-bill'""")
                .params(
                        "{\"amount\": \"/billerResponse/billAmount\"}",
                        "{\"query\": {\"c\": \"consumerNumber\"}}",
                        service)
                .update();

        HttpResponse<String> publish = patch("/api/v1/admin/services/" + service, "{\"status\": \"PUBLISHED\"}");
        assertProblem(publish, 422, "SERVICE_NOT_READY");
        assertThat(errorFields(publish))
                .containsExactlyInAnyOrder(
                        "operations.fetch-bill.responseMapping", "operations.fetch-bill.options.query");
        assertThat(body(get("/api/v1/admin/services/" + service), 200)
                        .path("status")
                        .asString())
                .isEqualTo("DRAFT");
    }

    // 2. credentials that must fit in the Authorization header

    /**
     * basic sends "Basic " + base64(username:password) on every call: a 20 KB password was stored
     * (201), then every call was refused by the department's server while it showed UP.
     */
    @Test
    void shouldRefuseBasicCredentialsLongerThanTheAuthorizationHeaderTakes() {
        String code = "ZZADM-SET-BASIC";
        int maxUser = maxLength("rest-json", "auth.username");
        int maxPassword = maxLength("rest-json", "auth.password");
        assertThat(maxLength("bbps-biller", "auth.password")).isEqualTo(maxPassword);
        assertThat(maxLength("epfo", "auth.username")).isEqualTo(maxUser);

        String hugePassword = "p".repeat(20_000);
        String longPassword = "q".repeat(maxPassword + 1);
        // 3 bytes a letter in UTF-8: within maxLength as characters, over it in bytes
        String devanagari = "अ".repeat(maxUser / 2);
        List<String[]> refused = List.of(
                new String[] {"janseva", hugePassword, "adapter.auth.password"},
                new String[] {"janseva", longPassword, "adapter.auth.password"},
                new String[] {"u".repeat(maxUser + 1), "secret-123", "adapter.auth.username"},
                new String[] {devanagari, "secret-123", "adapter.auth.username"});
        for (String[] bad : refused) {
            HttpResponse<String> response =
                    post("/api/v1/admin/departments", department(code, basic(bad[0], bad[1], "{}")));
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(errorFields(response)).as(bad[2]).containsExactly(bad[2]);
            assertThat(message(response)).contains("bytes").contains("Authorization");
            assertThat(response.body()).as("the password is never repeated").doesNotContain(bad[1]);
        }
        assertThat(message(post("/api/v1/admin/departments", department(code, basic("janseva", longPassword, "{}")))))
                .contains("at most " + maxPassword + " bytes");
        // the same for a biller, which authenticates the same way
        HttpResponse<String> billerRefused =
                post("/api/v1/admin/departments", """
                {"code": "%s", "name": {"en": "Biller"}, "type": "UTILITY", "state": "KA",
                 "adapter": {"type": "bbps-biller", "baseUrl": "%s",
                             "auth": {"type": "basic", "username": "janseva", "password": "%s"}}}""".formatted(code, stub.baseUri() + "/b", hugePassword));
        assertProblem(billerRefused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(billerRefused)).containsExactly("adapter.auth.password");
        assertThat(departments(code)).as("nothing stored").isZero();

        // at the bounds: taken, and the header they make reaches the department whole
        String username = "u".repeat(maxUser);
        String password = "p".repeat(maxPassword);
        body(post("/api/v1/admin/departments", department(code, basic(username, password, "{}"))), 201);
        body(post("/api/v1/admin/departments/" + code + "/services", licenceService("ZZADM-SET-BASIC-DL")), 201);
        assertThat(dryRun(code, "ZZADM-SET-BASIC-DL").path("outcome").asString())
                .isEqualTo("SUCCESS");
        List<StubHttpServer.Recorded> calls = requests("/basic/v1/licences/KA0120110012345/status");
        assertThat(calls).isNotEmpty();
        String authorization = calls.get(calls.size() - 1).header("Authorization");
        assertThat(authorization.getBytes(StandardCharsets.US_ASCII).length).isLessThanOrEqualTo(4096);
        assertThat(new String(
                        Base64.getDecoder().decode(authorization.substring("Basic ".length())), StandardCharsets.UTF_8))
                .isEqualTo(username + ":" + password);

        // a change to one too long is refused, and changes nothing
        String before = stored(code);
        HttpResponse<String> patched = patch(
                "/api/v1/admin/departments/" + code,
                "{\"adapter\": {\"auth\": {\"password\": \"" + hugePassword + "\"}}}");
        assertProblem(patched, 400, "VALIDATION_FAILED");
        assertThat(errorFields(patched)).containsExactly("adapter.auth.password");
        HttpResponse<String> renamed = patch(
                "/api/v1/admin/departments/" + code,
                "{\"adapter\": {\"auth\": {\"username\": \"" + "v".repeat(maxUser + 1) + "\"}}}");
        assertProblem(renamed, 400, "VALIDATION_FAILED");
        assertThat(errorFields(renamed)).containsExactly("adapter.auth.username");
        assertThat(stored(code)).as("nothing changed").isEqualTo(before);
        assertThat(auditActions(code)).doesNotContain("DEPARTMENT_UPDATED");
    }

    /**
     * basic's Authorization header goes with the static headers on every call: each within bounds,
     * together they took more than the 8 KiB common servers take, counted only with an api key.
     */
    @Test
    void shouldCountBasicsAuthorizationHeaderWithTheStaticHeaders() {
        String code = "ZZADM-SET-BASICHDR";
        String headers = "{\"X-One\": \"" + "a".repeat(4000) + "\", \"X-Two\": \"" + "b".repeat(4000) + "\"}";
        HttpResponse<String> refused =
                post("/api/v1/admin/departments", department(code, basic("janseva", "p".repeat(300), headers)));
        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused)).containsExactly("adapter.headers");
        assertThat(message(refused)).contains("8192 bytes");
        assertThat(departments(code)).as("nothing stored").isZero();

        // with a short password they fit
        body(post("/api/v1/admin/departments", department(code, basic("janseva", "p".repeat(10), headers))), 201);
        String before = stored(code);
        HttpResponse<String> patched = patch(
                "/api/v1/admin/departments/" + code,
                "{\"adapter\": {\"auth\": {\"password\": \"" + "p".repeat(300) + "\"}}}");
        assertProblem(patched, 400, "VALIDATION_FAILED");
        assertThat(errorFields(patched)).containsExactly("adapter.headers");
        assertThat(stored(code)).as("nothing changed").isEqualTo(before);
    }

    /**
     * oauth2 sends "Basic " + base64(urlencoded client id : urlencoded secret) to the token endpoint:
     * a client id, secret, scope or token URL of any length was stored.
     */
    @Test
    void shouldRefuseOAuth2SettingsLongerThanTheTokenRequestTakes() {
        String code = "ZZADM-SET-OAUTH";
        int maxId = maxLength("rest-json", "auth.clientId");
        int maxSecret = maxLength("rest-json", "auth.clientSecret");
        int maxScope = maxLength("rest-json", "auth.scope");
        int maxUrl = maxLength("rest-json", "auth.tokenUrl");
        assertThat(maxLength("rest-json", "baseUrl")).isEqualTo(maxUrl);
        assertThat(maxLength("bbps-biller", "auth.clientSecret")).isEqualTo(maxSecret);

        String tokenUrl = stub.baseUri() + "/oauth/token";
        String longUrl = stub.baseUri() + "/t"
                + "t".repeat(maxUrl - stub.baseUri().toString().length() - 1);
        assertThat(longUrl).hasSize(maxUrl + 1);
        String hugeSecret = "s".repeat(20_000);
        List<String[]> refused = List.of(
                new String[] {oauth2(tokenUrl, "i".repeat(maxId + 1), "secret-123", "licences"), "adapter.auth.clientId"
                },
                new String[] {oauth2(tokenUrl, "janseva", hugeSecret, "licences"), "adapter.auth.clientSecret"},
                new String[] {
                    oauth2(tokenUrl, "janseva", "s".repeat(maxSecret + 1), "licences"), "adapter.auth.clientSecret"
                },
                new String[] {oauth2(tokenUrl, "janseva", "secret-123", "x".repeat(maxScope + 1)), "adapter.auth.scope"
                },
                new String[] {oauth2(longUrl, "janseva", "secret-123", "licences"), "adapter.auth.tokenUrl"},
                new String[] {
                    oauth2("ftp://tokens.example.in/token", "janseva", "secret-123", "licences"),
                    "adapter.auth.tokenUrl"
                });
        for (String[] bad : refused) {
            HttpResponse<String> response = post("/api/v1/admin/departments", department(code, bad[0]));
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(errorFields(response)).as(bad[1]).containsExactly(bad[1]);
            assertThat(response.body()).as("the secret is never repeated").doesNotContain(hugeSecret);
        }
        assertThat(message(post(
                        "/api/v1/admin/departments", department(code, oauth2(longUrl, "janseva", "secret-123", "x")))))
                .contains("at most " + maxUrl + " characters");
        HttpResponse<String> longBase = post(
                "/api/v1/admin/departments",
                department(code, "{\"type\": \"rest-json\", \"baseUrl\": \"" + longUrl + "\"}"));
        assertProblem(longBase, 400, "VALIDATION_FAILED");
        assertThat(errorFields(longBase)).containsExactly("adapter.baseUrl");
        assertThat(departments(code)).as("nothing stored").isZero();

        // at the bounds, in characters URL encoding triples: taken, and the token request's header fits
        String longestUrl = longUrl.substring(0, maxUrl);
        String clientId = "/".repeat(maxId);
        String clientSecret = "%".repeat(maxSecret);
        stub.on("POST", longestUrl.substring(stub.baseUri().toString().length()), Answer.json("""
                {"access_token": "token-of-the-bounds", "token_type": "Bearer", "expires_in": 300}"""));
        body(
                post(
                        "/api/v1/admin/departments",
                        department(code, oauth2(longestUrl, clientId, clientSecret, "x".repeat(maxScope)))),
                201);
        body(post("/api/v1/admin/departments/" + code + "/services", licenceService("ZZADM-SET-OAUTH-DL")), 201);
        assertThat(dryRun(code, "ZZADM-SET-OAUTH-DL").path("outcome").asString())
                .isEqualTo("SUCCESS");
        List<StubHttpServer.Recorded> tokenRequests =
                requests(longestUrl.substring(stub.baseUri().toString().length()));
        assertThat(tokenRequests).hasSize(1);
        assertThat(tokenRequests.get(0).header("Authorization").length()).isLessThanOrEqualTo(4096);
        assertThat(requests("/oauth/v1/licences/KA0120110012345/status").get(0).header("Authorization"))
                .isEqualTo("Bearer token-of-the-bounds");

        // a change to one too long is refused, and changes nothing
        String before = stored(code);
        for (String[] change : List.of(
                new String[] {"clientSecret", hugeSecret}, new String[] {"clientId", "i".repeat(maxId + 1)},
                new String[] {"scope", "x".repeat(maxScope + 1)}, new String[] {"tokenUrl", longUrl})) {
            HttpResponse<String> patched = patch(
                    "/api/v1/admin/departments/" + code,
                    "{\"adapter\": {\"auth\": {\"" + change[0] + "\": \"" + change[1] + "\"}}}");
            assertProblem(patched, 400, "VALIDATION_FAILED");
            assertThat(errorFields(patched)).containsExactly("adapter.auth." + change[0]);
        }
        assertThat(stored(code)).as("nothing changed").isEqualTo(before);
        assertThat(auditActions(code)).doesNotContain("DEPARTMENT_UPDATED");
    }

    // 3. the settings schema says what the API refuses

    /**
     * The settings schema listed each type's settings but left every object open and the auth types
     * unsaid, while the API refuses an unknown setting and another auth type's: a form built from
     * it let an integrator write what would be refused, or (where no rule existed) ignored.
     */
    @Test
    void shouldDescribeInTheSettingsSchemaWhatTheApiRefuses() {
        InputValidator validator = new InputValidator();
        String baseUrl = stub.baseUri() + "/schema";
        for (String type : List.of("rest-json", "epfo", "bbps-biller")) {
            JsonNode schema = settingsSchema(type);
            assertThat(schema.path("additionalProperties").asBoolean(true))
                    .as(type)
                    .isFalse();
            assertThat(schema.path("properties").path("type").path("const").asString())
                    .isEqualTo(type);
            JsonNode auth = schema.path("properties").path("auth");
            assertThat(auth.path("additionalProperties").asBoolean(true))
                    .as(type)
                    .isFalse();
            assertThat(auth.path("allOf")).as(type).hasSize(5);

            // a department's adapter member is valid against it exactly when the API takes it
            List<String> taken = List.of(
                    "{\"type\": \"%s\", \"baseUrl\": \"%s\"}",
                    "{\"type\": \"%s\", \"baseUrl\": \"%s\", \"auth\": {\"type\": \"api-key\", \"apiKey\": \"key-1234\"}}",
                    "{\"type\": \"%s\", \"baseUrl\": \"%s\", \"auth\": {\"type\": \"basic\", \"username\": \"u\","
                            + " \"password\": \"pass-1234\"}}",
                    "{\"type\": \"%s\", \"baseUrl\": \"%s\", \"auth\": {\"type\": \"oauth2-client-credentials\","
                            + " \"tokenUrl\": \"https://t.example.in/token\", \"clientId\": \"c\", \"clientSecret\":"
                            + " \"secret-1\"}}");
            for (String adapter : taken) {
                JsonNode document = JSON.readTree(adapter.formatted(type, baseUrl));
                assertThat(validator.validate(schema, document))
                        .as(document.toString())
                        .isEmpty();
            }
            Map<String, String> refused = Map.of(
                    "{\"type\": \"%s\", \"baseUrl\": \"%s\", \"timeout\": 1000}",
                    "adapter.timeout",
                    "{\"type\": \"%s\", \"baseUrl\": \"%s\", \"auth\": {\"type\": \"basic\", \"username\": \"u\","
                            + " \"password\": \"pass-1234\", \"apiKey\": \"key-1234\"}}",
                    "adapter.auth.apiKey",
                    "{\"type\": \"%s\", \"baseUrl\": \"%s\", \"auth\": {\"apiKey\": \"key-1234\"}}",
                    "adapter.auth.apiKey",
                    "{\"type\": \"%s\", \"baseUrl\": \"%s\", \"auth\": {\"type\": \"basic\", \"username\": \"u\"}}",
                    "adapter.auth.password",
                    "{\"type\": \"%s\", \"baseUrl\": \"%s\", \"auth\": {\"type\": \"basic\", \"username\": \"u\","
                            + " \"password\": \"" + "p".repeat(5000) + "\"}}",
                    "adapter.auth.password",
                    // a probe path of more than 300 characters (or, for the types without one, any)
                    "{\"type\": \"%s\", \"baseUrl\": \"%s\", \"probePath\": \"/" + "a".repeat(300) + "\"}",
                    "adapter.probePath");
            refused.forEach((adapter, field) -> {
                JsonNode document = JSON.readTree(adapter.formatted(type, baseUrl));
                assertThat(validator.validate(schema, document))
                        .as(type + " " + field)
                        .isNotEmpty();
                HttpResponse<String> response = post("/api/v1/admin/departments", """
                        {"code": "ZZADM-SET-SCHEMA", "name": {"en": "Schema"}, "type": "UTILITY", "state": "KA",
                         "adapter": %s}""".formatted(document));
                assertProblem(response, 400, "VALIDATION_FAILED");
                assertThat(errorFields(response)).as(type + " " + field).contains(field);
            });
        }
        assertThat(maxLength("rest-json", "probePath")).isEqualTo(300);
        // a setting of one type is not another's
        JsonNode restJson = settingsSchema("rest-json");
        JsonNode billerSettings =
                JSON.readTree("{\"type\": \"rest-json\", \"baseUrl\": \"" + baseUrl + "\", \"billerId\": \"B1\"}");
        assertThat(validator.validate(restJson, billerSettings)).isNotEmpty();
        assertThat(departments("ZZADM-SET-SCHEMA")).as("nothing stored").isZero();
    }
}
