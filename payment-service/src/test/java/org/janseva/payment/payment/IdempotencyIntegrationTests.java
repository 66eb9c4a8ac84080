package org.janseva.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.janseva.payment.PaymentServiceApplication;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.payment.support.PaymentTestEnvironment;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.janseva.platform.test.SimulatorProcess;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

class IdempotencyIntegrationTests extends PaymentIntegrationTestBase {

    @Test
    void shouldCreateExactlyOnePaymentOrderAndLedgerSetFromFiftyConcurrentFirstRequests() throws Exception {
        String citizen = newCitizen();
        String billId = billFor(citizen, newBiller("999.00"));
        String key = UUID.randomUUID().toString();
        String body = paymentBody(billId, "999.00", "CARD");
        String token = bearer(citizen);
        Instant from = Instant.now().minusSeconds(1);
        int requests = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            for (int i = 0; i < requests; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return http.postJson("/api/v1/payments", body, "Authorization", token, "Idempotency-Key", key);
                }));
            }
            start.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                answers.add(future.get());
            }

            Map<String, Long> kinds = answers.stream()
                    .collect(Collectors.groupingBy(
                            r -> r.statusCode()
                                    + (r.headers()
                                                    .firstValue("Idempotent-Replayed")
                                                    .isPresent()
                                            ? "-replay"
                                            : ""),
                            Collectors.counting()));
            assertThat(kinds.get("201")).as(kinds.toString()).isEqualTo(1);
            assertThat(kinds.keySet()).as(kinds.toString()).isSubsetOf("201", "201-replay", "409");
            String first = answers.stream()
                    .filter(r -> r.statusCode() == 201)
                    .map(HttpResponse::body)
                    .findFirst()
                    .orElseThrow();
            answers.stream()
                    .filter(r -> r.statusCode() == 201)
                    .forEach(r -> assertThat(r.body()).isEqualTo(first));
            answers.stream().filter(r -> r.statusCode() == 409).forEach(r -> {
                assertThat(TestHttp.json(r).path("code").asString()).isEqualTo("IDEMPOTENCY_IN_PROGRESS");
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            });
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("select count(*) from payment where bill_id = ?")
                        .params(billId)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        String paymentId = jdbc.sql("select id from payment where bill_id = ?")
                .params(billId)
                .query(String.class)
                .single();
        assertThat(jdbc.sql("select count(*) from ledger_entry where payment_id = ?")
                        .params(paymentId)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        JsonNode orders = TestHttp.json(simulator.get(
                "/pg/orders?from=" + from + "&to=" + Instant.now().plusSeconds(1),
                "Authorization",
                "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString(
                                        (SimulatorProcess.KEY_ID + ":" + SimulatorProcess.KEY_SECRET).getBytes())));
        assertThat(orders.findValuesAsString("merchantReference").stream()
                        .filter(paymentId::equals)
                        .count())
                .isEqualTo(1);
        // and the key answers the same afterwards
        HttpResponse<String> replay = pay(citizen, key, body);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    @Test
    void shouldReplayTheFirstAnswerFromAnotherInstanceStartedAfterIt() {
        String citizen = newCitizen();
        String billId = billFor(citizen, newBiller("321.00"));
        String key = UUID.randomUUID().toString();
        String body = paymentBody(billId, "321.00", "NETBANKING");
        HttpResponse<String> created = pay(citizen, key, body);
        assertThat(created.statusCode()).isEqualTo(201);

        Map<String, Object> properties = PaymentTestEnvironment.properties();
        properties.put("spring.datasource.url", SharedEmbeddedPostgres.get().jdbcUrl("payments"));
        properties.put(
                "spring.datasource.username", SharedEmbeddedPostgres.get().username());
        properties.put(
                "spring.datasource.password", SharedEmbeddedPostgres.get().password());
        properties.put("server.port", "0");
        properties.put("platform.payment.outbox.enabled", "false");
        properties.put("platform.payment.reconciliation.enabled", "false");
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        try (ConfigurableApplicationContext other =
                new SpringApplicationBuilder(PaymentServiceApplication.class).run(args)) {
            int otherPort = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
            TestHttp otherHttp = TestHttp.localhost(otherPort);

            HttpResponse<String> replay = otherHttp.postJson(
                    "/api/v1/payments", body, "Authorization", bearer(citizen), "Idempotency-Key", key);

            assertThat(replay.statusCode()).isEqualTo(201);
            assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(replay.body()).isEqualTo(created.body());
            assertThat(TestHttp.json(otherHttp.postJson(
                                    "/api/v1/payments",
                                    paymentBody(billId, "321.00", "UPI"),
                                    "Authorization",
                                    bearer(citizen),
                                    "Idempotency-Key",
                                    key))
                            .path("code")
                            .asString())
                    .isEqualTo("IDEMPOTENCY_KEY_REUSED");
        }
    }

    @Test
    void shouldScopeKeysToTheCitizen() {
        String one = newCitizen();
        String two = newCitizen();
        String key = "shared-key-" + UUID.randomUUID();
        assertThat(pay(one, key, paymentBody(billFor(one, newBiller("1.00")), "1.00", "UPI"))
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> other = pay(two, key, paymentBody(billFor(two, newBiller("2.00")), "2.00", "UPI"));
        assertThat(other.statusCode()).isEqualTo(201);
        assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void shouldAnswer503WhileTheGatewayIsDownThenCompleteTheSameKeyFromTheOutbox() {
        String citizen = newCitizen();
        String billId = billFor(citizen, newBiller("45.00"));
        String key = UUID.randomUUID().toString();
        String body = paymentBody(billId, "45.00", "UPI");
        HttpResponse<String> unavailable;
        simulator.sendJson("PUT", "/faults/pg", "{\"down\": true}");
        try {
            unavailable = pay(citizen, key, body);
            HttpResponse<String> retried = pay(citizen, key, body);
            assertThat(TestHttp.json(retried).path("code").asString()).isEqualTo("IDEMPOTENCY_IN_PROGRESS");
        } finally {
            simulator.sendJson("DELETE", "/faults/pg", "");
        }
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(TestHttp.json(unavailable).path("code").asString()).isEqualTo("PAYMENT_GATEWAY_UNAVAILABLE");
        assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
        assertThat(unavailable.body()).doesNotContain("ORA-").doesNotContain("TNS");

        await("the outbox to create the order", () -> pay(citizen, key, body).statusCode() == 201);
        HttpResponse<String> replay = pay(citizen, key, body);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(TestHttp.json(replay).path("checkout").path("orderId").asString())
                .startsWith("order_");
        assertThat(jdbc.sql("select count(*) from payment where bill_id = ?")
                        .params(billId)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }
}
