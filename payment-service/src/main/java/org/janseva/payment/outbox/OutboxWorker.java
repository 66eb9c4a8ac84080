package org.janseva.payment.outbox;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.janseva.payment.bill.Bill;
import org.janseva.payment.bill.BillRepository;
import org.janseva.payment.catalog.BillerConfirmation;
import org.janseva.payment.catalog.CatalogClient;
import org.janseva.payment.gateway.GatewayOrder;
import org.janseva.payment.gateway.GatewayOrderStatus;
import org.janseva.payment.gateway.GatewayRefund;
import org.janseva.payment.gateway.OrderRequest;
import org.janseva.payment.gateway.PaymentGateway;
import org.janseva.payment.gateway.PaymentGateways;
import org.janseva.payment.gateway.RefundRefusedException;
import org.janseva.payment.payment.Payment;
import org.janseva.payment.payment.PaymentCreationService;
import org.janseva.payment.payment.PaymentRepository;
import org.janseva.payment.settlement.SettlementService;
import org.janseva.payment.settlement.Transition;
import org.janseva.payment.system.PaymentMetrics;
import org.janseva.payment.system.PaymentProperties;
import org.janseva.platform.web.DatabaseUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Does the outside-world work that state changes committed to the outbox: creating gateway
 * orders, confirming payments with billers (catalog's {@code confirm-payment}), refunds, reading an
 * order's refunds at the gateway after a refund event that could not be applied as it stood. Rows
 * are taken with {@code FOR UPDATE SKIP LOCKED} and leased (hidden for a while) so that several
 * instances share the work; the call happens outside any transaction; a row is deleted only with
 * the state change its outcome causes, and only if it was not queued again meanwhile ({@link
 * SettlementService#enqueue}: a refund event during a read of the order's refunds asks for
 * another read, which the outcome of the first must not delete). Delivery is at least once:
 * every call is idempotent at its receiver (payment id, refund reference, payment reference).
 * Failures retry with exponential backoff; after {@code maxAttempts} a row is parked for the
 * reconciliation job.
 */
@Component
public class OutboxWorker {

    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

    /** @param leasedUntil the row's available_at as taken: another value means it was queued again since */
    record Task(long id, String paymentId, String kind, int attempts, OffsetDateTime leasedUntil) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PaymentRepository payments;
    private final BillRepository bills;
    private final PaymentGateways gateways;
    private final CatalogClient catalog;
    private final SettlementService settlement;
    private final PaymentCreationService creation;
    private final PaymentProperties properties;
    private final PaymentMetrics metrics;
    private final Clock clock;

    OutboxWorker(
            JdbcClient jdbc,
            TransactionTemplate tx,
            PaymentRepository payments,
            BillRepository bills,
            PaymentGateways gateways,
            CatalogClient catalog,
            SettlementService settlement,
            PaymentCreationService creation,
            PaymentProperties properties,
            PaymentMetrics metrics,
            Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.payments = payments;
        this.bills = bills;
        this.gateways = gateways;
        this.catalog = catalog;
        this.settlement = settlement;
        this.creation = creation;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${platform.payment.outbox.poll-interval:500ms}", initialDelayString = "1s")
    void poll() {
        if (!properties.outbox().enabled()) {
            return;
        }
        try {
            drain();
        } catch (RuntimeException ex) {
            if (DatabaseUnavailable.isCauseOf(ex)) {
                throw ex; // logged by platform-web's ScheduledTaskOutageReporting: a WARN a minute, not two a second
            }
            log.warn("Outbox poll failed: {}", ex.toString());
        }
    }

    /** Works through every due row; returns how many rows were handled. */
    public int drain() {
        int handled = 0;
        List<Task> tasks;
        do {
            tasks = take();
            for (Task task : tasks) {
                work(task);
                handled++;
            }
        } while (tasks.size() == properties.outbox().batchSize());
        return handled;
    }

    private List<Task> take() {
        Instant now = clock.instant();
        return jdbc.sql("update outbox set available_at = :leaseEnd where id in (select id from outbox"
                        + " where not parked and available_at <= :now order by available_at limit :limit"
                        + " for update skip locked) returning id, payment_id, kind, attempts, available_at")
                .param("leaseEnd", utc(now.plus(properties.outbox().lease())))
                .param("now", utc(now))
                .param("limit", properties.outbox().batchSize())
                .query((rs, i) -> new Task(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getObject(5, OffsetDateTime.class)))
                .list();
    }

    private void work(Task task) {
        try {
            switch (task.kind()) {
                case "CREATE_ORDER" -> createOrder(task);
                case "CONFIRM_BILLER" -> confirmBiller(task);
                case "REFUND" -> refund(task);
                case "CHECK_REFUNDS" -> checkRefunds(task);
                default -> throw new IllegalStateException("unknown outbox kind " + task.kind());
            }
        } catch (RuntimeException ex) {
            if ("CONFIRM_BILLER".equals(task.kind())) {
                metrics.billerConfirmation("failed");
            }
            retryLater(task, ex);
        }
    }

    private void createOrder(Task task) {
        Optional<Payment> found = payments.get(task.paymentId());
        if (found.isEmpty()
                || !"PENDING".equals(found.get().status())
                || found.get().gatewayOrderId() != null) {
            done(task);
            return;
        }
        Payment payment = found.get();
        PaymentGateway gateway = gateways.get(payment.gateway());
        GatewayOrder order =
                gateway.createOrder(new OrderRequest(payment.id(), payment.amount(), "INR", payment.method()));
        creation.completeCheckout(payment, order);
        done(task);
        log.info("Outbox created the gateway order of payment {}", payment.id());
    }

    private void confirmBiller(Task task) {
        Payment payment = tx.execute(status -> sending(task));
        if (payment == null) {
            done(task);
            return;
        }
        Bill bill = bills.get(payment.billId()).orElseThrow();
        BillerConfirmation confirmation = catalog.confirmPayment(
                payment.citizenRef(),
                payment.serviceCode(),
                payment.consumerNumber(),
                bill.billNumber(),
                payment.id(),
                payment.amount());
        tx.executeWithoutResult(status -> {
            Payment locked = payments.lock(payment.id()).orElseThrow();
            if (confirmation.accepted()) {
                if (settlement.billerConfirmed(locked, confirmation.billerReference()) == Transition.IGNORED_STALE) {
                    // the gateway refunded it while the confirmation was on its way
                    settlement.billerConfirmedAfterRefund(locked, confirmation.billerReference());
                }
            } else if (settlement.billerRefused(locked, confirmation.reason()) == Transition.APPLIED) {
                log.warn("Biller refused payment {}: {}; refunding", payment.id(), confirmation.reason());
            } else {
                // the gateway refunded it while the confirmation was on its way
                settlement.billerRefusedAfterRefund(locked, confirmation.reason());
            }
            deleteRow(task);
        });
        metrics.billerConfirmation(confirmation.accepted() ? "accepted" : "refused");
    }

    /**
     * Marks the confirmation sent ({@code sent_at}) just before it goes, with the payment locked:
     * from then on the biller may take it, answered or not, so a refund at the gateway either came
     * first and the confirmation is not sent, or finds it sent and leaves the biller's outcome
     * unknown ({@link SettlementService#refundedAtGateway}), never taken for "not told".
     *
     * @return the payment, to confirm; null when there is nothing to confirm any more (it is not
     *     SUCCESS with the biller's answer pending, or its row is gone)
     */
    private Payment sending(Task task) {
        Payment payment = payments.lock(task.paymentId()).orElseThrow();
        if (!"SUCCESS".equals(payment.status()) || !"PENDING".equals(payment.billerStatus())) {
            return null;
        }
        int marked = jdbc.sql("update outbox set sent_at = ? where id = ?")
                .params(utc(clock.instant()), task.id())
                .update();
        return marked == 0 ? null : payment;
    }

    /**
     * Refunds what the order's refunds at the gateway leave of the payment: an operator may have
     * given part of it back from the gateway's dashboard, and the gateway refuses a refund of more
     * than is left. Nothing left: REFUNDED. The gateway's final no is not retried: the order is read
     * again (all of it back by now: REFUNDED; less left than asked for: asked again), else the
     * refund is parked for an operator, a REFUND_REFUSED finding that the reconciliation job
     * reports and does not re-arm.
     */
    private void refund(Task task) {
        Payment payment = payments.get(task.paymentId()).orElseThrow();
        if (!"REFUND_PENDING".equals(payment.status())) {
            done(task);
            return;
        }
        PaymentGateway gateway = gateways.get(payment.gateway());
        GatewayOrderStatus order = gateway.orderStatus(payment.gatewayOrderId());
        BigDecimal left = payment.amount().subtract(order.refunded());
        if (left.signum() <= 0) {
            settleRefund(task, payment, order.lastRefundId(), order.refunded());
            return;
        }
        GatewayRefund refund;
        try {
            refund = gateway.refund(payment.gatewayOrderId(), payment.id() + "-refund", left);
        } catch (RefundRefusedException ex) {
            refundRefused(task, payment, gateway, order, ex);
            return;
        }
        if (refund.processed()) {
            metrics.refund("processed");
            settleRefund(task, payment, refund.refundId(), order.refunded().add(left));
        } else {
            // the gateway's webhook (or the reconciliation job) will say when the money is back
            done(task);
        }
    }

    private void settleRefund(Task task, Payment payment, String refundId, BigDecimal refunded) {
        tx.executeWithoutResult(status -> {
            settlement.refunded(payments.lock(payment.id()).orElseThrow(), refundId, refunded);
            deleteRow(task);
        });
    }

    private void refundRefused(
            Task task, Payment payment, PaymentGateway gateway, GatewayOrderStatus before, RefundRefusedException ex) {
        GatewayOrderStatus order = gateway.orderStatus(payment.gatewayOrderId());
        if (order.refunded().compareTo(payment.amount()) >= 0) {
            settleRefund(task, payment, order.lastRefundId(), order.refunded());
            return;
        }
        if (order.refunded().compareTo(before.refunded()) != 0) {
            // refunded at the gateway meanwhile: what is left is asked for on the next attempt
            throw new IllegalStateException("the order's refunds changed during the refund", ex);
        }
        Integer parked = tx.execute(status -> {
            settlement.refundRefused(payments.lock(payment.id()).orElseThrow(), ex.getMessage(), order.refunded());
            return jdbc.sql("update outbox set parked = true, attempts = attempts + 1, last_error = ? where id = ?")
                    .params(truncate(ex.getMessage()), task.id())
                    .update();
        });
        metrics.refund("refused");
        if (parked == null || parked == 0) {
            log.warn(
                    "Gateway refused the refund of payment {} for good, but its refund was settled meanwhile (its"
                            + " row is gone): nothing parked: {}",
                    payment.id(),
                    ex.getMessage());
            return;
        }
        log.error(
                "Gateway refused the refund of payment {} for good, {} of {} refunded at the gateway; parked for an"
                        + " operator: {}",
                payment.id(),
                order.refunded(),
                payment.amount(),
                ex.getMessage());
    }

    /** Reads the order's refunds at the gateway, after a refund event that could not be applied as it stood. */
    private void checkRefunds(Task task) {
        Payment payment = payments.get(task.paymentId()).orElseThrow();
        if ("REFUNDED".equals(payment.status()) || payment.gatewayOrderId() == null) {
            done(task);
            return;
        }
        GatewayOrderStatus order = gateways.get(payment.gateway()).orderStatus(payment.gatewayOrderId());
        tx.executeWithoutResult(status -> {
            settlement.orderRefunds(payments.lock(payment.id()).orElseThrow(), order);
            deleteRow(task);
        });
    }

    private void done(Task task) {
        deleteRow(task);
    }

    private void deleteRow(Task task) {
        // a row queued again while this task was at work (enqueue sets available_at to its now) is
        // work still to do: it stays, due at once
        jdbc.sql("delete from outbox where id = ? and available_at = ?")
                .params(task.id(), task.leasedUntil())
                .update();
    }

    private void retryLater(Task task, RuntimeException ex) {
        int attempts = task.attempts() + 1;
        boolean park = attempts >= properties.outbox().maxAttempts();
        Duration delay = backoff(attempts);
        int updated = jdbc.sql(
                        "update outbox set attempts = ?, available_at = ?, parked = ?, last_error = ? where id = ?")
                .params(attempts, utc(clock.instant().plus(delay)), park, truncate(ex.toString()), task.id())
                .update();
        if (updated == 0) {
            // the state change that ended this work (a refund at the gateway ends a confirmation)
            // removed its row while the attempt was at work: nothing is left to retry
            log.warn(
                    "Outbox {} of payment {} failed (attempt {}), not retried: its work was withdrawn meanwhile,"
                            + " the payment is {}: {}",
                    task.kind(),
                    task.paymentId(),
                    attempts,
                    payments.get(task.paymentId())
                            .map(p -> p.status() + "/" + (p.billerStatus() == null ? "-" : p.billerStatus()))
                            .orElse("gone"),
                    ex.toString());
        } else if (park) {
            log.error(
                    "Outbox {} of payment {} parked after {} attempts: {}",
                    task.kind(),
                    task.paymentId(),
                    attempts,
                    ex.toString());
        } else {
            log.warn(
                    "Outbox {} of payment {} failed (attempt {}), retry in {}: {}",
                    task.kind(),
                    task.paymentId(),
                    attempts,
                    delay,
                    ex.toString());
        }
    }

    /** Exponential: base × 2^(attempts−1), capped. */
    Duration backoff(int attempts) {
        Duration base = properties.outbox().baseBackoff();
        Duration max = properties.outbox().maxBackoff();
        long factor = 1L << Math.min(20, Math.max(0, attempts - 1));
        Duration delay = base.multipliedBy(factor);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private static String truncate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
