package org.janseva.payment.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ErasureIntegrationTests extends PaymentIntegrationTestBase {

    private HttpResponse<String> erase(String citizen, String token) {
        return http.postJson("/internal/v1/citizens/" + citizen + "/erasure", "", "Authorization", token);
    }

    @Test
    void shouldKeepPaymentsButPseudonymiseTheCitizenIdempotently() {
        String citizen = newCitizen();
        JsonNode payment = newPayment(citizen, newBiller("15.00"), "15.00");
        String paymentId = payment.path("paymentId").asString();
        String serviceToken = TestTokenIssuer.bearer(tokens.serviceToken("user-service"));

        assertProblem(erase(citizen, bearer(citizen)), 403, "FORBIDDEN");
        assertThat(erase(citizen, serviceToken).statusCode()).isEqualTo(204);
        assertThat(erase(citizen, serviceToken).statusCode()).isEqualTo(204);

        String reference = jdbc.sql("select citizen_ref from payment where id = ?")
                .params(paymentId)
                .query(String.class)
                .single();
        assertThat(reference).startsWith("erased-").doesNotContain(citizen);
        assertThat(jdbc.sql(
                                "select count(*) from bill where citizen_ref = ? or customer_name is not null and citizen_ref = ?")
                        .params(citizen, reference)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from idempotency_record where citizen_ref = ?")
                        .params(citizen)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from ledger_entry where payment_id = ?")
                        .params(paymentId)
                        .query(Long.class)
                        .single())
                .as("the money trail stays")
                .isEqualTo(2);
        assertProblem(
                http.get("/api/v1/payments/" + paymentId, "Authorization", bearer(citizen)), 404, "PAYMENT_NOT_FOUND");
    }
}
