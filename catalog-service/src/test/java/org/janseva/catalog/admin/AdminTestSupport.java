package org.janseva.catalog.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.janseva.catalog.catalogue.Catalogue;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The admin API's tests share the application's own test context (the same configuration as
 * {@code CatalogServiceApplicationIntegrationTests} and the catalogue tests: no extra Spring
 * context), with the shipped catalogue in a real PostgreSQL. Departments and services they create
 * have codes starting {@code ZZADM} and are removed afterwards (their audit rows stay: the trail is
 * append-only), so the shipped catalogue's figures are intact for the other tests.
 */
@EmbeddedPostgresTest(database = "catalog")
@WithTestTokenIssuer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// tests refresh the catalogue themselves; no polling, so other test contexts' changes to the shared
// database cause no rebuilds here
@TestPropertySource(properties = "platform.catalog.refresh-interval=1h")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdminTestSupport {

    static final TestTokenIssuer tokens = TestTokenIssuer.shared();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Catalogue catalogue;

    TestHttp http;

    @BeforeEach
    void setUpHttp() {
        http = TestHttp.localhost(port);
    }

    @AfterAll
    void removeTestDepartments() {
        jdbc.sql("delete from catalogue_entry where department_code like 'ZZADM%'")
                .update();
        jdbc.sql("delete from department where code like 'ZZADM%'").update();
        catalogue.refresh();
    }

    static String admin() {
        return TestTokenIssuer.bearer(tokens.adminToken("platform-admin"));
    }

    static String citizen(String id) {
        return TestTokenIssuer.bearer(tokens.citizenToken(id));
    }

    HttpResponse<String> post(String path, String json) {
        return http.postJson(path, json, "Authorization", admin());
    }

    HttpResponse<String> patch(String path, String json) {
        return http.sendJson("PATCH", path, json, "Authorization", admin());
    }

    HttpResponse<String> get(String path) {
        return http.get(path, "Authorization", admin());
    }

    /** @return the JSON body, after checking the status */
    static JsonNode body(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return TestHttp.json(response);
    }

    /** @return the {@code field} of every entry of a problem's {@code errors} */
    static List<String> errorFields(HttpResponse<String> response) {
        List<String> fields = new ArrayList<>();
        TestHttp.json(response)
                .path("errors")
                .forEach(error -> fields.add(error.path("field").asString()));
        return fields;
    }

    /** A rest-json department on a stub, with an API key. */
    static String restJsonDepartment(String code, String baseUrl, String apiKey) {
        return """
                {"code": "%s", "name": {"en": "Transport Department, Karnataka", "hi": "परिवहन विभाग, कर्नाटक"},
                 "type": "STATE", "state": "KA",
                 "adapter": {"type": "rest-json", "baseUrl": "%s", "timeoutMs": 2000, "maxConcurrentCalls": 5,
                             "auth": {"type": "api-key", "headerName": "X-Api-Key", "apiKey": "%s"}}}""".formatted(code, baseUrl, apiKey);
    }

    static final String HINDI_DESCRIPTION = "जाँचें कि ड्राइविंग लाइसेंस वैध है या नहीं, और कब तक।";

    /**
     * A service with one operation whose path has a placeholder and whose answer is mapped; its name
     * and description in English and Hindi.
     */
    static String licenceService(String code) {
        return """
                {"code": "%s", "name": {"en": "Driving licence status %s", "hi": "ड्राइविंग लाइसेंस की स्थिति"},
                 "description": {"en": "Check whether a driving licence is valid, and until when.",
                                 "hi": "%s"},
                 "category": "transport", "channels": ["android", "ios", "web"], "countries": ["IN"],
                 "synonyms": {"en": ["dl status"]},
                 "operations": [{"code": "licence-status", "name": {"en": "Licence status"}, "method": "POST",
                   "path": "/v1/licences/{licenceNumber}/status",
                   "inputSchema": {"type": "object", "required": ["licenceNumber"], "additionalProperties": false,
                     "properties": {"licenceNumber": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{13}$",
                       "title": "Licence number", "x-title": {"hi": "लाइसेंस संख्या"}, "examples": ["KA0120110012345"]}}},
                   "responseMapping": {"status": "/result/status", "holder.name": "/result/holder/name",
                                       "validUntil": "/result/valid_till"},
                   "idempotent": true}]}""".formatted(code, code, HINDI_DESCRIPTION, code);
    }

    static final String DEPARTMENT_ANSWER = """
            {"result": {"status": "VALID", "holder": {"name": "ASHA RAO", "dob": "1990-01-31"},
                        "valid_till": "2031-05-30", "internal_ref": "LIC-MASTER-77"}}""";

    /** Polls until the assertion holds or the deadline passes (no fixed sleeps). */
    static void eventually(Duration within, Runnable assertion) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError ex) {
                if (System.nanoTime() > deadline) {
                    throw ex;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
            }
        }
    }
}
