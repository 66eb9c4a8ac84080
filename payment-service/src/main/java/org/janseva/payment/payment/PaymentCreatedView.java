package org.janseva.payment.payment;

import java.time.Instant;
import org.janseva.payment.money.Money;

/** The 201 answer of {@code POST /api/v1/payments}, stored as the key's first answer. */
record PaymentCreatedView(
        String paymentId,
        String status,
        String billId,
        Money amount,
        String method,
        PaymentView.CheckoutView checkout,
        Instant createdAt) {}
