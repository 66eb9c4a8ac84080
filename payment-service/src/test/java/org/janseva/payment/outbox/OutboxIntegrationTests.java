package org.janseva.payment.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.janseva.payment.PaymentServiceApplication;
import org.janseva.payment.gateway.GatewayEvent;
import org.janseva.payment.gateway.GatewayOrder;
import org.janseva.payment.gateway.GatewayOrderStatus;
import org.janseva.payment.gateway.GatewayRefund;
import org.janseva.payment.gateway.OrderRequest;
import org.janseva.payment.gateway.PaymentGateway;
import org.janseva.payment.gateway.PaymentGateways;
import org.janseva.payment.ledger.LedgerCheck;
import org.janseva.payment.support.CatalogStub;
import org.janseva.payment.support.PaymentTestEnvironment;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.janseva.platform.test.SimulatorProcess;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The outbox worker when a payment's events come while it is at work on the payment: a
 * payment-service of its own (its own database; the test drives its outbox, nothing polls it)
 * whose gateway lets the test act between the worker's read of an order and what the worker does
 * with what it read.
 */
class OutboxIntegrationTests {

    private static final String DATABASE = "payments_outbox";
    private static final TestTokenIssuer tokens = TestTokenIssuer.shared();
    private static final CatalogStub catalog = CatalogStub.get();
    private static ConfigurableApplicationContext service;
    private static TestHttp http;
    private static TestHttp simulator;
    private static JdbcClient jdbc;
    private static OutboxWorker worker;
    private static ReadingGateway gateway;

    @BeforeAll
    static void start() {
        Map<String, Object> properties = PaymentTestEnvironment.properties();
        SharedEmbeddedPostgres.Server postgres = SharedEmbeddedPostgres.get();
        properties.put("spring.datasource.url", postgres.jdbcUrl(DATABASE));
        properties.put("spring.datasource.username", postgres.username());
        properties.put("spring.datasource.password", postgres.password());
        properties.put("server.port", "0");
        properties.put(
                "platform.payment.pg.notify-url", "http://127.0.0.1:${local.server.port}/api/v1/payments/webhooks/pg");
        properties.put("platform.payment.outbox.enabled", "false");
        properties.put("platform.payment.reconciliation.enabled", "false");
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        BeanPostProcessor readingGateway = new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof PaymentGateway real ? new ReadingGateway(real) : bean;
            }
        };
        service = new SpringApplicationBuilder(PaymentServiceApplication.class)
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(readingGateway))
                .run(args);
        http = TestHttp.localhost(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")));
        simulator = TestHttp.to(SimulatorProcess.get().baseUri());
        jdbc = service.getBean(JdbcClient.class);
        worker = service.getBean(OutboxWorker.class);
        gateway = (ReadingGateway) service.getBean(PaymentGateways.class).get("pg");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void shouldReadAnOrderAgainWhenARefundEventComesWhileTheWorkerReadsItsRefunds() {
        JsonNode payment = newPayment("100.00");
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        assertThat(simulator
                        .postJson("/pg/orders/" + orderId + "/complete", "{\"outcome\": \"SUCCESS\"}")
                        .statusCode())
                .isEqualTo(200);
        await(paymentId + " to be paid", () -> "SUCCESS/PENDING".equals(status(paymentId)));
        worker.drain();
        assertThat(status(paymentId)).isEqualTo("SUCCESS/CONFIRMED");
        // an operator gives 1.00 back at the gateway: its event queues a read of the order's refunds
        operatorRefund(orderId, "1.00");
        await("the first refund event", () -> refundEventOutcomes(orderId).equals(List.of("DEFERRED")));
        // the rest is given back while the worker reads the order: that event queues the read again
        gateway.afterNextOrderStatus(() -> {
            operatorRefund(orderId, "99.00");
            await("the second refund event", () -> refundEventOutcomes(orderId).size() == 2);
        });

        worker.drain();

        assertThat(gateway.readBeforeAction().refunded())
                .as("the worker read the order before the second refund")
                .isEqualByComparingTo("1.00");
        assertThat(refundEventOutcomes(orderId)).containsExactly("DEFERRED", "DEFERRED");
        assertThat(jdbc.sql("select count(*) from outbox where payment_id = ? and kind = 'CHECK_REFUNDS'")
                        .params(paymentId)
                        .query(Long.class)
                        .single())
                .as("the read queued again is still to do")
                .isEqualTo(1);
        worker.drain();
        assertThat(status(paymentId)).isEqualTo("REFUNDED/CONFIRMED");
        assertThat(jdbc.sql("select kind from reconciliation_finding where payment_id = ? and resolved_at is null")
                        .params(paymentId)
                        .query(String.class)
                        .list())
                .as("the partial refund's finding resolved, the biller's money still open")
                .containsExactly("REFUNDED_AFTER_BILLER_CONFIRMED");
        assertThat(service.getBean(LedgerCheck.class).check(paymentId).balanced())
                .isTrue();
    }

    /** @return the 201 answer of a new payment of a new biller's bill */
    private static JsonNode newPayment(String amount) {
        String serviceCode =
                "OUTBOX-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        catalog.biller(serviceCode, "BILL-" + serviceCode, amount);
        String citizen = "cit_" + UUID.randomUUID().toString().replace("-", "");
        String bearer = TestTokenIssuer.bearer(tokens.citizenToken(citizen));
        HttpResponse<String> bill = http.postJson(
                "/api/v1/bills/fetch",
                "{\"serviceCode\": \"" + serviceCode + "\", \"params\": {\"consumerNumber\": \"5550001111\"}}",
                "Authorization",
                bearer);
        assertThat(bill.statusCode()).as(bill.body()).isEqualTo(200);
        HttpResponse<String> created = http.postJson(
                "/api/v1/payments",
                "{\"billId\": \"" + TestHttp.json(bill).path("billId").asString() + "\", \"amount\": {\"value\": \""
                        + amount + "\", \"currency\": \"INR\"}, \"method\": \"UPI\"}",
                "Authorization",
                bearer,
                "Idempotency-Key",
                UUID.randomUUID().toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return TestHttp.json(created);
    }

    /** An operator refunds part or all of an order from the gateway's dashboard. */
    private static void operatorRefund(String orderId, String amount) {
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

    private static List<String> refundEventOutcomes(String orderId) {
        return jdbc.sql("select outcome from webhook_inbox where order_id = ? and event_type = 'refund.processed'"
                        + " order by received_at")
                .params(orderId)
                .query(String.class)
                .list();
    }

    private static String status(String paymentId) {
        return jdbc.sql("select status || '/' || coalesce(biller_status, '-') from payment where id = ?")
                .params(paymentId)
                .query(String.class)
                .single();
    }

    private static void await(String what, BooleanSupplier condition) {
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

    /** The simulator's gateway, with something the test does after the next read of an order. */
    static final class ReadingGateway implements PaymentGateway {

        private final PaymentGateway real;
        private final AtomicReference<Runnable> afterNextOrderStatus = new AtomicReference<>();
        private volatile GatewayOrderStatus readBeforeAction;

        ReadingGateway(PaymentGateway real) {
            this.real = real;
        }

        void afterNextOrderStatus(Runnable action) {
            readBeforeAction = null;
            afterNextOrderStatus.set(action);
        }

        /** @return what the read the action followed returned; null until the action ran */
        GatewayOrderStatus readBeforeAction() {
            return readBeforeAction;
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public GatewayOrder createOrder(OrderRequest request) {
            return real.createOrder(request);
        }

        @Override
        public GatewayOrderStatus orderStatus(String orderId) {
            GatewayOrderStatus status = real.orderStatus(orderId);
            Runnable action = afterNextOrderStatus.getAndSet(null);
            if (action != null) {
                action.run();
                readBeforeAction = status;
            }
            return status;
        }

        @Override
        public GatewayOrderStatus cancelOrder(String orderId) {
            return real.cancelOrder(orderId);
        }

        @Override
        public GatewayRefund refund(String orderId, String refundReference, BigDecimal amount) {
            return real.refund(orderId, refundReference, amount);
        }

        @Override
        public List<GatewayOrderStatus> orders(Instant from, Instant to) {
            return real.orders(from, to);
        }

        @Override
        public GatewayEvent verifyWebhook(byte[] rawBody, HttpHeaders headers) {
            return real.verifyWebhook(rawBody, headers);
        }
    }
}
