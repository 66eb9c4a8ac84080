package org.janseva.catalog.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;

/**
 * A {@code timeoutMs} or {@code maxConcurrentCalls} out of range is told the range it is really
 * held to (the adapter types' own, below this platform's caps: 50-4000 and 1-50, as the settings
 * schema gives them), in one message, whichever end it misses and whether the department is created
 * or changed; nothing is stored. Over real HTTP against a real PostgreSQL.
 */
class SettingsRangeIntegrationTests extends AdminTestSupport {

    private static final String TIMEOUT = "must be between 50 and 4000 on this platform: a citizen's call, a retry"
            + " included, must end before the gateway's route timeout";
    private static final String CONCURRENCY = "must be between 1 and 50 on this platform: one department may hold"
            + " no more of the connections and threads every department shares";

    private static String department(String code, String settings) {
        return """
                {"code": "%s", "name": {"en": "Range %s"}, "type": "CENTRAL",
                 "adapter": {"type": "rest-json", "baseUrl": "http://localhost:8390/"%s}}""".formatted(code, code, settings);
    }

    /** @return each error's message by its field */
    private static Map<String, String> errors(HttpResponse<String> response) {
        assertProblem(response, 400, "VALIDATION_FAILED");
        Map<String, String> errors = new LinkedHashMap<>();
        TestHttp.json(response)
                .path("errors")
                .forEach(error -> errors.put(
                        error.path("field").asString(), error.path("message").asString()));
        return errors;
    }

    private long departments(String code) {
        return jdbc.sql("select count(*) from department where code = ?")
                .param(code)
                .query(Long.class)
                .single();
    }

    @Test
    void shouldTellTheRangeTheSettingsAreHeldToWhenTheyAreOverIt() {
        // past the adapter types' own limits (30000, 500), and past only the platform's caps
        assertThat(errors(post(
                        "/api/v1/admin/departments",
                        department("ZZADM-RANGE", ", \"timeoutMs\": 99999, \"maxConcurrentCalls\": 501"))))
                .containsExactly(
                        Map.entry("adapter.timeoutMs", TIMEOUT), Map.entry("adapter.maxConcurrentCalls", CONCURRENCY));
        assertThat(errors(post(
                        "/api/v1/admin/departments",
                        department("ZZADM-RANGE", ", \"timeoutMs\": 5000, \"maxConcurrentCalls\": 51"))))
                .containsExactly(
                        Map.entry("adapter.timeoutMs", TIMEOUT), Map.entry("adapter.maxConcurrentCalls", CONCURRENCY));
        assertThat(departments("ZZADM-RANGE")).isZero();
    }

    @Test
    void shouldTellTheSameRangeWhenTheSettingsAreUnderIt() {
        assertThat(errors(post(
                        "/api/v1/admin/departments",
                        department("ZZADM-RANGE-LOW", ", \"timeoutMs\": 49, \"maxConcurrentCalls\": 0"))))
                .containsExactly(
                        Map.entry("adapter.timeoutMs", TIMEOUT), Map.entry("adapter.maxConcurrentCalls", CONCURRENCY));
        assertThat(departments("ZZADM-RANGE-LOW")).isZero();
    }

    @Test
    void shouldTellTheRangeWhenAChangeTakesTheSettingsOutOfItAndKeepTheStoredOnes() {
        body(
                post(
                        "/api/v1/admin/departments",
                        department("ZZADM-RANGE-PATCH", ", \"timeoutMs\": 4000, \"maxConcurrentCalls\": 50")),
                201);
        for (String[] values : new String[][] {{"99999", "0"}, {"5000", "51"}, {"10", "500"}}) {
            Map<String, String> errors = errors(patch(
                    "/api/v1/admin/departments/ZZADM-RANGE-PATCH",
                    "{\"adapter\": {\"timeoutMs\": " + values[0] + ", \"maxConcurrentCalls\": " + values[1] + "}}"));
            assertThat(errors)
                    .as(String.join(" ", values))
                    .containsExactly(
                            Map.entry("adapter.timeoutMs", TIMEOUT),
                            Map.entry("adapter.maxConcurrentCalls", CONCURRENCY));
        }
        Map<String, Object> stored = jdbc.sql("select (adapter_settings ->> 'timeoutMs')::int as timeout,"
                        + " (adapter_settings ->> 'maxConcurrentCalls')::int as calls from department where code = ?")
                .param("ZZADM-RANGE-PATCH")
                .query()
                .singleRow();
        assertThat(stored).containsEntry("timeout", 4000).containsEntry("calls", 50);
    }

    @Test
    void shouldNameTheAdapterTypesOwnProblemsNextToAValueOverThePlatformsCap() {
        assertThat(errors(post(
                                "/api/v1/admin/departments",
                                department("ZZADM-RANGE-BOTH", ", \"timeoutMs\": 5000, \"probePath\": \"/../x\"")))
                        .keySet())
                .containsExactlyInAnyOrder("adapter.timeoutMs", "adapter.probePath");
        assertThat(departments("ZZADM-RANGE-BOTH")).isZero();
    }
}
