package org.janseva.payment.gateway;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A verified webhook event.
 *
 * @param eventId the gateway's event id (the inbox key)
 * @param type what happened
 * @param rawType the gateway's own name of the event
 * @param orderId the order it is about
 * @param gatewayPaymentId the capture's id (captures)
 * @param amount the amount captured or refunded
 * @param currency the currency of the amount (ISO 4217)
 * @param method how the citizen paid (captures)
 * @param refundId the refund's id (refunds)
 * @param reason why the payment failed (failures)
 * @param occurredAt when the gateway says it happened (for a capture: when it took the money)
 */
public record GatewayEvent(
        String eventId,
        Type type,
        String rawType,
        String orderId,
        String gatewayPaymentId,
        BigDecimal amount,
        String currency,
        String method,
        String refundId,
        String reason,
        Instant occurredAt) {

    /** The events payment-service acts on. */
    public enum Type {
        PAYMENT_CAPTURED,
        PAYMENT_FAILED,
        REFUND_PROCESSED,
        /** anything else: acknowledged and ignored */
        OTHER
    }
}
