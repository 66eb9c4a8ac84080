package org.janseva.catalog.invocation;

import java.util.Locale;
import org.janseva.catalog.catalogue.Operation;

/**
 * The kind of an operation, as the metrics tag it ({@code type}): a handful of values whatever the
 * size of the catalogue, unlike operation codes (70 distinct ones over 2,000 entries, each
 * multiplied by every department).
 */
enum OperationType {
    /** A biller's {@code fetch-bill}. */
    BILL_FETCH,
    /** A biller's {@code confirm-payment}. */
    BILL_PAYMENT,
    /** Any other operation that may be retried: a lookup, a status, a search. */
    QUERY,
    /** Any other operation that changes something at the department: an application, a grievance. */
    ACTION,
    /** The operation was not found (the invocation ended before it was known). */
    UNKNOWN;

    private final String tag = name().toLowerCase(Locale.ROOT).replace('_', '-');

    static OperationType of(Operation operation) {
        return switch (operation.code()) {
            case "fetch-bill" -> BILL_FETCH;
            case "confirm-payment" -> BILL_PAYMENT;
            default -> operation.idempotent() ? QUERY : ACTION;
        };
    }

    /** @return the metric tag value */
    String tag() {
        return tag;
    }
}
