package org.janseva.payment.payment;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A payment row.
 *
 * @param method the method the citizen chose at creation
 * @param paidMethod the method the gateway reports the citizen paid with, once captured (null
 *     before, or when the gateway did not say or named one the platform does not know)
 */
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
        String paidMethod,
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
        Instant paidAt) {

    /** @return the method the citizen paid with as far as known: as paid once captured, else as chosen */
    public String methodAsPaid() {
        return paidMethod != null ? paidMethod : method;
    }
}
