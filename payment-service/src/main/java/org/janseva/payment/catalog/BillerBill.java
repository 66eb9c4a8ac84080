package org.janseva.payment.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A bill as the biller gave it through catalog-service's {@code fetch-bill}.
 *
 * @param serviceCode the biller service's code as the catalogue spells it (catalog-service takes a
 *     code in any case: {@code bescom-bill} is {@code BESCOM-BILL}), the one to keep
 */
public record BillerBill(
        String serviceCode,
        String billNumber,
        String customerName,
        LocalDate billDate,
        LocalDate dueDate,
        BigDecimal amount,
        String currency,
        String billerReference) {}
