package org.janseva.payment.gateway;

import java.math.BigDecimal;

/**
 * An order to create.
 *
 * @param merchantReference the payment id: the gateway's idempotency key for the order
 * @param amount the amount in rupees
 * @param currency INR
 * @param method the method the citizen chose (a hint for the checkout page)
 */
public record OrderRequest(String merchantReference, BigDecimal amount, String currency, String method) {}
