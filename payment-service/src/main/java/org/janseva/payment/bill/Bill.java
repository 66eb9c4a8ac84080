package org.janseva.payment.bill;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A bill kept for a citizen; its amount is what gets paid. {@code status} is PAID while a
 * payment of the biller bill (by any citizen who kept it) is SUCCESS, UNPAID otherwise.
 */
public record Bill(
        String id,
        String citizenRef,
        String serviceCode,
        String billerName,
        String consumerNumber,
        String customerName,
        String billNumber,
        LocalDate billDate,
        LocalDate dueDate,
        BigDecimal amount,
        String billerReference,
        String status) {}
