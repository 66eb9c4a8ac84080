package org.janseva.payment.bill;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A bill kept for a citizen; its amount is what gets paid. */
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
