package org.janseva.payment.bill;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.janseva.payment.catalog.BillerBill;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code bill} table. */
@Repository
public class BillRepository {

    /**
     * Whether the biller bill of a {@code bill} row has been paid, by whichever citizen kept it:
     * one citizen's row per biller bill, but one payment of it (the payment table's
     * payment_one_live_per_bill index, which also serves this lookup). The same test as {@code
     * BILL_ALREADY_PAID}'s, so a bill's status never contradicts the payment rules, and it holds
     * for a row kept after the payment too. Codes and consumer numbers are compared in any case
     * (V5__one_live_payment_per_bill_in_any_case.sql says why).
     */
    private static final String PAID = "exists (select 1 from payment p where upper(p.service_code) ="
            + " upper(bill.service_code) and upper(p.consumer_number) = upper(bill.consumer_number)"
            + " and p.bill_number = bill.bill_number and p.status = 'SUCCESS')";

    private static final String COLUMNS = "id, citizen_ref, service_code, biller_name, consumer_number, customer_name,"
            + " bill_number, bill_date, due_date, amount, biller_reference,"
            + " case when " + PAID + " then 'PAID' else 'UNPAID' end as status";

    private final JdbcClient jdbc;

    BillRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the biller's bill for the citizen: the same bill fetched again is the same row. */
    Bill keep(
            String newId,
            String citizenRef,
            String serviceCode,
            String billerName,
            String consumerNumber,
            BillerBill fetched,
            Instant now) {
        return jdbc.sql("insert into bill (id, citizen_ref, service_code, biller_name, consumer_number, customer_name,"
                        + " bill_number, bill_date, due_date, amount, currency, biller_reference, fetched_at)"
                        + " values (:id, :citizen, :service, :biller, :consumer, :customer, :number, :billDate,"
                        + " :dueDate, :amount, :currency, :billerRef, :now)"
                        + " on conflict (citizen_ref, service_code, consumer_number, bill_number) do update set"
                        + " fetched_at = excluded.fetched_at, biller_name = excluded.biller_name,"
                        + " customer_name = case when " + PAID + " then bill.customer_name"
                        + " else excluded.customer_name end,"
                        + " due_date = case when " + PAID + " then bill.due_date else excluded.due_date end,"
                        + " amount = case when " + PAID + " then bill.amount else excluded.amount end,"
                        + " biller_reference = coalesce(excluded.biller_reference, bill.biller_reference)"
                        + " returning " + COLUMNS)
                .param("id", newId)
                .param("citizen", citizenRef)
                .param("service", serviceCode)
                .param("biller", billerName)
                .param("consumer", consumerNumber)
                .param("customer", fetched.customerName())
                .param("number", fetched.billNumber())
                .param("billDate", fetched.billDate())
                .param("dueDate", fetched.dueDate())
                .param("amount", fetched.amount())
                .param("currency", fetched.currency())
                .param("billerRef", fetched.billerReference())
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .query(BillRepository::map)
                .single();
    }

    /** @return the citizen's bill; another citizen's is as absent as a missing one */
    public Optional<Bill> find(String billId, String citizenRef) {
        return jdbc.sql("select " + COLUMNS + " from bill where id = ? and citizen_ref = ?")
                .params(billId, citizenRef)
                .query(BillRepository::map)
                .optional();
    }

    /** @return the bill by id, locked until the transaction ends */
    public Optional<Bill> lock(String billId, String citizenRef) {
        return jdbc.sql("select " + COLUMNS + " from bill where id = ? and citizen_ref = ? for update")
                .params(billId, citizenRef)
                .query(BillRepository::map)
                .optional();
    }

    /** @return the bill by id, whoever it belongs to */
    public Optional<Bill> get(String billId) {
        return jdbc.sql("select " + COLUMNS + " from bill where id = ?")
                .params(billId)
                .query(BillRepository::map)
                .optional();
    }

    static Bill map(ResultSet rs, int row) throws SQLException {
        return new Bill(
                rs.getString("id"),
                rs.getString("citizen_ref"),
                rs.getString("service_code"),
                rs.getString("biller_name"),
                rs.getString("consumer_number"),
                rs.getString("customer_name"),
                rs.getString("bill_number"),
                rs.getObject("bill_date", LocalDate.class),
                rs.getObject("due_date", LocalDate.class),
                rs.getBigDecimal("amount"),
                rs.getString("biller_reference"),
                rs.getString("status"));
    }
}
