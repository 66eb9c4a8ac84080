package org.janseva.payment.settlement;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.janseva.payment.system.Ids;
import org.janseva.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the platform's record and the gateway's money disagree on and only an operator can settle
 * ({@code reconciliation_finding}): written in the transaction that finds it, reported by every
 * reconciliation run while open. A finding is never deleted: it is resolved, by an operator who
 * settled it ({@link #resolveByOperator}: who, when, a note) or by the platform when the payment's
 * own state settles it ({@link #resolve}), and stays as the record.
 */
@Component
public class Findings {

    /** Who resolves what the payment's own state settles ({@link #resolve}). */
    public static final String PLATFORM = "payment-service";

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

    /** Whether a finding still waits for someone. */
    public enum Status {
        /** waits for an operator: reported by the runs, the log and the gauge */
        OPEN,
        /** settled, kept as the record */
        RESOLVED
    }

    /**
     * A finding.
     *
     * @param id its id
     * @param paymentId the payment
     * @param gatewayOrderId its order at the gateway
     * @param kind what was found
     * @param status OPEN, or RESOLVED
     * @param detail what an operator needs to know
     * @param gatewayRefunded what the gateway says it has refunded of the order
     * @param firstSeenAt when it was first found
     * @param lastSeenAt when it was last found
     * @param resolution how it was settled; null while it is OPEN
     */
    public record Finding(
            String id,
            String paymentId,
            String gatewayOrderId,
            Kind kind,
            Status status,
            String detail,
            BigDecimal gatewayRefunded,
            Instant firstSeenAt,
            Instant lastSeenAt,
            Resolution resolution) {}

    /**
     * How a finding was settled.
     *
     * @param by who resolved it: the operator's token's subject (its client id for a machine
     *     client), or {@value #PLATFORM} when the payment's own state settled it
     * @param at when
     * @param note what was done
     */
    public record Resolution(String by, Instant at, String note) {}

    private static final String SELECT = "select f.id, f.payment_id, p.gateway_order_id, f.kind, f.detail,"
            + " f.gateway_refunded, f.first_seen_at, f.last_seen_at, f.resolved_at, f.resolved_by,"
            + " f.resolution_note from reconciliation_finding f join payment p on p.id = f.payment_id";

    private final JdbcClient jdbc;
    private final Ids ids;

    Findings(JdbcClient jdbc, Ids ids) {
        this.jdbc = jdbc;
        this.ids = ids;
    }

    /**
     * Records a finding, or brings the open one of the payment and kind up to date. The same
     * finding found again after it was resolved (the gateway's refunds of the order unchanged: a
     * duplicate event, a re-read of the order) stays resolved; found with other refunds at the
     * gateway, it is a new finding, open, and the resolved one stays as it was.
     */
    public void record(String paymentId, Kind kind, String detail, BigDecimal gatewayRefunded, Instant now) {
        OffsetDateTime at = utc(now);
        int updated = jdbc.sql("update reconciliation_finding set detail = ?, gateway_refunded = ?, last_seen_at = ?"
                        + " where payment_id = ? and kind = ? and resolved_at is null")
                .params(detail, gatewayRefunded, at, paymentId, kind.name())
                .update();
        if (updated > 0) {
            return;
        }
        jdbc.sql("insert into reconciliation_finding (id, payment_id, kind, detail, gateway_refunded, first_seen_at,"
                        + " last_seen_at) select :id, :payment, :kind, :detail, :refunded, :at, :at"
                        + " where not exists (select 1 from reconciliation_finding where payment_id = :payment"
                        + " and kind = :kind and resolved_at is not null and gateway_refunded = :refunded)"
                        + " on conflict (payment_id, kind) where resolved_at is null do update"
                        + " set detail = excluded.detail, gateway_refunded = excluded.gateway_refunded,"
                        + " last_seen_at = excluded.last_seen_at")
                .param("id", ids.next("fnd"))
                .param("payment", paymentId)
                .param("kind", kind.name())
                .param("detail", detail)
                .param("refunded", gatewayRefunded)
                .param("at", at)
                .update();
    }

    /** Resolves the open findings that the payment's new state has settled, as {@value #PLATFORM}. */
    void resolve(String paymentId, String note, Instant now, Kind... kinds) {
        for (Kind kind : kinds) {
            jdbc.sql("update reconciliation_finding set resolved_at = ?, resolved_by = ?, resolution_note = ?"
                            + " where payment_id = ? and kind = ? and resolved_at is null")
                    .params(utc(now), PLATFORM, note, paymentId, kind.name())
                    .update();
        }
    }

    /**
     * An operator settled a finding. Of two operators resolving the same finding at once, exactly
     * one does: the update takes the row's lock and the other's then finds it resolved.
     *
     * @param by who: the operator's token's subject
     * @param note what was done (1 to 500 characters)
     * @return the finding, RESOLVED
     * @throws ApiException 404 {@code FINDING_NOT_FOUND}, or 409 {@code FINDING_ALREADY_RESOLVED}
     *     (by an operator or by the platform)
     */
    public Finding resolveByOperator(String id, String by, String note, Instant now) {
        int updated = jdbc.sql("update reconciliation_finding set resolved_at = ?, resolved_by = ?, resolution_note = ?"
                        + " where id = ? and resolved_at is null")
                .params(utc(now), by, note, id)
                .update();
        Finding finding = find(id).orElseThrow(() -> new ApiException(
                HttpStatus.NOT_FOUND,
                "FINDING_NOT_FOUND",
                "Finding not found",
                "There is no reconciliation finding with this id."));
        if (updated == 0) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "FINDING_ALREADY_RESOLVED",
                    "Finding already resolved",
                    "This finding was resolved already, by "
                            + finding.resolution().by() + " at "
                            + finding.resolution().at() + "; it is kept as the record.");
        }
        return finding;
    }

    /** @return the finding with this id */
    public Optional<Finding> find(String id) {
        return jdbc.sql(SELECT + " where f.id = ?")
                .params(id)
                .query(Findings::finding)
                .optional();
    }

    /**
     * A page of the findings of a status, oldest first: by when each was first found (which never
     * changes), then by payment and id, so that findings found at the same instant keep one order
     * and a page boundary among them neither repeats nor skips one. A finding found later goes after
     * every one there was: it moves no finding to another page.
     *
     * @param status the findings of this status; null: all of them
     * @param page the page, from 0
     * @param size findings on a page
     * @return the findings of that page; none past the last
     */
    public List<Finding> page(Status status, int page, int size) {
        return jdbc.sql(SELECT + where(status) + " order by f.first_seen_at, f.payment_id, f.id limit ? offset ?")
                .params(size, (long) page * size)
                .query(Findings::finding)
                .list();
    }

    /**
     * @param status the findings of this status; null: all of them
     * @return how many there are
     */
    public long count(Status status) {
        return jdbc.sql("select count(*) from reconciliation_finding f" + where(status))
                .query(Long.class)
                .single();
    }

    private static String where(Status status) {
        return status == null
                ? ""
                : status == Status.OPEN ? " where f.resolved_at is null" : " where f.resolved_at is not null";
    }

    /** @return the number of open findings of each kind, every kind present */
    public Map<Kind, Integer> countByKind() {
        Map<Kind, Integer> counts = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0);
        }
        jdbc.sql("select kind, count(*) from reconciliation_finding where resolved_at is null group by kind")
                .query(rs -> {
                    counts.put(Kind.valueOf(rs.getString(1)), rs.getInt(2));
                });
        return counts;
    }

    private static Finding finding(ResultSet rs, int row) throws SQLException {
        OffsetDateTime resolvedAt = rs.getObject(9, OffsetDateTime.class);
        return new Finding(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                Kind.valueOf(rs.getString(4)),
                resolvedAt == null ? Status.OPEN : Status.RESOLVED,
                rs.getString(5),
                rs.getBigDecimal(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getObject(8, OffsetDateTime.class).toInstant(),
                resolvedAt == null ? null : new Resolution(rs.getString(10), resolvedAt.toInstant(), rs.getString(11)));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
