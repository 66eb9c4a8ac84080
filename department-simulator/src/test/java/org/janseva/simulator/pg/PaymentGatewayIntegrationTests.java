package org.janseva.simulator.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
    void shouldRefuseTheMerchantApiWithoutTheKeyBeforeReadingTheRequest() {
        // without the key, a caller learns nothing of what a body or a parameter must hold
        assertProblem(http.postJson("/pg/orders", "{}"), 401, "UNAUTHENTICATED");
        assertProblem(http.postJson("/pg/orders", "{not json"), 401, "UNAUTHENTICATED");
        assertProblem(http.postJson("/pg/orders/order_x/refunds", "{}"), 401, "UNAUTHENTICATED");
        assertProblem(http.get("/pg/orders?from=yesterday"), 401, "UNAUTHENTICATED");
        assertProblem(http.postJson("/pg/orders/order_x/cancel", ""), 401, "UNAUTHENTICATED");
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

    private String paidOrder(String amount) {
        String orderId = createOrder(UUID.randomUUID().toString(), amount)
                .path("orderId")
                .asString();
        http.postJson("/pg/orders/" + orderId + "/complete", "{\"outcome\": \"SUCCESS\", \"webhook\": \"NEVER\"}");
        return orderId;
    }

    private HttpResponse<String> refund(String orderId, String reference, String amount) {
        return http.postJson(
                "/pg/orders/" + orderId + "/refunds",
                "{\"refundReference\": \"%s\", \"amount\": {\"value\": \"%s\", \"currency\": \"INR\"}}"
                        .formatted(reference, amount),
                "Authorization",
                AUTH);
    }

    @Test
    void shouldRefuseARefundReferenceReusedWithAnotherAmount() {
        String orderId = paidOrder("99.00");
        HttpResponse<String> first = refund(orderId, "r-1", "40.00");
        assertThat(first.statusCode()).isEqualTo(201);

        // like a merchant reference reused for another amount: not the first refund replayed
        assertProblem(refund(orderId, "r-1", "50.00"), 422, "REFUND_REFERENCE_REUSED");

        HttpResponse<String> replay = refund(orderId, "r-1", "40");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(replay).path("refundId").asString())
                .isEqualTo(TestHttp.json(first).path("refundId").asString());
        JsonNode refunds = TestHttp.json(http.get("/pg/orders/" + orderId, "Authorization", AUTH))
                .path("refunds");
        assertThat(refunds).hasSize(1);
        assertThat(refunds.get(0).path("amount").path("value").asString()).isEqualTo("40.00");
        assertThat(awaitWebhooks(1)).hasSize(1);
    }

    @Test
    void shouldRefuseZeroAmountsForOrdersAndRefunds() {
        for (String zero : List.of("0", "0.00", "0.0", "00")) {
            HttpResponse<String> order =
                    http.postJson("/pg/orders", """
                    {"merchantReference": "%s", "amount": {"value": "%s", "currency": "INR"}}
                    """.formatted(UUID.randomUUID(), zero), "Authorization", AUTH);
            assertProblem(order, 400, "VALIDATION_FAILED");
            assertThat(TestHttp.json(order).path("errors").findValuesAsString("field"))
                    .as(zero)
                    .containsExactly("amount.value");
            assertThat(TestHttp.json(order).path("errors").findValuesAsString("message"))
                    .containsExactly("must be at least 0.01");
        }
        String orderId = paidOrder("0.01");
        HttpResponse<String> zeroRefund = refund(orderId, "r-0", "0.00");
        assertProblem(zeroRefund, 400, "VALIDATION_FAILED");
        assertThat(TestHttp.json(zeroRefund).path("errors").findValuesAsString("field"))
                .containsExactly("amount.value");
        assertThat(refund(orderId, "r-1", "0.01").statusCode()).isEqualTo(201);
    }

    @Test
    void shouldRefuseANotifyUrlThatIsNotAnAbsoluteHttpUrl() {
        String reference = UUID.randomUUID().toString();
        for (String notifyUrl :
                List.of("ftp://merchant.example/hooks", "http://exa mple/", "/hooks", "merchant.example/hooks", "")) {
            HttpResponse<String> response =
                    http.postJson("/pg/orders", """
                    {"merchantReference": "%s", "amount": {"value": "10.00", "currency": "INR"}, "notifyUrl": "%s"}
                    """.formatted(reference, notifyUrl), "Authorization", AUTH);
            assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(TestHttp.json(response).path("errors").findValuesAsString("field"))
                    .as(notifyUrl)
                    .containsExactly("notifyUrl");
        }
        // none of them made the order
        HttpResponse<String> created =
                http.postJson("/pg/orders", """
                {"merchantReference": "%s", "amount": {"value": "10.00", "currency": "INR"}, "notifyUrl": "%s/hooks"}
                """.formatted(reference, merchant.baseUri()), "Authorization", AUTH);
        assertThat(created.statusCode()).isEqualTo(201);
    }

    @Test
    void shouldAnswer201OnlyToTheRequestThatMadeARefundUnderConcurrency() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        Set<String> orderIds = new HashSet<>();
        try {
            for (int round = 0; round < 20; round++) {
                String orderId = paidOrder("1000.00");
                orderIds.add(orderId);
                // the same reference 16 times, and 16 other references, released at once
                CyclicBarrier start = new CyclicBarrier(32);
                List<CompletableFuture<HttpResponse<String>>> same = new ArrayList<>();
                List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    String other = "other-" + i;
                    same.add(CompletableFuture.supplyAsync(() -> refundAt(start, orderId, "same"), pool));
                    others.add(CompletableFuture.supplyAsync(() -> refundAt(start, orderId, other), pool));
                }
                List<Integer> sameStatuses =
                        same.stream().map(f -> f.join().statusCode()).toList();
                List<Integer> otherStatuses =
                        others.stream().map(f -> f.join().statusCode()).toList();

                assertThat(sameStatuses)
                        .as("round " + round)
                        .filteredOn(s -> s == 201)
                        .hasSize(1);
                assertThat(sameStatuses)
                        .as("round " + round)
                        .filteredOn(s -> s == 200)
                        .hasSize(15);
                assertThat(otherStatuses).as("round " + round).containsOnly(201);
                assertThat(TestHttp.json(http.get("/pg/orders/" + orderId, "Authorization", AUTH))
                                .path("refunds"))
                        .hasSize(17);
            }
        } finally {
            pool.shutdownNow();
        }
        // one refund.processed per refund made, 20 rounds of 17 (another test's late webhook aside)
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (refundWebhooks(orderIds).size() < 340 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        assertThat(refundWebhooks(orderIds)).hasSize(340).doesNotHaveDuplicates();
    }

    private HttpResponse<String> refundAt(CyclicBarrier start, String orderId, String reference) {
        try {
            start.await(10, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        return refund(orderId, reference, "1.00");
    }

    /** @return orderId/refundReference of each refund.processed webhook received about these orders */
    private List<String> refundWebhooks(Set<String> orderIds) {
        return merchant.requests().stream()
                .map(request -> TestHttp.jsonMapper().readTree(request.body()))
                .filter(event -> event.path("type").asString().equals("refund.processed"))
                .map(event -> event.path("data"))
                .filter(data -> orderIds.contains(data.path("orderId").asString()))
                .map(data -> data.path("orderId").asString() + "/"
                        + data.path("refundReference").asString())
                .toList();
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
