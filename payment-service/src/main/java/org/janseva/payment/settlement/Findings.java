package org.janseva.payment.settlement;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the platform's record and the gateway's money disagree on and only an operator can settle
 * ({@code reconciliation_finding}): written in the transaction that finds it, reported by every
 * reconciliation run while open.
 */
@Component
public class Findings {

    /** What was found. */
    public enum Kind {
        /** the gateway refused the platform's refund for good and the order is not fully refunded */
        REFUND_REFUSED,
        /** part of a SUCCESS payment was refunded at the gateway (an operator, say), not by the platform */
        PARTIAL_REFUND_AT_GATEWAY,
        /** the gateway refunded a payment whose biller had already taken it: the biller holds money */
        REFUNDED_AFTER_BILLER_CONFIRMED,
        /**
         * the gateway refunded a payment whose confirmation the biller got but never answered (a
         * timeout, an error): whether the biller holds the money is for an operator to ask
         */
        REFUNDED_BILLER_OUTCOME_UNKNOWN
    }

    /**
     * An open finding.
     *
     * @param paymentId the payment
     * @param gatewayOrderId its order at the gateway
     * @param kind what was found
     * @param detail what an operator needs to know
     * @param gatewayRefunded what the gateway says it has refunded of the order
     * @param firstSeenAt when it was first found
     * @param lastSeenAt when it was last found
     */
    public record Finding(
            String paymentId,
            String gatewayOrderId,
            Kind kind,
            String detail,
            BigDecimal gatewayRefunded,
            Instant firstSeenAt,
            Instant lastSeenAt) {}

    private final JdbcClient jdbc;

    Findings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a finding, or brings its detail up to date if it was found before. */
    public void record(String paymentId, Kind kind, String detail, BigDecimal gatewayRefunded, Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        jdbc.sql("insert into reconciliation_finding (payment_id, kind, detail, gateway_refunded, first_seen_at,"
                        + " last_seen_at) values (?, ?, ?, ?, ?, ?) on conflict (payment_id, kind) do update"
                        + " set detail = excluded.detail, gateway_refunded = excluded.gateway_refunded,"
                        + " last_seen_at = excluded.last_seen_at")
                .params(paymentId, kind.name(), detail, gatewayRefunded, at, at)
                .update();
    }

    /** Closes findings the payment's new state has settled. */
    void resolve(String paymentId, Kind... kinds) {
        for (Kind kind : kinds) {
            jdbc.sql("delete from reconciliation_finding where payment_id = ? and kind = ?")
                    .params(paymentId, kind.name())
                    .update();
        }
    }

    /** @return the open findings, oldest first */
    public List<Finding> open() {
        return jdbc.sql("select f.payment_id, p.gateway_order_id, f.kind, f.detail, f.gateway_refunded,"
                        + " f.first_seen_at, f.last_seen_at from reconciliation_finding f"
                        + " join payment p on p.id = f.payment_id order by f.first_seen_at, f.payment_id")
                .query((rs, i) -> new Finding(
                        rs.getString(1),
                        rs.getString(2),
                        Kind.valueOf(rs.getString(3)),
                        rs.getString(4),
                        rs.getBigDecimal(5),
                        rs.getObject(6, OffsetDateTime.class).toInstant(),
                        rs.getObject(7, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** @return the number of open findings of each kind, every kind present */
    public Map<Kind, Integer> countByKind() {
        Map<Kind, Integer> counts = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0);
        }
        jdbc.sql("select kind, count(*) from reconciliation_finding group by kind")
                .query(rs -> {
                    counts.put(Kind.valueOf(rs.getString(1)), rs.getInt(2));
                });
        return counts;
    }
}
