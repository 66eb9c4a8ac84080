package org.janseva.payment.gateway;

/**
 * A created order.
 *
 * @param orderId the gateway's order id
 * @param checkoutUrl where the citizen pays
 */
public record GatewayOrder(String orderId, String checkoutUrl) {}
