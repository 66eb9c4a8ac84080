package org.janseva.catalog.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * An admin configuration that could never work is refused when it is made, with a 400 (or 422)
 * naming the field, and nothing is stored: over real HTTP against a real PostgreSQL, the department
 * played by a stub HTTP server. Where a row that breaks a rule exists all the same (written before
 * the rule, or past the admin API), publishing it is refused and a health probe of it still answers.
 */
class AdminConfigurationRulesIntegrationTests extends AdminTestSupport {

    private static final String DEPARTMENT = "ZZADM-RULES";

    private final StubHttpServer stub = StubHttpServer.start();

    @Autowired
    OperationRules operationRules;

    @BeforeAll
    void onboard() {
        setUpHttp();
        stub.otherwise(Answer.json(DEPARTMENT_ANSWER));
        body(
                post("/api/v1/admin/departments", restJsonDepartment(DEPARTMENT, stub.baseUri() + "/rules", "rules-1")),
                201);
    }

    @AfterAll
    void stopStub() {
        stub.close();
    }

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

    private HttpResponse<String> addService(String department, String json) {
        return post("/api/v1/admin/departments/" + department + "/services", json);
    }

    /** A service of one operation with the given inputSchema, path, idempotence and further members. */
    private static String service(String code, String path, String inputSchema, boolean idempotent, String more) {
        return """
                {"code": "%s", "name": {"en": "Rules %s"}, "description": {"en": "A service of the rules' tests."},
                 "category": "transport", "channels": ["android", "ios", "web"], "countries": ["IN"],
                 "operations": [{"code": "op", "name": {"en": "Operation"}, "method": "POST", "path": "%s",
                   "inputSchema": %s, "idempotent": %s%s}]}""".formatted(code, code, path, inputSchema, idempotent, more);
    }

    private static final String UAN_SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["uan"], "properties": {
              "uan": {"type": "string", "pattern": "^[0-9]{12}$", "title": "UAN", "examples": ["100200300400"]}}}""";

    private static final String CONSUMER_NUMBER =
            "{\"type\": \"string\", \"title\": \"Consumer number\", \"examples\": [\"1234567890\"]}";
    private static final String FETCH_BILL_SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["consumerNumber"], "properties": {"consumerNumber": %s}}""".formatted(CONSUMER_NUMBER);
    private static final String CONFIRM_PAYMENT_SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["consumerNumber", "billNumber", "paymentReference", "amount"],
             "properties": {
               "consumerNumber": %s,
               "billNumber": {"type": "string", "title": "Bill number", "examples": ["BILL-1"]},
               "paymentReference": {"type": "string", "title": "Payment reference", "examples": ["pay-1"]},
               "amount": {"type": "object", "title": "Amount", "examples": [{"value": "10.00", "currency": "INR"}],
                 "additionalProperties": false, "required": ["value", "currency"], "properties": {
                   "value": {"type": "string", "title": "Value", "examples": ["10.00"]},
                   "currency": {"type": "string", "title": "Currency", "examples": ["INR"]}}}}}""".formatted(CONSUMER_NUMBER);

    private static String operation(String code, String visibility, String path, String inputSchema) {
        return """
                {"code": "%s", "name": {"en": "%s"}, "method": "POST", "path": "%s", "visibility": "%s",
                 "inputSchema": %s, "idempotent": true}""".formatted(code, code, path, visibility, inputSchema);
    }

    private static String billService(String code, String... operations) {
        return """
                {"code": "%s", "name": {"en": "Bill %s"}, "description": {"en": "Pay it."},
                 "category": "electricity", "channels": ["android", "ios", "web"], "countries": ["IN"],
                 "operations": [%s]}""".formatted(code, code, String.join(", ", operations));
    }

    private static String biller(String code, String type, String adapterType, String baseUrl) {
        return """
                {"code": "%s", "name": {"en": "Biller %s"}, "type": %s,
                 "adapter": {"type": "%s", "baseUrl": "%s"}}""".formatted(code, code, type, adapterType, baseUrl);
    }

    // 1. bbps-biller (whose confirm-payment no citizen may call) only for UTILITY departments

    @Test
    void shouldKeepTheBillersAdapterTypeToUtilityDepartmentsOnCreateAndOnEveryChange() {
        for (String type : List.of("\"CENTRAL\"", "\"STATE\", \"state\": \"KA\"")) {
            HttpResponse<String> refused = post(
                    "/api/v1/admin/departments", biller("ZZADM-NOTBILLER", type, "bbps-biller", stub.baseUri() + "/b"));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(type).containsExactly("adapter.type");
        }
        assertThat(departments("ZZADM-NOTBILLER")).isZero();

        // a biller stays UTILITY, even without services
        body(
                post(
                        "/api/v1/admin/departments",
                        biller("ZZADM-BILLER", "\"UTILITY\", \"state\": \"KA\"", "bbps-biller", stub.baseUri() + "/b")),
                201);
        HttpResponse<String> toState = patch("/api/v1/admin/departments/ZZADM-BILLER", "{\"type\": \"STATE\"}");
        assertProblem(toState, 400, "VALIDATION_FAILED");
        assertThat(errorFields(toState)).containsExactly("type");
        HttpResponse<String> toCentral =
                patch("/api/v1/admin/departments/ZZADM-BILLER", "{\"type\": \"CENTRAL\", \"state\": null}");
        assertThat(errorFields(toCentral)).containsExactly("type");
        assertThat(body(get("/api/v1/admin/departments/ZZADM-BILLER"), 200)
                        .path("type")
                        .asString())
                .isEqualTo("UTILITY");

        // and a CENTRAL or STATE department never takes the billers' adapter type
        String state = "ZZADM-TOBILLER";
        body(post("/api/v1/admin/departments", restJsonDepartment(state, stub.baseUri() + "/s", "to-biller-1")), 201);
        body(addService(state, service("ZZADM-TOBILLER-ST", "/status/{uan}", UAN_SCHEMA, true, "")), 201);
        HttpResponse<String> toBiller =
                patch("/api/v1/admin/departments/" + state, "{\"adapter\": {\"type\": \"bbps-biller\"}}");
        assertProblem(toBiller, 400, "VALIDATION_FAILED");
        assertThat(errorFields(toBiller)).containsExactly("adapter.type");
        assertThat(body(get("/api/v1/admin/departments/" + state), 200)
                        .path("adapter")
                        .path("type")
                        .asString())
                .isEqualTo("rest-json");

        // a biller's confirm-payment is for services only, as its adapter type says
        HttpResponse<String> citizens = addService(
                "ZZADM-BILLER",
                billService(
                        "ZZADM-BILLER-BILL",
                        operation("fetch-bill", "CITIZEN", "/bill/fetch", FETCH_BILL_SCHEMA),
                        operation("confirm-payment", "CITIZEN", "/bill/payment", CONFIRM_PAYMENT_SCHEMA)));
        assertProblem(citizens, 400, "VALIDATION_FAILED");
        assertThat(errorFields(citizens)).contains("operations[1].visibility");
        assertThat(services("ZZADM-BILLER-BILL")).isZero();
    }

    // 2. no cached answers of an operation that is not idempotent

    @Test
    void shouldRefuseACacheTimeOnAnOperationThatIsNotIdempotent() {
        HttpResponse<String> refused = addService(
                DEPARTMENT, service("ZZADM-RULES-GRV", "/grievances", UAN_SCHEMA, false, ", \"cacheTtlSeconds\": 60"));
        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused)).containsExactly("operations[0].cacheTtlSeconds");
        assertThat(services("ZZADM-RULES-GRV")).isZero();

        body(addService(DEPARTMENT, service("ZZADM-RULES-GRV", "/grievances", UAN_SCHEMA, false, "")), 201);
        body(
                addService(
                        DEPARTMENT,
                        service("ZZADM-RULES-READ", "/passbook", UAN_SCHEMA, true, ", \"cacheTtlSeconds\": 60")),
                201);
    }

    // 3. a new adapter type must call every stored operation; publishing checks them too

    @Test
    void shouldRefuseAnAdapterTypeThatCannotCallTheDepartmentsOperations() {
        String department = "ZZADM-UTILREST";
        body(
                post(
                        "/api/v1/admin/departments",
                        biller(department, "\"UTILITY\", \"state\": \"KA\"", "rest-json", stub.baseUri() + "/u")),
                201);
        String statusSchema = FETCH_BILL_SCHEMA;
        body(
                addService(
                        department,
                        billService(
                                "ZZADM-UTILREST-BILL",
                                operation("fetch-bill", "CITIZEN", "/bill/fetch", FETCH_BILL_SCHEMA),
                                operation("confirm-payment", "SERVICE", "/bill/payment", CONFIRM_PAYMENT_SCHEMA),
                                operation("status", "CITIZEN", "/bills/{consumerNumber}/status", statusSchema))),
                201);

        HttpResponse<String> refused =
                patch("/api/v1/admin/departments/" + department, "{\"adapter\": {\"type\": \"bbps-biller\"}}");
        assertProblem(refused, 422, "OPERATIONS_NOT_SUPPORTED");
        assertThat(errorFields(refused)).containsExactly("services.ZZADM-UTILREST-BILL.operations.status.code");
        assertThat(body(get("/api/v1/admin/departments/" + department), 200)
                        .path("adapter")
                        .path("type")
                        .asString())
                .isEqualTo("rest-json");
        assertThat(body(get("/api/v1/admin/audit?department=" + department), 200)
                        .path("items")
                        .findValuesAsString("action"))
                .as("nothing changed")
                .doesNotContain("DEPARTMENT_UPDATED");
    }

    @Test
    void shouldRefuseToPublishAServiceItsDepartmentCannotCallAsStored() {
        // an operation written past the admin API (or before its rule): bbps-biller has no "status"
        String department = "ZZADM-PUBBILL";
        body(
                post(
                        "/api/v1/admin/departments",
                        biller(department, "\"UTILITY\", \"state\": \"KA\"", "bbps-biller", stub.baseUri() + "/p")),
                201);
        body(
                addService(
                        department,
                        billService(
                                "ZZADM-PUBBILL-BILL",
                                operation("fetch-bill", "CITIZEN", "/bill/fetch", FETCH_BILL_SCHEMA),
                                operation("confirm-payment", "SERVICE", "/bill/payment", CONFIRM_PAYMENT_SCHEMA))),
                201);
        jdbc.sql("""
                        insert into operation (entry_code, code, position, names, http_method, path_template, input_schema,
                                               response_mapping, idempotent, visibility, options)
                        values ('ZZADM-PUBBILL-BILL', 'status', 9, '{"en": "Status"}', 'GET', '/status',
                                cast(? as json), '{}', true, 'CITIZEN', '{}')""").param(FETCH_BILL_SCHEMA).update();
        HttpResponse<String> publish =
                patch("/api/v1/admin/services/ZZADM-PUBBILL-BILL", "{\"status\": \"PUBLISHED\"}");
        assertProblem(publish, 422, "SERVICE_NOT_READY");
        assertThat(errorFields(publish)).containsExactly("operations.status.code");

        // a department stored as CENTRAL with the billers' adapter type (before that was refused)
        jdbc.sql("""
                        insert into department (code, type, names, adapter_type, adapter_settings)
                        values ('ZZADM-OLDBILL', 'CENTRAL', '{"en": "Old biller"}', 'bbps-biller', cast(? as jsonb))""").param("{\"baseUrl\": \"" + stub.baseUri() + "/o\"}").update();
        body(
                addService(
                        "ZZADM-OLDBILL",
                        billService(
                                "ZZADM-OLDBILL-BILL",
                                operation("fetch-bill", "CITIZEN", "/bill/fetch", FETCH_BILL_SCHEMA),
                                operation("confirm-payment", "SERVICE", "/bill/payment", CONFIRM_PAYMENT_SCHEMA))),
                201);
        HttpResponse<String> old = patch("/api/v1/admin/services/ZZADM-OLDBILL-BILL", "{\"status\": \"PUBLISHED\"}");
        assertProblem(old, 422, "DEPARTMENT_NOT_READY");
        assertThat(errorFields(old)).containsExactly("department.adapter.type");
        assertThat(body(get("/api/v1/admin/services/ZZADM-OLDBILL-BILL"), 200)
                        .path("status")
                        .asString())
                .isEqualTo("DRAFT");
    }

    // 4. settings that are not numbers

    @Test
    void shouldNameATimeoutOrConcurrencyThatIsNotANumberInsteadOfFailing() {
        for (String[] bad : List.of(
                new String[] {"timeoutMs", "\"fast\""},
                new String[] {"maxConcurrentCalls", "\"many\""},
                new String[] {"timeoutMs", "\"1500\""})) {
            HttpResponse<String> refused =
                    post("/api/v1/admin/departments", """
                    {"code": "ZZADM-NAN", "name": {"en": "Not a number"}, "type": "CENTRAL",
                     "adapter": {"type": "rest-json", "baseUrl": "%s", "%s": %s}}""".formatted(stub.baseUri() + "/n", bad[0], bad[1]));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(bad[0] + " " + bad[1]).containsExactly("adapter." + bad[0]);
        }
        assertThat(departments("ZZADM-NAN")).isZero();

        for (String setting : List.of("timeoutMs", "maxConcurrentCalls")) {
            HttpResponse<String> refused =
                    patch("/api/v1/admin/departments/" + DEPARTMENT, "{\"adapter\": {\"" + setting + "\": \"lots\"}}");
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).containsExactly("adapter." + setting);
        }
        JsonNode adapter =
                body(get("/api/v1/admin/departments/" + DEPARTMENT), 200).path("adapter");
        assertThat(adapter.path("timeoutMs").asInt()).isEqualTo(2000);
        assertThat(adapter.path("maxConcurrentCalls").asInt()).isEqualTo(5);
    }

    // 5. header names and the input fields an operation's options map

    @Test
    void shouldCheckTheHeaderNamesAndInputFieldsAnOperationsOptionsMap() {
        HttpResponse<String> refused =
                addService(DEPARTMENT, service("ZZADM-RULES-OPT", "/passbook", UAN_SCHEMA, true, """
                        , "options": {"headers": {"Bad Header": "uan", "Authorization": "uan", "Host": "uan",
                                                  "X-Ok": "nosuchfield"},
                                      "query": {"q": "ghostfield"}, "bodyFields": ["uan", "ghost"]}"""));
        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused))
                .containsExactlyInAnyOrder(
                        "operations[0].options.headers.Bad Header",
                        "operations[0].options.headers.Authorization",
                        "operations[0].options.headers.Host",
                        "operations[0].options.headers.X-Ok",
                        "operations[0].options.query.q",
                        "operations[0].options.bodyFields[1]");
        assertThat(TestHttp.json(refused).path("errors").toString())
                .contains("is set by the platform")
                .contains("names the input field nosuchfield, which the input schema does not define");
        assertThat(services("ZZADM-RULES-OPT")).isZero();

        body(
                addService(
                        DEPARTMENT,
                        service(
                                "ZZADM-RULES-OPT",
                                "/passbook",
                                UAN_SCHEMA,
                                true,
                                ", \"options\": {\"headers\": {\"X-Uan\": \"uan\"}, \"query\": {\"q\": \"uan\"}}")),
                201);
    }

    // 6. a probe path that forms no URL

    @Test
    void shouldRefuseAProbePathThatFormsNoUrlAndNeverFailAProbeOfOneStoredBefore() {
        for (String probePath : List.of("/x y\\u0007", "health", "/health#top", "/a%zz", "/" + "a".repeat(300))) {
            HttpResponse<String> refused =
                    post("/api/v1/admin/departments", """
                    {"code": "ZZADM-PROBE", "name": {"en": "Probe"}, "type": "CENTRAL",
                     "adapter": {"type": "rest-json", "baseUrl": "%s", "probePath": "%s"}}""".formatted(stub.baseUri() + "/p", probePath));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(probePath).containsExactly("adapter.probePath");
        }

        assertThat(departments("ZZADM-PROBE")).isZero();
        HttpResponse<String> patched =
                patch("/api/v1/admin/departments/" + DEPARTMENT, "{\"adapter\": {\"probePath\": \"/x y\\u0007\"}}");
        assertThat(errorFields(patched)).containsExactly("adapter.probePath");

        body(post("/api/v1/admin/departments", """
                {"code": "ZZADM-PROBE", "name": {"en": "Probe"}, "type": "CENTRAL",
                 "adapter": {"type": "rest-json", "baseUrl": "%s", "probePath": "/health?deep=true"}}""".formatted(stub.baseUri() + "/p")), 201);
        // as stored before the rule
        jdbc.sql(
                        "update department set adapter_settings = jsonb_set(adapter_settings, '{probePath}', to_jsonb(cast(? as text)))"
                                + " where code = 'ZZADM-PROBE'")
                .param("/x y\u0007")
                .update();
        JsonNode probe = body(get("/api/v1/admin/departments/ZZADM-PROBE/health?probe=true"), 200)
                .path("probe");
        assertThat(probe.path("reachable").asBoolean()).isFalse();
        assertThat(probe.path("message").asString()).contains("probePath");
    }

    // 7. an operation's path that forms no URL

    @Test
    void shouldRefuseAnOperationPathThatFormsNoUrl() {
        for (String path :
                List.of("/a%zz|^\\u0007/{uan}", "/a/{uan}/b c", "/a/{uan}/%2", "/a/{uan}\\\\b", "/a/<{uan}>")) {
            HttpResponse<String> refused =
                    addService(DEPARTMENT, service("ZZADM-RULES-PATH", path, UAN_SCHEMA, true, ""));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(path).containsExactly("operations[0].path");
        }
        assertThat(services("ZZADM-RULES-PATH")).isZero();

        body(
                addService(
                        DEPARTMENT,
                        service(
                                "ZZADM-RULES-PATH",
                                "/v1/a%20b/{uan};v=1/x@y:z?from=(1)&uan={uan}",
                                UAN_SCHEMA,
                                true,
                                "")),
                201);
        assertThat(body(
                                post(
                                        "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run",
                                        "{\"serviceCode\": \"ZZADM-RULES-PATH\", \"operationCode\": \"op\","
                                                + " \"input\": {\"uan\": \"100200300400\"}}"),
                                200)
                        .path("outcome")
                        .asString())
                .as("the department is called at that path")
                .isEqualTo("SUCCESS");
    }

    // 8. input schemas that no input could satisfy

    @Test
    void shouldRefuseAnInputSchemaNoInputCouldSatisfy() {
        String requiredGhost = """
                {"type": "object", "additionalProperties": false, "required": ["uan", "ghost"], "properties": {
                  "uan": {"type": "string", "title": "UAN", "examples": ["100200300400"]}}}""";
        HttpResponse<String> ghost =
                addService(DEPARTMENT, service("ZZADM-RULES-SCHEMA", "/passbook", requiredGhost, true, ""));
        assertProblem(ghost, 400, "VALIDATION_FAILED");
        assertThat(errorFields(ghost)).containsExactly("operations[0].inputSchema.required");

        String nestedGhost = """
                {"type": "object", "additionalProperties": false, "properties": {
                  "amount": {"type": "object", "title": "Amount", "examples": [{"value": "1.00"}],
                             "additionalProperties": false, "required": ["value", "currency"],
                             "properties": {"value": {"type": "string", "title": "Value", "examples": ["1.00"]}}}}}""";
        HttpResponse<String> nested =
                addService(DEPARTMENT, service("ZZADM-RULES-SCHEMA", "/passbook", nestedGhost, true, ""));
        assertThat(errorFields(nested)).contains("operations[0].inputSchema.properties.amount.required");

        // each example is accepted on its own, together they are not
        String together = """
                {"type": "object", "additionalProperties": false, "maxProperties": 1, "dependentRequired": {"uan": ["memberId"]},
                 "properties": {
                   "uan": {"type": "string", "title": "UAN", "examples": ["100200300400"]},
                   "mobile": {"type": "string", "title": "Mobile", "examples": ["9876543210"]},
                   "memberId": {"type": "string", "title": "Member id", "examples": ["MH/BAN/0012345/000/0000123"]}}}""";
        HttpResponse<String> examples =
                addService(DEPARTMENT, service("ZZADM-RULES-SCHEMA", "/passbook", together, true, ""));
        assertProblem(examples, 400, "VALIDATION_FAILED");
        assertThat(errorFields(examples)).containsExactly("operations[0].inputSchema");
        assertThat(TestHttp.json(examples).path("errors").get(0).path("message").asString())
                .startsWith("refuses the input its examples make together");
        assertThat(services("ZZADM-RULES-SCHEMA")).isZero();

        body(
                addService(
                        DEPARTMENT,
                        service(
                                "ZZADM-RULES-SCHEMA",
                                "/passbook",
                                together.replace("\"maxProperties\": 1, ", ""),
                                true,
                                "")),
                201);
    }

    // 9. titles in other languages under their exact codes

    @Test
    void shouldRefuseTitlesUnderLanguageKeysThatAreNotTheExactCodes() {
        String schema = """
                {"type": "object", "additionalProperties": false, "required": ["uan"], "properties": {
                  "uan": {"type": "string", "title": "UAN", "examples": ["100200300400"],
                          "x-title": {"HI": "यूएएन", " ta ": "யுஏஎன்", "xx": "?", "mr": "यूएएन"}}}}""";
        HttpResponse<String> refused =
                addService(DEPARTMENT, service("ZZADM-RULES-TITLE", "/passbook", schema, true, ""));
        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused))
                .containsExactlyInAnyOrder(
                        "operations[0].inputSchema.properties.uan.x-title.HI",
                        "operations[0].inputSchema.properties.uan.x-title. ta ",
                        "operations[0].inputSchema.properties.uan.x-title.xx");
        assertThat(services("ZZADM-RULES-TITLE")).isZero();

        body(
                addService(
                        DEPARTMENT,
                        service(
                                "ZZADM-RULES-TITLE",
                                "/passbook",
                                schema.replace("\"HI\"", "\"hi\"")
                                        .replace("\" ta \"", "\"ta\"")
                                        .replace(", \"xx\": \"?\"", ""),
                                true,
                                "")),
                201);
    }

    // 10. settings of another auth type

    @Test
    void shouldRefuseAuthSettingsTheAuthTypeDoesNotUse() {
        HttpResponse<String> none = post("/api/v1/admin/departments", """
                {"code": "ZZADM-AUTH", "name": {"en": "Auth"}, "type": "CENTRAL",
                 "adapter": {"type": "rest-json", "baseUrl": "%s",
                             "auth": {"type": "none", "apiKey": "leftover-secret-1"}}}""".formatted(stub.baseUri() + "/a"));
        assertProblem(none, 400, "VALIDATION_FAILED");
        assertThat(errorFields(none)).containsExactly("adapter.auth.apiKey");
        assertThat(none.body()).doesNotContain("leftover-secret-1");
        HttpResponse<String> basic =
                post("/api/v1/admin/departments", """
                {"code": "ZZADM-AUTH", "name": {"en": "Auth"}, "type": "CENTRAL",
                 "adapter": {"type": "rest-json", "baseUrl": "%s",
                             "auth": {"type": "basic", "username": "u", "password": "p4ss-1", "tokenUrl": "%s"}}}""".formatted(stub.baseUri() + "/a", stub.baseUri() + "/t"));
        assertThat(errorFields(basic)).containsExactly("adapter.auth.tokenUrl");
        assertThat(departments("ZZADM-AUTH")).isZero();

        // changing the type, the other type's settings go too
        body(
                post("/api/v1/admin/departments", restJsonDepartment("ZZADM-AUTH", stub.baseUri() + "/a", "old-key-1")),
                201);
        HttpResponse<String> kept = patch(
                "/api/v1/admin/departments/ZZADM-AUTH",
                "{\"adapter\": {\"auth\": {\"type\": \"basic\", \"username\": \"u\", \"password\": \"p4ss-1\"}}}");
        assertProblem(kept, 400, "VALIDATION_FAILED");
        assertThat(errorFields(kept)).containsExactlyInAnyOrder("adapter.auth.apiKey", "adapter.auth.headerName");
        JsonNode changed = body(
                patch(
                        "/api/v1/admin/departments/ZZADM-AUTH",
                        "{\"adapter\": {\"auth\": {\"type\": \"basic\", \"username\": \"u\", \"password\": \"p4ss-1\","
                                + " \"apiKey\": null, \"headerName\": null}}}"),
                200);
        assertThat(changed.path("secrets").path("auth.apiKey").asString()).isEqualTo("unset");
        assertThat(changed.path("secrets").path("auth.password").asString()).isEqualTo("set");
    }

    // 10b. settings under the dotted names the adapter types list ("auth.password"): taken as one
    // key each, the secret was stored and answered in clear and the department called without auth

    @Test
    void shouldRefuseSettingsSentUnderTheirDottedNamesAndNeverKeepTheSecret() {
        HttpResponse<String> created = post("/api/v1/admin/departments", """
                {"code": "ZZADM-DOTS", "name": {"en": "Dots"}, "type": "CENTRAL",
                 "adapter": {"type": "rest-json", "baseUrl": "%s", "auth.type": "basic",
                             "auth.username": "u", "auth.password": "dotted-secret-1"}}""".formatted(stub.baseUri() + "/a"));
        assertProblem(created, 400, "VALIDATION_FAILED");
        assertThat(errorFields(created))
                .containsExactlyInAnyOrder("adapter.auth.type", "adapter.auth.username", "adapter.auth.password");
        assertThat(created.body()).doesNotContain("dotted-secret-1");
        assertThat(departments("ZZADM-DOTS")).isZero();

        body(
                post(
                        "/api/v1/admin/departments",
                        restJsonDepartment("ZZADM-DOTS", stub.baseUri() + "/a", "dots-key-1")),
                201);
        HttpResponse<String> changed =
                patch("/api/v1/admin/departments/ZZADM-DOTS", "{\"adapter\": {\"auth.apiKey\": \"dotted-secret-2\"}}");
        assertProblem(changed, 400, "VALIDATION_FAILED");
        assertThat(errorFields(changed)).containsExactly("adapter.auth.apiKey");
        assertThat(changed.body()).doesNotContain("dotted-secret-2");
        HttpResponse<String> read = get("/api/v1/admin/departments/ZZADM-DOTS");
        assertThat(read.body()).doesNotContain("dotted-secret").doesNotContain("auth.apiKey\":\"d");
        assertThat(jdbc.sql("select adapter_settings::text from department where code = 'ZZADM-DOTS'")
                        .query(String.class)
                        .single())
                .doesNotContain("dotted-secret")
                .doesNotContain("auth.");
    }

    // 11. no references in an input schema: a dangling or recursive one failed calls with a 500

    /** A schema of one required string property {@code a} (title, example "x") with the given further members. */
    private static String schemaOfA(String propertyMembers, String schemaMembers) {
        String closed = schemaMembers.contains("\"additionalProperties\"") ? "" : "\"additionalProperties\": false, ";
        return """
                {"type": "object", "required": ["a"], %s%s"properties": {
                  "a": {"type": "string", "title": "A", "examples": ["x"]%s}}}""".formatted(closed, schemaMembers, propertyMembers);
    }

    @Test
    void shouldRefuseReferencesInAnInputSchemaNamingThemInsteadOfFailing() {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put(schemaOfA(", \"$ref\": \"#/$defs/missing\"", ""), "operations[0].inputSchema.properties.a.$ref");
        refused.put(schemaOfA(", \"$ref\": \"#/properties/a\"", ""), "operations[0].inputSchema.properties.a.$ref");
        // in branches no example reaches: these were accepted, published, and failed citizens' calls
        refused.put(
                schemaOfA(", \"if\": {\"const\": \"y\"}, \"then\": {\"$ref\": \"#/$defs/none\"}", ""),
                "operations[0].inputSchema.properties.a.then.$ref");
        refused.put(
                schemaOfA("", "\"additionalProperties\": {\"$ref\": \"#/$defs/none\"}, "),
                "operations[0].inputSchema.additionalProperties.$ref");
        refused.put(
                schemaOfA(", \"$dynamicRef\": \"#meta\"", ""), "operations[0].inputSchema.properties.a.$dynamicRef");
        refused.put(
                schemaOfA("", "\"$defs\": {\"b\": {\"$recursiveRef\": \"#\"}}, "),
                "operations[0].inputSchema.$defs.b.$recursiveRef");
        refused.forEach((schema, field) -> {
            HttpResponse<String> response =
                    addService(DEPARTMENT, service("ZZADM-RULES-REF", "/records/{a}", schema, true, ""));
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(errorFields(response)).as(schema).containsExactly(field);
            assertThat(TestHttp.json(response)
                            .path("errors")
                            .get(0)
                            .path("message")
                            .asString())
                    .contains("write the schema out in place");
        });
        assertThat(services("ZZADM-RULES-REF")).isZero();

        // a property may be called "$ref", and an example may hold one: they are names and data
        body(addService(DEPARTMENT, service("ZZADM-RULES-REF", "/records/{a}", """
                                {"type": "object", "additionalProperties": false, "required": ["a"], "properties": {
                                  "a": {"type": "string", "title": "A", "examples": ["x"]},
                                  "$ref": {"type": "object", "additionalProperties": false, "title": "Ref",
                                           "examples": [{"$ref": "#/x"}], "properties": {
                                             "$ref": {"type": "string", "title": "Ref", "examples": ["#/x"]}}}}}""", true, "")), 201);
    }

    @Test
    void shouldNeverAnswer500ForAStoredInputSchemaThatCannotCheckInputsAndNotPublishIt() {
        body(addService(DEPARTMENT, service("ZZADM-RULES-OLDREF", "/records/{a}", schemaOfA("", ""), true, "")), 201);
        // as stored before references were refused
        jdbc.sql("update operation set input_schema = cast(? as json) where entry_code = 'ZZADM-RULES-OLDREF'")
                .param(schemaOfA(", \"$ref\": \"#/properties/a\"", ""))
                .update();
        stub.clearRequests();

        JsonNode run = body(
                post(
                        "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run",
                        "{\"serviceCode\": \"ZZADM-RULES-OLDREF\", \"operationCode\": \"op\", \"input\": {\"a\": \"x\"}}"),
                200);
        assertThat(run.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(run.path("failure").path("kind").asString()).isEqualTo("MISCONFIGURED");
        assertThat(stub.requests()).as("the department is not called").isEmpty();

        HttpResponse<String> publish =
                patch("/api/v1/admin/services/ZZADM-RULES-OLDREF", "{\"status\": \"PUBLISHED\"}");
        assertProblem(publish, 422, "SERVICE_NOT_READY");
        assertThat(errorFields(publish)).containsExactly("operations.op.inputSchema.properties.a.$ref");
    }

    // 12. output fields of a response mapping: none under another, in the integrator's order

    @Test
    void shouldRefuseAnOutputFieldNestedUnderAnotherAndKeepTheMappingsOrder() {
        for (String mapping : List.of(
                "{\"result\": \"/result/status\", \"result.ref\": \"/result/internal_ref\"}",
                "{\"result.ref\": \"/result/internal_ref\", \"result\": \"/result/status\"}",
                "{\"result\": \"/result/status\", \"result.holder.name\": \"/result/holder/name\"}")) {
            HttpResponse<String> refused = addService(
                    DEPARTMENT,
                    service(
                            "ZZADM-RULES-MAP",
                            "/records/{uan}",
                            UAN_SCHEMA,
                            true,
                            ", \"responseMapping\": " + mapping));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused))
                    .as(mapping)
                    .hasSize(1)
                    .allMatch(field -> field.startsWith("operations[0].responseMapping.result."));
            assertThat(TestHttp.json(refused)
                            .path("errors")
                            .get(0)
                            .path("message")
                            .asString())
                    .contains("nests under the output field result");
        }
        assertThat(services("ZZADM-RULES-MAP")).isZero();

        // not the order jsonb keeps (shortest first: x, ref, status, validUntil, holder.name), nor a hash order
        String ordered = """
                {"validUntil": "/result/valid_till", "holder.name": "/result/holder/name", "status": "/result/status",
                 "ref": "/result/internal_ref", "x": "/result/holder/dob"}""";
        List<String> order = List.of("validUntil", "holder", "status", "ref", "x");
        body(
                addService(
                        DEPARTMENT,
                        service(
                                "ZZADM-RULES-MAP",
                                "/records/{uan}",
                                UAN_SCHEMA,
                                true,
                                ", \"responseMapping\": " + ordered)),
                201);
        assertThat(body(get("/api/v1/admin/services/ZZADM-RULES-MAP"), 200)
                        .path("operations")
                        .get(0)
                        .path("responseMapping")
                        .propertyNames())
                .containsExactly("validUntil", "holder.name", "status", "ref", "x");
        JsonNode run = body(
                post(
                        "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run",
                        "{\"serviceCode\": \"ZZADM-RULES-MAP\", \"operationCode\": \"op\","
                                + " \"input\": {\"uan\": \"100200300400\"}}"),
                200);
        assertThat(run.path("mapped").propertyNames()).containsExactlyElementsOf(order);
        body(patch("/api/v1/admin/services/ZZADM-RULES-MAP", "{\"status\": \"PUBLISHED\"}"), 200);
        HttpResponse<String> called = http.postJson(
                "/api/v1/services/ZZADM-RULES-MAP/operations/op",
                "{\"uan\": \"100200300400\"}",
                "Authorization",
                citizen("citizen-adm-map"));
        JsonNode data = body(called, 200).path("data");
        assertThat(data.propertyNames()).containsExactlyElementsOf(order);
        assertThat(data.path("ref").asString()).isEqualTo("LIC-MASTER-77");
        body(patch("/api/v1/admin/services/ZZADM-RULES-MAP", "{\"status\": \"DRAFT\"}"), 200);

        // one stored before the rule is not published
        jdbc.sql("update operation set response_mapping = cast(? as json) where entry_code = 'ZZADM-RULES-MAP'")
                .param("{\"result\": \"/result/status\", \"result.ref\": \"/result/internal_ref\"}")
                .update();
        HttpResponse<String> publish = patch("/api/v1/admin/services/ZZADM-RULES-MAP", "{\"status\": \"PUBLISHED\"}");
        assertProblem(publish, 422, "SERVICE_NOT_READY");
        assertThat(errorFields(publish)).containsExactly("operations.op.responseMapping.result.ref");
    }

    // 13. the api-key's header, and header values: what HTTP carries

    private String apiKeyDepartment(String code, String headerName, String apiKey, String headers) {
        return """
                {"code": "%s", "name": {"en": "Headers"}, "type": "CENTRAL",
                 "adapter": {"type": "rest-json", "baseUrl": "%s", "headers": %s,
                             "auth": {"type": "api-key", "headerName": "%s", "apiKey": "%s"}}}""".formatted(code, stub.baseUri() + "/h", headers, headerName, apiKey);
    }

    @Test
    void shouldRefuseAnApiKeyHeaderThePlatformSetsItself() {
        for (String header : List.of(
                "Content-Length",
                "content-type",
                "Host",
                "Transfer-Encoding",
                "Connection",
                "Expect",
                "X-Request-Id",
                "traceparent",
                "Bad Header")) {
            HttpResponse<String> refused =
                    post("/api/v1/admin/departments", apiKeyDepartment("ZZADM-KEYHDR", header, "key-123456", "{}"));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(header).containsExactly("adapter.auth.headerName");
        }
        assertThat(departments("ZZADM-KEYHDR")).isZero();
        HttpResponse<String> patched = patch(
                "/api/v1/admin/departments/" + DEPARTMENT,
                "{\"adapter\": {\"auth\": {\"headerName\": \"Content-Length\"}}}");
        assertProblem(patched, 400, "VALIDATION_FAILED");
        assertThat(errorFields(patched)).containsExactly("adapter.auth.headerName");

        // the key may fill Authorization, which nothing else sets with api-key
        body(
                post(
                        "/api/v1/admin/departments",
                        apiKeyDepartment("ZZADM-KEYHDR", "Authorization", "key-123456", "{}")),
                201);
    }

    @Test
    void shouldRefuseHeaderValuesOutsideVisibleAscii() {
        for (String value : List.of("परिवहन", "caf\\u00e9", "a\\u007fb", "a\\u0085b")) {
            HttpResponse<String> refused = post(
                    "/api/v1/admin/departments",
                    apiKeyDepartment("ZZADM-HDRVAL", "X-Api-Key", "key-123456", "{\"X-Dept\": \"" + value + "\"}"));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(value).containsExactly("adapter.headers.X-Dept");
            assertThat(TestHttp.json(refused)
                            .path("errors")
                            .get(0)
                            .path("message")
                            .asString())
                    .contains("visible ASCII");
        }
        HttpResponse<String> key = post(
                "/api/v1/admin/departments", apiKeyDepartment("ZZADM-HDRVAL", "X-Api-Key", "कुंजी-secret-9", "{}"));
        assertProblem(key, 400, "VALIDATION_FAILED");
        assertThat(errorFields(key)).containsExactly("adapter.auth.apiKey");
        assertThat(key.body()).doesNotContain("कुंजी-secret-9");
        assertThat(departments("ZZADM-HDRVAL")).isZero();
        HttpResponse<String> patched = patch(
                "/api/v1/admin/departments/" + DEPARTMENT, "{\"adapter\": {\"headers\": {\"X-Dept\": \"परिवहन\"}}}");
        assertThat(errorFields(patched)).containsExactly("adapter.headers.X-Dept");

        // spaces, tabs and punctuation are fine; non-ASCII basic credentials travel base64-encoded
        body(
                post(
                        "/api/v1/admin/departments",
                        apiKeyDepartment(
                                "ZZADM-HDRVAL", "X-Api-Key", "key-123456", "{\"X-Dept\": \"Transport, KA\\t(v2)~\"}")),
                201);
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

    /**
     * A static header or key longer than servers take (8 KiB for all headers is the common default)
     * was stored (201), then every call was refused by the department's server with a 400:
     * citizens got 422 DEPARTMENT_REJECTED while the department stayed UP.
     */
    @Test
    void shouldRefuseStaticHeadersAndAnApiKeyLongerOrMoreThanServersTake() {
        String code = "ZZADM-HDRLEN";
        String tooLong = "a".repeat(4097);
        HttpResponse<String> value = post(
                "/api/v1/admin/departments",
                apiKeyDepartment(code, "X-Api-Key", "key-123456", "{\"X-Big\": \"" + tooLong + "\"}"));
        assertProblem(value, 400, "VALIDATION_FAILED");
        assertThat(errorFields(value)).containsExactly("adapter.headers.X-Big");
        assertThat(TestHttp.json(value).path("errors").get(0).path("message").asString())
                .contains("4096 bytes");

        String longKey = "k".repeat(4097);
        HttpResponse<String> key =
                post("/api/v1/admin/departments", apiKeyDepartment(code, "X-Api-Key", longKey, "{}"));
        assertProblem(key, 400, "VALIDATION_FAILED");
        assertThat(errorFields(key)).containsExactly("adapter.auth.apiKey");
        assertThat(key.body()).doesNotContain(longKey);

        List<String> many = new ArrayList<>();
        for (int i = 1; i <= 21; i++) {
            many.add("\"X-H%02d\": \"v\"".formatted(i));
        }
        HttpResponse<String> count = post(
                "/api/v1/admin/departments",
                apiKeyDepartment(code, "X-Api-Key", "key-123456", "{" + String.join(", ", many) + "}"));
        assertProblem(count, 400, "VALIDATION_FAILED");
        assertThat(errorFields(count)).containsExactly("adapter.headers");

        String longName = "X-" + "n".repeat(63);
        HttpResponse<String> name = post(
                "/api/v1/admin/departments",
                apiKeyDepartment(code, "X-Api-Key", "key-123456", "{\"" + longName + "\": \"v\"}"));
        assertProblem(name, 400, "VALIDATION_FAILED");
        assertThat(errorFields(name)).containsExactly("adapter.headers." + longName);

        // each within bounds, together over 8 KiB with the key
        HttpResponse<String> total = post(
                "/api/v1/admin/departments",
                apiKeyDepartment(
                        code,
                        "X-Api-Key",
                        "k".repeat(300),
                        "{\"X-One\": \"" + "a".repeat(4000) + "\", \"X-Two\": \"" + "b".repeat(4000) + "\"}"));
        assertProblem(total, 400, "VALIDATION_FAILED");
        assertThat(errorFields(total)).containsExactly("adapter.headers");
        assertThat(TestHttp.json(total).path("errors").get(0).path("message").asString())
                .contains("8192 bytes");
        assertThat(departments(code)).isZero();

        HttpResponse<String> patched = patch(
                "/api/v1/admin/departments/" + DEPARTMENT,
                "{\"adapter\": {\"headers\": {\"X-Big\": \"" + tooLong + "\"}}}");
        assertProblem(patched, 400, "VALIDATION_FAILED");
        assertThat(errorFields(patched)).containsExactly("adapter.headers.X-Big");

        // at the bounds: taken
        List<String> twenty = new ArrayList<>(List.of("\"X-H01\": \"" + "a".repeat(4096) + "\""));
        for (int i = 2; i <= 20; i++) {
            twenty.add("\"X-H%02d\": \"v\"".formatted(i));
        }
        body(
                post(
                        "/api/v1/admin/departments",
                        apiKeyDepartment(code, "X-Api-Key", "k".repeat(3000), "{" + String.join(", ", twenty) + "}")),
                201);

        // and the settings schema an onboarding form is built from says so
        for (String type : List.of("rest-json", "epfo")) {
            JsonNode properties = settingsSchema(type).path("properties");
            JsonNode headers = properties.path("headers");
            assertThat(headers.path("maxProperties").asInt()).as(type).isEqualTo(20);
            assertThat(headers.path("propertyNames").path("maxLength").asInt()).isEqualTo(64);
            assertThat(headers.path("additionalProperties").path("maxLength").asInt())
                    .isEqualTo(4096);
        }
        for (String type : List.of("rest-json", "epfo", "bbps-biller")) {
            JsonNode auth = settingsSchema(type).path("properties").path("auth").path("properties");
            assertThat(auth.path("apiKey").path("maxLength").asInt()).as(type).isEqualTo(4096);
            assertThat(auth.path("headerName").path("maxLength").asInt())
                    .as(type)
                    .isEqualTo(64);
        }
    }

    /**
     * The platform sends its own User-Agent and Accept on every call: an api key named User-Agent
     * replaced it, and went out where departments and proxies log it.
     */
    @Test
    void shouldRefuseUserAgentAndAcceptWhichThePlatformSendsOnEveryCall() {
        String code = "ZZADM-UA";
        for (String header : List.of("User-Agent", "user-agent", "Accept", "ACCEPT")) {
            HttpResponse<String> key =
                    post("/api/v1/admin/departments", apiKeyDepartment(code, header, "key-123456", "{}"));
            assertProblem(key, 400, "VALIDATION_FAILED");
            assertThat(errorFields(key)).as(header).containsExactly("adapter.auth.headerName");
            HttpResponse<String> fixed = post(
                    "/api/v1/admin/departments",
                    apiKeyDepartment(code, "X-Api-Key", "key-123456", "{\"" + header + "\": \"JanSeva\"}"));
            assertProblem(fixed, 400, "VALIDATION_FAILED");
            assertThat(errorFields(fixed)).as(header).containsExactly("adapter.headers." + header);
        }
        assertThat(departments(code)).isZero();
        HttpResponse<String> patched = patch(
                "/api/v1/admin/departments/" + DEPARTMENT,
                "{\"adapter\": {\"auth\": {\"headerName\": \"User-Agent\"}}}");
        assertProblem(patched, 400, "VALIDATION_FAILED");
        assertThat(errorFields(patched)).containsExactly("adapter.auth.headerName");
        HttpResponse<String> mapped = addService(
                DEPARTMENT,
                service(
                        "ZZADM-RULES-UA",
                        "/passbook/{uan}",
                        UAN_SCHEMA,
                        true,
                        ", \"options\": {\"headers\": {\"Accept\": \"uan\"}}"));
        assertProblem(mapped, 400, "VALIDATION_FAILED");
        assertThat(errorFields(mapped)).containsExactly("operations[0].options.headers.Accept");
    }

    /**
     * Only payment-service calls operations for the platform, and only a biller's: a service whose
     * operations were all SERVICE was published, listed, searchable and counted, with nothing anyone
     * could call.
     */
    @Test
    void shouldRefuseAServiceWithoutAnOperationForCitizensOnCreateAndOnPublish() {
        HttpResponse<String> refused = addService(
                DEPARTMENT,
                service("ZZADM-RULES-NOCIT", "/passbook/{uan}", UAN_SCHEMA, true, ", \"visibility\": \"SERVICE\""));
        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused)).containsExactly("operations");
        assertThat(TestHttp.json(refused).path("errors").get(0).path("message").asString())
                .contains("CITIZEN");
        assertThat(services("ZZADM-RULES-NOCIT")).isZero();

        // one for citizens is enough
        String twoOperations = """
                {"code": "ZZADM-RULES-CIT", "name": {"en": "Rules citizens"}, "description": {"en": "Both kinds."},
                 "category": "transport", "channels": ["android", "ios", "web"], "countries": ["IN"],
                 "operations": [%s, %s]}""".formatted(
                        operation("passbook", "CITIZEN", "/passbook/{uan}", UAN_SCHEMA),
                        operation("sync", "SERVICE", "/sync/{uan}", UAN_SCHEMA));
        body(addService(DEPARTMENT, twoOperations), 201);

        // one stored without (before the rule, or past the API) is not published
        jdbc.sql("update operation set visibility = 'SERVICE' where entry_code = 'ZZADM-RULES-CIT'")
                .update();
        HttpResponse<String> publish = patch("/api/v1/admin/services/ZZADM-RULES-CIT", "{\"status\": \"PUBLISHED\"}");
        assertProblem(publish, 422, "SERVICE_NOT_READY");
        assertThat(errorFields(publish)).containsExactly("operations");
        assertThat(body(get("/api/v1/admin/services/ZZADM-RULES-CIT"), 200)
                        .path("status")
                        .asString())
                .isEqualTo("DRAFT");

        // a biller's service (fetch-bill for citizens, confirm-payment for services) as before
        String biller = "ZZADM-RULES-POWER";
        body(
                post(
                        "/api/v1/admin/departments",
                        biller(biller, "\"UTILITY\", \"state\": \"KA\"", "bbps-biller", stub.baseUri() + "/p")),
                201);
        body(
                addService(
                        biller,
                        billService(
                                "ZZADM-RULES-POWER-BILL",
                                operation("fetch-bill", "CITIZEN", "/bill/fetch", FETCH_BILL_SCHEMA),
                                operation("confirm-payment", "SERVICE", "/bill/payment", CONFIRM_PAYMENT_SCHEMA))),
                201);
        body(patch("/api/v1/admin/services/ZZADM-RULES-POWER-BILL", "{\"status\": \"PUBLISHED\"}"), 200);
    }

    // 16. a department change and a status change of one of its services at the same moment

    @Test
    void shouldNeverDeadlockADepartmentChangeWithAStatusChangeOfItsService() throws Exception {
        String department = "ZZADM-RACE";
        body(
                post("/api/v1/admin/departments", restJsonDepartment(department, stub.baseUri() + "/race", "race-1")),
                201);
        body(addService(department, service("ZZADM-RACE-SVC", "/passbook/{uan}", UAN_SCHEMA, true, "")), 201);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 12; round++) {
                boolean central = round % 2 == 0;
                String type = central
                        ? "{\"type\": \"CENTRAL\", \"state\": null}"
                        : "{\"type\": \"STATE\", \"state\": \"KA\"}";
                String status = "{\"status\": \"" + (central ? "SUSPENDED" : "PUBLISHED") + "\"}";
                CountDownLatch start = new CountDownLatch(1);
                Future<HttpResponse<String>> departmentChange = pool.submit(() -> {
                    start.await();
                    return patch("/api/v1/admin/departments/" + department, type);
                });
                Future<HttpResponse<String>> statusChange = pool.submit(() -> {
                    start.await();
                    return patch("/api/v1/admin/services/ZZADM-RACE-SVC", status);
                });
                start.countDown();
                HttpResponse<String> first = departmentChange.get(30, TimeUnit.SECONDS);
                HttpResponse<String> second = statusChange.get(30, TimeUnit.SECONDS);
                assertThat(first.statusCode())
                        .as("round %d: %s", round, first.body())
                        .isEqualTo(200);
                assertThat(second.statusCode())
                        .as("round %d: %s", round, second.body())
                        .isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // 14. a path placeholder filled with ., .. or nothing would call another of the department's addresses

    @Test
    void shouldRefuseADotSegmentInAPathPlaceholderBeforeCallingTheDepartment() {
        String schema = """
                {"type": "object", "additionalProperties": false, "required": ["id"], "properties": {
                  "id": {"type": "string", "title": "Record", "examples": ["R-1"]}}}""";
        body(addService(DEPARTMENT, service("ZZADM-RULES-DOTS", "/records/{id}/status", schema, true, "")), 201);
        stub.clearRequests();
        for (String id : List.of("..", ".", "..;", "..;x", ".;", "")) {
            HttpResponse<String> refused = post(
                    "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run",
                    "{\"serviceCode\": \"ZZADM-RULES-DOTS\", \"operationCode\": \"op\", \"input\": {\"id\": \"" + id
                            + "\"}}");
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(id).containsExactly("input.id");
        }
        assertThat(stub.requests()).isEmpty();

        JsonNode run = body(
                post(
                        "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run",
                        "{\"serviceCode\": \"ZZADM-RULES-DOTS\", \"operationCode\": \"op\", \"input\": {\"id\": \"...\"}}"),
                200);
        assertThat(run.path("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(stub.requests().get(0).path()).isEqualTo("/rules/records/.../status");
    }

    // 17. an input schema open to fields it does not declare: they would reach the department

    @Test
    void shouldRefuseAnInputSchemaThatLetsUndeclaredFieldsThrough() {
        String open = """
                {"type": "object", "required": ["q"], %s"properties": {
                  "q": {"type": "string", "title": "Search", "examples": ["nurse"]}}}""";
        for (String members :
                List.of("", "\"additionalProperties\": true, ", "\"additionalProperties\": {\"type\": \"string\"}, ")) {
            HttpResponse<String> refused =
                    addService(DEPARTMENT, service("ZZADM-RULES-OPEN", "/search", open.formatted(members), true, ""));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused))
                    .as(members)
                    .containsExactly("operations[0].inputSchema.additionalProperties");
        }
        assertThat(services("ZZADM-RULES-OPEN")).isZero();

        String closed = open.formatted("\"additionalProperties\": false, ");
        body(addService(DEPARTMENT, service("ZZADM-RULES-OPEN", "/search", closed, true, "")), 201);
        // as stored before the rule: not published so
        jdbc.sql("update operation set input_schema = cast(? as json) where entry_code = 'ZZADM-RULES-OPEN'")
                .param(open.formatted(""))
                .update();
        HttpResponse<String> publish = patch("/api/v1/admin/services/ZZADM-RULES-OPEN", "{\"status\": \"PUBLISHED\"}");
        assertProblem(publish, 422, "SERVICE_NOT_READY");
        assertThat(errorFields(publish)).containsExactly("operations.op.inputSchema.additionalProperties");
    }

    // 18. patternProperties at the top re-opens a closed schema: what it matches reached the department

    private static final String NAME_SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["n"], %s"properties": {
              "n": {"type": "string", "title": "Name", "examples": ["a"]}}}""";

    /**
     * A dry run that reaches the department and succeeds, tried again while it times out (a loaded
     * machine's first call may take longer than the department's 2 s); the stub's requests are
     * those of the attempt that succeeded.
     */
    private void dryRunSucceeds(String service, String input) {
        eventually(Duration.ofSeconds(30), () -> {
            stub.clearRequests();
            JsonNode run = body(
                    post(
                            "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run",
                            "{\"serviceCode\": \"" + service + "\", \"operationCode\": \"op\", \"input\": " + input
                                    + "}"),
                    200);
            assertThat(run.path("outcome").asString()).as(run.toString()).isEqualTo("SUCCESS");
        });
    }

    @Test
    void shouldRefusePatternPropertiesThatReopenAClosedInputSchemaAndSendOnlyDeclaredFields() {
        HttpResponse<String> refused = addService(
                DEPARTMENT,
                service(
                        "ZZADM-RULES-PATTERN",
                        "/records",
                        NAME_SCHEMA.formatted("\"patternProperties\": {\"^x\": {\"type\": \"string\"}}, "),
                        true,
                        ""));
        assertProblem(refused, 400, "VALIDATION_FAILED");
        assertThat(errorFields(refused)).containsExactly("operations[0].inputSchema.patternProperties");
        assertThat(services("ZZADM-RULES-PATTERN")).isZero();

        // the other keywords only add conditions: the top's additionalProperties false still refuses
        // a field they declare or admit, so they stay allowed
        String conditions = """
                "allOf": [{"properties": {"xa": {"type": "string"}}}],
                "anyOf": [{"additionalProperties": true}],
                "oneOf": [{"patternProperties": {"^x": {}}}],
                "if": {"required": ["n"]}, "then": {"additionalProperties": true}, "else": {"properties": {"xa": {}}},
                "dependentSchemas": {"n": {"patternProperties": {"^x": {}}}},
                "propertyNames": {"maxLength": 20},
                "unevaluatedProperties": true, """;
        body(
                addService(
                        DEPARTMENT,
                        service("ZZADM-RULES-CONDS", "/records", NAME_SCHEMA.formatted(conditions), true, "")),
                201);
        stub.clearRequests();
        assertProblem(
                post(
                        "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run",
                        "{\"serviceCode\": \"ZZADM-RULES-CONDS\", \"operationCode\": \"op\","
                                + " \"input\": {\"n\": \"a\", \"xa\": \"1\"}}"),
                400,
                "VALIDATION_FAILED");
        assertThat(stub.requests()).isEmpty();
        dryRunSucceeds("ZZADM-RULES-CONDS", "{\"n\": \"a\"}");

        // a stored schema that has it (written before the rule, or past the API): the department gets
        // the declared fields alone, and the service is not published
        body(
                addService(DEPARTMENT, service("ZZADM-RULES-PATTERN", "/records", NAME_SCHEMA.formatted(""), true, "")),
                201);
        jdbc.sql("update operation set input_schema = cast(? as json) where entry_code = 'ZZADM-RULES-PATTERN'")
                .param(NAME_SCHEMA.formatted("\"patternProperties\": {\"^x\": {\"type\": \"string\"}}, "))
                .update();
        stub.clearRequests();
        dryRunSucceeds("ZZADM-RULES-PATTERN", "{\"n\": \"a\", \"xaadhaar\": \"123412341234\"}");
        assertThat(stub.requests()).isNotEmpty().allSatisfy(request -> {
            assertThat(request.body()).doesNotContain("123412341234");
            assertThat(tools.jackson.databind.json.JsonMapper.builder()
                            .build()
                            .readTree(request.body())
                            .propertyNames())
                    .containsExactly("n");
        });

        HttpResponse<String> publish =
                patch("/api/v1/admin/services/ZZADM-RULES-PATTERN", "{\"status\": \"PUBLISHED\"}");
        assertProblem(publish, 422, "SERVICE_NOT_READY");
        assertThat(errorFields(publish)).containsExactly("operations.op.inputSchema.patternProperties");
    }

    // 19. a field sent in the address or a header is a scalar: an object there was a 502 for anyone

    @Test
    void shouldRefuseAPlaceholderOrMappedHeaderWhosePropertyIsNoScalarType() {
        String schema = """
                {"type": "object", "additionalProperties": false, "required": ["id"], "properties": {
                  "id": {%s"title": "Record", "examples": [%s]},
                  "h": {"type": "string", "title": "H", "examples": ["v"]}}}""";
        String closedObject = "\"type\": \"object\", \"additionalProperties\": false, ";
        String untyped = "operations[0].inputSchema.properties.id.type";
        List<List<String>> refused = List.of(
                List.of(schema.formatted(closedObject, "{}"), "/r/{id}", "operations[0].path"),
                List.of(
                        schema.formatted("\"type\": \"array\", \"items\": {\"type\": \"integer\"}, ", "[1]"),
                        "/r/{id}",
                        "operations[0].path"),
                List.of(
                        schema.formatted("\"type\": [\"string\", \"null\"], ", "\"R-1\""),
                        "/r/{id}",
                        "operations[0].path"),
                List.of(schema.formatted(closedObject, "{}"), "/r?a={id}", "operations[0].path"),
                // an untyped property takes any object: refused for that before its placement
                List.of(schema.formatted("", "\"R-1\""), "/r/{id}", untyped),
                List.of(schema.formatted("", "\"R-1\""), "/r?a={id}", untyped));
        refused.forEach(refusal -> {
            String inputSchema = refusal.get(0);
            String path = refusal.get(1);
            HttpResponse<String> response =
                    addService(DEPARTMENT, service("ZZADM-RULES-SCALAR", path, inputSchema, true, ""));
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(errorFields(response)).as(path + " " + inputSchema).containsExactly(refusal.get(2));
        });
        HttpResponse<String> header = addService(
                DEPARTMENT,
                service(
                        "ZZADM-RULES-SCALAR",
                        "/r",
                        schema.formatted(closedObject, "{}"),
                        true,
                        ", \"options\": {\"headers\": {\"X-Record\": \"id\", \"X-H\": \"h\"}}"));
        assertProblem(header, 400, "VALIDATION_FAILED");
        assertThat(errorFields(header)).containsExactly("operations[0].options.headers.X-Record");
        assertThat(services("ZZADM-RULES-SCALAR")).isZero();

        for (String type : List.of("\"integer\"", "\"number\"", "\"boolean\"", "[\"string\", \"integer\"]")) {
            String example = type.equals("\"boolean\"") ? "true" : "1";
            body(
                    addService(
                            DEPARTMENT,
                            service(
                                    "ZZADM-RULES-SCALAR",
                                    "/r/{id}?a={id}",
                                    schema.formatted("\"type\": " + type + ", ", example),
                                    true,
                                    ", \"options\": {\"headers\": {\"X-Record\": \"id\"}}")),
                    201);
            jdbc.sql("delete from catalogue_entry where code = 'ZZADM-RULES-SCALAR'")
                    .update();
        }
    }

    @Test
    void shouldRefuseANonScalarInputForAStoredUntypedPlaceholderAsTheCitizensInputNeverA502() {
        String typed = """
                {"type": "object", "additionalProperties": false, "required": ["id"], "properties": {
                  "id": {"type": "string", "title": "Record", "examples": ["R-1"]},
                  "q": {"type": "string", "title": "Query", "examples": ["z"]},
                  "h": {"type": "string", "title": "Header", "examples": ["v"]}}}""";
        String service = "ZZADM-RULES-UNTYPED";
        body(
                addService(
                        DEPARTMENT,
                        service(
                                service,
                                "/records/{id}/status?a={q}",
                                typed,
                                false,
                                ", \"options\": {\"headers\": {\"X-H\": \"h\"}}")),
                201);
        body(patch("/api/v1/admin/services/" + service, "{\"status\": \"PUBLISHED\"}"), 200);
        // as stored before placed fields had to be typed scalars: untyped, and the path's not required
        jdbc.sql("update operation set input_schema = cast(? as json) where entry_code = ?")
                .param(typed.replace("\"type\": \"string\", ", "").replace("\"required\": [\"id\"], ", ""))
                .param(service)
                .update();
        catalogue.refresh();
        stub.clearRequests();
        String citizen = citizen("citizen-adm-untyped");
        String call = "/api/v1/services/" + service + "/operations/op";
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("{\"id\": {\"x\": 1}}", "id");
        refused.put("{\"id\": [1]}", "id");
        refused.put("{\"id\": null}", "id");
        refused.put("{}", "id");
        refused.put("{\"id\": \"R-1\", \"q\": {\"a\": 1}}", "q");
        refused.put("{\"id\": \"R-1\", \"q\": [\"z\"]}", "q");
        refused.put("{\"id\": \"R-1\", \"h\": {\"a\": 1}}", "h");
        refused.put("{\"id\": \"R-1\", \"h\": null}", "h");
        refused.forEach((input, field) -> {
            HttpResponse<String> response = http.postJson(call, input, "Authorization", citizen);
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(errorFields(response)).as(input).containsExactly(field);

            HttpResponse<String> dryRun = post(
                    "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run",
                    "{\"serviceCode\": \"" + service + "\", \"operationCode\": \"op\", \"input\": " + input + "}");
            assertProblem(dryRun, 400, "VALIDATION_FAILED");
            assertThat(errorFields(dryRun)).as(input).containsExactly("input." + field);
        });
        assertThat(stub.requests()).as("the department is not called").isEmpty();

        // tried again while a loaded machine's call takes longer than the department's 2 s
        eventually(Duration.ofSeconds(30), () -> {
            stub.clearRequests();
            body(http.postJson(call, "{\"id\": \"R-1\", \"q\": \"z\", \"h\": \"v\"}", "Authorization", citizen), 200);
        });
        assertThat(stub.requests()).isNotEmpty().allSatisfy(request -> {
            assertThat(request.path()).isEqualTo("/rules/records/R-1/status");
            assertThat(request.query()).isEqualTo("a=z");
            assertThat(request.header("X-H")).isEqualTo("v");
        });

        // and it is not published again as it is stored
        body(patch("/api/v1/admin/services/" + service, "{\"status\": \"SUSPENDED\"}"), 200);
        HttpResponse<String> publish = patch("/api/v1/admin/services/" + service, "{\"status\": \"PUBLISHED\"}");
        assertProblem(publish, 422, "SERVICE_NOT_READY");
        // the path's {id} and its query's {q}, and the header's h; and each untyped property
        assertThat(errorFields(publish))
                .containsExactlyInAnyOrder(
                        "operations.op.inputSchema.properties.id.type",
                        "operations.op.inputSchema.properties.q.type",
                        "operations.op.inputSchema.properties.h.type",
                        "operations.op.path",
                        "operations.op.path",
                        "operations.op.options.headers.X-H");
    }

    // 20. a format the validator does not know checks nothing: refused, not ignored

    @Test
    void shouldRefuseAnUnknownFormatWhereverTheSchemaHoldsOne() {
        String schema = """
                {"type": "object", "additionalProperties": false, "required": ["email"], "properties": {
                  "email": {"type": "string", "format": "%s", "title": "Email", "examples": ["asha@example.in"]%s}}}""";
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put(schema.formatted("emial", ""), "operations[0].inputSchema.properties.email.format");
        refused.put(
                schema.formatted("email", ", \"if\": {\"maxLength\": 5}, \"then\": {\"format\": \"phone\"}"),
                "operations[0].inputSchema.properties.email.then.format");
        refused.put(
                schema.formatted("email", ", \"anyOf\": [{\"format\": \"Email\"}]"),
                "operations[0].inputSchema.properties.email.anyOf[0].format");
        refused.forEach((inputSchema, field) -> {
            HttpResponse<String> response =
                    addService(DEPARTMENT, service("ZZADM-RULES-FORMAT", "/mail", inputSchema, true, ""));
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(errorFields(response)).as(inputSchema).containsExactly(field);
            assertThat(TestHttp.json(response)
                            .path("errors")
                            .get(0)
                            .path("message")
                            .asString())
                    .contains("email", "date");
        });
        assertThat(services("ZZADM-RULES-FORMAT")).isZero();

        body(
                addService(DEPARTMENT, service("ZZADM-RULES-FORMAT", "/mail", schema.formatted("email", ""), true, "")),
                201);
        stub.clearRequests();
        HttpResponse<String> notAnEmail = post(
                "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run",
                "{\"serviceCode\": \"ZZADM-RULES-FORMAT\", \"operationCode\": \"op\", \"input\": {\"email\": \"asha\"}}");
        assertProblem(notAnEmail, 400, "VALIDATION_FAILED");
        assertThat(errorFields(notAnEmail)).containsExactly("input.email");
        assertThat(stub.requests()).isEmpty();
        dryRunSucceeds("ZZADM-RULES-FORMAT", "{\"email\": \"asha@example.in\"}");
    }

    // 21. the settings schema an onboarding form is built from has the bounds the API enforces

    @Test
    void shouldGiveTheCommonSettingsTheBoundsTheApiEnforcesInTheSettingsSchema() {
        JsonNode restJson = null;
        for (JsonNode type : body(get("/api/v1/admin/adapter-types"), 200).path("items")) {
            if (type.path("type").asString().equals("rest-json")) {
                restJson = type;
            }
        }
        assertThat(restJson).isNotNull();
        JsonNode properties = restJson.path("settingsSchema").path("properties");
        JsonNode timeout = properties.path("timeoutMs");
        JsonNode concurrency = properties.path("maxConcurrentCalls");
        assertThat(timeout.path("minimum").asLong()).isEqualTo(50);
        assertThat(timeout.path("maximum").asLong()).isEqualTo(4000);
        assertThat(concurrency.path("minimum").asLong()).isEqualTo(1);
        assertThat(concurrency.path("maximum").asLong()).isEqualTo(50);

        // the API agrees with them at each end
        String department = "ZZADM-BOUNDS";
        for (String[] bad : List.of(
                new String[] {
                    "timeoutMs", String.valueOf(timeout.path("maximum").asLong() + 1)
                },
                new String[] {
                    "timeoutMs", String.valueOf(timeout.path("minimum").asLong() - 1)
                },
                new String[] {
                    "maxConcurrentCalls",
                    String.valueOf(concurrency.path("maximum").asLong() + 1)
                },
                new String[] {
                    "maxConcurrentCalls",
                    String.valueOf(concurrency.path("minimum").asLong() - 1)
                })) {
            HttpResponse<String> response = post(
                    "/api/v1/admin/departments",
                    restJsonDepartment(department, stub.baseUri() + "/b", "bounds-1")
                            .replace(
                                    "\"" + bad[0] + "\": " + (bad[0].equals("timeoutMs") ? "2000" : "5"),
                                    "\"" + bad[0] + "\": " + bad[1]));
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(errorFields(response)).as(bad[0] + " " + bad[1]).containsExactly("adapter." + bad[0]);
        }
        assertThat(departments(department)).isZero();
        body(
                post(
                        "/api/v1/admin/departments",
                        restJsonDepartment(department, stub.baseUri() + "/b", "bounds-1")
                                .replace(
                                        "\"timeoutMs\": 2000",
                                        "\"timeoutMs\": "
                                                + timeout.path("maximum").asLong())
                                .replace(
                                        "\"maxConcurrentCalls\": 5",
                                        "\"maxConcurrentCalls\": "
                                                + concurrency.path("maximum").asLong())),
                201);
    }

    // 15. settings that would change nothing: misspelt refusal fields, a body on a method without one

    private static String serviceWithMethod(String code, String method, String options) {
        return service(code, "/passbook/{uan}", UAN_SCHEMA, true, ", \"options\": " + options)
                .replace("\"method\": \"POST\"", "\"method\": \"" + method + "\"");
    }

    @Test
    void shouldRefuseUnknownRefusalFieldsAndBodySettingsOfAMethodThatSendsNoBody() {
        HttpResponse<String> misspelt = addService(
                DEPARTMENT,
                serviceWithMethod(
                        "ZZADM-RULES-REFUSE",
                        "POST",
                        "{\"refusals\": {\"404\": {\"code\": \"RECORD_MISSING\", \"mesage\": \"No such record.\"},"
                                + " \"409\": {\"code\": \"TAKEN\", \"message\": {\"en\": \"Taken.\"}}}}"));
        assertProblem(misspelt, 400, "VALIDATION_FAILED");
        assertThat(errorFields(misspelt))
                .containsExactlyInAnyOrder(
                        "operations[0].options.refusals.404.mesage", "operations[0].options.refusals.409.message");
        assertThat(TestHttp.json(misspelt).path("errors").toString()).contains("known fields: [code, message]");

        for (String method : List.of("GET", "DELETE")) {
            HttpResponse<String> body = addService(
                    DEPARTMENT,
                    serviceWithMethod("ZZADM-RULES-REFUSE", method, "{\"bodyFields\": [\"uan\"], \"body\": \"none\"}"));
            assertProblem(body, 400, "VALIDATION_FAILED");
            assertThat(errorFields(body))
                    .as(method)
                    .containsExactlyInAnyOrder("operations[0].options.bodyFields", "operations[0].options.body");
        }
        assertThat(services("ZZADM-RULES-REFUSE")).isZero();

        body(
                addService(
                        DEPARTMENT,
                        serviceWithMethod(
                                "ZZADM-RULES-REFUSE",
                                "GET",
                                "{\"refusals\": {\"404\": {\"code\": \"RECORD_MISSING\", \"message\": \"No such record.\"}}}")),
                201);
    }

    // the shipped catalogue is held to the same rules

    @Test
    void shouldHoldEveryShippedServiceToTheRulesThatTieItsOperationsToItsDepartment() {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> shipped = jdbc.sql(
                        "select code, type, adapter_type from department where code not like 'ZZ%' order by code")
                .query()
                .listOfRows();
        int operations = 0;
        for (Map<String, Object> department : shipped) {
            String code = (String) department.get("code");
            String type = (String) department.get("type");
            String adapterType = (String) department.get("adapter_type");
            OperationRules.adapterTypeProblem(type, adapterType)
                    .ifPresent(problem -> problems.add(code + ": " + problem));
            Map<String, List<OperationDraft>> services = operationRules.storedOfDepartment(code, "services.");
            operations += services.values().stream().mapToInt(List::size).sum();
            operationRules
                    .problems(type, adapterType, services, "services.")
                    .forEach(error -> problems.add(code + " " + error.field() + ": " + error.message()));
            services.forEach((service, ops) -> OperationRules.citizenProblem(ops)
                    .ifPresent(problem -> problems.add(code + " " + service + ": " + problem)));
        }
        assertThat(problems).isEmpty();
        assertThat(operations).isGreaterThanOrEqualTo(1179 * 2 + 860);
    }
}
