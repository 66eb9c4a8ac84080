package org.janseva.payment.settlement;

import java.math.BigDecimal;
import java.time.Instant;
import org.janseva.payment.gateway.GatewayOrderStatus;

/**
 * What the gateway says it captured, from a webhook or its order status.
 *
 * @param amount the amount captured, {@code null} when the gateway did not say
 * @param currency the currency of the amount (ISO 4217), {@code null} when the gateway did not say
 * @param gatewayPaymentId the gateway's id of the capture
 * @param method how the citizen paid as the gateway reports it, {@code null} when it did not say
 * @param capturedAt when the gateway says it captured the money, {@code null} when it did not say
 */
public record Capture(BigDecimal amount, String currency, String gatewayPaymentId, String method, Instant capturedAt) {

    /** @return what the gateway's order status says was captured (when it says the order is paid) */
    public static Capture of(GatewayOrderStatus order) {
        return new Capture(
                order.amount(), order.currency(), order.gatewayPaymentId(), order.method(), order.completedAt());
    }
}
