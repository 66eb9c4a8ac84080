package org.janseva.payment.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A bill as the biller gave it through catalog-service's {@code fetch-bill}. */
public record BillerBill(
        String billNumber,
        String customerName,
        LocalDate billDate,
        LocalDate dueDate,
        BigDecimal amount,
        String currency,
        String billerReference) {}
