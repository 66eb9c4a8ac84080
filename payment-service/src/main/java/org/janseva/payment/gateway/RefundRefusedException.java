package org.janseva.payment.gateway;

/**
 * The gateway refused a refund for good: the order is not paid, the amount exceeds what is left
 * to refund, or the reference is taken by another amount. Sending the same request again cannot
 * help; the caller reads the order again instead.
 */
public class RefundRefusedException extends RuntimeException {

    public RefundRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
