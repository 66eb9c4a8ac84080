package org.janseva.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.janseva.platform.test.AbstractServiceIntegrationTests;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DepartmentSimulatorApplicationIntegrationTests extends AbstractServiceIntegrationTests {

    @Test
    void shouldSetReadAndClearAFault() {
        HttpResponse<String> put =
                http.sendJson("PUT", "/faults/EPFO", "{\"latencyMs\": 250, \"errorRate\": 0.5, \"down\": false}");
        assertThat(put.statusCode()).isEqualTo(200);

        JsonNode fault = TestHttp.json(http.get("/faults/epfo"));
        assertThat(fault.path("latencyMs").asLong()).isEqualTo(250);
        assertThat(fault.path("errorRate").asDouble()).isEqualTo(0.5);

        assertThat(http.sendJson("DELETE", "/faults/EPFO", "").statusCode()).isEqualTo(204);
        assertThat(TestHttp.json(http.get("/faults/EPFO")).path("latencyMs").asLong())
                .isZero();
    }

    @Test
    void shouldRefuseAnOutOfRangeFaultWithFieldErrors() {
        JsonNode problem = assertProblem(
                http.sendJson("PUT", "/faults/EPFO", "{\"errorRate\": 1.5, \"latencyMs\": -1}"),
                400,
                "VALIDATION_FAILED");

        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("errorRate", "latencyMs");
    }

    @Test
    void shouldRefuseMalformedJson() {
        assertProblem(http.sendJson("PUT", "/faults/EPFO", "{\"down\": tru"), 400, "VALIDATION_FAILED");
    }

    @Test
    void shouldRefuseAnotherMediaType() {
        HttpResponse<String> response = http.send(http.request("/faults/EPFO")
                .header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofString("<fault/>"))
                .build());

        assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void shouldRefuseABodyOverOneMebibyte() {
        String big = "{\"down\": true, \"padding\": \"" + "x".repeat(1_100_000) + "\"}";
        assertProblem(http.sendJson("PUT", "/faults/EPFO", big), 413, "PAYLOAD_TOO_LARGE");
    }
}
