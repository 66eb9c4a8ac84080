package org.janseva.catalog.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.List;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A {@code .} or {@code ..} segment (however spelt: {@code %2E}, before a {@code ;parameter}) or an
 * empty one, written into an operation's path template or a department's probe path, would call
 * another address than the one configured (another department's API behind the same host, with
 * this department's credentials): it is refused when it is saved, with a 400 naming the field and
 * nothing stored, a stored one is not published, and one published before the rule is never sent.
 * Over real HTTP against a real PostgreSQL, the department played by a stub HTTP server.
 */
class PathSegmentRulesIntegrationTests extends AdminTestSupport {

    private static final String DEPARTMENT = "ZZADM-SEGS";

    private static final List<String> TEMPLATES = List.of(
            "/../../other-dept/{q}",
            "/%2E%2E/%2e%2e/x//{q}",
            "/a/..;x/{q}",
            "/a/./{q}",
            "/a/.%2e/{q}",
            "/a//{q}",
            "//{q}?x={q}");

    private static final List<String> PROBE_PATHS = List.of("/../../x", "/%2e%2E/x", "/health/.;v=1", "/health//deep");

    private static final String SCHEMA = """
            {"type": "object", "additionalProperties": false, "required": ["q"], "properties": {
              "q": {"type": "string", "title": "Query", "examples": ["abc"]}}}""";

    private final StubHttpServer stub = StubHttpServer.start();

    @BeforeAll
    void onboard() {
        setUpHttp();
        stub.otherwise(Answer.json("{\"ok\": true}"));
        body(post("/api/v1/admin/departments", restJsonDepartment(DEPARTMENT, stub.baseUri() + "/r1/", "segs-1")), 201);
    }

    @BeforeEach
    void forgetRequests() {
        stub.clearRequests();
    }

    @AfterAll
    void stopStub() {
        stub.close();
    }

    private static String service(String code, String path) {
        return """
                {"code": "%s", "name": {"en": "Segments %s"}, "description": {"en": "A service of the segments' tests."},
                 "category": "transport", "channels": ["android", "ios", "web"], "countries": ["IN"],
                 "operations": [{"code": "op", "name": {"en": "Operation"}, "method": "GET", "path": "%s",
                   "inputSchema": %s, "idempotent": true}]}""".formatted(code, code, path, SCHEMA);
    }

    private static String department(String code, String baseUrl, String probePath) {
        return """
                {"code": "%s", "name": {"en": "Probe %s"}, "type": "CENTRAL",
                 "adapter": {"type": "rest-json", "baseUrl": "%s", "probePath": "%s"}}""".formatted(code, code, baseUrl, probePath);
    }

    private long count(String table, String code) {
        return jdbc.sql("select count(*) from " + table + " where code = ?")
                .param(code)
                .query(Long.class)
                .single();
    }

    private String storedProbePath(String code) {
        return jdbc.sql("select adapter_settings ->> 'probePath' from department where code = ?")
                .param(code)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private static String message(HttpResponse<String> response) {
        return TestHttp.json(response).path("errors").get(0).path("message").asString();
    }

    @Test
    void shouldRefuseADotOrEmptySegmentInAnOperationsPathTemplateAndStoreNothing() {
        for (String template : TEMPLATES) {
            HttpResponse<String> refused = post(
                    "/api/v1/admin/departments/" + DEPARTMENT + "/services", service("ZZADM-SEGS-CREATE", template));
            assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(errorFields(refused)).as(template).containsExactly("operations[0].path");
            assertThat(message(refused)).as(template).startsWith("must not have a");
        }
        assertThat(count("catalogue_entry", "ZZADM-SEGS-CREATE")).isZero();
        assertThat(stub.requests()).isEmpty();

        // what only looks like one is an ordinary segment; a trailing / an address of its own
        body(
                post(
                        "/api/v1/admin/departments/" + DEPARTMENT + "/services",
                        service("ZZADM-SEGS-CREATE", "/a/.../.well-known/{q}/")),
                201);
    }

    @Test
    void shouldRefuseSuchAProbePathWhenADepartmentIsCreatedOrChangedAndKeepTheStoredOne() {
        for (String probePath : PROBE_PATHS) {
            HttpResponse<String> created = post(
                    "/api/v1/admin/departments", department("ZZADM-SEGS-PROBE", stub.baseUri() + "/r1/", probePath));
            assertProblem(created, 400, "VALIDATION_FAILED");
            assertThat(errorFields(created)).as(probePath).containsExactly("adapter.probePath");
        }
        assertThat(count("department", "ZZADM-SEGS-PROBE")).isZero();

        body(
                post("/api/v1/admin/departments", department("ZZADM-SEGS-PROBE", stub.baseUri() + "/r1/", "/health")),
                201);
        for (String probePath : PROBE_PATHS) {
            HttpResponse<String> patched = patch(
                    "/api/v1/admin/departments/ZZADM-SEGS-PROBE",
                    "{\"adapter\": {\"probePath\": \"" + probePath + "\"}}");
            assertProblem(patched, 400, "VALIDATION_FAILED");
            assertThat(errorFields(patched)).as(probePath).containsExactly("adapter.probePath");
            assertThat(message(patched)).as(probePath).startsWith("must not have a");
        }
        assertThat(storedProbePath("ZZADM-SEGS-PROBE")).isEqualTo("/health");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void shouldNeitherPublishNorCallAnOperationStoredWithSuchATemplate() {
        // a service stored before the rule: not published, and a dry run never calls the department
        body(
                post("/api/v1/admin/departments/" + DEPARTMENT + "/services", service("ZZADM-SEGS-DRAFT", "/own/{q}")),
                201);
        jdbc.sql("update operation set path_template = ? where entry_code = 'ZZADM-SEGS-DRAFT'")
                .param("/../../other-dept/{q}")
                .update();
        HttpResponse<String> publish = patch("/api/v1/admin/services/ZZADM-SEGS-DRAFT", "{\"status\": \"PUBLISHED\"}");
        assertProblem(publish, 422, "SERVICE_NOT_READY");
        assertThat(errorFields(publish)).containsExactly("operations.op.path");
        assertThat(body(get("/api/v1/admin/services/ZZADM-SEGS-DRAFT"), 200)
                        .path("status")
                        .asString())
                .isEqualTo("DRAFT");
        JsonNode dryRun = body(
                post(
                        "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run",
                        "{\"serviceCode\": \"ZZADM-SEGS-DRAFT\", \"operationCode\": \"op\", \"input\": {\"q\": \"abc\"}}"),
                200);
        assertThat(dryRun.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(dryRun.path("failure").path("kind").asString()).isEqualTo("MISCONFIGURED");

        // a service published before the rule: its citizens' calls are never sent there
        body(
                post("/api/v1/admin/departments/" + DEPARTMENT + "/services", service("ZZADM-SEGS-LIVE", "/own/{q}")),
                201);
        body(patch("/api/v1/admin/services/ZZADM-SEGS-LIVE", "{\"status\": \"PUBLISHED\"}"), 200);
        jdbc.sql("update operation set path_template = ? where entry_code = 'ZZADM-SEGS-LIVE'")
                .param("/%2E%2E/%2e%2e/x//{q}")
                .update();
        catalogue.refresh();
        assertProblem(
                http.postJson(
                        "/api/v1/services/ZZADM-SEGS-LIVE/operations/op",
                        "{\"q\": \"abc\"}",
                        "Authorization",
                        citizen("citizen-segs-1")),
                502,
                "DEPARTMENT_ERROR");
        assertThat(stub.requests()).isEmpty();
    }

    @Test
    void shouldNeverProbeAtAProbePathStoredWithSuchASegment() {
        body(post("/api/v1/admin/departments", department("ZZADM-SEGS-OLD", stub.baseUri() + "/r1/", "/health")), 201);
        jdbc.sql("update department set adapter_settings = jsonb_set(adapter_settings, '{probePath}',"
                        + " to_jsonb(cast(? as text))) where code = 'ZZADM-SEGS-OLD'")
                .param("/../../other-dept/health")
                .update();
        JsonNode probe = body(get("/api/v1/admin/departments/ZZADM-SEGS-OLD/health?probe=true"), 200)
                .path("probe");
        assertThat(probe.path("reachable").asBoolean()).isFalse();
        assertThat(probe.path("message").asString()).contains("probePath");
        assertThat(stub.requests()).isEmpty();
    }
}
