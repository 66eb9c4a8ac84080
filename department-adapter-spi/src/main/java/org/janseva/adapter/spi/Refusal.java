package org.janseva.adapter.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A department's "no" to a well-formed request: the record does not exist, there is nothing to
 * pay, the payment is refused. The platform answers the citizen with the status of the
 * {@link Kind} and the {@link #code()}; the {@link #message()} becomes the problem's
 * {@code detail}.
 *
 * @param kind what sort of refusal it is; decides the citizen's status
 * @param code a stable UPPER_SNAKE machine code, e.g. {@code CONSUMER_NOT_FOUND}
 * @param message a sentence for the citizen, written by the adapter: never the department's own
 *     error text, which may hold internals or another person's data
 */
public record Refusal(Kind kind, String code, String message) {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");

    /** What sort of refusal, and so which status the citizen receives. */
    public enum Kind {
        /** What the citizen asked about does not exist at the department (404). */
        NOT_FOUND(404),
        /** The request is understood but the department's rules refuse it (422). */
        UNPROCESSABLE(422);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        /** @return the HTTP status the citizen receives */
        public int status() {
            return status;
        }
    }

    public Refusal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("A refusal code is UPPER_SNAKE, e.g. CONSUMER_NOT_FOUND: " + code);
        }
    }
}
