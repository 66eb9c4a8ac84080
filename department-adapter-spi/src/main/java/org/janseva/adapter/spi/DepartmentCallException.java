package org.janseva.adapter.spi;

/**
 * A department call that did not produce a usable answer. The {@link Kind} decides what the
 * citizen sees; the message is for logs and integrators, never for citizens, and must not hold
 * secrets or the department's raw answer.
 */
public class DepartmentCallException extends RuntimeException {

    /** Why the call failed. */
    public enum Kind {
        /** The department did not answer in time (504 for the citizen). */
        TIMEOUT,
        /** The department could not be reached (502). */
        UNREACHABLE,
        /** The department answered with a server error (502). */
        SERVER_ERROR,
        /** The answer was not what the adapter understands, or too large (502). */
        BAD_ANSWER,
        /** The department refused the request as such, e.g. an unknown consumer (mapped per operation). */
        REJECTED
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
