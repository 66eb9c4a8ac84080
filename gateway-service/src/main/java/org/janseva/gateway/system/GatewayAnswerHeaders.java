package org.janseva.gateway.system;

import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * The response headers every answer of the platform carries, filled in by the gateway where an
 * answer lacks them: the gateway's own answers (a 401, 404, 413, 429 or 503 problem, a refused
 * URL) are written by no backend, and so had none of the headers that Spring Security adds to the
 * backends' answers. A header already there (a backend's) is left as it is.
 *
 * <ul>
 *   <li>{@code Vary: Accept-Encoding} on the types the gateway compresses ({@link
 *       GzipWebFilter}): a shared cache must not hand a gzipped answer to a client that did not
 *       ask for one;
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY}: no browser reads
 *       a problem document as HTML or frames it;
 *   <li>{@code Cache-Control: no-store} on errors only: a 404 is cacheable by default (RFC 9111
 *       4.2.2), and a shared cache must not keep the gateway's answer for a path that a
 *       department's onboarding makes valid a minute later, nor a 401 or 429 meant for one
 *       client. Successful answers keep what their backend said (a catalogue listing is public
 *       for 30 s, a 304 must not change what the client cached).
 * </ul>
 */
final class GatewayAnswerHeaders {

    private GatewayAnswerHeaders() {}

    /**
     * @param headers the answer's headers, changed in place
     * @param status the answer's status code
     */
    static void fillIn(HttpHeaders headers, int status) {
        // a 304 has no Content-Type, and must carry the Vary its 200 would (RFC 9110 15.4.5): a
        // cache that updates its stored gzip copy from it must keep the copy keyed on the encoding
        if (status == 304 || GzipWebFilter.compressible(headers.getContentType())) {
            GatewayCorsWebFilter.addVary(headers, List.of(HttpHeaders.ACCEPT_ENCODING));
        }
        setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
        setIfAbsent(headers, "X-Frame-Options", "DENY");
        if (status >= 400) {
            setIfAbsent(headers, HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    private static void setIfAbsent(HttpHeaders headers, String name, String value) {
        if (!headers.containsHeader(name)) {
            headers.set(name, value);
        }
    }
}
