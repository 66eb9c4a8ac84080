package org.janseva.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A list's parameter sent twice is a 400 naming it, as user-service answers: {@code ?size=1&size=5}
 * was answered as {@code size=1} (Spring binds a number's first value) and {@code
 * ?status=OPEN&status=OPEN} was told status must be OPEN, RESOLVED or ALL (Spring joins a string's
 * values with commas).
 */
class RepeatedParameterIntegrationTests extends PaymentIntegrationTestBase {

    private static final String PAYMENTS = "/api/v1/payments";
    private static final String FINDINGS = "/internal/v1/reconciliation/findings";

    @Test
    void shouldRefuseAPagingParameterOfThePaymentsSentTwice() {
        String citizen = newCitizen();
        newPayment(citizen, newBiller("60.00"), "60.00");
        newPayment(citizen, newBiller("70.00"), "70.00");

        Map<String, List<String>> refused = new LinkedHashMap<>();
        refused.put("size=1&size=5", List.of("size"));
        refused.put("size=2&size=2", List.of("size"));
        refused.put("page=0&page=1", List.of("page"));
        refused.put("page=0&size=1&page=0", List.of("page"));
        refused.put("size=1&page=1&size=1&page=0", List.of("page", "size"));
        refused.put("size=&size=1", List.of("size"));
        for (Map.Entry<String, List<String>> query : refused.entrySet()) {
            assertSentTwice(http.get(PAYMENTS + "?" + query.getKey(), "Authorization", bearer(citizen)), query);
        }

        HttpResponse<String> once = http.get(PAYMENTS + "?page=0&size=1", "Authorization", bearer(citizen));
        assertThat(once.statusCode()).as(once.body()).isEqualTo(200);
        assertThat(TestHttp.json(once).path("items")).hasSize(1);
    }

    @Test
    void shouldRefuseAParameterOfTheFindingsSentTwice() {
        String admin = "Bearer " + tokens.adminToken("platform-admin");

        Map<String, List<String>> refused = new LinkedHashMap<>();
        refused.put("status=OPEN&status=OPEN", List.of("status"));
        refused.put("status=ALL&status=RESOLVED", List.of("status"));
        refused.put("size=1&size=5", List.of("size"));
        refused.put("page=0&page=1", List.of("page"));
        refused.put("status=ALL&page=0&page=0&size=3&size=4", List.of("page", "size"));
        for (Map.Entry<String, List<String>> query : refused.entrySet()) {
            assertSentTwice(http.get(FINDINGS + "?" + query.getKey(), "Authorization", admin), query);
        }

        HttpResponse<String> once = http.get(FINDINGS + "?status=ALL&page=0&size=1", "Authorization", admin);
        assertThat(once.statusCode()).as(once.body()).isEqualTo(200);
    }

    private static void assertSentTwice(HttpResponse<String> answer, Map.Entry<String, List<String>> query) {
        JsonNode problem = assertProblem(answer, 400, "VALIDATION_FAILED");
        assertThat(problem.path("errors").findValuesAsString("field"))
                .as(query.getKey())
                .isEqualTo(query.getValue());
        assertThat(problem.path("errors").findValuesAsString("message"))
                .as(query.getKey())
                .containsOnly("must be sent once");
    }
}
