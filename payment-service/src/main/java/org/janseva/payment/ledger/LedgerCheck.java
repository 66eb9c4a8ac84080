package org.janseva.payment.ledger;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Proves the ledger balanced: every posting sums to zero, every payment's entries sum to zero,
 * and each payment's balances are exactly those its state implies (e.g. a confirmed payment
 * leaves −amount on CITIZEN and +amount on BILLER_PAYABLE, a refunded one nothing at all).
 */
@Component
public class LedgerCheck {

    /**
     * The outcome.
     *
     * @param payments payments checked
     * @param unbalancedPostings postings whose entries do not sum to zero
     * @param mismatches payments whose balances do not match their state, with what was found
     */
    public record Result(int payments, List<String> unbalancedPostings, Map<String, String> mismatches) {

        /** @return whether everything balances */
        public boolean balanced() {
            return unbalancedPostings.isEmpty() && mismatches.isEmpty();
        }
    }

    private final JdbcClient jdbc;

    LedgerCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Checks the whole ledger. */
    public Result check() {
        return check(null);
    }

    /** Checks one payment's entries, or all when {@code paymentId} is null. */
    public Result check(String paymentId) {
        List<String> unbalanced = jdbc.sql("select posting_id from ledger_entry"
                        + (paymentId == null ? "" : " where payment_id = :id")
                        + " group by posting_id having sum(amount) <> 0 or count(*) <> 2")
                .params(paymentId == null ? Map.of() : Map.of("id", paymentId))
                .query(String.class)
                .list();
        record Row(String id, String status, String billerStatus, BigDecimal amount, String account, BigDecimal sum) {}
        List<Row> rows = jdbc.sql("select p.id, p.status, p.biller_status, p.amount, e.account, sum(e.amount) as total"
                        + " from payment p left join ledger_entry e on e.payment_id = p.id"
                        + (paymentId == null ? "" : " where p.id = :id")
                        + " group by p.id, p.status, p.biller_status, p.amount, e.account")
                .params(paymentId == null ? Map.of() : Map.of("id", paymentId))
                .query((rs, i) -> new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getBigDecimal(4),
                        rs.getString(5),
                        rs.getBigDecimal(6)))
                .list();
        Map<String, Map<Account, BigDecimal>> balances = new LinkedHashMap<>();
        Map<String, Row> payments = new LinkedHashMap<>();
        for (Row row : rows) {
            payments.putIfAbsent(row.id(), row);
            Map<Account, BigDecimal> of = balances.computeIfAbsent(row.id(), id -> new EnumMap<>(Account.class));
            if (row.account() != null && row.sum().signum() != 0) {
                of.put(Account.valueOf(row.account()), row.sum());
            }
        }
        Map<String, String> mismatches = new LinkedHashMap<>();
        for (Row payment : payments.values()) {
            Map<Account, BigDecimal> expected = expected(payment.status(), payment.billerStatus(), payment.amount());
            Map<Account, BigDecimal> found = balances.get(payment.id());
            if (!same(expected, found)) {
                mismatches.put(
                        payment.id(),
                        payment.status() + "/" + payment.billerStatus() + ": expected " + expected + ", found "
                                + found);
            }
        }
        return new Result(payments.size(), new ArrayList<>(unbalanced), mismatches);
    }

    /** @return the balances a payment in this state must leave, zero balances omitted */
    static Map<Account, BigDecimal> expected(String status, String billerStatus, BigDecimal amount) {
        Map<Account, BigDecimal> expected = new EnumMap<>(Account.class);
        switch (status) {
            case "PENDING" -> {
                expected.put(Account.CITIZEN, amount.negate());
                expected.put(Account.GATEWAY_PENDING, amount);
            }
            case "SUCCESS" -> {
                expected.put(Account.CITIZEN, amount.negate());
                expected.put(
                        "CONFIRMED".equals(billerStatus) ? Account.BILLER_PAYABLE : Account.PLATFORM_CLEARING, amount);
            }
            case "REFUND_PENDING" -> {
                expected.put(Account.CITIZEN, amount.negate());
                expected.put(Account.REFUND_PENDING, amount);
            }
            default -> {
                // FAILED and REFUNDED leave nothing anywhere
            }
        }
        return expected;
    }

    private static boolean same(Map<Account, BigDecimal> expected, Map<Account, BigDecimal> found) {
        if (expected.size() != found.size()) {
            return false;
        }
        for (Map.Entry<Account, BigDecimal> entry : expected.entrySet()) {
            BigDecimal value = found.get(entry.getKey());
            if (value == null || value.compareTo(entry.getValue()) != 0) {
                return false;
            }
        }
        return true;
    }
}
