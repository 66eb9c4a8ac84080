package org.janseva.payment.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.janseva.payment.system.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The append-only double-entry ledger ({@code ledger_entry}; a trigger refuses updates and
 * deletes). Postings are written in the transaction of the state change they record.
 */
@Component
public class Ledger {

    private final JdbcClient jdbc;
    private final Ids ids;

    Ledger(JdbcClient jdbc, Ids ids) {
        this.jdbc = jdbc;
        this.ids = ids;
    }

    /** Records a posting of the payment's amount: two entries summing to zero. */
    public void post(String paymentId, Posting posting, BigDecimal amount, Instant at) {
        OffsetDateTime now = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        jdbc.sql("insert into ledger_entry (posting_id, payment_id, account, amount, kind, created_at)"
                        + " values (:posting, :payment, :from, :out, :kind, :now),"
                        + " (:posting, :payment, :to, :amount, :kind, :now)")
                .param("posting", ids.next("pst"))
                .param("payment", paymentId)
                .param("from", posting.from().name())
                .param("out", amount.negate())
                .param("to", posting.to().name())
                .param("amount", amount)
                .param("kind", posting.name())
                .param("now", now)
                .update();
    }
}
