package org.janseva.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * A failure that a client is meant to see: an HTTP status, a stable UPPER_SNAKE {@code code}, a
 * human {@code title} and a {@code detail} safe to show. Services subclass it for their domain
 * problems ({@code OTP_INVALID}, {@code BILL_ALREADY_PAID}); the shared handler turns it into an
 * RFC 9457 problem document.
 */
public class ApiException extends RuntimeException {

    private final HttpStatusCode status;
    private final String code;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final HttpHeaders headers = new HttpHeaders();

    /**
     * @param status the HTTP status
     * @param code the stable machine code
     * @param title a short human phrase, stable per code
     * @param detail the explanation of this occurrence, safe to show to the client
     */
    public ApiException(HttpStatusCode status, String code, String title, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    /**
     * Adds an extension member to the problem document.
     *
     * @param name the member's name
     * @param value its value, serialised as JSON
     * @return this exception
     */
    public ApiException withProperty(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /**
     * Adds a response header (e.g. {@code Retry-After}).
     *
     * @param name the header's name
     * @param value its value
     * @return this exception
     */
    public ApiException withHeader(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public HttpStatusCode getStatus() {
        return status;
    }

    public String getCode() {
        return code;
    }

    public String getTitle() {
        return title;
    }

    public Map<String, Object> getProperties() {
        return properties;
    }

    public HttpHeaders getHeaders() {
        return headers;
    }
}
