package org.janseva.catalog.adapter;

import java.util.function.Supplier;
import org.janseva.adapter.spi.DepartmentCallException;

/**
 * A department system's HTTP answer, read in full (up to the size limit).
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}, or {@code null}
 * @param body the body, empty when there was none
 */
public record DepartmentHttpAnswer(int status, String contentType, byte[] body) {

    /** @return whether the status is 2xx */
    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /** @return whether the status is 3xx (redirects are never followed) */
    public boolean redirect() {
        return status >= 300 && status < 400;
    }

    /**
     * @param kind why the call failed
     * @param message for logs: no secrets, no byte of the body
     * @return a failure of this answer that keeps it (status and the body's first bytes) for dry runs
     */
    public DepartmentCallException failure(DepartmentCallException.Kind kind, String message) {
        return new DepartmentCallException(kind, status, message, DepartmentCallException.Answer.of(status, body));
    }

    /**
     * Reads this answer (parses it, maps it); a failure while reading it keeps this answer for dry
     * runs, unless it already keeps one.
     *
     * @param reading what reads it
     * @return what it read
     */
    public <T> T read(Supplier<T> reading) {
        try {
            return reading.get();
        } catch (DepartmentCallException ex) {
            if (ex.answer().isPresent()) {
                throw ex;
            }
            throw failure(ex.kind(), ex.getMessage());
        }
    }

    /** Never prints the body: it carries citizens' data. */
    @Override
    public String toString() {
        return "DepartmentHttpAnswer[status=" + status + ", bytes=" + body.length + "]";
    }
}
