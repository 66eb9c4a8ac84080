package org.janseva.simulator.pg;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One order at the simulated gateway; its state changes only under its own lock. */
final class PgOrder {

    enum Status {
        CREATED,
        PAID,
        FAILED,
        CANCELLED
    }

    record Refund(String refundId, String refundReference, BigDecimal amount, Instant createdAt) {}

    record Delivery(String eventId, String type, int httpStatus, Instant at) {}

    /** What a refund request came to, decided under the order's lock. */
    enum RefundResult {
        /** a new refund, made by this request */
        CREATED,
        /** the refund with this reference and amount, made before */
        REPLAYED,
        /** a refund with this reference exists with another amount; nothing done */
        REFERENCE_REUSED,
        /** the order is not paid, or the amount exceeds what is left to refund; nothing done */
        NOT_REFUNDABLE
    }

    /** @param refund the refund made or replayed; for a refusal, the existing one or null */
    record RefundOutcome(RefundResult result, Refund refund) {}

    private final String orderId;
    private final String merchantReference;
    private final BigDecimal amount;
    private final String currency;
    private final String notifyUrl;
    private final Instant createdAt;
    private Status status = Status.CREATED;
    private String paymentId;
    private String method;
    private String failureReason;
    private Instant completedAt;
    private final List<Refund> refunds = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();

    PgOrder(
            String orderId,
            String merchantReference,
            BigDecimal amount,
            String currency,
            String notifyUrl,
            Instant createdAt) {
        this.orderId = orderId;
        this.merchantReference = merchantReference;
        this.amount = amount;
        this.currency = currency;
        this.notifyUrl = notifyUrl;
        this.createdAt = createdAt;
    }

    String orderId() {
        return orderId;
    }

    String merchantReference() {
        return merchantReference;
    }

    BigDecimal amount() {
        return amount;
    }

    String currency() {
        return currency;
    }

    String notifyUrl() {
        return notifyUrl;
    }

    Instant createdAt() {
        return createdAt;
    }

    synchronized Status status() {
        return status;
    }

    synchronized String paymentId() {
        return paymentId;
    }

    synchronized String method() {
        return method;
    }

    synchronized boolean complete(boolean success, String paymentId, String method, String reason, Instant at) {
        if (status != Status.CREATED) {
            return false;
        }
        this.status = success ? Status.PAID : Status.FAILED;
        this.paymentId = paymentId;
        this.method = method;
        this.failureReason = success ? null : reason;
        this.completedAt = at;
        return true;
    }

    synchronized boolean cancel(Instant at) {
        if (status != Status.CREATED) {
            return false;
        }
        status = Status.CANCELLED;
        completedAt = at;
        return true;
    }

    /**
     * @return the refund with that reference, made now if it is new; whether it was made, replayed
     *     or refused is decided here, under the lock, so concurrent requests cannot mislabel it
     */
    synchronized RefundOutcome refund(String refundReference, BigDecimal refundAmount, String newRefundId, Instant at) {
        for (Refund existing : refunds) {
            if (existing.refundReference().equals(refundReference)) {
                return new RefundOutcome(
                        existing.amount().compareTo(refundAmount) == 0
                                ? RefundResult.REPLAYED
                                : RefundResult.REFERENCE_REUSED,
                        existing);
            }
        }
        if (status != Status.PAID || refunded().add(refundAmount).compareTo(amount) > 0) {
            return new RefundOutcome(RefundResult.NOT_REFUNDABLE, null);
        }
        Refund refund = new Refund(newRefundId, refundReference, refundAmount, at);
        refunds.add(refund);
        return new RefundOutcome(RefundResult.CREATED, refund);
    }

    synchronized BigDecimal refunded() {
        return refunds.stream().map(Refund::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    synchronized void delivered(Delivery delivery) {
        deliveries.add(delivery);
    }

    synchronized PgOrderView view(String checkoutUrl) {
        return new PgOrderView(
                orderId,
                merchantReference,
                new PgOrderView.Money(amount.toPlainString(), currency),
                status.name(),
                paymentId,
                method,
                failureReason,
                checkoutUrl,
                createdAt,
                completedAt,
                refunds.stream()
                        .map(r -> new PgOrderView.RefundView(
                                r.refundId(),
                                r.refundReference(),
                                new PgOrderView.Money(r.amount().toPlainString(), currency),
                                "PROCESSED",
                                r.createdAt()))
                        .toList(),
                List.copyOf(deliveries));
    }
}
