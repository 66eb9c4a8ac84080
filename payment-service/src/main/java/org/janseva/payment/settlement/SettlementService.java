package org.janseva.payment.settlement;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import org.janseva.payment.ledger.Ledger;
import org.janseva.payment.ledger.Posting;
import org.janseva.payment.money.Money;
import org.janseva.payment.payment.Payment;
import org.janseva.payment.payment.PaymentRepository;
import org.janseva.payment.system.PaymentMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The payment state machine, forward only: {@code PENDING → SUCCESS | FAILED}, {@code SUCCESS →
 * REFUND_PENDING → REFUNDED}, and the biller's {@code PENDING → CONFIRMED | FAILED} after
 * SUCCESS. Each transition writes its ledger posting and the outbox work it needs in the caller's
 * transaction, on a payment row the caller has locked; anything else is {@link
 * Transition#IGNORED_STALE} and changes nothing, so duplicate and reordered events are harmless.
 * A bill's PAID or UNPAID is not written here: it is read from its payment's status (a SUCCESS
 * payment of the biller bill makes it PAID for every citizen who kept it), so it changes in the
 * transaction that changes the payment.
 */
@Service
public class SettlementService {

    private static final Logger log = LoggerFactory.getLogger(SettlementService.class);

    /** The methods a payment is made with (the payment table's check). */
    private static final Set<String> METHODS = Set.of("UPI", "CARD", "NETBANKING");

    private final PaymentRepository payments;
    private final Ledger ledger;
    private final JdbcClient jdbc;
    private final PaymentMetrics metrics;
    private final Clock clock;

    SettlementService(PaymentRepository payments, Ledger ledger, JdbcClient jdbc, PaymentMetrics metrics, Clock clock) {
        this.payments = payments;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The gateway captured the money: SUCCESS, the bill is paid, the biller is to be told. A
     * capture of a payment that had already FAILED (the gateway's failure event came first, or
     * the payment expired while the citizen was still paying) took the citizen's money for a
     * payment we no longer honour: it goes to REFUND_PENDING and is refunded, never kept.
     *
     * <p>A capture is applied only when it says it took exactly the payment's amount in rupees: an
     * amount or a currency that is missing or other than the payment's is {@link
     * Transition#REJECTED_AMOUNT_MISMATCH} and changes nothing.
     */
    public Transition captured(Payment payment, Capture capture) {
        boolean late = "FAILED".equals(payment.status());
        if (!"PENDING".equals(payment.status()) && !late) {
            return Transition.IGNORED_STALE;
        }
        if (capture.amount() == null
                || capture.amount().compareTo(payment.amount()) != 0
                || !Money.INR.equals(capture.currency())) {
            log.error(
                    "Gateway reports {} {} captured for payment {} of {} {}: not applied",
                    capture.amount(),
                    capture.currency(),
                    payment.id(),
                    payment.amount(),
                    Money.INR);
            return Transition.REJECTED_AMOUNT_MISMATCH;
        }
        String gatewayPaymentId = capture.gatewayPaymentId();
        String paidMethod = paidMethod(payment, capture);
        if (late) {
            return capturedAfterFailure(payment, gatewayPaymentId, paidMethod);
        }
        Instant now = clock.instant();
        payments.update(
                payment.id(),
                "SUCCESS",
                null,
                "PENDING",
                null,
                gatewayPaymentId,
                paidMethod,
                null,
                paidAt(payment, capture, now),
                now);
        ledger.post(payment.id(), Posting.CAPTURED, payment.amount(), now);
        enqueue(payment.id(), "CONFIRM_BILLER", now);
        metrics.status("SUCCESS", paidMethod != null ? paidMethod : payment.method());
        metrics.paid(payment.amount());
        return Transition.APPLIED;
    }

    /**
     * @return when the citizen paid, for the receipt: when the gateway says it captured the money
     *     (the settlement may come minutes later, from reconciliation after a lost webhook), kept
     *     between the payment's creation and now against clock skew; now when the gateway did not
     *     say
     */
    private static Instant paidAt(Payment payment, Capture capture, Instant now) {
        Instant captured = capture.capturedAt();
        if (captured == null) {
            return now;
        }
        if (captured.isAfter(now)) {
            return now;
        }
        return captured.isBefore(payment.createdAt()) ? payment.createdAt() : captured;
    }

    /**
     * @return the method the gateway says the citizen paid with, when it is one the platform knows
     *     (the citizen may pick another on the checkout page than the one chosen here), else null
     */
    private static String paidMethod(Payment payment, Capture capture) {
        String reported = capture.method();
        if (reported == null || reported.isBlank()) {
            return null;
        }
        if (!METHODS.contains(reported)) {
            log.info("Gateway reports payment {} paid by {}, not a method the platform knows", payment.id(), reported);
            return null;
        }
        return reported;
    }

    private Transition capturedAfterFailure(Payment payment, String gatewayPaymentId, String paidMethod) {
        log.warn(
                "Gateway captured payment {} after it had failed ({}): refunding it",
                payment.id(),
                payment.failureReason());
        Instant now = clock.instant();
        payments.update(
                payment.id(),
                "REFUND_PENDING",
                "CAPTURED_AFTER_FAILURE",
                null,
                null,
                gatewayPaymentId,
                paidMethod,
                null,
                null,
                now);
        ledger.post(payment.id(), Posting.LATE_CAPTURED, payment.amount(), now);
        ledger.post(payment.id(), Posting.REFUND_INITIATED, payment.amount(), now);
        enqueue(payment.id(), "REFUND", now);
        metrics.status("REFUND_PENDING", paidMethod != null ? paidMethod : payment.method());
        return Transition.APPLIED;
    }

    /** The payment failed at the gateway, or expired unpaid: FAILED, nothing was taken. */
    public Transition failed(Payment payment, String reason) {
        if (!"PENDING".equals(payment.status())) {
            return Transition.IGNORED_STALE;
        }
        Instant now = clock.instant();
        payments.update(payment.id(), "FAILED", reason, null, null, null, null, null, null, now);
        ledger.post(payment.id(), Posting.NOT_CAPTURED, payment.amount(), now);
        jdbc.sql("delete from outbox where payment_id = ? and kind = 'CREATE_ORDER'")
                .params(payment.id())
                .update();
        metrics.status("FAILED", payment.method());
        return Transition.APPLIED;
    }

    /** The biller took the payment: billerStatus CONFIRMED, the money is the biller's. */
    public Transition billerConfirmed(Payment payment, String billerReference) {
        if (!"SUCCESS".equals(payment.status()) || !"PENDING".equals(payment.billerStatus())) {
            return Transition.IGNORED_STALE;
        }
        Instant now = clock.instant();
        payments.update(payment.id(), "SUCCESS", null, "CONFIRMED", billerReference, null, null, null, null, now);
        ledger.post(payment.id(), Posting.SETTLED_TO_BILLER, payment.amount(), now);
        return Transition.APPLIED;
    }

    /** The biller refused for good: REFUND_PENDING, the bill is unpaid again, a refund is due. */
    public Transition billerRefused(Payment payment, String reason) {
        if (!"SUCCESS".equals(payment.status()) || !"PENDING".equals(payment.billerStatus())) {
            return Transition.IGNORED_STALE;
        }
        Instant now = clock.instant();
        payments.update(
                payment.id(),
                "REFUND_PENDING",
                reason == null ? "BILLER_REJECTED" : "BILLER_REJECTED: " + reason,
                "FAILED",
                null,
                null,
                null,
                null,
                null,
                now);
        ledger.post(payment.id(), Posting.REFUND_INITIATED, payment.amount(), now);
        enqueue(payment.id(), "REFUND", now);
        metrics.status("REFUND_PENDING", payment.methodAsPaid());
        return Transition.APPLIED;
    }

    /**
     * The gateway gave the money back: REFUNDED, but only once all of it is back. A refund of
     * less than the payment's amount (one an operator made at the gateway, say) is {@link
     * Transition#REJECTED_AMOUNT_MISMATCH}: the payment stays REFUND_PENDING, its own refund goes
     * on, and the reconciliation job, which adds up every refund of the order, settles it.
     *
     * @param refunded what the gateway says it gave back (null when it does not say)
     */
    public Transition refunded(Payment payment, String refundId, BigDecimal refunded) {
        if (!"REFUND_PENDING".equals(payment.status())) {
            return Transition.IGNORED_STALE;
        }
        if (refunded == null || refunded.compareTo(payment.amount()) < 0) {
            log.error(
                    "Gateway reports refund {} of {} {} for payment {} of {} {}: not all of it, not applied",
                    refundId,
                    refunded,
                    Money.INR,
                    payment.id(),
                    payment.amount(),
                    Money.INR);
            return Transition.REJECTED_AMOUNT_MISMATCH;
        }
        Instant now = clock.instant();
        payments.update(payment.id(), "REFUNDED", null, payment.billerStatus(), null, null, null, refundId, null, now);
        ledger.post(payment.id(), Posting.REFUNDED, payment.amount(), now);
        jdbc.sql("delete from outbox where payment_id = ? and kind = 'REFUND'")
                .params(payment.id())
                .update();
        metrics.status("REFUNDED", payment.methodAsPaid());
        return Transition.APPLIED;
    }

    /** Adds (or re-arms) outbox work for a payment, due now. */
    public void enqueue(String paymentId, String kind, Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        jdbc.sql("insert into outbox (payment_id, kind, available_at, created_at) values (?, ?, ?, ?)"
                        + " on conflict (payment_id, kind) do update set available_at = excluded.available_at,"
                        + " attempts = 0, parked = false")
                .params(paymentId, kind, at, at)
                .update();
    }
}
