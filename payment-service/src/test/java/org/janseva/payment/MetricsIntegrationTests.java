package org.janseva.payment;

import static org.assertj.core.api.Assertions.assertThat;

import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.payment.system.PaymentMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class MetricsIntegrationTests extends PaymentIntegrationTestBase {

    @Autowired
    PaymentMetrics metrics;

    @Test
    void shouldExposePaymentWebhookOutboxAndReconciliationMetricsWithLowCardinalityTags() {
        JsonNode open = newPayment(newCitizen(), newBiller("4.00"), "4.00");
        JsonNode payment = newPayment(newCitizen(), newBiller("5.00"), "5.00");
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        awaitStatus(payment.path("paymentId").asString(), "SUCCESS/CONFIRMED");
        metrics.refresh();

        String scrape = http.get("/actuator/prometheus").body();

        assertThat(scrape)
                .contains("janseva_payments_total{application=\"payment-service\",method=\"UPI\",status=\"SUCCESS\"}")
                .contains("janseva_payments_open{application=\"payment-service\",method=\"UPI\",status=\"PENDING\"}")
                .contains("janseva_payments_amount_paid_rupees_total")
                .contains("janseva_payments_webhooks_total{application=\"payment-service\",outcome=\"APPLIED\"}")
                .contains(
                        "janseva_payments_outbox_lag_seconds{application=\"payment-service\",kind=\"CONFIRM_BILLER\"}")
                .contains("janseva_payments_outbox_pending{application=\"payment-service\",kind=\"CREATE_ORDER\"}")
                .doesNotContain(payment.path("paymentId").asString())
                .doesNotContain(open.path("paymentId").asString())
                .doesNotContain(payment.path("checkout").path("orderId").asString());
    }
}
