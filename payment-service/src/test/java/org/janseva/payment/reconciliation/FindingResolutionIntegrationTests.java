package org.janseva.payment.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.janseva.payment.payment.PaymentRepository;
import org.janseva.payment.settlement.Findings;
import org.janseva.payment.settlement.SettlementService;
import org.janseva.payment.support.CatalogStub;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.payment.system.PaymentMetrics;
import org.janseva.platform.test.OpenApiAssertions;
import org.janseva.platform.test.SimulatorProcess;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * An operator resolves a finding they settled (with the biller, the finance team, the gateway): it
 * stops being reported (the runs' openFindings, their log, the gauge) and stays as the record, with
 * who, when and their note. The operators' endpoints take an operator's token (scope admin), not
 * only a service's.
 */
class FindingResolutionIntegrationTests extends PaymentIntegrationTestBase {

    private static final String FINDINGS = "/internal/v1/reconciliation/findings";

    @Autowired
    ReconciliationJob job;

    @Autowired
    PaymentMetrics metrics;

    @Autowired
    MeterRegistry registry;

    @Autowired
    SettlementService settlement;

    @Autowired
    PaymentRepository payments;

    @Autowired
    TransactionTemplate tx;

    private String admin() {
        return "Bearer " + tokens.adminToken("platform-admin");
    }

    /** An operator refunds part or all of an order from the gateway's dashboard. */
    private void operatorRefund(String orderId, String amount) {
        HttpResponse<String> response = simulator.postJson(
                "/pg/orders/" + orderId + "/refunds",
                "{\"refundReference\": \"operator-" + UUID.randomUUID() + "\", \"amount\": {\"value\": \"" + amount
                        + "\", \"currency\": \"INR\"}}",
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((SimulatorProcess.KEY_ID + ":" + SimulatorProcess.KEY_SECRET)
                                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** @return the payment's findings as the endpoint lists them with {@code query}, e.g. {@code ?status=ALL} */
    private List<JsonNode> listed(String paymentId, String query) {
        return listedFindings(query, admin()).stream()
                .filter(f -> paymentId.equals(f.path("paymentId").asString()))
                .toList();
    }

    /** @return the id of the payment's open finding of this kind */
    private String openFinding(String paymentId, String kind) {
        List<JsonNode> open = listed(paymentId, "").stream()
                .filter(f -> kind.equals(f.path("kind").asString()))
                .toList();
        assertThat(open).hasSize(1);
        return open.get(0).path("id").asString();
    }

    private HttpResponse<String> resolve(String id, String body, String authorization) {
        return http.postJson(FINDINGS + "/" + id + "/resolution", body, "Authorization", authorization);
    }

    private static String note(String note) {
        return "{\"note\": \"" + note + "\"}";
    }

    /**
     * The gateway refunds a payment the biller had confirmed: a REFUNDED_AFTER_BILLER_CONFIRMED
     * finding, the kind that used to stay open for ever.
     *
     * @return the payment's id
     */
    private String refundedAfterBillerConfirmed(String amount) {
        JsonNode payment = newPayment(newCitizen(), newBiller(amount), amount);
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        complete(orderId, "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");
        operatorRefund(orderId, amount);
        awaitStatus(paymentId, "REFUNDED/CONFIRMED");
        return paymentId;
    }

    private double gauge(String name, String kind) {
        metrics.refresh();
        return registry.get(name).tag("kind", kind).gauge().value();
    }

    @Test
    void shouldResolveAFindingWithAnAdminTokenAndKeepItAsTheRecord() {
        String paymentId = refundedAfterBillerConfirmed("240.00");
        String id = openFinding(paymentId, "REFUNDED_AFTER_BILLER_CONFIRMED");
        JsonNode open = listed(paymentId, "").get(0);
        assertThat(open.path("status").asString()).isEqualTo("OPEN");
        assertThat(open.path("resolution").isNull()).isTrue();
        Instant before = clock.instant();

        HttpResponse<String> resolved =
                resolve(id, note("  Recovered 240.00 from the biller, finance ticket FIN-1041  "), admin());

        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        JsonNode finding = TestHttp.json(resolved);
        assertThat(finding.path("id").asString()).isEqualTo(id);
        assertThat(finding.path("paymentId").asString()).isEqualTo(paymentId);
        assertThat(finding.path("kind").asString()).isEqualTo("REFUNDED_AFTER_BILLER_CONFIRMED");
        assertThat(finding.path("status").asString()).isEqualTo("RESOLVED");
        assertThat(finding.path("detail").asString())
                .isEqualTo(open.path("detail").asString());
        JsonNode resolution = finding.path("resolution");
        assertThat(resolution.path("by").asString())
                .as("the admin token's subject")
                .isEqualTo("platform-admin");
        assertThat(resolution.path("note").asString())
                .as("trimmed")
                .isEqualTo("Recovered 240.00 from the biller, finance ticket FIN-1041");
        assertThat(Instant.parse(resolution.path("at").asString())).isBetween(before, clock.instant());
        OpenApiAssertions.assertAnswerHasItsDocumentedShape(
                TestHttp.json(http.get("/v3/api-docs/internal")),
                "post /internal/v1/reconciliation/findings/{id}/resolution",
                finding);

        assertThat(listed(paymentId, "")).as("no longer open").isEmpty();
        assertThat(listed(paymentId, "?status=OPEN")).isEmpty();
        assertThat(listed(paymentId, "?status=RESOLVED")).containsExactly(finding);
        assertThat(listed(paymentId, "?status=ALL")).containsExactly(finding);
        assertThat(jdbc.sql("select count(*) from reconciliation_finding where id = ?")
                        .params(id)
                        .query(Long.class)
                        .single())
                .as("kept, never deleted")
                .isEqualTo(1);
        assertProblem(http.get(FINDINGS + "?status=CLOSED", "Authorization", admin()), 400, "VALIDATION_FAILED");
    }

    @Test
    void shouldCountOnlyOpenFindingsInTheRunsAndTheGauge() {
        String kind = "REFUNDED_AFTER_BILLER_CONFIRMED";
        String paymentId = refundedAfterBillerConfirmed("77.00");
        String id = openFinding(paymentId, kind);
        int openBefore = job.run().openFindings().get(Findings.Kind.valueOf(kind));
        double gaugeBefore = gauge("janseva.payments.findings", kind);
        double recordedBefore = gauge("janseva.payments.findings.recorded", kind);
        assertThat(openBefore).isPositive();
        assertThat(gaugeBefore).isEqualTo(openBefore);

        assertThat(resolve(id, note("Biller returned it"), admin()).statusCode())
                .isEqualTo(200);

        assertThat(job.run().openFindings().get(Findings.Kind.valueOf(kind)))
                .as("the run reports (and logs) one open finding fewer")
                .isEqualTo(openBefore - 1);
        assertThat(gauge("janseva.payments.findings", kind)).isEqualTo(gaugeBefore - 1);
        assertThat(gauge("janseva.payments.findings.recorded", kind))
                .as("the alert on new findings reads what was ever recorded: a resolution takes nothing away")
                .isEqualTo(recordedBefore);
        assertThat(http.get("/actuator/prometheus").body())
                .contains("janseva_payments_findings{application=\"payment-service\",kind=\"" + kind + "\"}")
                .contains("janseva_payments_findings_recorded{application=\"payment-service\",kind=\"" + kind + "\"}");
    }

    @Test
    void shouldRefuseToResolveAFindingTwiceAndKeepTheFirstResolution() {
        String paymentId = refundedAfterBillerConfirmed("31.00");
        String id = openFinding(paymentId, "REFUNDED_AFTER_BILLER_CONFIRMED");
        assertThat(resolve(id, note("first"), admin()).statusCode()).isEqualTo(200);

        JsonNode problem = assertProblem(
                resolve(id, note("second"), "Bearer " + tokens.adminToken("another-operator")),
                409,
                "FINDING_ALREADY_RESOLVED");

        assertThat(problem.path("detail").asString()).contains("platform-admin");
        JsonNode kept = listed(paymentId, "?status=RESOLVED").get(0);
        assertThat(kept.path("resolution").path("note").asString()).isEqualTo("first");
        assertThat(kept.path("resolution").path("by").asString()).isEqualTo("platform-admin");
    }

    @Test
    void shouldLetExactlyOneOfConcurrentResolutionsWin() throws Exception {
        String paymentId = refundedAfterBillerConfirmed("64.00");
        String id = openFinding(paymentId, "REFUNDED_AFTER_BILLER_CONFIRMED");
        int operators = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(operators);
        List<HttpResponse<String>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < operators; i++) {
                String operator = "operator-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return resolve(id, note("settled by " + operator), "Bearer " + tokens.adminToken(operator));
                }));
            }
            start.countDown();
            for (Future<HttpResponse<String>> answer : answers) {
                responses.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }

        List<HttpResponse<String>> won =
                responses.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(won).as("exactly one wins").hasSize(1);
        responses.stream()
                .filter(r -> r.statusCode() != 200)
                .forEach(r -> assertProblem(r, 409, "FINDING_ALREADY_RESOLVED"));
        JsonNode winner = TestHttp.json(won.get(0)).path("resolution");
        JsonNode kept = listed(paymentId, "?status=RESOLVED").get(0).path("resolution");
        assertThat(kept.path("by").asString()).isEqualTo(winner.path("by").asString());
        assertThat(kept.path("note").asString())
                .isEqualTo("settled by " + winner.path("by").asString());
    }

    @Test
    void shouldRefuseAnUnknownFindingAndANoteThatIsMissingBlankTooLongOrNotOneLine() {
        assertProblem(resolve("fnd-nosuchfinding", note("done"), admin()), 404, "FINDING_NOT_FOUND");
        String paymentId = refundedAfterBillerConfirmed("52.00");
        String id = openFinding(paymentId, "REFUNDED_AFTER_BILLER_CONFIRMED");

        for (String body : List.of(
                "{}",
                "{\"note\": null}",
                note(""),
                note("   "),
                note("x".repeat(501)),
                note("called the biller\\nthey have it"),
                note("tab\\there"),
                note("bell\\u0007"),
                "{\"note\": 42}")) {
            JsonNode problem = assertProblem(resolve(id, body, admin()), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(body)
                    .containsExactly("note");
        }
        JsonNode problem = assertProblem(resolve(id, "not json", admin()), 400, "VALIDATION_FAILED");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("body");
        assertThat(listed(paymentId, "")).as("still open").hasSize(1);

        // 500 characters once the white space around them is taken off: accepted
        HttpResponse<String> resolved = resolve(id, note("\\t " + "ह".repeat(500) + " \\n"), admin());
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(TestHttp.json(resolved).path("resolution").path("note").asString())
                .isEqualTo("ह".repeat(500));
    }

    @Test
    void shouldAnswerTheOperatorEndpointsToAnAdminTokenAndStillRefuseCitizensAndNoToken() {
        String today = LocalDate.now(ZoneId.of("Asia/Kolkata")).toString();
        String citizen = bearer(newCitizen());
        String admin = admin();
        // the internet-facing gateway's client gets scope revocations alone
        String gateway = "Bearer "
                + tokens.token()
                        .subject("gateway-service")
                        .scopes("revocations")
                        .sign();
        String service = "Bearer " + tokens.serviceToken("ops");
        List<String> reads = List.of(
                FINDINGS,
                FINDINGS + "?status=ALL",
                FINDINGS + "?status=RESOLVED&page=1&size=5",
                "/internal/v1/reconciliation/reports/pg/" + today,
                "/internal/v1/ledger/check");
        for (String path : reads) {
            HttpResponse<String> answer = http.get(path, "Authorization", admin);
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
            HttpResponse<String> asService = http.get(path, "Authorization", service);
            assertThat(asService.statusCode())
                    .as(path + ": " + asService.body())
                    .isEqualTo(200);
            assertProblem(http.get(path, "Authorization", citizen), 403, "FORBIDDEN");
            assertProblem(http.get(path, "Authorization", gateway), 403, "FORBIDDEN");
            assertProblem(http.get(path), 401, "UNAUTHENTICATED");
        }
        // the token is asked for before the paging: a stranger learns nothing of the parameters
        String badPaging = FINDINGS + "?status=ALL&page=-1&size=1000";
        assertProblem(http.get(badPaging, "Authorization", admin), 400, "VALIDATION_FAILED");
        assertProblem(http.get(badPaging, "Authorization", citizen), 403, "FORBIDDEN");
        assertProblem(http.get(badPaging, "Authorization", gateway), 403, "FORBIDDEN");
        assertProblem(http.get(badPaging), 401, "UNAUTHENTICATED");
        HttpResponse<String> run = http.postJson("/internal/v1/reconciliation/runs", "", "Authorization", admin);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(TestHttp.json(run).path("ran").isBoolean()).isTrue();
        assertProblem(
                http.postJson("/internal/v1/reconciliation/runs", "", "Authorization", citizen), 403, "FORBIDDEN");
        assertProblem(http.postJson("/internal/v1/reconciliation/runs", ""), 401, "UNAUTHENTICATED");
        String resolution = FINDINGS + "/fnd-nosuchfinding/resolution";
        assertProblem(http.postJson(resolution, note("done"), "Authorization", admin), 404, "FINDING_NOT_FOUND");
        assertProblem(http.postJson(resolution, note("done"), "Authorization", service), 404, "FINDING_NOT_FOUND");
        assertProblem(http.postJson(resolution, note("done"), "Authorization", citizen), 403, "FORBIDDEN");
        assertProblem(http.postJson(resolution, note("done"), "Authorization", gateway), 403, "FORBIDDEN");
        assertProblem(http.postJson(resolution, note("done")), 401, "UNAUTHENTICATED");

        // every other rule as it was: an admin token is not a citizen's, nor user-service's erasure one
        assertProblem(
                http.postJson("/internal/v1/citizens/" + newCitizen() + "/erasure", "", "Authorization", admin),
                403,
                "FORBIDDEN");
        assertProblem(http.get("/api/v1/payments", "Authorization", admin), 403, "FORBIDDEN");
    }

    @Test
    void shouldKeepARefusedRefundsFindingThatClosedItselfAsResolvedByThePlatform() throws Exception {
        String service = newBiller("58.00");
        catalog.confirm(service, StubHttpServer.Answer.json(CatalogStub.confirmation("REJECTED", "CONSUMER_BLOCKED")));
        JsonNode payment = newPayment(newCitizen(), service, "58.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        // a capture the gateway signed for an order it does not hold as paid: its refund is refused
        String captured = "{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"payment.captured\",\"createdAt\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"orderId\":\"" + orderId
                + "\",\"paymentId\":\"pay_gw_x\",\"amount\":\"58.00\",\"currency\":\"INR\"}}";
        assertThat(deliverSignedWebhook(captured).statusCode()).isEqualTo(200);
        await("the refusal to be a finding", () -> listed(paymentId, "").size() == 1);
        String id = openFinding(paymentId, "REFUND_REFUSED");

        // the operator has the citizen's payment taken and refunds it all at the gateway: its refund
        // webhook makes the payment REFUNDED, which settles the finding
        assertThat(complete(orderId, "SUCCESS", "NEVER").statusCode()).isEqualTo(200);
        operatorRefund(orderId, "58.00");
        awaitStatus(paymentId, "REFUNDED/FAILED");

        assertThat(listed(paymentId, "")).as("no longer open").isEmpty();
        List<JsonNode> record = listed(paymentId, "?status=RESOLVED");
        assertThat(record).hasSize(1);
        assertThat(record.get(0).path("id").asString()).isEqualTo(id);
        assertThat(record.get(0).path("resolution").path("by").asString()).isEqualTo("payment-service");
        assertThat(record.get(0).path("resolution").path("note").asString()).contains("REFUNDED");
        JsonNode problem = assertProblem(resolve(id, note("refunded it"), admin()), 409, "FINDING_ALREADY_RESOLVED");
        assertThat(problem.path("detail").asString()).contains("payment-service");
    }

    @Test
    void shouldKeepAResolvedFindingResolvedWhenSeenAgainAndOpenANewOneWhenTheGatewaysRefundsChange() {
        JsonNode payment = newPayment(newCitizen(), newBiller("100.00"), "100.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        complete(orderId, "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");
        operatorRefund(orderId, "1.00");
        await("the partial refund to be a finding", () -> listed(paymentId, "").size() == 1);
        String first = openFinding(paymentId, "PARTIAL_REFUND_AT_GATEWAY");
        assertThat(resolve(first, note("goodwill refund agreed with finance"), admin())
                        .statusCode())
                .isEqualTo(200);

        // the order's refunds read again, unchanged (a re-read, a repeated event): nothing new
        tx.executeWithoutResult(s ->
                settlement.refundedAtGateway(payments.lock(paymentId).orElseThrow(), null, new BigDecimal("1.00")));
        assertThat(listed(paymentId, "")).as("what was settled stays settled").isEmpty();

        // more money given back at the gateway: that is new, for an operator again
        operatorRefund(orderId, "2.00");
        await("a new finding", () -> listed(paymentId, "").size() == 1);
        JsonNode reopened = listed(paymentId, "").get(0);
        assertThat(reopened.path("id").asString()).isNotEqualTo(first);
        assertThat(reopened.path("gatewayRefunded").decimalValue()).isEqualByComparingTo("3.00");
        List<JsonNode> resolved = listed(paymentId, "?status=RESOLVED");
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).path("id").asString()).isEqualTo(first);
        assertThat(resolved.get(0).path("gatewayRefunded").decimalValue())
                .as("the record as it was settled")
                .isEqualByComparingTo("1.00");
    }
}
