package org.janseva.catalog.adapter;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to a department system.
 *
 * @param method the HTTP method
 * @param uri the full URI, placeholders already encoded
 * @param headers request headers (values may be secrets: never log them)
 * @param body the body, or {@code null}
 * @param timeout the longest wait for the answer
 */
public record DepartmentHttpRequest(
        String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {

    public DepartmentHttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeout, "timeout");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Never prints headers or body: they carry credentials and citizens' data. */
    @Override
    public String toString() {
        return method + " " + uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath();
    }
}
