package org.janseva.payment.ledger;

/**
 * The ledger's accounts. Money moves citizen → gateway (pending) → platform clearing → biller;
 * a refund moves it from clearing back to the citizen through REFUND_PENDING.
 */
public enum Account {
    /** the citizens' side: negative while the platform holds or has passed on their money */
    CITIZEN,
    /** an order is open at the gateway: the money is on its way */
    GATEWAY_PENDING,
    /** captured by the gateway, owed to the biller, not yet confirmed */
    PLATFORM_CLEARING,
    /** confirmed by the biller: owed to (and settled with) the biller */
    BILLER_PAYABLE,
    /** a refund has been asked of the gateway */
    REFUND_PENDING
}
