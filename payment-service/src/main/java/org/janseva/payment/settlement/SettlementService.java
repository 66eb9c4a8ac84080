package org.janseva.payment.settlement;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;
import org.janseva.payment.gateway.GatewayOrderStatus;
import org.janseva.payment.ledger.Ledger;
import org.janseva.payment.ledger.Posting;
import org.janseva.payment.money.Money;
import org.janseva.payment.payment.Payment;
import org.janseva.payment.payment.PaymentRepository;
import org.janseva.payment.system.PaymentMetrics;
import org.janseva.payment.system.PaymentProperties;
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

    private final PaymentProperties properties;
    private final PaymentRepository payments;
    private final Ledger ledger;
    private final JdbcClient jdbc;
    private final PaymentMetrics metrics;
    private final Findings findings;
    private final Clock clock;

    SettlementService(
            PaymentRepository payments,
            Ledger ledger,
            JdbcClient jdbc,
            PaymentMetrics metrics,
            Findings findings,
            PaymentProperties properties,
            Clock clock) {
        this.properties = properties;
        this.payments = payments;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.findings = findings;
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

    /**
     * The payment failed at the gateway, or expired unpaid: FAILED, nothing was taken. When it has
     * an order at the gateway, the reconciliation job asks about that order again later ({@code
     * lateCaptureChecks}): a gateway fails one attempt and may capture a later one on the same
     * order, and if that capture's webhook is lost, only asking finds the money to give back.
     */
    public Transition failed(Payment payment, String reason) {
        if (!"PENDING".equals(payment.status())) {
            return Transition.IGNORED_STALE;
        }
        Instant now = clock.instant();
        payments.update(payment.id(), "FAILED", reason, null, null, null, null, null, null, now);
        jdbc.sql("update payment set late_check_at = ?, late_checks = 0 where id = ? and gateway_order_id is not null")
                .params(
                        OffsetDateTime.ofInstant(now.plus(properties.nextLateCaptureCheck(0)), ZoneOffset.UTC),
                        payment.id())
                .update();
        ledger.post(payment.id(), Posting.NOT_CAPTURED, payment.amount(), now);
        jdbc.sql("delete from outbox where payment_id = ? and kind = 'CREATE_ORDER'")
                .params(payment.id())
                .update();
        metrics.status("FAILED", payment.method());
        // what the on-call reads when the success ratio drops: which method fails, and why
        log.info("Payment {} FAILED ({}): {}", payment.id(), payment.method(), reason);
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
     * Transition#REJECTED_AMOUNT_MISMATCH}: the payment stays REFUND_PENDING and its own refund
     * goes on for what the order's refunds at the gateway leave; the outbox and the reconciliation
     * job, which add up every refund of the order, settle it.
     *
     * @param refunded what the gateway says it gave back (null when it does not say)
     */
    public Transition refunded(Payment payment, String refundId, BigDecimal refunded) {
        if (!"REFUND_PENDING".equals(payment.status())) {
            return Transition.IGNORED_STALE;
        }
        if (refunded == null || refunded.compareTo(payment.amount()) < 0) {
            log.warn(
                    "Gateway reports refund {} of {} {} for payment {} of {} {}: not all of it, the order's"
                            + " refunds are added up at the gateway",
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
        jdbc.sql("delete from outbox where payment_id = ? and kind in ('REFUND', 'CHECK_REFUNDS')")
                .params(payment.id())
                .update();
        findings.resolve(
                payment.id(),
                "The gateway reports all " + payment.amount() + " " + Money.INR + " of this payment refunded: it is"
                        + " REFUNDED",
                now,
                Findings.Kind.REFUND_REFUSED,
                Findings.Kind.PARTIAL_REFUND_AT_GATEWAY);
        metrics.status("REFUNDED", payment.methodAsPaid());
        return Transition.APPLIED;
    }

    /**
     * Applies an order's refunds as the gateway's status reports them, all together ({@link
     * #refundedAtGateway}). A payment not settled here yet (PENDING, or FAILED) whose order the
     * gateway says is paid is first captured from the same status: a refund proves the capture,
     * whose webhook may be late or lost.
     */
    public Transition orderRefunds(Payment payment, GatewayOrderStatus order) {
        Payment current = payment;
        boolean unsettled = "PENDING".equals(payment.status()) || "FAILED".equals(payment.status());
        if (unsettled && order.state() == GatewayOrderStatus.State.PAID) {
            Transition captured = captured(payment, Capture.of(order));
            if (captured != Transition.APPLIED) {
                return captured;
            }
            current = payments.lock(payment.id()).orElseThrow();
        }
        return refundedAtGateway(current, order.lastRefundId(), order.refunded());
    }

    /**
     * The gateway reports that it has given back {@code refunded} of the payment's order in all (the
     * order's refunds added up, or one refund of the whole amount), whoever asked for it: the
     * platform's own refund, or an operator at the gateway's dashboard. The platform's record
     * follows the gateway's money:
     *
     * <ul>
     *   <li>REFUND_PENDING: REFUNDED once all of it is back; until then the platform's own refund
     *       gives back what is left ({@link Transition#REJECTED_AMOUNT_MISMATCH});
     *   <li>SUCCESS, all of it back: {@code SUCCESS → REFUND_PENDING → REFUNDED} at once, with reason
     *       {@code REFUNDED_AT_GATEWAY}; a biller confirmation not sent yet is not sent (billerStatus
     *       FAILED: the bill is unpaid); one sent and not answered (in flight, or never answered)
     *       is not sent again and leaves billerStatus PENDING, a {@link
     *       Findings.Kind#REFUNDED_BILLER_OUTCOME_UNKNOWN} finding; and a biller that had confirmed
     *       it now holds money the citizen got back, a {@link
     *       Findings.Kind#REFUNDED_AFTER_BILLER_CONFIRMED} finding;
     *   <li>SUCCESS, part of it back: no status says so, so it stays SUCCESS and is a {@link
     *       Findings.Kind#PARTIAL_REFUND_AT_GATEWAY} finding ({@link Transition#FLAGGED});
     *   <li>anything else: {@link Transition#IGNORED_STALE}.
     * </ul>
     */
    public Transition refundedAtGateway(Payment payment, String refundId, BigDecimal refunded) {
        if (refunded == null || refunded.signum() <= 0) {
            return Transition.IGNORED_STALE;
        }
        boolean all = refunded.compareTo(payment.amount()) >= 0;
        return switch (payment.status()) {
            case "REFUND_PENDING" -> refunded(payment, refundId, refunded);
            case "SUCCESS" ->
                all ? refundedWhileSuccess(payment, refundId, refunded) : partlyRefunded(payment, refunded);
            default -> Transition.IGNORED_STALE;
        };
    }

    private Transition refundedWhileSuccess(Payment payment, String refundId, BigDecimal refunded) {
        Instant now = clock.instant();
        boolean confirmed = "CONFIRMED".equals(payment.billerStatus());
        // a confirmation sent and not answered (its answer still on the way, or never to come: a
        // timeout, an error on the way back) may have been taken: the biller's status stays unknown
        // (PENDING) and an operator asks the biller, unless its answer comes after all
        // (billerConfirmedAfterRefund, billerRefusedAfterRefund); it is not sent again either way
        // (the citizen has the money back). Its row's sent_at tells (marked with this payment
        // locked before the call, so it is either set by now or the call is never made), or for a
        // row from before sent_at its last error; not its attempts: re-arming a parked
        // confirmation sets those back to 0
        String unanswered = jdbc
                .sql("select sent_at, last_error from outbox where payment_id = ? and kind = 'CONFIRM_BILLER'")
                .params(payment.id())
                .query((rs, row) -> unanswered(rs.getObject(1, OffsetDateTime.class), rs.getString(2)))
                .list()
                .stream()
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        boolean unknown = !confirmed && unanswered != null;
        payments.update(
                payment.id(),
                "REFUND_PENDING",
                "REFUNDED_AT_GATEWAY",
                confirmed ? "CONFIRMED" : unknown ? "PENDING" : "FAILED",
                null,
                null,
                null,
                null,
                null,
                now);
        ledger.post(
                payment.id(),
                confirmed ? Posting.REFUNDED_AFTER_BILLER_CONFIRMED : Posting.REFUND_INITIATED,
                payment.amount(),
                now);
        jdbc.sql("delete from outbox where payment_id = ? and kind = 'CONFIRM_BILLER'")
                .params(payment.id())
                .update();
        metrics.status("REFUND_PENDING", payment.methodAsPaid());
        if (confirmed) {
            log.error(
                    "Gateway refunded payment {} ({} {}) that biller reference {} had confirmed: recover it"
                            + " from the biller",
                    payment.id(),
                    payment.amount(),
                    Money.INR,
                    payment.billerReference());
            findings.record(
                    payment.id(),
                    Findings.Kind.REFUNDED_AFTER_BILLER_CONFIRMED,
                    "The gateway refunded all " + payment.amount() + " " + Money.INR + " of this payment after the"
                            + " biller had confirmed it (biller reference " + payment.billerReference()
                            + "): the biller holds money the citizen got back",
                    refunded,
                    now);
        } else if (unknown) {
            log.error(
                    "Gateway refunded payment {} ({} {}) while its biller had not answered its confirmation ({}):"
                            + " ask the biller whether it took payment reference {}",
                    payment.id(),
                    payment.amount(),
                    Money.INR,
                    unanswered,
                    payment.id());
            findings.record(
                    payment.id(),
                    Findings.Kind.REFUNDED_BILLER_OUTCOME_UNKNOWN,
                    "The gateway refunded all " + payment.amount() + " " + Money.INR + " of this payment while the"
                            + " biller had not answered its confirmation (payment reference " + payment.id()
                            + "): ask the biller whether it took it; if so, recover it",
                    refunded,
                    now);
        } else {
            log.warn("Gateway refunded payment {} before its biller was told: not telling the biller", payment.id());
        }
        return refunded(payments.lock(payment.id()).orElseThrow(), refundId, refunded);
    }

    /** @return what is known of a confirmation sent and not answered; null: never sent */
    private static String unanswered(OffsetDateTime sentAt, String lastError) {
        if (sentAt == null) {
            return lastError;
        }
        return "sent at " + sentAt.toInstant() + (lastError == null ? ", no answer yet" : ", last error: " + lastError);
    }

    private Transition partlyRefunded(Payment payment, BigDecimal refunded) {
        log.warn(
                "Gateway reports {} of payment {} ({} {}) refunded outside the platform: it stays {}, flagged",
                refunded,
                payment.id(),
                payment.amount(),
                Money.INR,
                payment.status());
        findings.record(
                payment.id(),
                Findings.Kind.PARTIAL_REFUND_AT_GATEWAY,
                "The gateway has refunded " + refunded + " of " + payment.amount() + " " + Money.INR
                        + " of this SUCCESS payment (biller " + payment.billerStatus()
                        + ") outside the platform",
                refunded,
                clock.instant());
        return Transition.FLAGGED;
    }

    /**
     * The gateway refused the platform's refund for good, and the order is not fully refunded: the
     * payment stays REFUND_PENDING, its refund is no longer asked for, and an operator settles it
     * (a {@link Findings.Kind#REFUND_REFUSED} finding; once the gateway reports it all refunded, it
     * is REFUNDED).
     */
    public Transition refundRefused(Payment payment, String reason, BigDecimal gatewayRefunded) {
        if (!"REFUND_PENDING".equals(payment.status())) {
            return Transition.IGNORED_STALE;
        }
        findings.record(
                payment.id(),
                Findings.Kind.REFUND_REFUSED,
                truncate("The gateway refused the refund of the "
                        + payment.amount().subtract(gatewayRefunded) + " " + Money.INR + " left of " + payment.amount()
                        + ": " + reason),
                gatewayRefunded,
                clock.instant());
        return Transition.FLAGGED;
    }

    /**
     * The biller took a payment the gateway had refunded meanwhile (its confirmation was on its way
     * when the refund came): billerStatus CONFIRMED, and the money the biller holds is a {@link
     * Findings.Kind#REFUNDED_AFTER_BILLER_CONFIRMED} finding, which answers the {@link
     * Findings.Kind#REFUNDED_BILLER_OUTCOME_UNKNOWN} one the refund opened (resolved).
     */
    public Transition billerConfirmedAfterRefund(Payment payment, String billerReference) {
        boolean refunding = "REFUND_PENDING".equals(payment.status()) || "REFUNDED".equals(payment.status());
        if (!refunding || "CONFIRMED".equals(payment.billerStatus())) {
            return Transition.IGNORED_STALE;
        }
        Instant now = clock.instant();
        log.error(
                "Biller confirmed payment {} (reference {}) after the gateway refunded it: recover it from the biller",
                payment.id(),
                billerReference);
        payments.update(
                payment.id(), payment.status(), null, "CONFIRMED", billerReference, null, null, null, null, now);
        findings.record(
                payment.id(),
                Findings.Kind.REFUNDED_AFTER_BILLER_CONFIRMED,
                "The biller confirmed this payment (biller reference " + billerReference + ") after the gateway had"
                        + " refunded it: the biller holds money the citizen got back",
                payment.amount(),
                now);
        findings.resolve(
                payment.id(),
                "The biller answered: it confirmed this payment (biller reference " + billerReference + ") after"
                        + " the refund; the money it holds is the REFUNDED_AFTER_BILLER_CONFIRMED finding",
                now,
                Findings.Kind.REFUNDED_BILLER_OUTCOME_UNKNOWN);
        return Transition.FLAGGED;
    }

    /**
     * The biller refused a payment the gateway had refunded meanwhile (its confirmation was on its
     * way when the refund came): it holds none of the money, so billerStatus FAILED (the bill is
     * unpaid, the citizen has the money back) and the {@link
     * Findings.Kind#REFUNDED_BILLER_OUTCOME_UNKNOWN} finding the refund opened is resolved.
     */
    public Transition billerRefusedAfterRefund(Payment payment, String reason) {
        boolean refunding = "REFUND_PENDING".equals(payment.status()) || "REFUNDED".equals(payment.status());
        if (!refunding || !"PENDING".equals(payment.billerStatus())) {
            return Transition.IGNORED_STALE;
        }
        Instant now = clock.instant();
        log.info(
                "Biller refused payment {} ({}) after the gateway refunded it: the biller holds none of it",
                payment.id(),
                reason);
        payments.update(payment.id(), payment.status(), null, "FAILED", null, null, null, null, null, now);
        findings.resolve(
                payment.id(),
                truncate("The biller answered: it refused this payment ("
                        + (reason == null ? "no reason given" : reason) + ") after the refund, and holds none of it"),
                now,
                Findings.Kind.REFUNDED_BILLER_OUTCOME_UNKNOWN);
        return Transition.APPLIED;
    }

    private static String truncate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500);
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
