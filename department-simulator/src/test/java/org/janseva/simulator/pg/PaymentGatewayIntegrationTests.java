package org.janseva.simulator.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.simulator.pg.late-delay=300ms")
class PaymentGatewayIntegrationTests {

    private static final String AUTH =
            "Basic " + Base64.getEncoder().encodeToString("sim-merchant:sim-merchant-secret".getBytes());
    private static final StubHttpServer merchant = StubHttpServer.start().otherwise(StubHttpServer.Answer.json("{}"));

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        merchant.clearRequests();
    }

    @AfterAll
    static void stop() {
        merchant.close();
    }

    private JsonNode createOrder(String reference, String amount) {
        HttpResponse<String> response = http.postJson(
                "/pg/orders", """
                {"merchantReference": "%s", "amount": {"value": "%s", "currency": "INR"}, "notifyUrl": "%s/hooks"}
                """.formatted(reference, amount, merchant.baseUri()), "Authorization", AUTH);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        return TestHttp.json(response);
    }

    private List<StubHttpServer.Recorded> awaitWebhooks(int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (merchant.requests().size() < count && Instant.now().isBefore(deadline)) {
            Thread.onSpinWait();
        }
        return merchant.requests();
    }

    @Test
    void shouldCreateOneOrderPerMerchantReference() {
        String reference = UUID.randomUUID().toString();
        JsonNode first = createOrder(reference, "1234.50");
        JsonNode again = createOrder(reference, "1234.50");

        assertThat(first.path("status").asString()).isEqualTo("CREATED");
        assertThat(again.path("orderId").asString())
                .isEqualTo(first.path("orderId").asString());
        assertThat(first.path("checkoutUrl").asString())
                .endsWith("/pg/checkout/" + first.path("orderId").asString());
        assertThat(http.get("/pg/checkout/" + first.path("orderId").asString()).body())
                .contains("1234.50");
    }

    @Test
    void shouldRefuseTheMerchantApiWithoutTheKey() {
        assertProblem(
                http.postJson(
                        "/pg/orders",
                        "{\"merchantReference\": \"x\", \"amount\": {\"value\": \"1\", \"currency\": \"INR\"}}"),
                401,
                "UNAUTHENTICATED");
        assertProblem(http.get("/pg/orders/order_x", "Authorization", "Basic bm9wZTpub3Bl"), 401, "UNAUTHENTICATED");
    }

    @Test
    void shouldSendASignedWebhookWhenTheCitizenPays() {
        JsonNode order = createOrder(UUID.randomUUID().toString(), "500.00");
        String orderId = order.path("orderId").asString();

        HttpResponse<String> completed = http.postJson(
                "/pg/orders/" + orderId + "/complete", "{\"outcome\": \"SUCCESS\", \"method\": \"CARD\"}");
        assertThat(completed.statusCode()).isEqualTo(200);

        StubHttpServer.Recorded webhook = awaitWebhooks(1).get(0);
        assertThat(webhook.header("X-PG-Signature"))
                .isEqualTo(
                        WebhookSender.sign(webhook.body().getBytes(StandardCharsets.UTF_8), "sim-pg-webhook-secret"));
        JsonNode event = TestHttp.jsonMapper().readTree(webhook.body());
        assertThat(event.path("type").asString()).isEqualTo("payment.captured");
        assertThat(event.path("data").path("orderId").asString()).isEqualTo(orderId);
        assertThat(event.path("data").path("amount").asString()).isEqualTo("500.00");
        assertThat(event.path("createdAt").asLong()).isPositive();

        JsonNode status = TestHttp.json(http.get("/pg/orders/" + orderId, "Authorization", AUTH));
        assertThat(status.path("status").asString()).isEqualTo("PAID");
        assertProblem(
                http.postJson("/pg/orders/" + orderId + "/complete", "{\"outcome\": \"FAILURE\"}"),
                409,
                "ORDER_NOT_OPEN");
    }

    @Test
    void shouldSendTheSameEventTwiceWhenAsked() {
        String orderId = createOrder(UUID.randomUUID().toString(), "10.00")
                .path("orderId")
                .asString();

        http.postJson("/pg/orders/" + orderId + "/complete", "{\"outcome\": \"SUCCESS\", \"webhook\": \"TWICE\"}");

        List<StubHttpServer.Recorded> webhooks = awaitWebhooks(2);
        assertThat(webhooks).hasSize(2);
        assertThat(webhooks.get(0).body()).isEqualTo(webhooks.get(1).body());
    }

    @Test
    void shouldNotSendTheWebhookWhenToldNever() throws InterruptedException {
        String orderId = createOrder(UUID.randomUUID().toString(), "10.00")
                .path("orderId")
                .asString();

        http.postJson("/pg/orders/" + orderId + "/complete", "{\"outcome\": \"FAILURE\", \"webhook\": \"NEVER\"}");

        Thread.sleep(300);
        assertThat(merchant.requests()).isEmpty();
        assertThat(TestHttp.json(http.get("/pg/orders/" + orderId, "Authorization", AUTH))
                        .path("status")
                        .asString())
                .isEqualTo("FAILED");
    }

    @Test
    void shouldRefundOncePerRefundReference() {
        String orderId = createOrder(UUID.randomUUID().toString(), "99.00")
                .path("orderId")
                .asString();
        String refundBody = "{\"refundReference\": \"r-1\", \"amount\": {\"value\": \"99.00\", \"currency\": \"INR\"}}";
        assertProblem(
                http.postJson("/pg/orders/" + orderId + "/refunds", refundBody, "Authorization", AUTH),
                422,
                "REFUND_NOT_POSSIBLE");
        http.postJson("/pg/orders/" + orderId + "/complete", "{\"outcome\": \"SUCCESS\", \"webhook\": \"NEVER\"}");

        HttpResponse<String> first =
                http.postJson("/pg/orders/" + orderId + "/refunds", refundBody, "Authorization", AUTH);
        HttpResponse<String> again =
                http.postJson("/pg/orders/" + orderId + "/refunds", refundBody, "Authorization", AUTH);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(again).path("refundId").asString())
                .isEqualTo(TestHttp.json(first).path("refundId").asString());
        JsonNode status = TestHttp.json(http.get("/pg/orders/" + orderId, "Authorization", AUTH));
        assertThat(status.path("refunds")).hasSize(1);
        assertThat(TestHttp.jsonMapper()
                        .readTree(awaitWebhooks(1).get(0).body())
                        .path("type")
                        .asString())
                .isEqualTo("refund.processed");
    }

    @Test
    void shouldCancelAnOpenOrderAndListOrdersForSettlement() {
        Instant from = Instant.now().minusSeconds(1);
        String orderId = createOrder(UUID.randomUUID().toString(), "10.00")
                .path("orderId")
                .asString();

        assertThat(http.postJson("/pg/orders/" + orderId + "/cancel", "", "Authorization", AUTH)
                        .statusCode())
                .isEqualTo(200);
        assertProblem(
                http.postJson("/pg/orders/" + orderId + "/complete", "{\"outcome\": \"SUCCESS\"}"),
                409,
                "ORDER_NOT_OPEN");

        JsonNode listed = TestHttp.json(
                http.get("/pg/orders?from=" + from + "&to=" + Instant.now().plusSeconds(1), "Authorization", AUTH));
        assertThat(listed.findValuesAsString("orderId")).contains(orderId);
    }

    @Test
    void shouldAnswer503WhileAFaultSaysTheGatewayIsDown() {
        http.sendJson("PUT", "/faults/pg", "{\"down\": true}");
        try {
            HttpResponse<String> response = http.get("/pg/orders/order_x", "Authorization", AUTH);
            assertThat(response.statusCode()).isEqualTo(503);
            assertProblem(
                    http.get("/pg/orders/order_x", "Authorization", "Basic bm9wZTpub3Bl"), 401, "UNAUTHENTICATED");
        } finally {
            http.sendJson("DELETE", "/faults/pg", "");
        }
    }
}
