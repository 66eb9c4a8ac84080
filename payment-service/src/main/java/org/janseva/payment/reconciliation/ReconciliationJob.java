package org.janseva.payment.reconciliation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.janseva.payment.gateway.GatewayOrderStatus;
import org.janseva.payment.gateway.GatewayUnavailableException;
import org.janseva.payment.gateway.PaymentGateway;
import org.janseva.payment.gateway.PaymentGateways;
import org.janseva.payment.ledger.LedgerCheck;
import org.janseva.payment.payment.Payment;
import org.janseva.payment.payment.PaymentRepository;
import org.janseva.payment.settlement.Capture;
import org.janseva.payment.settlement.Findings;
import org.janseva.payment.settlement.SettlementService;
import org.janseva.payment.settlement.Transition;
import org.janseva.payment.system.PaymentMetrics;
import org.janseva.payment.system.PaymentProperties;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.DatabaseUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reconciliation job, run by one instance at a time (a PostgreSQL session advisory lock, held
 * on its own connection for the run and released when it ends or the process dies):
 *
 * <ul>
 *   <li>payments PENDING for longer than {@code settleAfter} are settled from the gateway's
 *       status API (lost webhooks), {@code batchSize} (200) per run, each run going on from where
 *       the last one stopped, so that old abandoned checkouts do not keep newer lost webhooks
 *       waiting;
 *   <li>payments never completed after {@code expireAfter} (90 minutes) are closed at the gateway
 *       and fail with reason EXPIRED;
 *   <li>FAILED payments with an order at the gateway have it asked about again at the ages of
 *       {@code lateCaptureChecks} (5 minutes, 1 hour, 24 hours): one captured after all (a later
 *       attempt on the same order, its webhook lost) is refunded, never kept;
 *   <li>stuck order creations (the gateway was down longer than the outbox's attempts lasted),
 *       biller confirmations and refunds (their outbox rows parked or gone) are re-armed, but not
 *       a refund the gateway refused for good; REFUND_PENDING payments whose order the gateway
 *       reports fully refunded (all its refunds together) are REFUNDED, {@code batchSize} per run
 *       in the same way, so that old refunds refused for good (waiting for an operator) do not keep
 *       newer refunds made at the gateway waiting;
 *   <li>the open findings (the gateway's money and the platform's record disagree: a refund
 *       refused for good, part of a SUCCESS payment refunded at the gateway, a payment refunded
 *       after its biller confirmed it), not the resolved ones, are reported in the run's result
 *       and logged;
 *   <li>once a day, {@code reportDelay} (30 minutes) after midnight IST, when the day's last
 *       payments are settled, yesterday's ledger is compared with the gateway's record and the
 *       ledger is checked for balance.
 * </ul>
 */
@Component
public class ReconciliationJob {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationJob.class);
    private static final long LOCK_KEY = 0x4a53_5245_434fL; // "JSRECO"
    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");

    /** The last PENDING payment the previous run looked at; null: start from the oldest. */
    private volatile Payment pendingCursor;

    /** The last REFUND_PENDING payment the previous run looked at; null: start from the oldest. */
    private volatile Payment refundPendingCursor;

    /** The open findings the previous run reported. */
    private volatile Map<Findings.Kind, Integer> lastFindings = Map.of();

    /** What one run did. */
    public record Result(
            boolean ran,
            int settledFromGateway,
            int expired,
            int ordersRearmed,
            int confirmationsRearmed,
            int refundsSettled,
            int refundsRearmed,
            int lateCaptured,
            LocalDate reportDate,
            int idempotencyRecordsDeleted,
            Map<Findings.Kind, Integer> openFindings) {}

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PaymentRepository payments;
    private final PaymentGateways gateways;
    private final SettlementService settlement;
    private final LedgerCheck ledgerCheck;
    private final Findings findings;
    private final PaymentProperties properties;
    private final PaymentMetrics metrics;
    private final JsonMapper json;
    private final Clock clock;

    ReconciliationJob(
            DataSource dataSource,
            JdbcClient jdbc,
            TransactionTemplate tx,
            PaymentRepository payments,
            PaymentGateways gateways,
            SettlementService settlement,
            LedgerCheck ledgerCheck,
            Findings findings,
            PaymentProperties properties,
            PaymentMetrics metrics,
            JsonMapper json,
            Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.tx = tx;
        this.payments = payments;
        this.gateways = gateways;
        this.settlement = settlement;
        this.ledgerCheck = ledgerCheck;
        this.findings = findings;
        this.properties = properties;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${platform.payment.reconciliation.interval:60s}",
            initialDelayString = "${platform.payment.reconciliation.interval:60s}")
    void scheduled() {
        if (!properties.reconciliation().enabled()) {
            return;
        }
        try {
            run();
        } catch (RuntimeException ex) {
            metrics.reconciliationRun("failed");
            if (DatabaseUnavailable.isCauseOf(ex)) {
                throw ex; // logged by platform-web's ScheduledTaskOutageReporting: a WARN a minute, no stack trace
            }
            log.error("Reconciliation failed", ex);
        }
    }

    /** Runs the job now if no other instance is running it. */
    public Result run() {
        try (Connection lockConnection = dataSource.getConnection()) {
            if (!tryLock(lockConnection)) {
                metrics.reconciliationRun("skipped");
                log.info("Reconciliation is running on another instance");
                return new Result(false, 0, 0, 0, 0, 0, 0, 0, null, 0, Map.of());
            }
            try {
                Result result = reconcile();
                metrics.reconciliationRun("completed");
                return result;
            } finally {
                unlock(lockConnection);
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("Reconciliation could not take its lock", ex);
        }
    }

    private Result reconcile() {
        Instant now = clock.instant();
        int settled = 0;
        int expired = 0;
        int batch = properties.reconciliation().batchSize();
        List<Payment> due = payments.olderThan("PENDING", now.minus(properties.settleAfter()), pendingCursor, batch);
        // the next run goes on after the last one looked at here; a short page means the end
        pendingCursor = due.size() < batch ? null : due.get(due.size() - 1);
        for (Payment payment : due) {
            try {
                String action = settlePending(payment, now);
                if ("SETTLED".equals(action)) {
                    settled++;
                } else if ("EXPIRED".equals(action)) {
                    expired++;
                }
            } catch (GatewayUnavailableException ex) {
                log.warn("Cannot settle payment {} now: {}", payment.id(), ex.getMessage());
            }
        }
        int lateCaptured = checkLateCaptures(now, batch);
        int ordersRearmed = rearm("CREATE_ORDER", "status = 'PENDING' and gateway_order_id is null", now);
        int rearmed = rearm("CONFIRM_BILLER", "status = 'SUCCESS' and biller_status = 'PENDING'", now);
        int refundsSettled = 0;
        List<Payment> refunding =
                payments.olderThan("REFUND_PENDING", now.minus(properties.stuckAfter()), refundPendingCursor, batch);
        // likewise: refunds refused for good stay REFUND_PENDING until an operator acts, and a page of
        // them would otherwise hide every newer refund made at the gateway
        refundPendingCursor = refunding.size() < batch ? null : refunding.get(refunding.size() - 1);
        for (Payment payment : refunding) {
            try {
                GatewayOrderStatus status = gateways.get(payment.gateway()).orderStatus(payment.gatewayOrderId());
                if (status.refunded().compareTo(payment.amount()) >= 0) {
                    Transition t = tx.execute(s -> settlement.refunded(
                            payments.lock(payment.id()).orElseThrow(), status.lastRefundId(), status.refunded()));
                    if (t == Transition.APPLIED) {
                        refundsSettled++;
                    }
                }
            } catch (GatewayUnavailableException ex) {
                log.warn("Cannot check the refund of payment {} now: {}", payment.id(), ex.getMessage());
            }
        }
        // a refund the gateway refused for good waits for an operator (the loop above settles it once
        // the gateway reports it all refunded), and is not asked for again once the operator resolved
        // the finding either (they may have given the money back another way): any REFUND_REFUSED
        // finding, open or resolved, holds it; a parked check of an order's refunds is tried again
        int refundsRearmed = rearm(
                "REFUND",
                "status = 'REFUND_PENDING' and not exists (select 1 from reconciliation_finding f"
                        + " where f.payment_id = p.id and f.kind = 'REFUND_REFUSED')",
                now);
        refundsRearmed += jdbc.sql("update outbox set parked = false, attempts = 0, available_at = ?"
                        + " where kind = 'CHECK_REFUNDS' and parked")
                .params(utc(now))
                .update();
        Map<Findings.Kind, Integer> openFindings = findings.countByKind();
        if (!openFindings.equals(lastFindings) && openFindings.values().stream().anyMatch(count -> count > 0)) {
            // said when they change, not every run: the gauge janseva_payments_findings keeps them
            log.warn(
                    "Reconciliation findings open for operators (GET /internal/v1/reconciliation/findings): {}",
                    openFindings);
        }
        lastFindings = openFindings;
        int deleted = jdbc.sql("delete from idempotency_record where expires_at < ? and response_status is not null")
                .params(utc(now))
                .update();
        LocalDate reportDate = reportDay(now, properties.reconciliation().reportDelay());
        boolean reported = false;
        for (PaymentGateway gateway : gateways.all()) {
            reported |= dailyReportIfMissing(gateway, reportDate);
        }
        if (reported) {
            LedgerCheck.Result check = ledgerCheck.check();
            metrics.reconciliation(
                    "ledger_unbalanced",
                    check.mismatches().size() + check.unbalancedPostings().size());
            if (!check.balanced()) {
                log.error(
                        "Ledger check failed: {} unbalanced postings, mismatched payments {}",
                        check.unbalancedPostings().size(),
                        check.mismatches().keySet());
            }
        }
        metrics.reconciliation("settled_from_gateway", settled);
        metrics.reconciliation("expired", expired);
        metrics.reconciliation("order_rearmed", ordersRearmed);
        metrics.reconciliation("confirmation_rearmed", rearmed);
        metrics.reconciliation("refund_settled", refundsSettled);
        metrics.reconciliation("refund_rearmed", refundsRearmed);
        metrics.reconciliation("late_captured", lateCaptured);
        Result result = new Result(
                true,
                settled,
                expired,
                ordersRearmed,
                rearmed,
                refundsSettled,
                refundsRearmed,
                lateCaptured,
                reported ? reportDate : null,
                deleted,
                openFindings);
        if (settled + expired + ordersRearmed + rearmed + refundsSettled + refundsRearmed + lateCaptured > 0) {
            log.info("Reconciliation: {}", result);
        }
        return result;
    }

    /**
     * @return the day whose report is due: the day before the one (IST) that began {@code delay}
     *     ago, so until 00:30 IST still the day before yesterday, whose report already exists
     */
    static LocalDate reportDay(Instant now, Duration delay) {
        return LocalDate.ofInstant(now.minus(delay), IST).minusDays(1);
    }

    /** @return SETTLED, EXPIRED or NONE */
    private String settlePending(Payment payment, Instant now) {
        boolean expiredByAge = payment.createdAt().isBefore(now.minus(properties.expireAfter()));
        if (payment.gatewayOrderId() == null) {
            // the order was never created (gateway unreachable all along)
            if (!expiredByAge) {
                return "NONE";
            }
            Transition t = tx.execute(s -> {
                Payment locked = payments.lock(payment.id()).orElseThrow();
                if (locked.gatewayOrderId() != null) {
                    return Transition.IGNORED_STALE;
                }
                Transition failed = settlement.failed(locked, "EXPIRED");
                storeNotStartedAnswer(locked);
                return failed;
            });
            return t == Transition.APPLIED ? "EXPIRED" : "NONE";
        }
        PaymentGateway gateway = gateways.get(payment.gateway());
        GatewayOrderStatus status = gateway.orderStatus(payment.gatewayOrderId());
        if (status.state() == GatewayOrderStatus.State.OPEN && expiredByAge) {
            status = gateway.cancelOrder(payment.gatewayOrderId());
        }
        GatewayOrderStatus settledStatus = status;
        Transition t = switch (settledStatus.state()) {
            case PAID ->
                tx.execute(
                        s -> settlement.captured(payments.lock(payment.id()).orElseThrow(), Capture.of(settledStatus)));
            case FAILED ->
                tx.execute(s -> settlement.failed(payments.lock(payment.id()).orElseThrow(), "DECLINED"));
            case CANCELLED ->
                tx.execute(s -> settlement.failed(payments.lock(payment.id()).orElseThrow(), "EXPIRED"));
            case OPEN -> Transition.IGNORED_STALE;
        };
        if (t != Transition.APPLIED) {
            return "NONE";
        }
        return settledStatus.state() == GatewayOrderStatus.State.CANCELLED ? "EXPIRED" : "SETTLED";
    }

    /**
     * FAILED payments whose order the gateway may have captured after all ({@link
     * SettlementService#failed} schedules the checks): each one due has its order asked about; a
     * paid one is captured late (REFUND_PENDING, refunded: never kept), one not paid is asked about
     * again at its next check, until the last. A gateway that cannot answer is asked again after
     * {@code settleAfter}.
     *
     * @return the payments found captured
     */
    private int checkLateCaptures(Instant now, int batch) {
        record Due(String id, int checks) {}
        List<Due> due = jdbc.sql("select id, late_checks from payment where status = 'FAILED' and late_check_at <= ?"
                        + " order by late_check_at, id limit ?")
                .params(utc(now), batch)
                .query((rs, i) -> new Due(rs.getString(1), rs.getInt(2)))
                .list();
        int captured = 0;
        for (Due one : due) {
            Payment payment = payments.get(one.id()).orElseThrow();
            GatewayOrderStatus status;
            try {
                status = gateways.get(payment.gateway()).orderStatus(payment.gatewayOrderId());
            } catch (GatewayUnavailableException ex) {
                log.warn("Cannot ask the gateway about failed payment {} now: {}", payment.id(), ex.getMessage());
                jdbc.sql("update payment set late_check_at = ? where id = ? and status = 'FAILED'")
                        .params(utc(now.plus(properties.settleAfter())), payment.id())
                        .update();
                continue;
            }
            Transition t = tx.execute(s -> {
                Payment locked = payments.lock(one.id()).orElseThrow();
                Transition applied = status.state() == GatewayOrderStatus.State.PAID
                        ? settlement.captured(locked, Capture.of(status))
                        : Transition.IGNORED_STALE;
                Duration next = properties.nextLateCaptureCheck(one.checks() + 1);
                jdbc.sql("update payment set late_checks = late_checks + 1,"
                                + " late_check_at = case when status = 'FAILED' then ?::timestamptz end where id = ?")
                        .params(next == null ? null : utc(now.plus(next)), one.id())
                        .update();
                return applied;
            });
            if (t == Transition.APPLIED) {
                captured++;
            }
        }
        return captured;
    }

    /** A payment whose order was never created keeps, as its key's answer, a problem saying so. */
    private void storeNotStartedAnswer(Payment payment) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://janseva.org/problems/payment-not-started");
        problem.put("title", "Payment not started");
        problem.put("status", 502);
        problem.put(
                "detail",
                "The payment gateway could not be reached, so the payment was not started and nothing was charged."
                        + " Use a new Idempotency-Key to try again.");
        problem.put("instance", "/api/v1/payments");
        problem.put("code", "PAYMENT_NOT_STARTED");
        problem.put("paymentId", payment.id());
        problem.put("requestId", "reconciliation");
        jdbc.sql("update idempotency_record set response_status = 502, response_body = ?, completed_at = ?"
                        + " where citizen_ref = ? and idem_key = ? and response_status is null")
                .params(json.writeValueAsString(problem), utc(clock.instant()), payment.citizenRef(), payment.idemKey())
                .update();
    }

    /** Re-arms outbox work whose row was parked or lost; returns how many. */
    private int rearm(String kind, String condition, Instant now) {
        return jdbc.sql("insert into outbox (payment_id, kind, available_at, created_at)"
                        + " select p.id, :kind, :now, :now from payment p where " + condition
                        + " and p.updated_at < :stuck and not exists (select 1 from outbox o where o.payment_id = p.id"
                        + " and o.kind = :kind and not o.parked)"
                        + " on conflict (payment_id, kind) do update set parked = false, attempts = 0,"
                        + " available_at = excluded.available_at")
                .param("kind", kind)
                .param("now", utc(now))
                .param("stuck", utc(now.minus(properties.stuckAfter())))
                .update();
    }

    /**
     * Compares a day's (IST) ledger with the gateway's record of that day's orders, once.
     *
     * @return whether a report was made now
     */
    boolean dailyReportIfMissing(PaymentGateway gateway, LocalDate day) {
        boolean exists = jdbc.sql("select count(*) from reconciliation_report where report_date = ? and gateway = ?")
                        .params(day, gateway.name())
                        .query(Long.class)
                        .single()
                > 0;
        if (exists) {
            return false;
        }
        try {
            DailyReport report = DailyReport.compare(jdbc, gateway, day, IST);
            jdbc.sql("insert into reconciliation_report (report_date, gateway, ledger_captured, gateway_captured,"
                            + " ledger_refunded, gateway_refunded, matched, mismatches, created_at)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) on conflict do nothing")
                    .params(
                            day,
                            gateway.name(),
                            report.ledgerCaptured(),
                            report.gatewayCaptured(),
                            report.ledgerRefunded(),
                            report.gatewayRefunded(),
                            report.matched(),
                            json.writeValueAsString(report.mismatches()),
                            utc(clock.instant()))
                    .update();
            metrics.reconciliation("report_mismatch", report.mismatches().size());
            if (!report.mismatches().isEmpty()) {
                log.error(
                        "Reconciliation report {} for {}: {} mismatches",
                        day,
                        gateway.name(),
                        report.mismatches().size());
            }
            return true;
        } catch (GatewayUnavailableException ex) {
            log.warn("Daily report {} for {} postponed: {}", day, gateway.name(), ex.getMessage());
            return false;
        }
    }

    /** @return the report of a day, made now if missing */
    public DailyReport report(String gatewayName, LocalDate day) {
        PaymentGateway gateway = gateways.find(gatewayName)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND,
                        "GATEWAY_NOT_FOUND",
                        "Payment gateway not found",
                        "This platform has no payment gateway of that name."));
        return DailyReport.compare(jdbc, gateway, day, IST);
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            statement.setLong(1, LOCK_KEY);
            statement.execute();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
