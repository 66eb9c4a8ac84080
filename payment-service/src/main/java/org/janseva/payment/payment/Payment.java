package org.janseva.payment.payment;

import java.math.BigDecimal;
import java.time.Instant;

/** A payment row. */
public record Payment(
        String id,
        String citizenRef,
        String idemKey,
        String billId,
        String serviceCode,
        String consumerNumber,
        String billNumber,
        BigDecimal amount,
        String method,
        String status,
        String failureReason,
        String billerStatus,
        String billerReference,
        String gateway,
        String gatewayOrderId,
        String gatewayPaymentId,
        String checkoutUrl,
        String refundId,
        Instant createdAt,
        Instant updatedAt,
        Instant paidAt) {}
