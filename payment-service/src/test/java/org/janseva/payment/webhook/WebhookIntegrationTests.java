package org.janseva.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.janseva.payment.ledger.LedgerCheck;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.payment.support.PaymentTestEnvironment;
import org.janseva.platform.test.SimulatorProcess;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class WebhookIntegrationTests extends PaymentIntegrationTestBase {

    @Autowired
    LedgerCheck ledgerCheck;

    private static String event(String id, String type, String orderId, String amount, long createdAt) {
        return """
                {"id":"%s","type":"%s","createdAt":%d,"data":{"orderId":"%s","merchantReference":"x","paymentId":"pay_gw_1","amount":"%s","currency":"INR","method":"UPI","status":"PAID","refundId":"rf_1","refundAmount":"%s"}}""".formatted(id, type, createdAt, orderId, amount, amount);
    }

    /** @param headers more request headers, name then value, e.g. {@code Accept} */
    private HttpResponse<String> deliver(String body, String signature, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        if (signature != null) {
            all.addAll(List.of("X-PG-Signature", signature));
        }
        return http.postJson("/api/v1/payments/webhooks/pg", body, all.toArray(String[]::new));
    }

    private JsonNode pendingPayment(String amount) {
        return newPayment(newCitizen(), newBiller(amount), amount);
    }

    @Test
    void shouldRejectBadMissingOrStaleSignaturesAndTamperedBodiesWithoutChangingAnything() throws Exception {
        JsonNode payment = pendingPayment("100.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        long now = Instant.now().getEpochSecond();
        String body = event("evt_" + UUID.randomUUID(), "payment.captured", orderId, "100.00", now);

        assertProblem(deliver(body, null), 401, "WEBHOOK_SIGNATURE_INVALID");
        assertProblem(deliver(body, webhookSignature(body, "not-the-secret")), 401, "WEBHOOK_SIGNATURE_INVALID");
        assertProblem(deliver(body, "zz-not-hex"), 401, "WEBHOOK_SIGNATURE_INVALID");
        String tampered = body.replace("\"100.00\"", "\"1.00\"");
        assertProblem(
                deliver(tampered, webhookSignature(body, SimulatorProcess.WEBHOOK_SECRET)),
                401,
                "WEBHOOK_SIGNATURE_INVALID");
        String stale = event("evt_" + UUID.randomUUID(), "payment.captured", orderId, "100.00", now - 3600);
        assertProblem(
                deliver(stale, webhookSignature(stale, SimulatorProcess.WEBHOOK_SECRET)),
                401,
                "WEBHOOK_SIGNATURE_INVALID");
        // a timestamp beyond any time there is (Instant's range), either way
        for (long never : new long[] {Long.MAX_VALUE, Long.MIN_VALUE}) {
            String timeless = event("evt_" + UUID.randomUUID(), "payment.captured", orderId, "100.00", never);
            assertProblem(
                    deliver(timeless, webhookSignature(timeless, SimulatorProcess.WEBHOOK_SECRET)),
                    401,
                    "WEBHOOK_SIGNATURE_INVALID");
        }

        assertThat(status(paymentId)).isEqualTo("PENDING/-");
        assertThat(jdbc.sql("select count(*) from webhook_inbox where order_id = ?")
                        .params(orderId)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void shouldRefuseASignedEventWhoseAmountIsNotANumberNamingTheFieldWithoutChangingAnything() throws Exception {
        JsonNode payment = pendingPayment("101.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        long now = Instant.now().getEpochSecond();

        for (String[] malformed : new String[][] {
            {"payment.captured", "\"amount\":\"abc\"", "data.amount"},
            {"payment.captured", "\"amount\":\"1e2\"", "data.amount"},
            {"payment.captured", "\"amount\":{\"value\":\"101.00\"}", "data.amount"},
            {"payment.failed", "\"amount\":\"-\"", "data.amount"},
            // a JSON number beyond a double's range: read as Infinity, no decimal
            {"payment.captured", "\"amount\":1e400", "data.amount"},
            {"refund.processed", "\"refundAmount\":\"abc\"", "data.refundAmount"}
        }) {
            String body = event("evt_" + UUID.randomUUID(), malformed[0], orderId, "101.00", now)
                    .replace(
                            malformed[2].equals("data.amount")
                                    ? "\"amount\":\"101.00\""
                                    : "\"refundAmount\":\"101.00\"",
                            malformed[1]);
            assertThat(body).contains(malformed[1]);

            JsonNode refused = assertProblem(
                    deliver(body, webhookSignature(body, SimulatorProcess.WEBHOOK_SECRET)), 400, "VALIDATION_FAILED");

            assertThat(refused.path("errors").findValuesAsString("field"))
                    .as(body)
                    .containsExactly(malformed[2]);
        }
        // signed, but no JSON object: unusable, not forged (a 401 would send the operator to the secret)
        for (String notAnEvent : List.of("{\"id\":\"e1\"} x", "[1, 2]", "42", "not json")) {
            JsonNode refused = assertProblem(
                    deliver(notAnEvent, webhookSignature(notAnEvent, SimulatorProcess.WEBHOOK_SECRET)),
                    400,
                    "VALIDATION_FAILED");
            assertThat(refused.path("errors").findValuesAsString("field"))
                    .as(notAnEvent)
                    .containsExactly("body");
        }
        assertThat(status(paymentId)).isEqualTo("PENDING/-");
        assertThat(jdbc.sql("select count(*) from webhook_inbox where order_id = ?")
                        .params(orderId)
                        .query(Long.class)
                        .single())
                .isZero();
        // a well-formed event is still taken
        String good = event("evt_" + UUID.randomUUID(), "payment.captured", orderId, "101.00", now);
        assertThat(TestHttp.json(deliver(good, webhookSignature(good, SimulatorProcess.WEBHOOK_SECRET)))
                        .path("outcome")
                        .asString())
                .isEqualTo("APPLIED");
    }

    @Test
    void shouldRefuseASignedEventWithANulCharacterNamingTheFieldWithoutChangingAnything() throws Exception {
        JsonNode payment = pendingPayment("102.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        long now = Instant.now().getEpochSecond();
        String id = "evt_" + UUID.randomUUID();

        // JSON's escape of U+0000, which PostgreSQL's text cannot hold
        String nulInId = event(id + "\\u0000", "payment.captured", orderId, "102.00", now);
        String nulInOrder = event(id, "payment.captured", orderId + "\\u0000", "102.00", now);
        String nulInReason = event(id, "payment.failed", orderId, "102.00", now)
                .replace("\"status\":\"PAID\"", "\"reason\":\"DECLINED\\u0000\"");

        for (String[] refusedEvent :
                new String[][] {{nulInId, "id"}, {nulInOrder, "data.orderId"}, {nulInReason, "data.reason"}}) {
            JsonNode refused = assertProblem(
                    deliver(refusedEvent[0], webhookSignature(refusedEvent[0], SimulatorProcess.WEBHOOK_SECRET)),
                    400,
                    "VALIDATION_FAILED");
            assertThat(refused.path("errors").findValuesAsString("field"))
                    .as(refusedEvent[0])
                    .containsExactly(refusedEvent[1]);
        }
        assertThat(status(paymentId)).isEqualTo("PENDING/-");
        assertThat(jdbc.sql("select count(*) from webhook_inbox where event_id like ?")
                        .params(id + "%")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void shouldRefuseAWebhookSentAsAFormWith415AndTakeTheSameSignedBytesAsJson() throws Exception {
        JsonNode payment = pendingPayment("103.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        String body = event(
                "evt_" + UUID.randomUUID(),
                "payment.captured",
                orderId,
                "103.00",
                Instant.now().getEpochSecond());
        String signature = webhookSignature(body, SimulatorProcess.WEBHOOK_SECRET);

        // the server reads a form's body as fields: the bytes the gateway signed are gone, and a 401
        // would send the operator after the secret
        HttpResponse<String> form = http.send(http.request("/api/v1/payments/webhooks/pg")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-PG-Signature", signature)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build());

        JsonNode refused = assertProblem(form, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(refused.path("detail").asString()).contains("application/json");
        assertThat(status(paymentId)).isEqualTo("PENDING/-");
        // any other type keeps the raw bytes, which are verified as sent
        HttpResponse<String> text = http.send(http.request("/api/v1/payments/webhooks/pg")
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("X-PG-Signature", signature)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(text.statusCode()).as(text.body()).isEqualTo(200);
        assertThat(TestHttp.json(text).path("outcome").asString()).isEqualTo("APPLIED");
        assertThat(status(paymentId)).startsWith("SUCCESS/");
    }

    @Test
    void shouldApplyADuplicatedEventOnceAndIgnoreAnOutOfOrderOne() throws Exception {
        JsonNode payment = pendingPayment("200.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        long now = Instant.now().getEpochSecond();
        String captured = event("evt_" + UUID.randomUUID(), "payment.captured", orderId, "200.00", now);
        String signature = webhookSignature(captured, SimulatorProcess.WEBHOOK_SECRET);

        HttpResponse<String> first = deliver(captured, signature);
        HttpResponse<String> again = deliver(captured, signature);
        String failedLater = event("evt_" + UUID.randomUUID(), "payment.failed", orderId, "200.00", now);
        HttpResponse<String> backwards =
                deliver(failedLater, webhookSignature(failedLater, SimulatorProcess.WEBHOOK_SECRET));

        assertThat(TestHttp.json(first).path("outcome").asString()).isEqualTo("APPLIED");
        assertThat(TestHttp.json(again).path("outcome").asString()).isEqualTo("DUPLICATE");
        assertThat(backwards.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(backwards).path("outcome").asString()).isEqualTo("IGNORED_STALE");
        assertThat(status(paymentId)).startsWith("SUCCESS/");
        assertThat(jdbc.sql("select count(*) from ledger_entry where payment_id = ? and kind = 'CAPTURED'")
                        .params(paymentId)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");
    }

    /**
     * The gateway's Accept has no say in the acknowledgement: an event applied and then answered 406
     * (Spring MVC checked Accept when it wrote the answer) was sent again and again.
     */
    @Test
    void shouldAcknowledgeAnAppliedEventInJsonWhateverTheGatewaysAcceptSays() throws Exception {
        JsonNode payment = pendingPayment("201.00");
        String orderId = payment.path("checkout").path("orderId").asString();
        String captured = event(
                "evt_" + UUID.randomUUID(),
                "payment.captured",
                orderId,
                "201.00",
                Instant.now().getEpochSecond());
        String signature = webhookSignature(captured, SimulatorProcess.WEBHOOK_SECRET);

        HttpResponse<String> first = deliver(captured, signature, "Accept", "application/xml");
        HttpResponse<String> again = deliver(captured, signature, "Accept", "application/json;q=0, text/plain");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(TestHttp.json(first).path("outcome").asString()).isEqualTo("APPLIED");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(TestHttp.json(again).path("outcome").asString()).isEqualTo("DUPLICATE");
        assertThat(status(payment.path("paymentId").asString())).startsWith("SUCCESS/");
    }

    @Test
    void shouldTakeTheSimulatorsDoubleAndLateWebhooksOnce() {
        JsonNode twice = pendingPayment("11.00");
        JsonNode late = pendingPayment("12.00");

        complete(twice.path("checkout").path("orderId").asString(), "SUCCESS", "TWICE");
        complete(late.path("checkout").path("orderId").asString(), "SUCCESS", "LATE");

        awaitStatus(twice.path("paymentId").asString(), "SUCCESS/CONFIRMED");
        awaitStatus(late.path("paymentId").asString(), "SUCCESS/CONFIRMED");
        await(
                "the duplicate delivery",
                () -> jdbc.sql("select count(*) from payment p join ledger_entry e"
                                        + " on e.payment_id = p.id where p.id = ? and e.kind = 'CAPTURED'")
                                .params(twice.path("paymentId").asString())
                                .query(Long.class)
                                .single()
                        == 2);
        assertThat(jdbc.sql("select count(*) from webhook_inbox where order_id = ?")
                        .params(twice.path("checkout").path("orderId").asString())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void shouldAcknowledgeAndIgnoreAnEventForAnUnknownOrder() throws Exception {
        String body = event(
                "evt_" + UUID.randomUUID(),
                "payment.captured",
                "order_unknown",
                "1.00",
                Instant.now().getEpochSecond());

        HttpResponse<String> response = deliver(body, webhookSignature(body, SimulatorProcess.WEBHOOK_SECRET));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response).path("outcome").asString()).isEqualTo("IGNORED_UNKNOWN_ORDER");
    }

    @Test
    void shouldAcceptThePreviousSecretDuringARotation() throws Exception {
        JsonNode payment = pendingPayment("13.00");
        String body = event(
                "evt_" + UUID.randomUUID(),
                "payment.failed",
                payment.path("checkout").path("orderId").asString(),
                "13.00",
                Instant.now().getEpochSecond());

        HttpResponse<String> response =
                deliver(body, webhookSignature(body, PaymentTestEnvironment.PREVIOUS_WEBHOOK_SECRET));

        assertThat(TestHttp.json(response).path("outcome").asString()).isEqualTo("APPLIED");
        assertThat(status(payment.path("paymentId").asString())).isEqualTo("FAILED/-");
    }

    @Test
    void shouldRefuseACapturedAmountOtherThanThePayments() throws Exception {
        JsonNode payment = pendingPayment("14.00");
        String body = event(
                "evt_" + UUID.randomUUID(),
                "payment.captured",
                payment.path("checkout").path("orderId").asString(),
                "1.00",
                Instant.now().getEpochSecond());

        HttpResponse<String> response = deliver(body, webhookSignature(body, SimulatorProcess.WEBHOOK_SECRET));

        assertThat(TestHttp.json(response).path("outcome").asString()).isEqualTo("REJECTED_AMOUNT_MISMATCH");
        assertThat(status(payment.path("paymentId").asString())).isEqualTo("PENDING/-");
    }

    @Test
    void shouldRefuseACaptureWithoutItsAmountOrCurrencyAndNotApplyOneInAnotherCurrency() throws Exception {
        JsonNode payment = pendingPayment("16.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        long now = Instant.now().getEpochSecond();
        String captured = event("evt_" + UUID.randomUUID(), "payment.captured", orderId, "16.00", now);

        for (String[] malformed : new String[][] {
            {"\"amount\":\"16.00\",", "", "data.amount"},
            {"\"amount\":\"16.00\",", "\"amount\":null,", "data.amount"},
            {"\"currency\":\"INR\",", "", "data.currency"},
            {"\"currency\":\"INR\",", "\"currency\":\"\",", "data.currency"},
            {"\"orderId\":\"" + orderId + "\",", "", "data.orderId"},
            {"\"id\":\"evt_", "\"ref\":\"evt_", "id"}
        }) {
            String body = captured.replace(malformed[0], malformed[1]);
            assertThat(body).isNotEqualTo(captured);

            JsonNode refused = assertProblem(
                    deliver(body, webhookSignature(body, SimulatorProcess.WEBHOOK_SECRET)), 400, "VALIDATION_FAILED");

            assertThat(refused.path("errors").findValuesAsString("field"))
                    .as(body)
                    .containsExactly(malformed[2]);
        }
        assertThat(status(paymentId)).isEqualTo("PENDING/-");

        // the payment's amount in another currency is not the payment's amount
        String dollars = event("evt_" + UUID.randomUUID(), "payment.captured", orderId, "16.00", now)
                .replace("\"currency\":\"INR\"", "\"currency\":\"USD\"");
        HttpResponse<String> response = deliver(dollars, webhookSignature(dollars, SimulatorProcess.WEBHOOK_SECRET));
        assertThat(TestHttp.json(response).path("outcome").asString()).isEqualTo("REJECTED_AMOUNT_MISMATCH");
        assertThat(status(paymentId)).isEqualTo("PENDING/-");
        assertThat(jdbc.sql("select count(*) from ledger_entry where payment_id = ? and kind = 'CAPTURED'")
                        .params(paymentId)
                        .query(Long.class)
                        .single())
                .isZero();
        // a failure needs no amount
        String failed = event("evt_" + UUID.randomUUID(), "payment.failed", orderId, "16.00", now)
                .replace("\"amount\":\"16.00\",", "")
                .replace("\"currency\":\"INR\",", "");
        assertThat(TestHttp.json(deliver(failed, webhookSignature(failed, SimulatorProcess.WEBHOOK_SECRET)))
                        .path("outcome")
                        .asString())
                .isEqualTo("APPLIED");
        assertThat(status(paymentId)).isEqualTo("FAILED/-");
    }

    @Test
    void shouldGiveACapturedPaymentTheTimeTheGatewaySaysItCapturedIt() throws Exception {
        String citizen = newCitizen();
        JsonNode payment = newPayment(citizen, newBiller("18.00"), "18.00");
        String paymentId = payment.path("paymentId").asString();
        long capturedAt = Instant.now().getEpochSecond() + 1;
        // the event reaches payment-service three minutes after the gateway captured the money
        clock.advance(java.time.Duration.ofMinutes(3));
        String body = event(
                "evt_" + UUID.randomUUID(),
                "payment.captured",
                payment.path("checkout").path("orderId").asString(),
                "18.00",
                capturedAt);

        assertThat(TestHttp.json(deliver(body, webhookSignature(body, SimulatorProcess.WEBHOOK_SECRET)))
                        .path("outcome")
                        .asString())
                .isEqualTo("APPLIED");

        assertThat(Instant.parse(payment(citizen, paymentId).path("paidAt").asString()))
                .isEqualTo(Instant.ofEpochSecond(capturedAt));
    }

    @Test
    void shouldKeepTheChosenMethodWhenTheGatewayReportsOneThePlatformDoesNotKnow() throws Exception {
        String citizen = newCitizen();
        JsonNode payment = newPayment(citizen, newBiller("17.00"), "17.00");
        String paymentId = payment.path("paymentId").asString();
        String body = event(
                        "evt_" + UUID.randomUUID(),
                        "payment.captured",
                        payment.path("checkout").path("orderId").asString(),
                        "17.00",
                        Instant.now().getEpochSecond())
                .replace("\"method\":\"UPI\"", "\"method\":\"WALLET\"");

        assertThat(TestHttp.json(deliver(body, webhookSignature(body, SimulatorProcess.WEBHOOK_SECRET)))
                        .path("outcome")
                        .asString())
                .isEqualTo("APPLIED");

        JsonNode view = payment(citizen, paymentId);
        assertThat(view.path("method").asString()).isEqualTo("UPI");
        assertThat(view.has("paidMethod")).isFalse();
    }

    @Test
    void shouldNotTakeARefundOfPartOfTheAmountForTheWholeRefund() throws Exception {
        JsonNode payment = pendingPayment("40.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        long now = Instant.now().getEpochSecond();
        // the payment failed and the gateway captured it anyway: REFUND_PENDING, and the platform's
        // own refund cannot reach the gateway for now
        simulator.sendJson("PUT", "/faults/pg", "{\"down\": true}");
        try {
            for (String type : List.of("payment.failed", "payment.captured")) {
                String body = event("evt_" + UUID.randomUUID(), type, orderId, "40.00", now);
                assertThat(TestHttp.json(deliver(body, webhookSignature(body, SimulatorProcess.WEBHOOK_SECRET)))
                                .path("outcome")
                                .asString())
                        .isEqualTo("APPLIED");
            }
            assertThat(status(paymentId)).isEqualTo("REFUND_PENDING/-");

            // an operator gives 1.00 back at the gateway: the other 39.00 are still the citizen's
            String partial = event("evt_" + UUID.randomUUID(), "refund.processed", orderId, "1.00", now);
            assertThat(TestHttp.json(deliver(partial, webhookSignature(partial, SimulatorProcess.WEBHOOK_SECRET)))
                            .path("outcome")
                            .asString())
                    .isEqualTo("DEFERRED");
            assertThat(status(paymentId)).isEqualTo("REFUND_PENDING/-");
            assertThat(jdbc.sql("select count(*) from outbox where payment_id = ? and kind = 'REFUND'")
                            .params(paymentId)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from ledger_entry where payment_id = ? and kind = 'REFUNDED'")
                            .params(paymentId)
                            .query(Long.class)
                            .single())
                    .isZero();

            // the whole amount back: REFUNDED
            String full = event("evt_" + UUID.randomUUID(), "refund.processed", orderId, "40.00", now);
            assertThat(TestHttp.json(deliver(full, webhookSignature(full, SimulatorProcess.WEBHOOK_SECRET)))
                            .path("outcome")
                            .asString())
                    .isEqualTo("APPLIED");
            assertThat(status(paymentId)).isEqualTo("REFUNDED/-");
            assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
        } finally {
            simulator.sendJson("DELETE", "/faults/pg", "");
        }
    }

    @Test
    void shouldRefundAPaymentTheGatewayCapturedAfterItHadFailed() throws Exception {
        JsonNode payment = pendingPayment("15.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        String failed = event(
                "evt_" + UUID.randomUUID(),
                "payment.failed",
                orderId,
                "15.00",
                Instant.now().getEpochSecond());
        assertThat(TestHttp.json(deliver(failed, webhookSignature(failed, SimulatorProcess.WEBHOOK_SECRET)))
                        .path("outcome")
                        .asString())
                .isEqualTo("APPLIED");
        assertThat(status(paymentId)).isEqualTo("FAILED/-");

        // the citizen completes the payment at the gateway anyway: the money was taken
        assertThat(complete(orderId, "SUCCESS", "NORMAL").statusCode()).isEqualTo(200);

        // ... and is given back, never kept: the bill is not paid with it, the biller never told
        awaitStatus(paymentId, "REFUNDED/-");
        assertThat(jdbc.sql("select failure_reason from payment where id = ?")
                        .params(paymentId)
                        .query(String.class)
                        .single())
                .isEqualTo("CAPTURED_AFTER_FAILURE");
        String citizen = jdbc.sql("select citizen_ref from payment where id = ?")
                .params(paymentId)
                .query(String.class)
                .single();
        assertThat(bill(citizen, payment.path("billId").asString())
                        .path("status")
                        .asString())
                .isEqualTo("UNPAID");
        assertThat(jdbc.sql("select string_agg(kind, ',' order by id) from ledger_entry"
                                + " where payment_id = ? and account = 'CITIZEN'")
                        .params(paymentId)
                        .query(String.class)
                        .single())
                .isEqualTo("INITIATED,NOT_CAPTURED,LATE_CAPTURED,REFUNDED");
        assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
    }
}
