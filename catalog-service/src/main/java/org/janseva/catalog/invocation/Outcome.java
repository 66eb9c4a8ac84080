package org.janseva.catalog.invocation;

import java.util.Locale;

/** How an invocation ended, as audited and counted. */
enum Outcome {
    /** The department answered. */
    SUCCESS,
    /** Served from the citizen's answer cache. */
    CACHED,
    /** The department said no (record not found, no bill due, ...). */
    REFUSED,
    /** The input broke the operation's schema, or a header was malformed. */
    INVALID,
    /** Unknown or unpublished service or operation. */
    NOT_FOUND,
    /** Not offered on the caller's channel or in the caller's country, or not for this caller. */
    FORBIDDEN,
    /** The department did not answer in time (504). */
    TIMEOUT,
    /** Circuit open, bulkhead full or no capacity (503). */
    UNAVAILABLE,
    /** The department failed or answered garbage (502). */
    DEPARTMENT_ERROR,
    /** Our own failure (500). */
    ERROR;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** @return the metric tag value */
    String tag() {
        return tag;
    }
}
