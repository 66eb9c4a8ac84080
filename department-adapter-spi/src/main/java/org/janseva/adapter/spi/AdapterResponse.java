package org.janseva.adapter.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A department's answer to one call: either data for the citizen, or a {@link Refusal} (the
 * department understood the request and said no, e.g. "consumer not found"). A refusal is a
 * healthy department's answer: it does not count against the department's circuit breaker.
 * Failures (timeouts, server errors, garbage) are not answers; they are thrown as
 * {@link DepartmentCallException}.
 *
 * @param status the department's status (the HTTP status for HTTP types)
 * @param raw the department's answer as it came, parsed into a JSON-like tree; shown to
 *     integrators in dry runs only, never to citizens
 * @param data the answer mapped into the platform's shape: what the citizen receives; empty for a
 *     refusal
 * @param refusal why the department refused, or {@code null} for a successful answer
 */
public record AdapterResponse(int status, Object raw, Map<String, Object> data, Refusal refusal) {

    public AdapterResponse {
        data = data == null ? Map.of() : data;
    }

    /**
     * @param status the department's status
     * @param raw the department's answer as it came
     * @param data the mapped answer for the citizen
     * @return a successful answer
     */
    public static AdapterResponse success(int status, Object raw, Map<String, Object> data) {
        return new AdapterResponse(status, raw, Objects.requireNonNull(data, "data"), null);
    }

    /**
     * @param status the department's status
     * @param raw the department's answer as it came
     * @param refusal why the department said no
     * @return a refusal
     */
    public static AdapterResponse refused(int status, Object raw, Refusal refusal) {
        return new AdapterResponse(status, raw, Map.of(), Objects.requireNonNull(refusal, "refusal"));
    }

    /** @return whether the department refused the request */
    public boolean isRefusal() {
        return refusal != null;
    }

    /** Never prints the answer: it may hold a citizen's personal data. */
    @Override
    public String toString() {
        return "AdapterResponse[status=" + status + ", fields=" + data.keySet() + ", refusal="
                + (refusal == null ? "none" : refusal.code()) + "]";
    }
}
