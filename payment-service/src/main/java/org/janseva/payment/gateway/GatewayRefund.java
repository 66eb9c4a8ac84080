package org.janseva.payment.gateway;

/**
 * A refund at the gateway.
 *
 * @param refundId the gateway's refund id
 * @param processed whether the money has gone back (else a webhook or the status API will say)
 */
public record GatewayRefund(String refundId, boolean processed) {}
