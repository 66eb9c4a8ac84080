package org.janseva.payment.settlement;

/** What applying an event to a payment did. */
public enum Transition {
    /** the payment moved forward */
    APPLIED,
    /** the payment was already there or past it: a duplicate or an out-of-order event */
    IGNORED_STALE,
    /** the event's amount is not the payment's: not applied, flagged */
    REJECTED_AMOUNT_MISMATCH
}
