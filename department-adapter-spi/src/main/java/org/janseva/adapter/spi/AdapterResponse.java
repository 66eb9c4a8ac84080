package org.janseva.adapter.spi;

import java.nio.charset.StandardCharsets;
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
 * @param json for a pass-through answer only: the department's JSON object as UTF-8 bytes, which
 *     the platform copies into the citizen's answer without parsing it again; {@code null}
 *     otherwise (then {@code data} is the answer)
 */
public record AdapterResponse(int status, Object raw, Map<String, Object> data, Refusal refusal, byte[] json) {

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
        return new AdapterResponse(status, raw, Objects.requireNonNull(data, "data"), null, null);
    }

    /**
     * An answer passed on as the department gave it, without a mapping: the adapter has checked
     * that the bytes are exactly one well-formed JSON object in UTF-8, and the platform sends them
     * on unparsed (the cheapest path for the most common kind of operation).
     *
     * @param status the department's status
     * @param json one JSON object, UTF-8
     * @return a successful pass-through answer
     */
    public static AdapterResponse passThrough(int status, byte[] json) {
        return new AdapterResponse(status, null, Map.of(), null, Objects.requireNonNull(json, "json"));
    }

    /**
     * @param status the department's status
     * @param raw the department's answer as it came
     * @param refusal why the department said no
     * @return a refusal
     */
    public static AdapterResponse refused(int status, Object raw, Refusal refusal) {
        return new AdapterResponse(status, raw, Map.of(), Objects.requireNonNull(refusal, "refusal"), null);
    }

    /** @return whether the answer is the department's JSON passed on as it is ({@link #json()}) */
    public boolean isPassThrough() {
        return json != null;
    }

    /** @return the pass-through answer as text, or {@code null} when the answer is {@link #data()} */
    public String jsonText() {
        return json == null ? null : new String(json, StandardCharsets.UTF_8);
    }

    /** @return whether the department refused the request */
    public boolean isRefusal() {
        return refusal != null;
    }

    /** Never prints the answer: it may hold a citizen's personal data. */
    @Override
    public String toString() {
        return "AdapterResponse[status=" + status
                + (json != null ? ", json=" + json.length + " bytes" : ", fields=" + data.keySet()) + ", refusal="
                + (refusal == null ? "none" : refusal.code()) + "]";
    }
}
