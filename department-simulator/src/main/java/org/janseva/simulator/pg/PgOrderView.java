package org.janseva.simulator.pg;

import java.time.Instant;
import java.util.List;

/** An order as the simulated gateway's API shows it. */
record PgOrderView(
        String orderId,
        String merchantReference,
        Money amount,
        String status,
        String paymentId,
        String method,
        String failureReason,
        String checkoutUrl,
        Instant createdAt,
        Instant completedAt,
        List<RefundView> refunds,
        List<PgOrder.Delivery> webhooks) {

    record Money(String value, String currency) {}

    record RefundView(String refundId, String refundReference, Money amount, String status, Instant createdAt) {}
}
