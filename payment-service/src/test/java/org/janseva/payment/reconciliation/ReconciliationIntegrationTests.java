package org.janseva.payment.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.janseva.payment.gateway.PaymentGateways;
import org.janseva.payment.ledger.LedgerCheck;
import org.janseva.payment.payment.PaymentRepository;
import org.janseva.payment.settlement.Findings;
import org.janseva.payment.settlement.SettlementService;
import org.janseva.payment.support.CatalogStub;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.payment.system.PaymentMetrics;
import org.janseva.payment.system.PaymentProperties;
import org.janseva.platform.test.SimulatorProcess;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReconciliationIntegrationTests extends PaymentIntegrationTestBase {

    @Autowired
    ReconciliationJob job;

    @Autowired
    LedgerCheck ledgerCheck;

    @Autowired
    ApplicationContext context;

    /** @return a job of its own (no cursor yet), as an instance with this {@code reconciliation.batch-size} runs it */
    private ReconciliationJob jobWithBatchSize(int batchSize) {
        PaymentProperties p = context.getBean(PaymentProperties.class);
        PaymentProperties.Reconciliation r = p.reconciliation();
        PaymentProperties properties = new PaymentProperties(
                p.gateway(),
                p.idempotencyRetention(),
                p.inProgressRetryAfter(),
                p.orderCreationLease(),
                p.settleAfter(),
                p.expireAfter(),
                p.stuckAfter(),
                p.lateCaptureChecks(),
                p.outbox(),
                new PaymentProperties.Reconciliation(r.enabled(), r.interval(), r.reportDelay(), batchSize),
                p.webhookTolerance(),
                p.erasureKey());
        return new ReconciliationJob(
                context.getBean(DataSource.class),
                jdbc,
                context.getBean(TransactionTemplate.class),
                context.getBean(PaymentRepository.class),
                context.getBean(PaymentGateways.class),
                context.getBean(SettlementService.class),
                ledgerCheck,
                context.getBean(Findings.class),
                properties,
                context.getBean(PaymentMetrics.class),
                context.getBean(JsonMapper.class),
                context.getBean(Clock.class));
    }

    /**
     * @return a REFUND_PENDING payment whose refund the gateway refused for good: a capture it signed
     *     for an order it does not hold as paid, that the biller refused; it waits for an operator
     */
    private JsonNode refundRefusedForGood(String amount) throws Exception {
        String service = newBiller(amount);
        catalog.confirm(service, StubHttpServer.Answer.json(CatalogStub.confirmation("REJECTED", "CONSUMER_BLOCKED")));
        JsonNode payment = newPayment(newCitizen(), service, amount);
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        String captured = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"payment.captured\",\"createdAt\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"orderId\":\"" + orderId
                + "\",\"paymentId\":\"pay_gw_x\",\"amount\":\"" + amount + "\",\"currency\":\"INR\"}}";
        assertThat(deliverSignedWebhook(captured).statusCode()).isEqualTo(200);
        await(
                "the refusal of " + paymentId + " to be a finding",
                () -> jdbc.sql("select count(*) from reconciliation_finding where payment_id = ?"
                                        + " and kind = 'REFUND_REFUSED'")
                                .params(paymentId)
                                .query(Long.class)
                                .single()
                        == 1);
        assertThat(status(paymentId)).isEqualTo("REFUND_PENDING/FAILED");
        return payment;
    }

    @Test
    void shouldSettleAPaymentWhoseWebhookWasLostByAskingTheGateway() {
        JsonNode payment = newPayment(newCitizen(), newBiller("77.00"), "77.00");
        String paymentId = payment.path("paymentId").asString();
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NEVER");
        assertThat(job.run().settledFromGateway()).as("too young to settle").isZero();
        assertThat(status(paymentId)).isEqualTo("PENDING/-");

        clock.advance(Duration.ofMinutes(6));
        ReconciliationJob.Result result = job.run();

        assertThat(result.ran()).isTrue();
        assertThat(result.settledFromGateway()).isGreaterThanOrEqualTo(1);
        // the biller confirmation it queued is due on the (advanced) clock
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");
        assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
    }

    @Test
    void shouldRecordTheMethodTheGatewayReportsForAPaymentSettledFromItsStatus() {
        String citizen = newCitizen();
        JsonNode payment = newPayment(citizen, newBiller("78.00"), "78.00");
        String paymentId = payment.path("paymentId").asString();
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NEVER", "NETBANKING");

        clock.advance(Duration.ofMinutes(6));
        job.run();

        awaitStatus(paymentId, "SUCCESS/CONFIRMED");
        JsonNode view = payment(citizen, paymentId);
        assertThat(view.path("method").asString()).isEqualTo("UPI");
        assertThat(view.path("paidMethod").asString()).isEqualTo("NETBANKING");
    }

    @Test
    void shouldGiveAPaymentSettledFromTheGatewayTheTimeTheGatewayCapturedItNotTheTimeOfTheRun() {
        String citizen = newCitizen();
        JsonNode payment = newPayment(citizen, newBiller("79.00"), "79.00");
        String paymentId = payment.path("paymentId").asString();
        Instant before = Instant.now();
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NEVER");
        Instant after = Instant.now();

        // the webhook was lost: the job settles it minutes later
        clock.advance(Duration.ofMinutes(6));
        job.run();
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");

        Instant paidAt =
                Instant.parse(payment(citizen, paymentId).path("paidAt").asString());
        assertThat(paidAt).isBetween(before.minusSeconds(1), after.plusSeconds(1));
        assertThat(receiptText(citizen, paymentId))
                .contains(DateTimeFormatter.ofPattern("dd MMM yyyy, hh:mm:ss a 'IST'", Locale.ENGLISH)
                        .format(paidAt.atZone(ZoneId.of("Asia/Kolkata"))));
    }

    @Test
    void shouldExpireAPaymentNeverCompletedAfterNinetyMinutesAndCloseItsOrder() {
        JsonNode payment = newPayment(newCitizen(), newBiller("88.00"), "88.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        clock.advance(Duration.ofMinutes(30));
        job.run();
        assertThat(status(paymentId)).as("open at the gateway, not yet expired").isEqualTo("PENDING/-");

        clock.advance(Duration.ofMinutes(61));
        ReconciliationJob.Result result = job.run();

        assertThat(result.expired()).isGreaterThanOrEqualTo(1);
        assertThat(status(paymentId)).isEqualTo("FAILED/-");
        assertThat(jdbc.sql("select failure_reason from payment where id = ?")
                        .params(paymentId)
                        .query(String.class)
                        .single())
                .isEqualTo("EXPIRED");
        assertThat(complete(orderId, "SUCCESS", "NORMAL").statusCode())
                .as("the closed order cannot be paid any more")
                .isEqualTo(409);
        assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
    }

    @Test
    void shouldSettleARefundMadeAtTheGatewayBehindAPageOfRefundsRefusedForGood() throws Exception {
        // a job that asks about 2 payments a run, from the oldest: 2 refunds refused for good, older
        // than the one below, are a page that stays REFUND_PENDING until an operator acts
        ReconciliationJob job = jobWithBatchSize(2);
        refundRefusedForGood("41.00");
        refundRefusedForGood("42.00");
        JsonNode payment = refundRefusedForGood("43.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        // the citizen pays the order after all and an operator refunds all of it at the gateway; its
        // webhook is lost (it reaches the platform 11 minutes later by the platform's clock: too old)
        assertThat(complete(orderId, "SUCCESS", "NEVER").statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(11));
        HttpResponse<String> refund = simulator.postJson(
                "/pg/orders/" + orderId + "/refunds",
                "{\"refundReference\": \"operator-" + UUID.randomUUID()
                        + "\", \"amount\": {\"value\": \"43.00\", \"currency\": \"INR\"}}",
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((SimulatorProcess.KEY_ID + ":" + SimulatorProcess.KEY_SECRET)
                                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(refund.statusCode()).as(refund.body()).isEqualTo(201);

        job.run();
        assertThat(status(paymentId)).as("not on the first page").isEqualTo("REFUND_PENDING/FAILED");
        // each later run goes on after the page before: some run reaches it
        long refunding = jdbc.sql("select count(*) from payment where status = 'REFUND_PENDING'")
                .query(Long.class)
                .single();
        for (long run = 0; run < refunding / 2 + 1 && !"REFUNDED/FAILED".equals(status(paymentId)); run++) {
            job.run();
        }

        assertThat(status(paymentId)).isEqualTo("REFUNDED/FAILED");
        assertThat(jdbc.sql("select kind || ' ' || coalesce(resolved_by, 'open') from reconciliation_finding"
                                + " where payment_id = ?")
                        .params(paymentId)
                        .query(String.class)
                        .list())
                .as("the refusal is resolved, by the platform, and kept as the record")
                .containsExactly("REFUND_REFUSED payment-service");
        assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
    }

    @Test
    void shouldReArmAStuckBillerConfirmation() {
        String service = newBiller("99.00");
        JsonNode payment = newPayment(newCitizen(), service, "99.00");
        String paymentId = payment.path("paymentId").asString();
        catalog.confirm(service, org.janseva.platform.test.StubHttpServer.Answer.json(503, "{}"));
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        await(
                "the confirmation to be parked",
                () -> jdbc.sql(
                                        "select count(*) from outbox where payment_id = ? and kind = 'CONFIRM_BILLER' and parked")
                                .params(paymentId)
                                .query(Long.class)
                                .single()
                        == 1);
        catalog.confirm(
                service,
                org.janseva.platform.test.StubHttpServer.Answer.json(
                        org.janseva.payment.support.CatalogStub.confirmation("ACCEPTED", null)));

        clock.advance(Duration.ofMinutes(11));
        ReconciliationJob.Result result = job.run();

        assertThat(result.confirmationsRearmed()).isGreaterThanOrEqualTo(1);
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");
    }

    @Test
    void shouldReArmAnOrderCreationTheOutboxGaveUpOn() {
        String citizen = newCitizen();
        String billId = billFor(citizen, newBiller("66.00"));
        String key = java.util.UUID.randomUUID().toString();
        String body = paymentBody(billId, "66.00", "UPI");
        simulator.sendJson("PUT", "/faults/pg", "{\"down\": true}");
        String paymentId;
        try {
            assertThat(pay(citizen, key, body).statusCode()).isEqualTo(503);
            paymentId = jdbc.sql("select id from payment where bill_id = ?")
                    .params(billId)
                    .query(String.class)
                    .single();
            // what the outbox worker does after its last attempt (max-attempts) while the gateway is down
            jdbc.sql("update outbox set parked = true where payment_id = ? and kind = 'CREATE_ORDER'")
                    .params(paymentId)
                    .update();
        } finally {
            simulator.sendJson("DELETE", "/faults/pg", "");
        }
        assertThat(TestHttp.json(pay(citizen, key, body)).path("code").asString())
                .as("parked: nobody creates the order")
                .isEqualTo("IDEMPOTENCY_IN_PROGRESS");

        clock.advance(Duration.ofMinutes(11));
        ReconciliationJob.Result result = job.run();

        assertThat(result.ordersRearmed()).isGreaterThanOrEqualTo(1);
        await(
                "the re-armed outbox to create the order",
                () -> pay(citizen, key, body).statusCode() == 201);
        assertThat(status(paymentId)).isEqualTo("PENDING/-");
    }

    @Test
    void shouldCompareADaysLedgerWithTheGatewaysRecord() throws Exception {
        JsonNode paid = newPayment(newCitizen(), newBiller("10.50"), "10.50");
        String paidOrder = paid.path("checkout").path("orderId").asString();
        complete(paidOrder, "SUCCESS", "NORMAL");
        awaitStatus(paid.path("paymentId").asString(), "SUCCESS/CONFIRMED");
        // a capture the gateway never made, told by a (validly signed) forged webhook
        JsonNode forged = newPayment(newCitizen(), newBiller("20.25"), "20.25");
        String forgedOrder = forged.path("checkout").path("orderId").asString();
        String event = "{\"id\":\"evt_forged_" + forgedOrder + "\",\"type\":\"payment.captured\",\"createdAt\":"
                + java.time.Instant.now().getEpochSecond() + ",\"data\":{\"orderId\":\"" + forgedOrder
                + "\",\"amount\":\"20.25\",\"currency\":\"INR\"}}";
        deliverSignedWebhook(event);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Kolkata"));

        JsonNode report = TestHttp.json(http.get(
                "/internal/v1/reconciliation/reports/pg/" + today,
                "Authorization",
                "Bearer " + tokens.serviceToken("platform-admin")));

        assertThat(report.path("matched").asInt()).isPositive();
        assertThat(report.path("mismatches").findValuesAsString("orderId"))
                .contains(forgedOrder)
                .doesNotContain(paidOrder);
        for (JsonNode mismatch : report.path("mismatches")) {
            if (mismatch.path("orderId").asString().equals(forgedOrder)) {
                assertThat(mismatch.path("issue").asString()).isEqualTo("CAPTURE_MISMATCH");
                assertThat(mismatch.path("ledgerCaptured").decimalValue()).isEqualByComparingTo("20.25");
                assertThat(mismatch.path("gatewayCaptured").decimalValue()).isZero();
            }
        }
        assertProblem(
                http.get(
                        "/internal/v1/reconciliation/reports/no-such-gateway/" + today,
                        "Authorization",
                        "Bearer " + tokens.serviceToken("platform-admin")),
                404,
                "GATEWAY_NOT_FOUND");
        JsonNode check = TestHttp.json(http.get(
                "/internal/v1/ledger/check", "Authorization", "Bearer " + tokens.serviceToken("platform-admin")));
        assertThat(check.path("unbalancedPostings")).isEmpty();
        assertThat(check.path("mismatches")).isEmpty();
        assertThat(http.get("/internal/v1/ledger/check", "Authorization", bearer(newCitizen()))
                        .statusCode())
                .isEqualTo(403);
        // nor the internet-facing gateway's token, whose client gets scope revocations alone
        String gateway = "Bearer "
                + tokens.token()
                        .subject("gateway-service")
                        .scopes("revocations")
                        .sign();
        assertThat(http.get("/internal/v1/ledger/check", "Authorization", gateway)
                        .statusCode())
                .isEqualTo(403);
        assertThat(http.get("/internal/v1/reconciliation/reports/pg/" + today, "Authorization", gateway)
                        .statusCode())
                .isEqualTo(403);
        assertThat(http.postJson("/internal/v1/reconciliation/runs", "", "Authorization", gateway)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void shouldLetOnlyOneInstanceRunTheJobAtATime() throws Exception {
        org.janseva.platform.test.SharedEmbeddedPostgres.Server server =
                org.janseva.platform.test.SharedEmbeddedPostgres.get();
        try (java.sql.Connection other = java.sql.DriverManager.getConnection(
                        server.jdbcUrl("payments"), server.username(), server.password());
                java.sql.Statement statement = other.createStatement()) {
            statement.execute("select pg_advisory_lock(" + 0x4a53_5245_434fL + ")");
            assertThat(job.run().ran()).isFalse();
            statement.execute("select pg_advisory_unlock(" + 0x4a53_5245_434fL + ")");
        }
        assertThat(job.run().ran()).isTrue();
    }
}
