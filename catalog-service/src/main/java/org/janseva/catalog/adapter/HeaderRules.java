package org.janseva.catalog.adapter;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The headers a department's settings or an operation's options may name, and the values they may
 * carry, for every HTTP adapter type: one rule for static headers, mapped headers and the api-key
 * header, so that a configuration the HTTP layer would break is refused when it is saved.
 */
public final class HeaderRules {

    /**
     * Headers the platform's HTTP layer sets itself (framing, the host, the body's type, hop-by-hop
     * and {@code Expect}), the request id and trace context it sends with every call, or that carry
     * the credentials of {@code auth}: a department setting naming one would break every call
     * ({@code Content-Length}, {@code Expect}: 417) or be overwritten in silence
     * ({@code X-Request-Id}).
     */
    public static final Set<String> SET_BY_PLATFORM = Set.of(
            "authorization",
            "host",
            "content-length",
            "content-type",
            "transfer-encoding",
            "connection",
            "keep-alive",
            "te",
            "trailer",
            "upgrade",
            "expect",
            "proxy-authorization",
            "proxy-connection",
            "x-request-id",
            "traceparent",
            "tracestate",
            "baggage");

    /** The field error of an input value that a mapped header cannot carry. */
    public static final String MAPPED_VALUE_RULE = "must be visible ASCII (letters, digits, punctuation, spaces):"
            + " the department takes this value in a header, which carries no other characters reliably";

    private HeaderRules() {}

    /**
     * @param name a header name from a department's settings or an operation's options
     * @return what is wrong with it, empty when it is a token of 1-64 letters, digits and {@code -}
     *     that the platform does not set
     */
    public static Optional<String> nameProblem(String name) {
        Optional<String> format = formatProblem(name);
        if (format.isPresent()) {
            return format;
        }
        if (SET_BY_PLATFORM.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of("is set by the platform; use auth for credentials");
        }
        return Optional.empty();
    }

    /**
     * The header an api-key travels in: any header the platform does not set, except that it may be
     * {@code Authorization}, which only {@code auth} sets and which the key then fills.
     *
     * @param name {@code auth.headerName}
     * @return what is wrong with it, empty when it is fine
     */
    public static Optional<String> credentialHeaderProblem(String name) {
        Optional<String> format = formatProblem(name);
        if (format.isPresent()) {
            return format;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (SET_BY_PLATFORM.contains(lower) && !lower.equals("authorization")) {
            return Optional.of("is set by the platform on every call (" + name
                    + "); the key needs a header of its own, such as X-API-Key");
        }
        return Optional.empty();
    }

    /**
     * HTTP sends header values as bytes with no agreed charset (RFC 9110 5.5): text beyond visible
     * ASCII reaches a department as {@code ?} or mangled, and DEL or control characters are refused or
     * cut by the HTTP layer.
     *
     * @param value a header value from a department's settings
     * @return what is wrong with it, empty when it is visible ASCII (0x20-0x7E) or tab
     */
    public static Optional<String> valueProblem(Object value) {
        if (!(value instanceof String text)) {
            return Optional.of("must be text");
        }
        boolean visible = text.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c <= 0x7E));
        return visible
                ? Optional.empty()
                : Optional.of("must be visible ASCII (letters, digits, punctuation, spaces): a header carries no"
                        + " other characters reliably, so they would reach the department as ? or not at all");
    }

    /**
     * An operation's {@code options.headers} (header name to input field) sends the citizen's
     * value in a header: one outside visible ASCII would reach the department as {@code ?}, so it
     * is refused as the citizen's input, before any call.
     *
     * @param options the operation's options
     * @param values the text of an input field, {@code null} when it has none or is no string
     * @return the input fields, in order, whose values a mapped header cannot carry
     */
    public static List<String> unsendableMappedInputs(Map<String, ?> options, Function<String, String> values) {
        if (options == null || !(options.get("headers") instanceof Map<?, ?> mapping)) {
            return List.of();
        }
        Set<String> fields = new LinkedHashSet<>();
        for (Object field : mapping.values()) {
            String value = values.apply(String.valueOf(field));
            if (value != null && valueProblem(value).isPresent()) {
                fields.add(String.valueOf(field));
            }
        }
        return List.copyOf(fields);
    }

    private static Optional<String> formatProblem(String name) {
        if (name == null || !name.matches("[A-Za-z0-9-]{1,64}")) {
            return Optional.of("is not a header name (1-64 letters, digits and -)");
        }
        return Optional.empty();
    }
}
