package org.janseva.catalog.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A dry run takes at most the department's {@code timeoutMs} (2000 ms here), OAuth2 token fetch
 * included, and then reports a {@code TIMEOUT} failure in its usual answer, well before the
 * gateway's 5 s route timeout would answer the integrator instead. So does a probe of the
 * department ({@code GET .../health?probe=true}).
 */
class DryRunTimeLimitIntegrationTests extends AdminTestSupport {

    private static final String LICENCE_PATH = "/v1/licences/KA0120110012345/status";
    private static final String INPUT = "\"input\": {\"licenceNumber\": \"KA0120110012345\"}";

    private final StubHttpServer department = StubHttpServer.start();

    @AfterAll
    void stopStub() {
        department.close();
    }

    private static void timing(String what, Object value) {
        System.out.println("RESILIENCE-TIMING " + what + ": " + value);
    }

    private HttpResponse<String> dryRun(String departmentCode, String serviceCode) {
        return post(
                "/api/v1/admin/departments/" + departmentCode + "/dry-run",
                "{\"serviceCode\": \"" + serviceCode + "\", \"operationCode\": \"licence-status\", " + INPUT + "}");
    }

    @Test
    void shouldReportATimeoutWhenADepartmentTricklesItsAnswerPastItsTimeout() {
        body(
                post(
                        "/api/v1/admin/departments",
                        restJsonDepartment("ZZADM-TRICKLE", department.baseUri() + "/trickle", "trickle-key-5521")),
                201);
        body(post("/api/v1/admin/departments/ZZADM-TRICKLE/services", licenceService("ZZADM-TRICKLE-DL")), 201);
        // about 170 bytes, one every 100 ms: 17 s in all, while no single read waits near 2000 ms
        department.trickling("POST", "/trickle" + LICENCE_PATH, Answer.json(DEPARTMENT_ANSWER), 100);

        long start = System.nanoTime();
        JsonNode report = body(dryRun("ZZADM-TRICKLE", "ZZADM-TRICKLE-DL"), 200);
        long elapsed = (System.nanoTime() - start) / 1_000_000;

        assertThat(report.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(report.path("failure").path("kind").asString()).isEqualTo("TIMEOUT");
        assertThat(report.path("serviceCode").asString()).isEqualTo("ZZADM-TRICKLE-DL");
        assertThat(report.path("latencyMs").asLong()).isBetween(2000L, 3000L);
        assertThat(elapsed).isLessThan(3500);
        timing(
                "dry run of a trickling department (timeoutMs 2000): latencyMs, answered after (ms), failure",
                report.path("latencyMs").asLong() + ", " + elapsed + ", " + report.path("failure"));
    }

    /**
     * The token endpoint and the department each answer within the timeout on their own (1500 ms
     * each), but not together: the dry run's time covers both.
     */
    @Test
    void shouldCountTheOAuth2TokenFetchInTheDryRunsTime() {
        String oauth2 = restJsonDepartment("ZZADM-OAUTH", department.baseUri() + "/oauth", "unused-key")
                .replace(
                        "{\"type\": \"api-key\", \"headerName\": \"X-Api-Key\", \"apiKey\": \"unused-key\"}",
                        "{\"type\": \"oauth2-client-credentials\", \"tokenUrl\": \"" + department.baseUri()
                                + "/oauth/token\", \"clientId\": \"janseva\", \"clientSecret\": \"oauth-secret-7731\"}");
        body(post("/api/v1/admin/departments", oauth2), 201);
        body(post("/api/v1/admin/departments/ZZADM-OAUTH/services", licenceService("ZZADM-OAUTH-DL")), 201);
        department.on(
                "POST",
                "/oauth/token",
                Answer.json("{\"access_token\": \"tok-4f1c\", \"token_type\": \"Bearer\", \"expires_in\": 300}")
                        .delayedBy(1500));
        department.on(
                "POST", "/oauth" + LICENCE_PATH, Answer.json(DEPARTMENT_ANSWER).delayedBy(1500));

        long start = System.nanoTime();
        JsonNode report = body(dryRun("ZZADM-OAUTH", "ZZADM-OAUTH-DL"), 200);
        long elapsed = (System.nanoTime() - start) / 1_000_000;

        assertThat(report.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(report.path("failure").path("kind").asString()).isEqualTo("TIMEOUT");
        assertThat(report.path("latencyMs").asLong()).isBetween(2000L, 2900L);
        assertThat(elapsed).isLessThan(3500);
        assertThat(department.arrivals("POST", "/oauth/token")).isEqualTo(1);
        timing(
                "dry run with OAuth2 (token 1500 ms + call 1500 ms, timeoutMs 2000): latencyMs, answered after (ms),"
                        + " failure",
                report.path("latencyMs").asLong() + ", " + elapsed + ", " + report.path("failure"));
    }

    /** A probe's token fetch and its request share the department's timeout too. */
    @Test
    void shouldCountTheOAuth2TokenFetchInTheProbesTime() {
        String oauth2 = restJsonDepartment("ZZADM-PROBE", department.baseUri() + "/probe", "unused-key")
                .replace(
                        "{\"type\": \"api-key\", \"headerName\": \"X-Api-Key\", \"apiKey\": \"unused-key\"}",
                        "{\"type\": \"oauth2-client-credentials\", \"tokenUrl\": \"" + department.baseUri()
                                + "/probe/token\", \"clientId\": \"janseva\", \"clientSecret\": \"probe-secret-8812\"}")
                .replace("\"timeoutMs\": 2000,", "\"timeoutMs\": 2000, \"probePath\": \"/ping\",");
        body(post("/api/v1/admin/departments", oauth2), 201);
        department.on(
                "POST",
                "/probe/token",
                Answer.json("{\"access_token\": \"tok-9a2e\", \"token_type\": \"Bearer\", \"expires_in\": 300}")
                        .delayedBy(1500));
        department.on("GET", "/probe/ping", Answer.json("{\"ok\": true}").delayedBy(1500));

        long start = System.nanoTime();
        JsonNode health = body(get("/api/v1/admin/departments/ZZADM-PROBE/health?probe=true"), 200);
        long elapsed = (System.nanoTime() - start) / 1_000_000;

        JsonNode probe = health.path("probe");
        assertThat(probe.path("reachable").asBoolean()).isFalse();
        assertThat(probe.path("latencyMs").asLong()).isBetween(1900L, 2900L);
        assertThat(elapsed).isLessThan(3500);
        assertThat(department.arrivals("POST", "/probe/token")).isEqualTo(1);
        timing(
                "probe with OAuth2 (token 1500 ms + probe 1500 ms, timeoutMs 2000): latencyMs, answered after (ms),"
                        + " message",
                probe.path("latencyMs").asLong() + ", " + elapsed + ", " + probe.path("message"));
    }
}
