package org.janseva.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.janseva.payment.support.CatalogStub;
import org.janseva.payment.support.PaymentServiceProcess;
import org.janseva.payment.support.PaymentTestEnvironment;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.janseva.platform.test.SimulatorProcess;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Crash safety: payment-service runs as a separate process (its own jar) and is killed with
 * SIGKILL at the worst moments; after a restart, retries with the same keys, the outbox and the
 * reconciliation job must reach exactly one charge, a confirmed biller and a balanced ledger.
 */
class PaymentCrashProcessTests {

    private static final String DATABASE = "payments_crash";
    private static final TestTokenIssuer tokens = TestTokenIssuer.shared();
    private static final CatalogStub catalog = CatalogStub.get();
    private static PaymentServiceProcess service;
    private static TestHttp http;
    private static TestHttp simulator;

    @BeforeAll
    static void start() {
        Map<String, Object> properties = PaymentTestEnvironment.properties();
        SharedEmbeddedPostgres.Server postgres = SharedEmbeddedPostgres.get();
        properties.put("spring.datasource.url", postgres.jdbcUrl(DATABASE));
        properties.put("spring.datasource.username", postgres.username());
        properties.put("spring.datasource.password", postgres.password());
        // short leases, so that work a killed process had taken is taken over quickly
        properties.put("platform.payment.order-creation-lease", "2s");
        properties.put("platform.payment.outbox.lease", "2s");
        properties.put("platform.payment.outbox.max-attempts", "20");
        // the test runs the reconciliation job itself; a payment may be settled from the gateway at once
        properties.put("platform.payment.settle-after", "0s");
        service = new PaymentServiceProcess(properties);
        service.start();
        http = TestHttp.to(java.net.URI.create(service.baseUrl()));
        simulator = TestHttp.to(SimulatorProcess.get().baseUri());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void shouldChargeOnceWhenKilledAfterTheGatewayOrderBeforeTheWebhook() {
        String citizen = "cit_" + UUID.randomUUID();
        String serviceCode = biller("1500.00");
        String billId = fetchBill(citizen, serviceCode);
        String key = UUID.randomUUID().toString();
        String body = paymentBody(billId, "1500.00");
        HttpResponse<String> created = pay(citizen, key, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String paymentId = TestHttp.json(created).path("paymentId").asString();
        String orderId = TestHttp.json(created).path("checkout").path("orderId").asString();

        service.kill();
        assertThat(service.exitValue()).isEqualTo(137);
        // the citizen pays while payment-service is dead: the webhook is lost
        assertThat(complete(orderId).statusCode()).isEqualTo(200);
        service.start();

        HttpResponse<String> retried = pay(citizen, key, body);
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(retried.body()).isEqualTo(created.body());
        assertThat(status(paymentId)).isEqualTo("PENDING/-");

        JsonNode run = reconcile();
        assertThat(run.path("settledFromGateway").asInt()).isGreaterThanOrEqualTo(1);
        await("biller confirmed", () -> "SUCCESS/CONFIRMED".equals(status(paymentId)));

        assertExactlyOneCharge(paymentId, billId);
    }

    @Test
    void shouldChargeOnceWhenKilledAfterSuccessBeforeTheBillerIsConfirmed() {
        String citizen = "cit_" + UUID.randomUUID();
        String serviceCode = biller("2750.25");
        // the biller is slow: the kill lands while the confirmation is in flight
        catalog.confirm(
                serviceCode,
                StubHttpServer.Answer.json(CatalogStub.confirmation("ACCEPTED", null))
                        .delayedBy(8000));
        String billId = fetchBill(citizen, serviceCode);
        String key = UUID.randomUUID().toString();
        String body = paymentBody(billId, "2750.25");
        HttpResponse<String> created = pay(citizen, key, body);
        assertThat(created.statusCode()).isEqualTo(201);
        String paymentId = TestHttp.json(created).path("paymentId").asString();
        complete(TestHttp.json(created).path("checkout").path("orderId").asString());
        await(
                "SUCCESS with the confirmation in flight",
                () -> "SUCCESS/PENDING".equals(status(paymentId))
                        && !catalog.confirmations(serviceCode).isEmpty());

        service.kill();
        catalog.confirm(serviceCode, StubHttpServer.Answer.json(CatalogStub.confirmation("ACCEPTED", null)));
        service.start();

        await("biller confirmed after the restart", () -> "SUCCESS/CONFIRMED".equals(status(paymentId)));
        HttpResponse<String> retried = pay(citizen, key, body);
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(retried.body()).isEqualTo(created.body());
        reconcile();
        List<StubHttpServer.Recorded> confirmations = catalog.confirmations(serviceCode);
        assertThat(confirmations).hasSizeGreaterThanOrEqualTo(2);
        assertThat(confirmations)
                .allSatisfy(c -> assertThat(c.body()).contains("\"paymentReference\":\"" + paymentId + "\""));

        assertExactlyOneCharge(paymentId, billId);
    }

    @Test
    void shouldCreateOneOrderWhenKilledAfterTheClaimBeforeTheGatewayAnswered() throws Exception {
        String citizen = "cit_" + UUID.randomUUID();
        String serviceCode = biller("640.00");
        String billId = fetchBill(citizen, serviceCode);
        String key = UUID.randomUUID().toString();
        String body = paymentBody(billId, "640.00");
        simulator.sendJson("PUT", "/faults/pg", "{\"latencyMs\": 6000}");
        try {
            CompletableFuture<HttpResponse<String>> inFlight =
                    CompletableFuture.supplyAsync(() -> pay(citizen, key, body));
            await("the claim committed", () -> count("select count(*) from payment where bill_id = ?", billId) == 1);
            service.kill();
            inFlight.handle((r, e) -> null).get();
        } finally {
            simulator.sendJson("DELETE", "/faults/pg", "");
        }
        service.start();

        HttpResponse<String>[] answer = new HttpResponse[1];
        await("the outbox to finish the checkout", () -> {
            answer[0] = pay(citizen, key, body);
            assertThat(answer[0].statusCode()).as(answer[0].body()).isIn(201, 409);
            return answer[0].statusCode() == 201;
        });
        assertThat(answer[0].headers().firstValue("Idempotent-Replayed")).hasValue("true");
        JsonNode created = TestHttp.json(answer[0]);
        String paymentId = created.path("paymentId").asString();
        assertThat(gatewayOrders(paymentId)).hasSize(1);

        complete(created.path("checkout").path("orderId").asString());
        await("biller confirmed", () -> "SUCCESS/CONFIRMED".equals(status(paymentId)));
        assertExactlyOneCharge(paymentId, billId);
    }

    private void assertExactlyOneCharge(String paymentId, String billId) {
        assertThat(count("select count(*) from payment where bill_id = ?", billId))
                .isEqualTo(1);
        List<JsonNode> orders = gatewayOrders(paymentId);
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).path("status").asString()).isEqualTo("PAID");
        assertThat(count("select count(*) from ledger_entry where payment_id = ? and kind = 'CAPTURED'", paymentId))
                .isEqualTo(2);
        JsonNode check = TestHttp.json(http.get("/internal/v1/ledger/check", "Authorization", serviceToken()));
        assertThat(check.path("unbalancedPostings")).isEmpty();
        assertThat(check.path("mismatches")).as(check.toString()).isEmpty();
    }

    private static String biller(String amount) {
        String serviceCode =
                "CRASH-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        catalog.biller(serviceCode, "BILL-" + serviceCode, amount);
        return serviceCode;
    }

    private static String fetchBill(String citizen, String serviceCode) {
        HttpResponse<String> response = http.postJson(
                "/api/v1/bills/fetch",
                "{\"serviceCode\": \"" + serviceCode + "\", \"params\": {\"consumerNumber\": \"5550001111\"}}",
                "Authorization",
                TestTokenIssuer.bearer(tokens.citizenToken(citizen)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response).path("billId").asString();
    }

    private static String paymentBody(String billId, String amount) {
        return "{\"billId\": \"" + billId + "\", \"amount\": {\"value\": \"" + amount
                + "\", \"currency\": \"INR\"}, \"method\": \"UPI\"}";
    }

    private static HttpResponse<String> pay(String citizen, String key, String body) {
        return http.postJson(
                "/api/v1/payments",
                body,
                "Authorization",
                TestTokenIssuer.bearer(tokens.citizenToken(citizen)),
                "Idempotency-Key",
                key);
    }

    private static HttpResponse<String> complete(String orderId) {
        return simulator.postJson("/pg/orders/" + orderId + "/complete", "{\"outcome\": \"SUCCESS\"}");
    }

    private static JsonNode reconcile() {
        HttpResponse<String> run =
                http.postJson("/internal/v1/reconciliation/runs", "", "Authorization", serviceToken());
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        return TestHttp.json(run);
    }

    private static String serviceToken() {
        return TestTokenIssuer.bearer(tokens.serviceToken("platform-admin"));
    }

    private static List<JsonNode> gatewayOrders(String paymentId) {
        JsonNode orders = TestHttp.json(simulator.get(
                "/pg/orders?from=" + Instant.now().minus(Duration.ofHours(1)) + "&to="
                        + Instant.now().plusSeconds(60),
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (SimulatorProcess.KEY_ID + ":" + SimulatorProcess.KEY_SECRET).getBytes())));
        List<JsonNode> mine = new java.util.ArrayList<>();
        orders.forEach(o -> {
            if (paymentId.equals(o.path("merchantReference").asString())) {
                mine.add(o);
            }
        });
        return mine;
    }

    private static String status(String paymentId) {
        return query("select status || '/' || coalesce(biller_status, '-') from payment where id = ?", paymentId);
    }

    private static long count(String sql, String parameter) {
        return Long.parseLong(query(sql, parameter));
    }

    private static String query(String sql, String parameter) {
        SharedEmbeddedPostgres.Server postgres = SharedEmbeddedPostgres.get();
        try (Connection connection = DriverManager.getConnection(
                        postgres.jdbcUrl(DATABASE), postgres.username(), postgres.password());
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }
}
