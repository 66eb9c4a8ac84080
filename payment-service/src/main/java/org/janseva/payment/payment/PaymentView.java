package org.janseva.payment.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.janseva.payment.money.Money;

/**
 * A payment as the API shows it: {@code method} as the citizen chose it, {@code paidMethod} as
 * the gateway reports the citizen paid (once captured, when it said).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PaymentView(
        String paymentId,
        String status,
        String billId,
        String serviceCode,
        Money amount,
        String method,
        String paidMethod,
        String billerStatus,
        String failureReason,
        CheckoutView checkout,
        Instant createdAt,
        Instant updatedAt,
        Instant paidAt) {

    record CheckoutView(String orderId, String url) {}

    static PaymentView of(Payment p) {
        return new PaymentView(
                p.id(),
                p.status(),
                p.billId(),
                p.serviceCode(),
                Money.inr(p.amount()),
                p.method(),
                p.paidMethod(),
                p.billerStatus(),
                p.failureReason(),
                p.gatewayOrderId() == null ? null : new CheckoutView(p.gatewayOrderId(), p.checkoutUrl()),
                p.createdAt(),
                p.updatedAt(),
                p.paidAt());
    }
}
