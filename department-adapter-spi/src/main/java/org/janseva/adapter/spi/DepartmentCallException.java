package org.janseva.adapter.spi;

/**
 * A department call that did not produce a usable answer. It counts against the department's
 * circuit breaker; the {@link Kind} decides what the citizen sees and whether an idempotent
 * operation is tried again. The message is for logs and integrators, never for citizens, and must
 * hold neither secrets nor the department's raw answer. A department that answers "no" is not a
 * failure: return {@link AdapterResponse#refused} instead.
 */
public class DepartmentCallException extends RuntimeException {

    /** Why the call failed. */
    public enum Kind {
        /** The department did not answer in time (504 for the citizen; never retried). */
        TIMEOUT(false),
        /** The department could not be reached: connection refused or reset (502; retried). */
        UNREACHABLE(true),
        /** The department answered with an error status (502; retried). */
        SERVER_ERROR(true),
        /** The answer was not what the adapter understands, or too large (502; not retried). */
        BAD_ANSWER(false);

        private final boolean transientFailure;

        Kind(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** @return whether trying again soon may succeed (only idempotent operations are retried) */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final Kind kind;
    private final int departmentStatus;

    /**
     * @param kind why the call failed
     * @param departmentStatus the department's status, or 0 when there was none
     * @param message for logs; no secrets, no raw answer
     */
    public DepartmentCallException(Kind kind, int departmentStatus, String message) {
        super(message);
        this.kind = kind;
        this.departmentStatus = departmentStatus;
    }

    /**
     * @param kind why the call failed
     * @param message for logs; no secrets, no raw answer
     * @param cause the underlying failure
     */
    public DepartmentCallException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.departmentStatus = 0;
    }

    public Kind kind() {
        return kind;
    }

    public int departmentStatus() {
        return departmentStatus;
    }
}
