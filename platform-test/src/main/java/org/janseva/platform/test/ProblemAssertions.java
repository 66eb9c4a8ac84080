package org.janseva.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

/** Asserts that an answer is one of the platform's RFC 9457 problem documents. */
public final class ProblemAssertions {

    private ProblemAssertions() {}

    /**
     * Checks status, media type, the problem fields and that nothing internal leaks.
     *
     * @param response the answer
     * @param status the expected HTTP status
     * @param code the expected machine code
     * @return the problem document, for further checks
     */
    public static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = TestHttp.json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("type").asString()).startsWith("https://");
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString())
                .as("detail of %s", response.body())
                .isNotBlank();
        assertThat(problem.path("instance").asString())
                .as("instance of %s", response.body())
                .isNotBlank();
        assertThat(problem.path("requestId").asString()).isNotBlank();
        if (status == 400) {
            // API.md: 400 VALIDATION_FAILED (with errors: [{field, message}])
            assertThat(problem.path("errors").isArray()
                            && !problem.path("errors").isEmpty())
                    .as("errors of %s", response.body())
                    .isTrue();
            problem.path("errors").forEach(error -> {
                assertThat(error.path("field").asString()).isNotBlank();
                assertThat(error.path("message").asString()).isNotBlank();
            });
        }
        assertThat(response.body())
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContainIgnoringCase("select ")
                .doesNotContain("org.springframework")
                .doesNotContain("java.");
        return problem;
    }
}
