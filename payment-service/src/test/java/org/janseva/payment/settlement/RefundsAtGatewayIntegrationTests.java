package org.janseva.payment.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.janseva.payment.ledger.LedgerCheck;
import org.janseva.payment.reconciliation.ReconciliationJob;
import org.janseva.payment.support.CatalogStub;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.platform.test.SimulatorProcess;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * The platform's record follows the gateway's money when refunds are made at the gateway outside
 * the platform (an operator at the gateway's dashboard, here the simulator's merchant API): the
 * platform refunds only what is left, a full refund of a SUCCESS payment makes it REFUNDED, and
 * what no status can say is a reconciliation finding for operators.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefundsAtGatewayIntegrationTests extends PaymentIntegrationTestBase {

    @Autowired
    LedgerCheck ledgerCheck;

    @Autowired
    ReconciliationJob job;

    /** An operator refunds part or all of an order from the gateway's dashboard. */
    private void operatorRefund(String orderId, String amount) {
        HttpResponse<String> response = simulator.postJson(
                "/pg/orders/" + orderId + "/refunds",
                "{\"refundReference\": \"operator-" + UUID.randomUUID() + "\", \"amount\": {\"value\": \"" + amount
                        + "\", \"currency\": \"INR\"}}",
                "Authorization",
                merchant());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static String merchant() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((SimulatorProcess.KEY_ID + ":" + SimulatorProcess.KEY_SECRET)
                                .getBytes(StandardCharsets.UTF_8));
    }

    /** @return the order's refunds at the gateway, as amounts */
    private List<BigDecimal> gatewayRefunds(String orderId) {
        JsonNode order = TestHttp.json(simulator.get("/pg/orders/" + orderId, "Authorization", merchant()));
        return order.path("refunds")
                .valueStream()
                .map(r -> new BigDecimal(r.path("amount").path("value").asString()))
                .toList();
    }

    /** @return the kinds of the payment's open findings */
    private List<String> findings(String paymentId) {
        return jdbc.sql("select kind from reconciliation_finding where payment_id = ? and resolved_at is null"
                        + " order by kind")
                .params(paymentId)
                .query(String.class)
                .list();
    }

    /** @return the payment's findings the platform resolved, as kind and resolver */
    private List<String> resolvedFindings(String paymentId) {
        return jdbc.sql("select kind || ' by ' || resolved_by from reconciliation_finding where payment_id = ?"
                        + " and resolved_at is not null order by kind")
                .params(paymentId)
                .query(String.class)
                .list();
    }

    private long outboxRows(String paymentId) {
        return jdbc.sql("select count(*) from outbox where payment_id = ?")
                .params(paymentId)
                .query(Long.class)
                .single();
    }

    /**
     * A SUCCESS payment whose biller confirmation is in flight at the biller (its answer held) when
     * an operator refunds all of it at the gateway; returns once the refund event has been applied.
     *
     * @return the payment's id
     */
    private String refundedWhileConfirmationInFlight(String service, String amount) {
        JsonNode payment = newPayment(newCitizen(), service, amount);
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        complete(orderId, "SUCCESS", "NORMAL");
        await(
                "the confirmation at the biller",
                () -> catalog.confirmations(service).size() == 1);
        assertThat(status(paymentId)).isEqualTo("SUCCESS/PENDING");

        operatorRefund(orderId, amount);

        await("the refund applied", () -> status(paymentId).startsWith("REFUNDED/"));
        assertThat(status(paymentId))
                .as("the biller has the confirmation and has not answered: it may have taken the payment")
                .isEqualTo("REFUNDED/PENDING");
        assertThat(findings(paymentId)).containsExactly("REFUNDED_BILLER_OUTCOME_UNKNOWN");
        assertThat(outboxRows(paymentId))
                .as("the confirmation is not sent again")
                .isZero();
        return paymentId;
    }

    @Test
    void shouldFlagARefundAtTheGatewayWhileTheConfirmationIsInFlightAndTheBillerTakesItThen() {
        String service = newBiller("412.00");
        try (StubHttpServer.Hold answer = catalog.holdConfirmations(service)) {
            String paymentId = refundedWhileConfirmationInFlight(service, "412.00");

            answer.release();

            awaitStatus(paymentId, "REFUNDED/CONFIRMED");
            assertThat(findings(paymentId))
                    .as("the biller holds money the citizen got back")
                    .containsExactly("REFUNDED_AFTER_BILLER_CONFIRMED");
            assertThat(resolvedFindings(paymentId))
                    .as("the biller's outcome is known now")
                    .containsExactly("REFUNDED_BILLER_OUTCOME_UNKNOWN by payment-service");
            assertThat(failureReason(paymentId)).isEqualTo("REFUNDED_AT_GATEWAY");
            assertThat(balanced(paymentId)).isTrue();
        }
    }

    @Test
    void shouldCloseTheUnknownOutcomeWhenTheBillerRefusesTheConfirmationThatWasInFlightDuringTheRefund() {
        String service = newBiller("77.50");
        try (StubHttpServer.Hold answer = catalog.holdConfirmations(service)) {
            String paymentId = refundedWhileConfirmationInFlight(service, "77.50");

            catalog.confirm(
                    service, StubHttpServer.Answer.json(CatalogStub.confirmation("REJECTED", "CONSUMER_BLOCKED")));
            answer.release();

            awaitStatus(paymentId, "REFUNDED/FAILED");
            assertThat(findings(paymentId)).as("the biller did not take it").isEmpty();
            assertThat(resolvedFindings(paymentId))
                    .containsExactly("REFUNDED_BILLER_OUTCOME_UNKNOWN by payment-service");
            assertThat(failureReason(paymentId)).isEqualTo("REFUNDED_AT_GATEWAY");
            assertThat(outboxRows(paymentId)).isZero();
            assertThat(balanced(paymentId)).isTrue();
        }
    }

    @Test
    void shouldLeaveTheUnknownOutcomeOpenAndSendNothingMoreWhenTheConfirmationInFlightTimesOut(CapturedOutput output) {
        String service = newBiller("66.00");
        String paymentId;
        try (StubHttpServer.Hold answer = catalog.holdConfirmations(service)) {
            paymentId = refundedWhileConfirmationInFlight(service, "66.00");

            // catalog-service's adapter gave up waiting for the biller
            catalog.confirm(
                    service,
                    new StubHttpServer.Answer(
                            504,
                            "application/problem+json",
                            "{\"type\": \"https://janseva.org/problems/department-timeout\", \"title\": \"t\","
                                    + " \"status\": 504, \"code\": \"DEPARTMENT_TIMEOUT\", \"detail\": \"d\"}",
                            0,
                            java.util.Map.of()));
            answer.release();
        }

        await(
                "the timed-out attempt to be logged",
                () -> output.getOut().contains("Outbox CONFIRM_BILLER of payment " + paymentId + " failed"));
        assertThat(output.getOut())
                .as("no retry is said that will not happen")
                .doesNotContain("Outbox CONFIRM_BILLER of payment " + paymentId + " failed (attempt 1), retry in")
                .contains("Outbox CONFIRM_BILLER of payment " + paymentId + " failed (attempt 1), not retried");
        catalog.confirm(service, StubHttpServer.Answer.json(CatalogStub.confirmation("ACCEPTED", null)));
        clock.advance(Duration.ofMinutes(11));
        job.run();
        assertThat(outboxRows(paymentId)).isZero();
        assertThat(catalog.confirmations(service)).as("sent once, never again").hasSize(1);
        assertThat(status(paymentId)).isEqualTo("REFUNDED/PENDING");
        assertThat(findings(paymentId)).containsExactly("REFUNDED_BILLER_OUTCOME_UNKNOWN");
        assertThat(balanced(paymentId)).isTrue();
    }

    private List<String> refundEventOutcomes(String orderId) {
        return jdbc.sql("select outcome from webhook_inbox where order_id = ? and event_type = 'refund.processed'"
                        + " order by received_at")
                .params(orderId)
                .query(String.class)
                .list();
    }

    private String failureReason(String paymentId) {
        return jdbc.sql("select failure_reason from payment where id = ?")
                .params(paymentId)
                .query(String.class)
                .single();
    }

    private boolean balanced(String paymentId) {
        return ledgerCheck.check(paymentId).balanced();
    }

    @Test
    void shouldRefundOnlyWhatIsLeftAfterAnOperatorRefundMadeBeforeTheCaptureWasKnown() {
        String service = newBiller("373.45");
        // the biller refuses the payment for good: the platform refunds it
        catalog.confirm(service, StubHttpServer.Answer.json(CatalogStub.confirmation("REJECTED", "CONSUMER_BLOCKED")));
        JsonNode payment = newPayment(newCitizen(), service, "373.45");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        // the capture's webhook comes late; meanwhile an operator gives 1.00 back at the gateway
        assertThat(complete(orderId, "SUCCESS", "LATE").statusCode()).isEqualTo(200);
        operatorRefund(orderId, "1.00");

        awaitStatus(paymentId, "REFUNDED/FAILED");

        assertThat(gatewayRefunds(orderId))
                .as("the platform gave back the 372.45 left, no more")
                .containsExactly(new BigDecimal("1.00"), new BigDecimal("372.45"));
        assertThat(refundEventOutcomes(orderId).get(0))
                .as("the operator's refund, before the capture was known, was kept, not dropped")
                .isEqualTo("DEFERRED");
        assertThat(failureReason(paymentId)).startsWith("BILLER_REJECTED");
        assertThat(balanced(paymentId)).isTrue();
        assertThat(findings(paymentId)).isEmpty();
        assertThat(jdbc.sql("select count(*) from outbox where payment_id = ?")
                        .params(paymentId)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void shouldStopAskingForARefundTheGatewayRefusesForGoodAndReportIt() throws Exception {
        String service = newBiller("58.00");
        catalog.confirm(service, StubHttpServer.Answer.json(CatalogStub.confirmation("REJECTED", "CONSUMER_BLOCKED")));
        JsonNode payment = newPayment(newCitizen(), service, "58.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        // a capture the gateway signed for an order it does not hold as paid: every refund of it is
        // refused (422 REFUND_NOT_POSSIBLE)
        String captured = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"payment.captured\",\"createdAt\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"orderId\":\"" + orderId
                + "\",\"paymentId\":\"pay_gw_x\",\"amount\":\"58.00\",\"currency\":\"INR\",\"method\":\"UPI\"}}";
        assertThat(deliverSignedWebhook(captured).statusCode()).isEqualTo(200);

        await("the refusal to be a finding", () -> findings(paymentId).contains("REFUND_REFUSED"));

        assertThat(status(paymentId)).isEqualTo("REFUND_PENDING/FAILED");
        assertThat(jdbc.sql("select attempts || '/' || parked from outbox where payment_id = ? and kind = 'REFUND'")
                        .params(paymentId)
                        .query(String.class)
                        .single())
                .as("asked once, then parked, not retried")
                .isEqualTo("1/true");

        clock.advance(Duration.ofMinutes(11));
        ReconciliationJob.Result result = job.run();

        assertThat(result.openFindings()).containsKey(Findings.Kind.REFUND_REFUSED);
        assertThat(result.openFindings().get(Findings.Kind.REFUND_REFUSED)).isPositive();
        assertThat(jdbc.sql("select parked from outbox where payment_id = ? and kind = 'REFUND'")
                        .params(paymentId)
                        .query(Boolean.class)
                        .single())
                .as("the reconciliation does not re-arm it")
                .isTrue();
        List<JsonNode> listed = listedFindings("", "Bearer " + tokens.serviceToken("platform-admin"));
        assertThat(listed.stream()
                        .filter(f -> paymentId.equals(f.path("paymentId").asString()))
                        .map(f -> f.path("kind").asString() + " "
                                + f.path("gatewayOrderId").asString())
                        .toList())
                .containsExactly("REFUND_REFUSED " + orderId);
        assertThat(balanced(paymentId)).isTrue();
    }

    @Test
    void shouldRefundASuccessPaymentTheGatewayRefundedInFullAndFlagTheBillersMoney() {
        String service = newBiller("240.00");
        JsonNode payment = newPayment(newCitizen(), service, "240.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        complete(orderId, "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");

        operatorRefund(orderId, "240.00");

        awaitStatus(paymentId, "REFUNDED/CONFIRMED");
        assertThat(refundEventOutcomes(orderId)).containsExactly("APPLIED");
        assertThat(failureReason(paymentId)).isEqualTo("REFUNDED_AT_GATEWAY");
        assertThat(balanced(paymentId)).isTrue();
        assertThat(jdbc.sql("select string_agg(kind, ',' order by id) from ledger_entry"
                                + " where payment_id = ? and amount > 0")
                        .params(paymentId)
                        .query(String.class)
                        .single())
                .isEqualTo("INITIATED,CAPTURED,SETTLED_TO_BILLER,REFUNDED_AFTER_BILLER_CONFIRMED,REFUNDED");
        assertThat(findings(paymentId))
                .as("the biller holds money the citizen got back: for operators")
                .containsExactly("REFUNDED_AFTER_BILLER_CONFIRMED");
        assertThat(job.run().openFindings().get(Findings.Kind.REFUNDED_AFTER_BILLER_CONFIRMED))
                .isPositive();
    }

    @Test
    void shouldNotTellTheBillerAgainButFlagAPaymentTheGatewayRefundedWhileTheBillersAnswerWasUnknown() {
        String service = newBiller("91.00");
        // the biller cannot be reached for now: the confirmation waits
        catalog.confirm(
                service,
                new StubHttpServer.Answer(
                        502,
                        "application/problem+json",
                        "{\"type\": \"https://janseva.org/problems/x\", \"title\": \"t\", \"status\": 502,"
                                + " \"code\": \"DEPARTMENT_ERROR\", \"detail\": \"d\"}",
                        0,
                        java.util.Map.of()));
        JsonNode payment = newPayment(newCitizen(), service, "91.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        complete(orderId, "SUCCESS", "NORMAL");
        await("a confirmation attempt", () -> !catalog.confirmations(service).isEmpty());
        assertThat(status(paymentId)).isEqualTo("SUCCESS/PENDING");
        await(
                "the failed attempt recorded",
                () -> jdbc.sql("select count(*) from outbox where payment_id = ?"
                                        + " and kind = 'CONFIRM_BILLER' and last_error is not null")
                                .params(paymentId)
                                .query(Long.class)
                                .single()
                        == 1);
        // as the reconciliation job re-arms a parked confirmation: its attempts start again at 0,
        // its last error stays
        jdbc.sql("update outbox set attempts = 0 where payment_id = ? and kind = 'CONFIRM_BILLER'")
                .params(paymentId)
                .update();

        operatorRefund(orderId, "91.00");

        // the biller got a confirmation and did not answer it: it may hold the money, or not
        awaitStatus(paymentId, "REFUNDED/PENDING");
        catalog.confirm(service, StubHttpServer.Answer.json(CatalogStub.confirmation("ACCEPTED", null)));
        int asked = catalog.confirmations(service).size();
        assertThat(jdbc.sql("select count(*) from outbox where payment_id = ?")
                        .params(paymentId)
                        .query(Long.class)
                        .single())
                .as("no confirmation left to send")
                .isZero();
        clock.advance(Duration.ofMinutes(11));
        job.run();
        assertThat(catalog.confirmations(service)).hasSize(asked);
        assertThat(status(paymentId)).isEqualTo("REFUNDED/PENDING");
        assertThat(failureReason(paymentId)).isEqualTo("REFUNDED_AT_GATEWAY");
        assertThat(balanced(paymentId)).isTrue();
        assertThat(findings(paymentId)).containsExactly("REFUNDED_BILLER_OUTCOME_UNKNOWN");
        assertThat(job.run().openFindings().get(Findings.Kind.REFUNDED_BILLER_OUTCOME_UNKNOWN))
                .isPositive();
    }

    @Test
    void shouldFlagAPartialOperatorRefundOfASuccessPaymentAndRefundItOnceAllIsBack() {
        String service = newBiller("100.00");
        JsonNode payment = newPayment(newCitizen(), service, "100.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        complete(orderId, "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");

        operatorRefund(orderId, "1.00");

        await("the partial refund to be a finding", () -> findings(paymentId).contains("PARTIAL_REFUND_AT_GATEWAY"));
        assertThat(status(paymentId)).as("no status says 'part refunded'").isEqualTo("SUCCESS/CONFIRMED");
        assertThat(jdbc.sql("select gateway_refunded from reconciliation_finding where payment_id = ?")
                        .params(paymentId)
                        .query(BigDecimal.class)
                        .single())
                .isEqualByComparingTo("1.00");
        assertThat(job.run().openFindings().get(Findings.Kind.PARTIAL_REFUND_AT_GATEWAY))
                .isPositive();
        assertThat(balanced(paymentId)).isTrue();

        // the rest given back too: all of it is back, in two refunds
        operatorRefund(orderId, "99.00");

        awaitStatus(paymentId, "REFUNDED/CONFIRMED");
        assertThat(refundEventOutcomes(orderId)).containsExactly("DEFERRED", "DEFERRED");
        assertThat(findings(paymentId)).containsExactly("REFUNDED_AFTER_BILLER_CONFIRMED");
        assertThat(balanced(paymentId)).isTrue();
    }
}
