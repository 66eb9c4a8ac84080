package org.janseva.payment.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.janseva.platform.test.SimulatorProcess;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Helpers for payment-service journeys over real HTTP. */
@PaymentServiceTest
public abstract class PaymentIntegrationTestBase {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MutableClock clock;

    protected TestHttp http;
    protected TestHttp simulator;
    protected final CatalogStub catalog = CatalogStub.get();
    protected final TestTokenIssuer tokens = TestTokenIssuer.shared();

    @BeforeEach
    void setUpClients() {
        http = TestHttp.localhost(port);
        simulator = TestHttp.to(SimulatorProcess.get().baseUri());
        clock.reset();
    }

    /**
     * @param body a webhook's raw body
     * @param secret the webhook secret
     * @return its {@code X-PG-Signature}, as the payment gateway signs: HMAC-SHA256 of the body, hex
     */
    protected static String webhookSignature(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** @return payment-service's answer to this webhook body, signed as the simulator's gateway signs */
    protected HttpResponse<String> deliverSignedWebhook(String body) {
        return http.postJson(
                "/api/v1/payments/webhooks/pg",
                body,
                "X-PG-Signature",
                webhookSignature(body, SimulatorProcess.WEBHOOK_SECRET));
    }

    /** @return a new biller service code with one bill of this amount */
    protected String newBiller(String amount) {
        String serviceCode =
                "TEST-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        catalog.biller(serviceCode, "BILL-" + serviceCode, amount);
        return serviceCode;
    }

    protected static String newCitizen() {
        return "cit_" + UUID.randomUUID().toString().replace("-", "");
    }

    protected String bearer(String citizen) {
        return "Bearer " + tokens.citizenToken(citizen);
    }

    /** @param headers more request headers, name then value, e.g. {@code X-Channel} */
    protected HttpResponse<String> fetchBill(
            String citizen, String serviceCode, String consumerNumber, String... headers) {
        List<String> all = new ArrayList<>(List.of("Authorization", bearer(citizen)));
        all.addAll(List.of(headers));
        return http.postJson(
                "/api/v1/bills/fetch",
                "{\"serviceCode\": \"" + serviceCode + "\", \"params\": {\"consumerNumber\": \"" + consumerNumber
                        + "\"}}",
                all.toArray(String[]::new));
    }

    /** @return the billId of a fetched bill */
    protected String billFor(String citizen, String serviceCode) {
        HttpResponse<String> response = fetchBill(citizen, serviceCode, "1234567890");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response).path("billId").asString();
    }

    protected static String paymentBody(String billId, String amount, String method) {
        return "{\"billId\": \"" + billId + "\", \"amount\": {\"value\": \"" + amount
                + "\", \"currency\": \"INR\"}, \"method\": \"" + method + "\"}";
    }

    protected HttpResponse<String> pay(String citizen, String key, String body) {
        return key == null
                ? http.postJson("/api/v1/payments", body, "Authorization", bearer(citizen))
                : http.postJson("/api/v1/payments", body, "Authorization", bearer(citizen), "Idempotency-Key", key);
    }

    /** @return the 201 answer of a new payment of a new bill */
    protected JsonNode newPayment(String citizen, String serviceCode, String amount) {
        String billId = billFor(citizen, serviceCode);
        HttpResponse<String> created = pay(citizen, UUID.randomUUID().toString(), paymentBody(billId, amount, "UPI"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return TestHttp.json(created);
    }

    /** The citizen acts on the simulator's checkout page. */
    protected HttpResponse<String> complete(String orderId, String outcome, String webhook) {
        return complete(orderId, outcome, webhook, "UPI");
    }

    /** The citizen acts on the simulator's checkout page, paying by this method. */
    protected HttpResponse<String> complete(String orderId, String outcome, String webhook, String method) {
        return simulator.postJson(
                "/pg/orders/" + orderId + "/complete",
                "{\"outcome\": \"" + outcome + "\", \"method\": \"" + method + "\", \"webhook\": \"" + webhook + "\"}");
    }

    protected JsonNode payment(String citizen, String paymentId) {
        HttpResponse<String> response = http.get("/api/v1/payments/" + paymentId, "Authorization", bearer(citizen));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response);
    }

    /** @return the citizen's kept bill as GET /api/v1/bills/{billId} answers it */
    protected JsonNode bill(String citizen, String billId) {
        HttpResponse<String> response = http.get("/api/v1/bills/" + billId, "Authorization", bearer(citizen));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response);
    }

    /** @return the text of the payment's PDF receipt, white space collapsed */
    protected String receiptText(String citizen, String paymentId) {
        try {
            HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient()
                    .send(
                            http.request("/api/v1/payments/" + paymentId + "/receipt")
                                    .header("Authorization", bearer(citizen))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.Loader.loadPDF(response.body())) {
                return new org.apache.pdfbox.text.PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
            }
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    protected String status(String paymentId) {
        return jdbc.sql("select status || '/' || coalesce(biller_status, '-') from payment where id = ?")
                .params(paymentId)
                .query(String.class)
                .single();
    }

    /**
     * @param query {@code ""} or a status, e.g. {@code "?status=ALL"}
     * @param authorization an operator's or a service's bearer token
     * @return every finding {@code GET /internal/v1/reconciliation/findings} lists with this query,
     *     read page after page
     */
    protected List<JsonNode> listedFindings(String query, String authorization) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            HttpResponse<String> response = http.get(
                    "/internal/v1/reconciliation/findings" + query + (query.isEmpty() ? "?" : "&") + "size=100&page="
                            + page,
                    "Authorization",
                    authorization);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = TestHttp.json(response);
            answer.path("items").forEach(all::add);
            if (page + 1 >= answer.path("page").path("totalPages").asLong()) {
                return all;
            }
        }
    }

    /** Polls until the condition holds (the outbox and webhooks are asynchronous). */
    protected static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    protected void awaitStatus(String paymentId, String expected) {
        await(paymentId + " to be " + expected, () -> expected.equals(status(paymentId)));
    }
}
