package org.janseva.simulator.pg;

import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.janseva.platform.web.ApiException;
import org.janseva.simulator.fault.FaultInjector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The simulated payment gateway ({@code /pg}). The merchant API (orders, status, cancel,
 * refunds, the settlement list) needs the merchant's key as HTTP Basic credentials and answers
 * through the {@link FaultInjector} with target {@code pg} (down, latency, error rate, garbage). The checkout page and {@code complete} stand for the
 * citizen's browser: completing an order sends the signed webhook (normally, twice, late or never).
 * Orders live in memory; a restart of the simulator forgets them.
 */
@RestController
@RequestMapping("/pg")
class PaymentGatewayController {

    private static final String FAULT_TARGET = "pg";

    private final Map<String, PgOrder> orders = new ConcurrentHashMap<>();
    private final Map<String, PgOrder> byMerchantReference = new ConcurrentHashMap<>();
    private final PaymentGatewayProperties properties;
    private final WebhookSender webhooks;
    private final FaultInjector faults;
    private final Clock clock;

    PaymentGatewayController(
            PaymentGatewayProperties properties,
            WebhookSender webhooks,
            FaultInjector faults,
            ObjectProvider<Clock> clock) {
        this.properties = properties;
        this.webhooks = webhooks;
        this.faults = faults;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @MerchantApi
    @PostMapping("/orders")
    ResponseEntity<?> create(@Valid @RequestBody PgRequests.CreateOrder request) {
        return faults.answer(FAULT_TARGET, () -> createOrder(request));
    }

    private ResponseEntity<?> createOrder(PgRequests.CreateOrder request) {
        boolean[] created = {false};
        PgOrder order = byMerchantReference.computeIfAbsent(request.merchantReference(), ref -> {
            created[0] = true;
            PgOrder fresh = new PgOrder(
                    "order_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20),
                    ref,
                    new BigDecimal(request.amount().value()).setScale(2),
                    request.amount().currency(),
                    request.notifyUrl(),
                    clock.instant());
            orders.put(fresh.orderId(), fresh);
            return fresh;
        });
        if (!created[0]
                && order.amount().compareTo(new BigDecimal(request.amount().value())) != 0) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "MERCHANT_REFERENCE_REUSED",
                    "Merchant reference reused",
                    "An order with this merchant reference exists with another amount.");
        }
        return ResponseEntity.status(created[0] ? HttpStatus.CREATED : HttpStatus.OK)
                .body(view(order));
    }

    @MerchantApi
    @GetMapping("/orders/{orderId}")
    ResponseEntity<?> get(@PathVariable String orderId) {
        return faults.answer(FAULT_TARGET, () -> ResponseEntity.ok(view(order(orderId))));
    }

    /** The settlement record: orders created in [from, to). */
    @MerchantApi
    @GetMapping("/orders")
    ResponseEntity<?> list(
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        return faults.answer(
                FAULT_TARGET,
                () -> ResponseEntity.ok(orders.values().stream()
                        .filter(o ->
                                !o.createdAt().isBefore(from) && o.createdAt().isBefore(to))
                        .sorted(java.util.Comparator.comparing(PgOrder::createdAt))
                        .map(this::view)
                        .toList()));
    }

    @MerchantApi
    @PostMapping("/orders/{orderId}/cancel")
    ResponseEntity<?> cancel(@PathVariable String orderId) {
        return faults.answer(FAULT_TARGET, () -> {
            PgOrder order = order(orderId);
            if (!order.cancel(clock.instant())) {
                throw new PgOrderNotOpenException(orderId, order.status().name());
            }
            return ResponseEntity.ok(view(order));
        });
    }

    @MerchantApi
    @PostMapping("/orders/{orderId}/refunds")
    ResponseEntity<?> refund(@PathVariable String orderId, @Valid @RequestBody PgRequests.CreateRefund request) {
        return faults.answer(FAULT_TARGET, () -> refundOrder(orderId, request));
    }

    private ResponseEntity<?> refundOrder(String orderId, PgRequests.CreateRefund request) {
        PgOrder order = order(orderId);
        PgOrder.RefundOutcome outcome = order.refund(
                request.refundReference(),
                new BigDecimal(request.amount().value()).setScale(2),
                "rfnd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20),
                clock.instant());
        switch (outcome.result()) {
            case NOT_REFUNDABLE ->
                throw new ApiException(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "REFUND_NOT_POSSIBLE",
                        "Refund not possible",
                        "Order " + orderId + " is " + order.status() + " or the amount exceeds what was paid.");
            case REFERENCE_REUSED ->
                throw new ApiException(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "REFUND_REFERENCE_REUSED",
                        "Refund reference reused",
                        "A refund with this refund reference exists with another amount.");
            case CREATED, REPLAYED -> {}
        }
        PgOrder.Refund refund = outcome.refund();
        boolean created = outcome.result() == PgOrder.RefundResult.CREATED;
        if (created) {
            Map<String, Object> data = orderData(order);
            data.put("refundId", refund.refundId());
            data.put("refundReference", refund.refundReference());
            data.put("refundAmount", refund.amount().toPlainString());
            webhooks.send(order, "refund.processed", data, PgRequests.Webhook.NORMAL);
        }
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new PgOrderView.RefundView(
                        refund.refundId(),
                        refund.refundReference(),
                        new PgOrderView.Money(refund.amount().toPlainString(), order.currency()),
                        "PROCESSED",
                        refund.createdAt()));
    }

    /** What the citizen did on the checkout page; sends the webhook as asked. */
    @PostMapping("/orders/{orderId}/complete")
    PgOrderView complete(@PathVariable String orderId, @Valid @RequestBody PgRequests.Complete request) {
        PgOrder order = order(orderId);
        boolean success = "SUCCESS".equals(request.outcome());
        String method = request.method() == null ? "UPI" : request.method();
        String paymentId =
                "pay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        if (!order.complete(success, paymentId, method, success ? null : "DECLINED", clock.instant())) {
            throw new PgOrderNotOpenException(orderId, order.status().name());
        }
        Map<String, Object> data = orderData(order);
        if (!success) {
            data.put("reason", "DECLINED");
        }
        webhooks.send(
                order,
                success ? "payment.captured" : "payment.failed",
                data,
                request.webhook() == null ? PgRequests.Webhook.NORMAL : request.webhook());
        return view(order);
    }

    /** The checkout page a payment's {@code url} points at: two buttons, for demos. */
    @GetMapping(path = "/checkout/{orderId}", produces = MediaType.TEXT_HTML_VALUE)
    String checkout(@PathVariable String orderId) {
        PgOrder order = order(orderId);
        String id = HtmlUtils.htmlEscape(order.orderId());
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Simulated checkout</title></head>
                <body><h1>Simulated payment gateway</h1>
                <p>Order %s: INR %s (%s)</p>
                <button onclick="pay('SUCCESS')">Pay</button> <button onclick="pay('FAILURE')">Decline</button>
                <p id="result"></p>
                <script>
                function pay(outcome) {
                  fetch('%s/pg/orders/%s/complete', {method: 'POST', headers: {'Content-Type': 'application/json'},
                    body: JSON.stringify({outcome: outcome})})
                    .then(r => r.json()).then(o => document.getElementById('result').textContent = o.status);
                }
                </script></body></html>
                """.formatted(
                id, order.amount().toPlainString(), order.status(), HtmlUtils.htmlEscape(properties.publicUrl()), id);
    }

    private Map<String, Object> orderData(PgOrder order) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", order.orderId());
        data.put("merchantReference", order.merchantReference());
        data.put("paymentId", order.paymentId());
        data.put("amount", order.amount().toPlainString());
        data.put("currency", order.currency());
        data.put("method", order.method());
        data.put("status", order.status().name());
        return data;
    }

    private PgOrder order(String orderId) {
        PgOrder order = orders.get(orderId);
        if (order == null) {
            throw new ApiException(
                    HttpStatus.NOT_FOUND, "ORDER_NOT_FOUND", "Order not found", "No order " + orderId + ".");
        }
        return order;
    }

    private PgOrderView view(PgOrder order) {
        return order.view(properties.publicUrl() + "/pg/checkout/" + order.orderId());
    }
}
