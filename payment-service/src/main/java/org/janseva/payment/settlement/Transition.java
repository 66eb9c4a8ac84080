package org.janseva.payment.settlement;

/** What applying an event to a payment did. */
public enum Transition {
    /** the payment moved forward */
    APPLIED,
    /** the payment was already there or past it: a duplicate or an out-of-order event */
    IGNORED_STALE,
    /** the event's amount is not the payment's: not applied, flagged */
    REJECTED_AMOUNT_MISMATCH,
    /**
     * no status says what the gateway reports (a refund of part of a SUCCESS payment, say): kept
     * as a reconciliation finding for operators
     */
    FLAGGED,
    /**
     * the event cannot be applied as it stands (part of a refund, or a refund of a payment not
     * settled here yet): the order's refunds are read from the gateway and applied all together
     */
    DEFERRED
}
