package org.janseva.catalog.adapter;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Paths that are appended to a department's base URL, an operation's path template or a probe
 * path: each must form a URL as written (RFC 3986 path characters and {@code %XX} escapes, one
 * optional query part, no fragment), so that a configuration that could never be called is refused
 * when it is saved, instead of failing every call (or a health probe) later.
 */
public final class UrlPaths {

    /** A placeholder of a path template, filled from the input. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** RFC 3986 {@code pchar}: unreserved, pct-encoded, sub-delims, {@code :} and {@code @}. */
    private static final String PCHAR = "(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})";

    private static final Pattern PATH = Pattern.compile("(?:/" + PCHAR + "*)+");
    private static final Pattern QUERY = Pattern.compile("(?:" + PCHAR + "|/)*");

    private static final String RULE = "letters, digits, -._~!$&'()*+,;=:@ and %XX escapes (RFC 3986) between /s,"
            + " then at most one ?query of the same and /; no spaces, control characters, fragment or other"
            + " characters";

    private UrlPaths() {}

    /**
     * @param template a path template ({@code /licences/{licenceNumber}?state={state}}), whose
     *     placeholders the input fills (each value encoded, so any value is fine)
     * @return what is wrong with it, empty when it forms a URL path whatever the input
     */
    public static Optional<String> templateProblem(String template) {
        return problem(PLACEHOLDER.matcher(template).replaceAll("x"), "{name} placeholders, ");
    }

    /**
     * @param path a path, as it is sent ({@code /health})
     * @return what is wrong with it, empty when it is a URL path
     */
    public static Optional<String> pathProblem(String path) {
        return problem(path, "");
    }

    private static Optional<String> problem(String path, String placeholders) {
        if (!path.startsWith("/")) {
            return Optional.of("must start with /");
        }
        int query = path.indexOf('?');
        boolean valid = query < 0
                ? PATH.matcher(path).matches()
                : PATH.matcher(path.substring(0, query)).matches()
                        && QUERY.matcher(path.substring(query + 1)).matches();
        return valid ? Optional.empty() : Optional.of("must be a URL path: " + placeholders + RULE);
    }
}
