package org.janseva.catalog.adapter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.janseva.adapter.spi.SettingDescriptor;

/**
 * Paths that are appended to a department's base URL, an operation's path template or a probe
 * path: each must form a URL as written (RFC 3986 path characters and {@code %XX} escapes, one
 * optional query part, no fragment), so that a configuration that could never be called is refused
 * when it is saved, instead of failing every call (or a health probe) later. Nor may one hold a
 * {@code .} or {@code ..} segment or an empty one ({@link #segmentProblem}): as for a citizen's
 * value, they would move the call to another address.
 */
public final class UrlPaths {

    /** A placeholder of a path template, filled from the input. */
    /** The longest path taken, an operation's (the admin API's bound) or a probe's. */
    public static final int MAX_PATH_LENGTH = 300;

    /** rest-json's path for health probes, checked as {@link #pathProblem(String)} says. */
    public static final SettingDescriptor PROBE_PATH = SettingDescriptor.optional(
            "probePath",
            SettingDescriptor.Kind.STRING,
            "A path that answers 2xx when the department is up, for health probes, at most " + MAX_PATH_LENGTH
                    + " characters, without . or .. segments (%2E counts as a dot) or empty ones (//); without it"
                    + " any answer below 500 to the base URL counts");

    public static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** RFC 3986 {@code pchar}: unreserved, pct-encoded, sub-delims, {@code :} and {@code @}. */
    private static final String PCHAR = "(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})";

    private static final Pattern PATH = Pattern.compile("(?:/" + PCHAR + "*)+");
    private static final Pattern QUERY = Pattern.compile("(?:" + PCHAR + "|/)*");

    private static final String RULE = "letters, digits, -._~!$&'()*+,;=:@ and %XX escapes (RFC 3986) between /s,"
            + " then at most one ?query of the same and /; no spaces, control characters, fragment or other"
            + " characters";

    /**
     * Why a value that fills a path segment alone must not be {@code .} or {@code ..}: for a field
     * error naming the input field.
     */
    public static final String DOT_SEGMENT_RULE =
            "must not be . or ..: the value is a segment of the address the department is called at, and"
                    + " these would move the call to another address";

    /**
     * Why a value that fills a path placeholder must not be empty: for a field error naming the input
     * field.
     */
    public static final String EMPTY_SEGMENT_RULE =
            "must not be empty: the value is a segment of the address the department is called at, and an"
                    + " empty one would call another address (/records//status, which servers take for"
                    + " /records/status; /items/, the whole collection)";

    private static final String DOT_SEGMENT_PATH_RULE =
            "must not have a . or .. segment (also written %2E, or followed by ;parameters): a server or proxy that"
                    + " normalises the path would call another address than the one configured, with the platform's"
                    + " credentials";

    private static final String EMPTY_SEGMENT_PATH_RULE =
            "must not have an empty segment (//): many servers take /a//b for /a/b, another address than the one"
                    + " configured";

    private UrlPaths() {}

    /**
     * An empty value leaves its segment empty, and so changes the address called:
     * {@code /records/{id}/status} becomes {@code /records//status}, which many servers (and
     * proxies) take for {@code /records/status}, and {@code /items/{id}} becomes {@code /items/},
     * the collection. Such values are refused, whatever else the segment holds.
     *
     * @param template an operation's path template; only its path part (before any {@code ?}) counts,
     *     an empty query value being an ordinary one
     * @param values the text of an input field, {@code null} when it has none or is no string
     * @return the path placeholders, in order, whose value is the empty text
     */
    public static List<String> emptyPlaceholders(String template, Function<String, String> values) {
        if (template == null) {
            return List.of();
        }
        int query = template.indexOf('?');
        Matcher matcher = PLACEHOLDER.matcher(query < 0 ? template : template.substring(0, query));
        Set<String> names = new LinkedHashSet<>();
        while (matcher.find()) {
            if ("".equals(values.apply(matcher.group(1)))) {
                names.add(matcher.group(1));
            }
        }
        return List.copyOf(names);
    }

    /**
     * A placeholder value is encoded as one path segment, but {@code .} and {@code ..} are the same
     * encoded, and RFC 3986 normalisation (by the HTTP client, a proxy or the department's server,
     * which decode {@code %2E} first) takes them as "this" and "the parent" segment:
     * {@code /records/{id}/status} with {@code ..} would call {@code /status} with the platform's
     * credentials. Percent-encoding the dots would not help, so such values are refused.
     *
     * @param template an operation's path template; only its path part (before any {@code ?}) counts,
     *     a query value being no segment
     * @param values the text of an input field, {@code null} when it has none or is no string
     * @return the placeholders, in order, whose values make a {@code .} or {@code ..} segment;
     *     empty when the filled path has none of its own making
     */
    public static List<String> dotSegmentPlaceholders(String template, Function<String, String> values) {
        Set<String> names = new LinkedHashSet<>();
        if (template == null) {
            return List.of();
        }
        int query = template.indexOf('?');
        String path = query < 0 ? template : template.substring(0, query);
        for (String segment : path.split("/", -1)) {
            Matcher matcher = PLACEHOLDER.matcher(segment);
            List<String> placeholders = new ArrayList<>();
            List<String> dotValues = new ArrayList<>();
            // the value as sent (only dots stay dots when encoded) between the template's own text,
            // whose %2E escapes a normalising server decodes
            StringBuilder filled = new StringBuilder();
            int literalStart = 0;
            while (matcher.find()) {
                String value = values.apply(matcher.group(1));
                String text = value == null ? "" : value;
                placeholders.add(matcher.group(1));
                String bare = withoutParameters(text);
                if (!bare.isEmpty() && bare.chars().allMatch(c -> c == '.')) {
                    dotValues.add(matcher.group(1));
                }
                filled.append(decodedDots(segment.substring(literalStart, matcher.start())))
                        .append(text);
                literalStart = matcher.end();
            }
            if (placeholders.isEmpty()) {
                continue;
            }
            filled.append(decodedDots(segment.substring(literalStart)));
            // a server drops a segment's path parameters before it resolves dots: ..;x is ..
            String bareSegment = withoutParameters(filled.toString());
            if (bareSegment.equals(".") || bareSegment.equals("..")) {
                names.addAll(dotValues.isEmpty() ? placeholders : dotValues);
            }
        }
        return List.copyOf(names);
    }

    private static String withoutParameters(String segment) {
        int semicolon = segment.indexOf(';');
        return semicolon < 0 ? segment : segment.substring(0, semicolon);
    }

    private static String decodedDots(String literal) {
        return literal.replace("%2E", ".").replace("%2e", ".");
    }

    /**
     * @param template a path template ({@code /licences/{licenceNumber}?state={state}}), whose
     *     placeholders the input fills (each value encoded, so any value is fine)
     * @return what is wrong with it, empty when it forms a URL path whatever the input
     */
    public static Optional<String> templateProblem(String template) {
        return problem(PLACEHOLDER.matcher(template).replaceAll("x"), "{name} placeholders, ");
    }

    /**
     * The segments a template or probe path itself writes are held to what a citizen's value is
     * held to ({@link #dotSegmentPlaceholders}, {@link #emptyPlaceholders}): a {@code .} or {@code
     * ..} segment ({@code %2E} being a dot to the server or proxy that normalises the path, and a
     * {@code ;parameter} dropped before it does: {@code ..;x} is {@code ..}) would call another
     * address than the one configured, another department's API behind the same host included, with
     * the platform's credentials; an empty segment ({@code /a//b}) is {@code /a/b} to many servers.
     * A trailing {@code /} (an empty last segment) is an address of its own, and fine.
     *
     * @param path a path template or a path; only its path part (before any {@code ?}) counts, a
     *     placeholder being a non-empty segment of its own (its value is checked when it is given)
     * @return what is wrong with its segments, empty when none is a dot segment or empty
     */
    public static Optional<String> segmentProblem(String path) {
        if (path == null) {
            return Optional.empty();
        }
        int query = path.indexOf('?');
        String pathPart =
                PLACEHOLDER.matcher(query < 0 ? path : path.substring(0, query)).replaceAll("x");
        String[] segments = (pathPart.startsWith("/") ? pathPart.substring(1) : pathPart).split("/", -1);
        boolean empty = false;
        for (int i = 0; i < segments.length; i++) {
            String bare = withoutParameters(decodedDots(segments[i]));
            if (bare.equals(".") || bare.equals("..")) {
                return Optional.of(DOT_SEGMENT_PATH_RULE);
            }
            empty |= bare.isEmpty() && i < segments.length - 1;
        }
        return empty ? Optional.of(EMPTY_SEGMENT_PATH_RULE) : Optional.empty();
    }

    /**
     * @param path a path, as it is sent ({@code /health})
     * @return what is wrong with it, empty when it is a URL path
     */
    public static Optional<String> pathProblem(String path) {
        return problem(path, "");
    }

    private static Optional<String> problem(String path, String placeholders) {
        if (path.length() > MAX_PATH_LENGTH) {
            return Optional.of("must be at most " + MAX_PATH_LENGTH + " characters (it has " + path.length() + ")");
        }
        if (!path.startsWith("/")) {
            return Optional.of("must start with /");
        }
        int query = path.indexOf('?');
        boolean valid = query < 0
                ? PATH.matcher(path).matches()
                : PATH.matcher(path.substring(0, query)).matches()
                        && QUERY.matcher(path.substring(query + 1)).matches();
        return valid ? segmentProblem(path) : Optional.of("must be a URL path: " + placeholders + RULE);
    }
}
