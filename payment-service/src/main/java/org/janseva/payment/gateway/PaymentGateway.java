package org.janseva.payment.gateway;

import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * A payment gateway, as payment-service needs it. An implementation is a Spring bean with a
 * stable {@link #name()}; {@link PaymentGateways} collects them, and {@code platform.payment.gateway}
 * names the one new payments use. Its webhooks arrive at {@code /api/v1/payments/webhooks/{name}}.
 *
 * <p>Every method that changes something at the gateway must be idempotent by the reference
 * payment-service passes (the payment id for orders, the refund reference for refunds): the
 * outbox delivers at least once, so the same request may come again after a crash or a timeout.
 * Methods throw {@link GatewayUnavailableException} when the gateway gave no final answer.
 */
public interface PaymentGateway {

    /** @return the gateway's stable key, e.g. {@code pg} or {@code razorpay} */
    String name();

    /** Creates (or finds, for a reference seen before) the checkout order of a payment. */
    GatewayOrder createOrder(OrderRequest request);

    /** @return the order's state at the gateway, for reconciliation (lost webhooks) */
    GatewayOrderStatus orderStatus(String orderId);

    /**
     * Closes an order that was never paid so that it cannot be paid any more.
     *
     * @return the order's state after the attempt (PAID when the citizen paid first)
     */
    GatewayOrderStatus cancelOrder(String orderId);

    /**
     * Refunds part or all of a paid order (or finds the refund with that reference). The amount
     * must not exceed what is left of the order after its refunds so far, including those made at
     * the gateway outside the platform ({@link GatewayOrderStatus#refunded()}).
     *
     * @throws RefundRefusedException when the gateway refuses the refund for good (the order is not
     *     paid, the amount exceeds what is left, the reference is taken by another amount)
     */
    GatewayRefund refund(String orderId, String refundReference, java.math.BigDecimal amount);

    /** @return the gateway's record of the orders created in [from, to), for the daily report */
    List<GatewayOrderStatus> orders(Instant from, Instant to);

    /**
     * Verifies a webhook (signature over the raw body, freshness) and reads it.
     *
     * @throws InvalidWebhookException when the signature or the timestamp is not acceptable
     * @throws MalformedWebhookException when a signed event lacks a field it needs or has one of
     *     the wrong kind (checked after the signature, before anything is stored)
     */
    GatewayEvent verifyWebhook(byte[] rawBody, HttpHeaders headers);
}
