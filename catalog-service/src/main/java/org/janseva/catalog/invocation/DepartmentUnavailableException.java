package org.janseva.catalog.invocation;

/**
 * A department call refused before it was made: the department's circuit is open, its bulkhead
 * is full, or this instance has no thread left for department calls. The citizen gets a 503 with
 * {@code Retry-After}.
 */
class DepartmentUnavailableException extends RuntimeException {

    /** Why the call was refused. */
    enum Reason {
        CIRCUIT_OPEN,
        BULKHEAD_FULL,
        NO_CAPACITY
    }

    private final Reason reason;
    private final long retryAfterSeconds;

    DepartmentUnavailableException(String departmentCode, Reason reason, long retryAfterSeconds) {
        super("Department " + departmentCode + " refused at once: " + reason);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    Reason reason() {
        return reason;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
