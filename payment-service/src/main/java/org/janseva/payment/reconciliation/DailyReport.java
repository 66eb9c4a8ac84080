package org.janseva.payment.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.janseva.payment.gateway.GatewayOrderStatus;
import org.janseva.payment.gateway.PaymentGateway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One day's comparison of the ledger with the gateway's record, order by order: what the ledger
 * says was captured and refunded (CAPTURED and REFUNDED postings) against what the gateway says.
 *
 * @param day the day (IST)
 * @param ledgerCaptured captured per the ledger
 * @param gatewayCaptured captured per the gateway
 * @param ledgerRefunded refunded per the ledger
 * @param gatewayRefunded refunded per the gateway
 * @param matched orders that agree
 * @param mismatches orders that do not, with what differs
 */
public record DailyReport(
        LocalDate day,
        BigDecimal ledgerCaptured,
        BigDecimal gatewayCaptured,
        BigDecimal ledgerRefunded,
        BigDecimal gatewayRefunded,
        int matched,
        List<Mismatch> mismatches) {

    /** An order on which the ledger and the gateway disagree. */
    public record Mismatch(
            String orderId,
            String paymentId,
            String issue,
            BigDecimal ledgerCaptured,
            BigDecimal gatewayCaptured,
            BigDecimal ledgerRefunded,
            BigDecimal gatewayRefunded) {}

    private record Side(String paymentId, BigDecimal captured, BigDecimal refunded) {}

    static DailyReport compare(JdbcClient jdbc, PaymentGateway gateway, LocalDate day, ZoneId zone) {
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        Map<String, Side> ledger = new HashMap<>();
        jdbc.sql("select p.gateway_order_id, p.id,"
                        + " coalesce(sum(e.amount) filter (where e.kind in ('CAPTURED', 'LATE_CAPTURED')"
                        + " and e.account = 'PLATFORM_CLEARING'), 0),"
                        + " coalesce(sum(e.amount) filter (where e.kind = 'REFUNDED' and e.account = 'CITIZEN'), 0)"
                        + " from payment p left join ledger_entry e on e.payment_id = p.id"
                        + " where p.gateway = ? and p.gateway_order_id is not null and p.created_at >= ? and p.created_at < ?"
                        + " group by p.gateway_order_id, p.id")
                .params(gateway.name(), utc(from), utc(to))
                .query(rs -> {
                    ledger.put(rs.getString(1), new Side(rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4)));
                });
        List<GatewayOrderStatus> orders = gateway.orders(from, to);
        BigDecimal ledgerCaptured = zero();
        BigDecimal ledgerRefunded = zero();
        for (Side side : ledger.values()) {
            ledgerCaptured = ledgerCaptured.add(side.captured());
            ledgerRefunded = ledgerRefunded.add(side.refunded());
        }
        BigDecimal gatewayCaptured = zero();
        BigDecimal gatewayRefunded = zero();
        int matched = 0;
        List<Mismatch> mismatches = new ArrayList<>();
        Map<String, Side> unseen = new HashMap<>(ledger);
        for (GatewayOrderStatus order : orders) {
            BigDecimal captured = order.state() == GatewayOrderStatus.State.PAID ? order.amount() : zero();
            gatewayCaptured = gatewayCaptured.add(captured);
            gatewayRefunded = gatewayRefunded.add(order.refunded());
            Side side = unseen.remove(order.orderId());
            if (side == null) {
                if (captured.signum() != 0) {
                    mismatches.add(new Mismatch(
                            order.orderId(),
                            order.merchantReference(),
                            "MISSING_IN_LEDGER",
                            zero(),
                            captured,
                            zero(),
                            order.refunded()));
                }
                continue;
            }
            boolean capturedAgrees = side.captured().compareTo(captured) == 0;
            boolean refundedAgrees = side.refunded().compareTo(order.refunded()) == 0;
            if (capturedAgrees && refundedAgrees) {
                matched++;
            } else {
                mismatches.add(new Mismatch(
                        order.orderId(),
                        side.paymentId(),
                        capturedAgrees ? "REFUND_MISMATCH" : "CAPTURE_MISMATCH",
                        side.captured(),
                        captured,
                        side.refunded(),
                        order.refunded()));
            }
        }
        for (Map.Entry<String, Side> left : unseen.entrySet()) {
            Side side = left.getValue();
            if (side.captured().signum() != 0 || side.refunded().signum() != 0) {
                mismatches.add(new Mismatch(
                        left.getKey(),
                        side.paymentId(),
                        "MISSING_AT_GATEWAY",
                        side.captured(),
                        zero(),
                        side.refunded(),
                        zero()));
            } else {
                matched++;
            }
        }
        return new DailyReport(
                day, ledgerCaptured, gatewayCaptured, ledgerRefunded, gatewayRefunded, matched, mismatches);
    }

    private static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(2);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
