package org.janseva.payment.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.janseva.payment.ledger.LedgerCheck;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.platform.test.SimulatorProcess;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A gateway reports one attempt of an order failed while the order stays open to another attempt;
 * when that later attempt is captured and its webhook is lost, the payment is FAILED on our side
 * and the citizen's money is at the gateway. The reconciliation job asks about a failed payment's
 * order again at its scheduled checks and refunds such a capture.
 */
class LateCaptureIntegrationTests extends PaymentIntegrationTestBase {

    @Autowired
    ReconciliationJob job;

    @Autowired
    LedgerCheck ledgerCheck;

    @Test
    void shouldRefundAFailedPaymentWhoseOrderTheGatewayCapturedLaterWithItsWebhookLost() {
        String citizen = newCitizen();
        String service = newBiller("83.00");
        JsonNode payment = newPayment(citizen, service, "83.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();

        // the gateway fails the first attempt; its order stays open
        HttpResponse<String> failed = webhook("payment.failed", orderId, "83.00");
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(200);
        assertThat(status(paymentId)).isEqualTo("FAILED/-");
        // the citizen's next attempt on the same order is captured, and its webhook never comes
        assertThat(complete(orderId, "SUCCESS", "NEVER").statusCode()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(3));
        job.run();
        assertThat(status(paymentId)).as("its first check is not due yet").isEqualTo("FAILED/-");

        clock.advance(Duration.ofMinutes(3));
        assertThat(job.run().lateCaptured()).isGreaterThanOrEqualTo(1);

        // refunded through the outbox, in full, once
        awaitStatus(paymentId, "REFUNDED/-");
        assertThat(jdbc.sql("select failure_reason from payment where id = ?")
                        .params(paymentId)
                        .query(String.class)
                        .single())
                .isEqualTo("CAPTURED_AFTER_FAILURE");
        assertThat(gatewayRefunds(orderId))
                .singleElement()
                .satisfies(amount -> assertThat(amount).isEqualByComparingTo("83.00"));
        assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
        List<String> postings = jdbc.sql("select kind from ledger_entry where payment_id = ? order by id")
                .params(paymentId)
                .query(String.class)
                .list();
        assertThat(postings).contains("LATE_CAPTURED", "REFUND_INITIATED", "REFUNDED");

        // asked no more: a second run changes nothing
        clock.advance(Duration.ofHours(2));
        job.run();
        assertThat(status(paymentId)).isEqualTo("REFUNDED/-");
        assertThat(gatewayRefunds(orderId)).hasSize(1);
        assertThat(lateCheck(paymentId).get("late_check_at")).isNull();
    }

    @Test
    void shouldAskAboutAFailedPaymentsOrderAtItsScheduledChecksAndThenNoMore() {
        JsonNode payment = newPayment(newCitizen(), newBiller("84.00"), "84.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        assertThat(webhook("payment.failed", orderId, "84.00").statusCode()).isEqualTo(200);
        Instant failedAt = clock.instant();
        assertThat(lateCheck(paymentId))
                .containsEntry("late_checks", 0)
                .extractingByKey("late_check_at")
                .satisfies(at -> assertThat(toInstant(at))
                        .isBetween(
                                failedAt.plus(Duration.ofMinutes(5)).minusSeconds(5),
                                failedAt.plus(Duration.ofMinutes(5)).plusSeconds(5)));

        // 5 minutes, 1 hour and 24 hours after it failed (application.yml), the order still open
        clock.advance(Duration.ofMinutes(6));
        job.run();
        assertThat(lateCheck(paymentId)).containsEntry("late_checks", 1);
        assertThat(toInstant(lateCheck(paymentId).get("late_check_at"))).isAfter(failedAt.plus(Duration.ofMinutes(59)));

        clock.advance(Duration.ofMinutes(30));
        job.run();
        assertThat(lateCheck(paymentId)).as("not due again yet").containsEntry("late_checks", 1);

        clock.advance(Duration.ofMinutes(30));
        job.run();
        assertThat(lateCheck(paymentId)).containsEntry("late_checks", 2);

        clock.advance(Duration.ofHours(24));
        job.run();
        assertThat(lateCheck(paymentId)).containsEntry("late_checks", 3).containsEntry("late_check_at", null);
        assertThat(status(paymentId)).isEqualTo("FAILED/-");
        assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
    }

    @Test
    void shouldNotScheduleChecksForAPaymentThatFailedWithoutAnOrder() {
        // every failed payment of this class's journeys has an order; one that never got one (the
        // gateway unreachable until it expired) has nothing to ask about
        JsonNode payment = newPayment(newCitizen(), newBiller("85.00"), "85.00");
        String paymentId = payment.path("paymentId").asString();
        jdbc.sql("update payment set gateway_order_id = null where id = ?")
                .params(paymentId)
                .update();
        clock.advance(Duration.ofMinutes(91));
        job.run();
        assertThat(status(paymentId)).isEqualTo("FAILED/-");
        assertThat(lateCheck(paymentId)).containsEntry("late_check_at", null);
    }

    private Map<String, Object> lateCheck(String paymentId) {
        return jdbc
                .sql("select late_check_at, late_checks from payment where id = ?")
                .params(paymentId)
                .query()
                .singleRow()
                .entrySet()
                .stream()
                .collect(
                        java.util.HashMap::new,
                        (map, e) -> map.put(
                                e.getKey(), e.getValue() instanceof Short s ? (Object) s.intValue() : e.getValue()),
                        Map::putAll);
    }

    /** @return the order's refunds at the gateway, as amounts */
    private List<BigDecimal> gatewayRefunds(String orderId) {
        String merchant = "Basic "
                + Base64.getEncoder()
                        .encodeToString((SimulatorProcess.KEY_ID + ":" + SimulatorProcess.KEY_SECRET)
                                .getBytes(StandardCharsets.UTF_8));
        JsonNode order = TestHttp.json(simulator.get("/pg/orders/" + orderId, "Authorization", merchant));
        return order.path("refunds")
                .valueStream()
                .map(r -> new BigDecimal(r.path("amount").path("value").asString()))
                .toList();
    }

    private static Instant toInstant(Object timestamp) {
        return timestamp instanceof java.sql.Timestamp ts
                ? ts.toInstant()
                : ((java.time.OffsetDateTime) timestamp).toInstant();
    }

    /** An event as the gateway signs it. */
    private HttpResponse<String> webhook(String type, String orderId, String amount) {
        String body = """
                {"id":"evt_%s","type":"%s","createdAt":%d,"data":{"orderId":"%s","merchantReference":"x","paymentId":"pay_gw_late","amount":"%s","currency":"INR","method":"UPI","status":"FAILED"}}""".formatted(UUID.randomUUID(), type, clock.instant().getEpochSecond(), orderId, amount);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SimulatorProcess.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
            return http.postJson("/api/v1/payments/webhooks/pg", body, "X-PG-Signature", signature);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
