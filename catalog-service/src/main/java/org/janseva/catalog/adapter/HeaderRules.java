package org.janseva.catalog.adapter;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.janseva.adapter.spi.SettingDescriptor;

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
     * ({@code X-Request-Id}); {@code User-Agent} and {@code Accept} would replace the platform's own
     * (an api key named {@code User-Agent} went out where departments and proxies log it).
     */
    public static final Set<String> SET_BY_PLATFORM = Set.of(
            "authorization",
            "host",
            "user-agent",
            "accept",
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

    /** The longest header name taken, in characters. */
    public static final int MAX_NAME_LENGTH = 64;

    /**
     * The longest value of a static header or an api key, in bytes: a line of 4 KiB is what common
     * servers and proxies take (some cut one line at 8 KiB, others every header at 8 KiB).
     */
    public static final int MAX_VALUE_BYTES = 4096;

    /** The most static headers a department's settings may name. */
    public static final int MAX_STATIC_HEADERS = 20;

    /**
     * The most bytes the static headers and auth's header (the api key's, or basic's {@code
     * Authorization}) may take together, names and values:
     * 8 KiB for every header of a request is the common default (Tomcat, Jetty, Node.js, nginx's
     * buffers), and the platform's own headers and an operation's mapped ones need room beside them.
     */
    public static final int MAX_TOTAL_BYTES = 8192;

    /** The {@code headers} setting of the HTTP adapter types that send static headers. */
    public static final SettingDescriptor STATIC_HEADERS = SettingDescriptor.optional(
            "headers",
            SettingDescriptor.Kind.OBJECT,
            "Headers sent on every call, e.g. {\"X-Partner-Id\": \"janseva\"}; never credentials (use auth); at most "
                    + MAX_STATIC_HEADERS + ", values in visible ASCII of at most " + MAX_VALUE_BYTES
                    + " bytes, names and values with auth's header (api key or basic) at most " + MAX_TOTAL_BYTES
                    + " bytes together");

    /** A header name as {@link #nameProblem} takes it, as a JSON Schema (ECMA-262) pattern. */
    static final String NAME_PATTERN = "^[A-Za-z0-9-]{1," + MAX_NAME_LENGTH + "}$";

    /** A header value as {@link #valueProblem} takes it, as a JSON Schema (ECMA-262) pattern. */
    static final String VALUE_PATTERN = "^[\\t\\x20-\\x7E]*$";

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
     * A value a department's settings send in a header on every call (a static header, the api key):
     * visible ASCII ({@link #valueProblem}) and at most {@link #MAX_VALUE_BYTES}, since a server
     * that takes no longer line refuses every call with a 400 while the department's health stays
     * UP. The message never repeats the value (the api key is a secret).
     *
     * @param value a static header's value or the api key
     * @return what is wrong with it, empty when it is fine
     */
    public static Optional<String> settingValueProblem(Object value) {
        return valueProblem(value).or(() -> {
            int bytes = ((String) value).getBytes(StandardCharsets.UTF_8).length;
            return bytes > MAX_VALUE_BYTES
                    ? Optional.of("must be at most " + MAX_VALUE_BYTES + " bytes (it has " + bytes
                            + "): longer header lines are refused by common servers and proxies, so every call"
                            + " would be")
                    : Optional.empty();
        });
    }

    /**
     * How many static headers there are, and what they take with auth's header: each one
     * within bounds, the lot may still be more than a server takes.
     *
     * @param headers the static headers (name to value) of a department's settings
     * @param credential auth's header whose value the settings fix ({@link DepartmentAuth#fixedHeader}):
     *     the api key's or basic's {@code Authorization}, name to value; empty otherwise
     * @return what is wrong with them together, empty when they are fine
     */
    public static Optional<String> staticHeadersProblem(Map<String, ?> headers, Map<String, String> credential) {
        if (headers.size() > MAX_STATIC_HEADERS) {
            return Optional.of("must be at most " + MAX_STATIC_HEADERS + " headers (it has " + headers.size() + ")");
        }
        long bytes = 0;
        for (Map.Entry<String, ?> header : headers.entrySet()) {
            bytes += bytes(header.getKey()) + bytes(header.getValue());
        }
        for (Map.Entry<String, String> header : credential.entrySet()) {
            bytes += bytes(header.getKey()) + bytes(header.getValue());
        }
        if (bytes > MAX_TOTAL_BYTES) {
            return Optional.of("must take at most " + MAX_TOTAL_BYTES + " bytes with auth's header, names and"
                    + " values together (they take " + bytes + "): common servers refuse a request whose headers"
                    + " take more, so every call would be");
        }
        return Optional.empty();
    }

    private static long bytes(Object text) {
        return text instanceof String string ? string.getBytes(StandardCharsets.UTF_8).length : 0;
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
        if (name == null || !name.matches("[A-Za-z0-9-]{1," + MAX_NAME_LENGTH + "}")) {
            return Optional.of("is not a header name (1-" + MAX_NAME_LENGTH + " letters, digits and -)");
        }
        return Optional.empty();
    }
}
