package org.janseva.payment.gateway;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An order as the gateway records it.
 *
 * @param orderId the gateway's order id
 * @param merchantReference the payment id it was created for
 * @param state where the order is
 * @param amount the order's amount
 * @param currency the currency of the amount (ISO 4217)
 * @param gatewayPaymentId the gateway's id of the capture, when paid
 * @param method how the citizen paid, when paid
 * @param refunded the total refunded so far
 * @param lastRefundId the id of the latest refund, if any
 * @param createdAt when the order was created
 * @param completedAt when the order was paid (the capture), failed or cancelled, when the gateway
 *     says
 */
public record GatewayOrderStatus(
        String orderId,
        String merchantReference,
        State state,
        BigDecimal amount,
        String currency,
        String gatewayPaymentId,
        String method,
        BigDecimal refunded,
        String lastRefundId,
        Instant createdAt,
        Instant completedAt) {

    /** The order's state. */
    public enum State {
        /** not paid yet */
        OPEN,
        /** captured */
        PAID,
        /** the payment attempt failed */
        FAILED,
        /** closed unpaid */
        CANCELLED
    }
}
