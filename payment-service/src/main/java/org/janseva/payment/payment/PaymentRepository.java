package org.janseva.payment.payment;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code payment} table. */
@Repository
public class PaymentRepository {

    static final String COLUMNS = "id, citizen_ref, idem_key, bill_id, service_code, consumer_number, bill_number,"
            + " amount, method, paid_method, status, failure_reason, biller_status, biller_reference, gateway, gateway_order_id,"
            + " gateway_payment_id, checkout_url, refund_id, created_at, updated_at, paid_at";

    private final JdbcClient jdbc;

    PaymentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the payment, locked until the transaction ends */
    public Optional<Payment> lock(String paymentId) {
        return jdbc.sql("select " + COLUMNS + " from payment where id = ? for update")
                .params(paymentId)
                .query(PaymentRepository::map)
                .optional();
    }

    /** @return the payment of a gateway's order, locked until the transaction ends */
    public Optional<Payment> lockByOrder(String gateway, String orderId) {
        return jdbc.sql("select " + COLUMNS + " from payment where gateway = ? and gateway_order_id = ? for update")
                .params(gateway, orderId)
                .query(PaymentRepository::map)
                .optional();
    }

    public Optional<Payment> get(String paymentId) {
        return jdbc.sql("select " + COLUMNS + " from payment where id = ?")
                .params(paymentId)
                .query(PaymentRepository::map)
                .optional();
    }

    /** @return the citizen's payment; another citizen's is as absent as a missing one */
    public Optional<Payment> find(String paymentId, String citizenRef) {
        return jdbc.sql("select " + COLUMNS + " from payment where id = ? and citizen_ref = ?")
                .params(paymentId, citizenRef)
                .query(PaymentRepository::map)
                .optional();
    }

    List<Payment> page(String citizenRef, int page, int size) {
        return jdbc.sql("select " + COLUMNS + " from payment where citizen_ref = ?"
                        + " order by created_at desc, id desc limit ? offset ?")
                .params(citizenRef, size, (long) page * size)
                .query(PaymentRepository::map)
                .list();
    }

    long count(String citizenRef) {
        return jdbc.sql("select count(*) from payment where citizen_ref = ?")
                .params(citizenRef)
                .query(Long.class)
                .single();
    }

    /**
     * @return payments in a status created before a time, oldest first, after {@code after} in
     *     that order (null: from the oldest)
     */
    public List<Payment> olderThan(String status, Instant before, Payment after, int limit) {
        // no cursor: after every payment (none was made before 1970)
        Instant afterCreatedAt = after == null ? Instant.EPOCH : after.createdAt();
        String afterId = after == null ? "" : after.id();
        return jdbc.sql("select " + COLUMNS + " from payment where status = ? and created_at < ?"
                        + " and (created_at, id) > (?, ?) order by created_at, id limit ?")
                .params(status, utc(before), utc(afterCreatedAt), afterId, limit)
                .query(PaymentRepository::map)
                .list();
    }

    /** Sets the status and the columns that go with it ({@code null}: left as they are). */
    public void update(
            String paymentId,
            String status,
            String failureReason,
            String billerStatus,
            String billerReference,
            String gatewayPaymentId,
            String paidMethod,
            String refundId,
            Instant paidAt,
            Instant now) {
        jdbc.sql("update payment set status = :status, failure_reason = coalesce(:reason, failure_reason),"
                        + " biller_status = :billerStatus, biller_reference = coalesce(:billerRef, biller_reference),"
                        + " gateway_payment_id = coalesce(:gatewayPaymentId, gateway_payment_id),"
                        + " paid_method = coalesce(:paidMethod, paid_method),"
                        + " refund_id = coalesce(:refundId, refund_id), paid_at = coalesce(:paidAt, paid_at),"
                        + " updated_at = :now where id = :id")
                .param("status", status)
                .param("reason", failureReason)
                .param("billerStatus", billerStatus)
                .param("billerRef", billerReference)
                .param("gatewayPaymentId", gatewayPaymentId)
                .param("paidMethod", paidMethod)
                .param("refundId", refundId)
                .param("paidAt", paidAt == null ? null : utc(paidAt))
                .param("now", utc(now))
                .param("id", paymentId)
                .update();
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Payment map(ResultSet rs, int row) throws SQLException {
        return new Payment(
                rs.getString("id"),
                rs.getString("citizen_ref"),
                rs.getString("idem_key"),
                rs.getString("bill_id"),
                rs.getString("service_code"),
                rs.getString("consumer_number"),
                rs.getString("bill_number"),
                rs.getBigDecimal("amount"),
                rs.getString("method"),
                rs.getString("paid_method"),
                rs.getString("status"),
                rs.getString("failure_reason"),
                rs.getString("biller_status"),
                rs.getString("biller_reference"),
                rs.getString("gateway"),
                rs.getString("gateway_order_id"),
                rs.getString("gateway_payment_id"),
                rs.getString("checkout_url"),
                rs.getString("refund_id"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")),
                instant(rs.getTimestamp("paid_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static BigDecimal scale(BigDecimal amount) {
        return amount.setScale(2);
    }
}
