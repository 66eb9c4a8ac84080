package org.janseva.payment.bill;

import java.time.LocalDate;
import org.janseva.payment.money.Money;

/** A kept bill as the API shows it. */
record BillView(
        String billId,
        String serviceCode,
        String billerName,
        String customerName,
        String billNumber,
        LocalDate billDate,
        LocalDate dueDate,
        Money amount,
        String status) {}
