package org.janseva.payment.catalog;

/**
 * The biller's answer to {@code confirm-payment}.
 *
 * @param accepted whether the biller took the payment
 * @param reason why it refused, when it did
 * @param billerReference the biller's reference of the payment, when given
 */
public record BillerConfirmation(boolean accepted, String reason, String billerReference) {}
