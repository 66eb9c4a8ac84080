package org.janseva.adapter.spi;

import java.util.Arrays;
import java.util.Optional;

/**
 * A department call that did not produce a usable answer. It counts against the department's
 * circuit breaker; the {@link Kind} decides what the citizen sees and whether an idempotent
 * operation is tried again. The message is for logs and integrators, never for citizens, and must
 * hold neither secrets nor the department's raw answer. A department that answers "no" is not a
 * failure: return {@link AdapterResponse#refused} instead.
 *
 * <p>When the department did answer (an error status, a body that is not JSON or not of the shape
 * expected, a redirect), an adapter should keep that {@link Answer} in the exception: the admin
 * API's dry runs show it to the integrator, who needs it most when a call fails. It is optional
 * (an exception without it is as valid as before), appears in neither {@link #getMessage()} nor
 * {@link #toString()}, and the platform never shows it to a citizen or writes it to a log.
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

    /**
     * What the department answered to a failed call: its status and the first {@link #MAX_BYTES}
     * bytes of its body, as it sent them. For dry runs only: it may hold citizens' data, or a
     * credential the department echoes, so {@link #toString()} prints no byte of it and the platform
     * masks the department's secrets before an integrator sees it.
     *
     * @param status the department's status (the HTTP status for HTTP types)
     * @param body the body's first bytes, at most {@link #MAX_BYTES} (copied)
     * @param truncated whether the body was longer and was cut
     */
    public record Answer(int status, byte[] body, boolean truncated) {

        /** How much of a body is kept: enough to read an error, never a whole large answer. */
        public static final int MAX_BYTES = 4096;

        public Answer {
            body = body == null ? new byte[0] : body;
            truncated = truncated || body.length > MAX_BYTES;
            body = Arrays.copyOf(body, Math.min(body.length, MAX_BYTES));
        }

        /**
         * @param status the department's status
         * @param body its whole body (only the first {@link #MAX_BYTES} are kept)
         * @return the answer to keep
         */
        public static Answer of(int status, byte[] body) {
            return new Answer(status, body, false);
        }

        /** @return a copy of the kept bytes */
        @Override
        public byte[] body() {
            return body.clone();
        }

        /** Never prints the body. */
        @Override
        public String toString() {
            return "Answer[status=" + status + ", bytes=" + body.length + (truncated ? ", truncated" : "") + "]";
        }
    }

    private final Kind kind;
    private final int departmentStatus;
    // never serialized with the exception: it is for this process's dry runs alone
    private final transient Answer answer;

    /**
     * @param kind why the call failed
     * @param departmentStatus the department's status, or 0 when there was none
     * @param message for logs; no secrets, no raw answer
     */
    public DepartmentCallException(Kind kind, int departmentStatus, String message) {
        this(kind, departmentStatus, message, null);
    }

    /**
     * @param kind why the call failed
     * @param departmentStatus the department's status, or 0 when there was none
     * @param message for logs; no secrets, no raw answer
     * @param answer what the department answered, for dry runs; {@code null} when there is none
     */
    public DepartmentCallException(Kind kind, int departmentStatus, String message, Answer answer) {
        super(message);
        this.kind = kind;
        this.departmentStatus = departmentStatus;
        this.answer = answer;
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
        this.answer = null;
    }

    public Kind kind() {
        return kind;
    }

    public int departmentStatus() {
        return departmentStatus;
    }

    /** @return what the department answered, when the adapter kept it: for dry runs, never for citizens or logs */
    public Optional<Answer> answer() {
        return Optional.ofNullable(answer);
    }
}
