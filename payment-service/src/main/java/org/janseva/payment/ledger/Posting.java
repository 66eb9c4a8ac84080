package org.janseva.payment.ledger;

/**
 * The kinds of posting; each moves a payment's amount from one account to another in two
 * entries that sum to zero. A correction is a reversal, never an edit.
 */
public enum Posting {
    /** the payment was created: citizen → gateway pending */
    INITIATED(Account.CITIZEN, Account.GATEWAY_PENDING),
    /** the gateway captured it: gateway pending → platform clearing */
    CAPTURED(Account.GATEWAY_PENDING, Account.PLATFORM_CLEARING),
    /** reversal of INITIATED: the payment failed or expired, nothing was taken */
    NOT_CAPTURED(Account.GATEWAY_PENDING, Account.CITIZEN),
    /**
     * the gateway captured a payment already FAILED (a late capture): citizen → platform
     * clearing, at once followed by REFUND_INITIATED, since the bill was not paid with it
     */
    LATE_CAPTURED(Account.CITIZEN, Account.PLATFORM_CLEARING),
    /** the biller confirmed it: platform clearing → biller */
    SETTLED_TO_BILLER(Account.PLATFORM_CLEARING, Account.BILLER_PAYABLE),
    /** the biller refused it for good: platform clearing → refund pending */
    REFUND_INITIATED(Account.PLATFORM_CLEARING, Account.REFUND_PENDING),
    /**
     * the gateway refunded a payment the biller had already confirmed (an operator at the gateway's
     * dashboard): biller payable → refund pending, followed by REFUNDED; what the biller holds is a
     * reconciliation finding
     */
    REFUNDED_AFTER_BILLER_CONFIRMED(Account.BILLER_PAYABLE, Account.REFUND_PENDING),
    /** the gateway gave the money back: refund pending → citizen */
    REFUNDED(Account.REFUND_PENDING, Account.CITIZEN);

    private final Account from;
    private final Account to;

    Posting(Account from, Account to) {
        this.from = from;
        this.to = to;
    }

    public Account from() {
        return from;
    }

    public Account to() {
        return to;
    }
}
