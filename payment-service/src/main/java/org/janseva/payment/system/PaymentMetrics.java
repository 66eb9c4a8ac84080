package org.janseva.payment.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The payment metrics a Grafana board needs, all with low-cardinality tags (never an id):
 * {@code janseva_payments_total{status,method}} (transitions into a status),
 * {@code janseva_payments_open{status,method}} (PENDING and REFUND_PENDING rows, from the database;
 * the settled ones are the counter's rates); a payment's {@code method} is the one chosen at
 * creation until the gateway captures it, and the one the gateway reports it was paid with from
 * then on (SUCCESS, REFUND_PENDING, REFUNDED),
 * {@code janseva_payments_amount_paid_rupees_total}, {@code janseva_payments_webhooks_total{outcome}},
 * {@code janseva_payments_outbox_lag_seconds{kind}} and {@code janseva_payments_outbox_pending{kind}},
 * {@code janseva_payments_reconciliation_total{action}} (what the reconciliation found and did),
 * {@code janseva_payments_reconciliation_runs_total{result}} (completed, skipped while another
 * instance held the job's lock, failed) and {@code janseva_payments_biller_confirmations_total{outcome}}
 * (accepted, refused, failed), {@code janseva_payments_refunds_total{outcome}} (the platform's refunds:
 * processed, refused for good), {@code janseva_payments_findings{kind}} (open reconciliation
 * findings, for an operator to settle) and {@code janseva_payments_findings_recorded{kind}} (every
 * finding ever recorded, resolved ones too: it only grows, so an alert on new findings still sees one
 * that came while another was resolved). Every counter with a fixed set of tag values is registered at
 * start, so that rates and alerts see zeros rather than no data until the first event.
 */
@Component
public class PaymentMetrics {

    /** The open statuses: few rows, counted through a partial index (the others grow forever). */
    private static final List<String> OPEN_STATUSES = List.of("PENDING", "REFUND_PENDING");

    private static final List<String> METHODS = List.of("UPI", "CARD", "NETBANKING");
    private static final List<String> OUTBOX_KINDS =
            List.of("CREATE_ORDER", "CONFIRM_BILLER", "REFUND", "CHECK_REFUNDS");
    private static final List<String> WEBHOOK_OUTCOMES = List.of(
            "APPLIED",
            "IGNORED_STALE",
            "REJECTED_AMOUNT_MISMATCH",
            "FLAGGED",
            "DEFERRED",
            "DUPLICATE",
            "IGNORED_TYPE",
            "IGNORED_UNKNOWN_ORDER",
            "REJECTED_SIGNATURE",
            "REJECTED_MALFORMED",
            "REJECTED_MEDIA_TYPE");
    private static final List<String> FINDING_KINDS = List.of(
            "REFUND_REFUSED",
            "PARTIAL_REFUND_AT_GATEWAY",
            "REFUNDED_AFTER_BILLER_CONFIRMED",
            "REFUNDED_BILLER_OUTCOME_UNKNOWN");
    private static final List<String> RECONCILIATION_ACTIONS = List.of(
            "settled_from_gateway",
            "expired",
            "order_rearmed",
            "confirmation_rearmed",
            "refund_settled",
            "refund_rearmed",
            "late_captured",
            "report_mismatch",
            "ledger_unbalanced");

    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Counter amountPaid;
    private final Map<String, AtomicLong> current = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> outboxLagMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> outboxPending = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> findings = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> findingsRecorded = new ConcurrentHashMap<>();

    PaymentMetrics(MeterRegistry registry, JdbcClient jdbc, Clock clock) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.clock = clock;
        this.amountPaid = Counter.builder("janseva.payments.amount.paid")
                .baseUnit("rupees")
                .description("Amount captured from citizens")
                .register(registry);
        for (String status : OPEN_STATUSES) {
            for (String method : METHODS) {
                AtomicLong value = new AtomicLong();
                current.put(status + "/" + method, value);
                Gauge.builder("janseva.payments.open", value, AtomicLong::get)
                        .description("Payments not settled yet, per status and method")
                        .tag("status", status)
                        .tag("method", method)
                        .register(registry);
            }
        }
        for (String kind : OUTBOX_KINDS) {
            AtomicLong lag = new AtomicLong();
            AtomicLong pending = new AtomicLong();
            outboxLagMillis.put(kind, lag);
            outboxPending.put(kind, pending);
            Gauge.builder("janseva.payments.outbox.lag", lag, v -> v.get() / 1000.0)
                    .description("Age of the oldest due outbox row")
                    .baseUnit("seconds")
                    .tag("kind", kind)
                    .register(registry);
            Gauge.builder("janseva.payments.outbox.pending", pending, AtomicLong::get)
                    .description("Outbox rows not done yet")
                    .tag("kind", kind)
                    .register(registry);
        }
        for (String kind : FINDING_KINDS) {
            AtomicLong open = new AtomicLong();
            findings.put(kind, open);
            Gauge.builder("janseva.payments.findings", open, AtomicLong::get)
                    .description("Open reconciliation findings: the gateway's money and the platform's record"
                            + " disagree, for an operator to settle")
                    .tag("kind", kind)
                    .register(registry);
            AtomicLong recorded = new AtomicLong();
            findingsRecorded.put(kind, recorded);
            Gauge.builder("janseva.payments.findings.recorded", recorded, AtomicLong::get)
                    .description("Reconciliation findings ever recorded, resolved ones included: grows by one"
                            + " with each new finding")
                    .tag("kind", kind)
                    .register(registry);
        }
        List.of("processed", "refused")
                .forEach(outcome -> registry.counter("janseva.payments.refunds", "outcome", outcome));
        WEBHOOK_OUTCOMES.forEach(outcome -> registry.counter("janseva.payments.webhooks", "outcome", outcome));
        RECONCILIATION_ACTIONS.forEach(action -> registry.counter("janseva.payments.reconciliation", "action", action));
        List.of("completed", "skipped", "failed")
                .forEach(result -> registry.counter("janseva.payments.reconciliation.runs", "result", result));
        List.of("accepted", "refused", "failed")
                .forEach(outcome -> registry.counter("janseva.payments.biller.confirmations", "outcome", outcome));
        for (String method : METHODS) {
            List.of("PENDING", "SUCCESS", "FAILED")
                    .forEach(status -> registry.counter("janseva.payments", "status", status, "method", method));
        }
    }

    /** A payment entered a status. */
    public void status(String status, String method) {
        AfterCommit.run(() -> registry.counter("janseva.payments", "status", status, "method", method)
                .increment());
    }

    /** Money was captured. */
    public void paid(BigDecimal amount) {
        AfterCommit.run(() -> amountPaid.increment(amount.doubleValue()));
    }

    /** A webhook was handled with this outcome. */
    public void webhook(String outcome) {
        registry.counter("janseva.payments.webhooks", "outcome", outcome).increment();
    }

    /** The reconciliation job did something. */
    public void reconciliation(String action, int count) {
        if (count > 0) {
            registry.counter("janseva.payments.reconciliation", "action", action)
                    .increment(count);
        }
    }

    /**
     * A reconciliation run ended.
     *
     * @param result {@code completed}, {@code skipped} (another instance held the lock) or {@code failed}
     */
    public void reconciliationRun(String result) {
        registry.counter("janseva.payments.reconciliation.runs", "result", result)
                .increment();
    }

    /**
     * A biller confirmation ended.
     *
     * @param outcome {@code accepted}, {@code refused} or {@code failed} (to be retried)
     */
    public void billerConfirmation(String outcome) {
        registry.counter("janseva.payments.biller.confirmations", "outcome", outcome)
                .increment();
    }

    /**
     * A refund the platform asked of the gateway ended.
     *
     * @param outcome {@code processed} or {@code refused} (for good: a finding for operators)
     */
    public void refund(String outcome) {
        registry.counter("janseva.payments.refunds", "outcome", outcome).increment();
    }

    /** Refreshes the gauges that come from the database. */
    @Scheduled(fixedDelayString = "${platform.payment.metrics-refresh:15s}", initialDelayString = "5s")
    public void refresh() {
        current.values().forEach(v -> v.set(0));
        jdbc.sql("select status, coalesce(paid_method, method), count(*) from payment"
                        + " where status in ('PENDING', 'REFUND_PENDING') group by 1, 2")
                .query(rs -> {
                    AtomicLong value = current.get(rs.getString(1) + "/" + rs.getString(2));
                    if (value != null) {
                        value.set(rs.getLong(3));
                    }
                });
        findings.values().forEach(v -> v.set(0));
        findingsRecorded.values().forEach(v -> v.set(0));
        jdbc.sql("select kind, count(*) filter (where resolved_at is null), count(*) from reconciliation_finding"
                        + " group by kind")
                .query(rs -> {
                    AtomicLong open = findings.get(rs.getString(1));
                    AtomicLong recorded = findingsRecorded.get(rs.getString(1));
                    if (open != null) {
                        open.set(rs.getLong(2));
                        recorded.set(rs.getLong(3));
                    }
                });
        Instant now = clock.instant();
        outboxLagMillis.values().forEach(v -> v.set(0));
        outboxPending.values().forEach(v -> v.set(0));
        jdbc.sql("select kind, count(*), min(available_at) filter (where not parked and available_at <= ?)"
                        + " from outbox group by kind")
                .params(OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .query(rs -> {
                    String kind = rs.getString(1);
                    outboxPending.get(kind).set(rs.getLong(2));
                    java.sql.Timestamp oldest = rs.getTimestamp(3);
                    if (oldest != null) {
                        outboxLagMillis
                                .get(kind)
                                .set(Math.max(
                                        0,
                                        Duration.between(oldest.toInstant(), now)
                                                .toMillis()));
                    }
                });
    }
}
