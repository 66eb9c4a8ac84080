package org.janseva.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a NUL character ({@code %00}) in the path, a query parameter or a form parameter with a
 * 400 {@code VALIDATION_FAILED} naming the parameter ({@code path} for the path), before it can
 * reach PostgreSQL, which refuses it. Requests without a query or form body cost one scan of the
 * request URI.
 *
 * <p>Also refuses, the same way, a query parameter that is not percent-encoded UTF-8 ({@code %zz},
 * {@code %FF}, an overlong or surrogate sequence): Tomcat stops reading the parameters at such a
 * one without a word to the application, so {@code ?x=%FF&type=STATE} would be answered as if
 * nothing had been asked, a 200 to another question. A form body Tomcat cannot decode is refused
 * with the parameter Tomcat names.
 */
public class NulParameterFilter extends OncePerRequestFilter {

    private final ProblemWriter problemWriter;

    /** @param problemWriter writes the 400 problem */
    public NulParameterFilter(ProblemWriter problemWriter) {
        this.problemWriter = problemWriter;
    }

    /** The field error's message for a parameter that cannot be decoded. */
    static final String UNDECODABLE = "is not valid percent-encoded UTF-8";

    /** A parameter name fit to repeat in an answer; Tomcat's messages name it in brackets. */
    private static final Pattern FIT_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private static final Pattern TOMCAT_PARAMETER_NAME = Pattern.compile("Parameter \\[([A-Za-z0-9_.\\-]{1,64})\\]");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        FieldErrorView error = refusedParameter(request);
        if (error != null) {
            problemWriter.write(response, Problems.validation(List.of(error), request));
            return;
        }
        chain.doFilter(request, response);
    }

    /** @return what is wrong with the path or a parameter, or {@code null} when nothing is */
    private static FieldErrorView refusedParameter(HttpServletRequest request) {
        // the URI as sent: %00 is the only way a NUL gets into it (Tomcat refuses a raw one)
        if (request.getRequestURI().contains("%00")) {
            return new FieldErrorView("path", NulCharacters.MESSAGE);
        }
        String query = request.getQueryString();
        if (query == null && !isForm(request.getContentType())) {
            return null;
        }
        if (query != null) {
            String undecodable = undecodableParameter(query);
            if (undecodable != null) {
                return new FieldErrorView(undecodable, UNDECODABLE);
            }
        }
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException ex) {
            // a form body Tomcat cannot decode; its message names the parameter
            return new FieldErrorView(parameterNamedBy(ex, "body"), UNDECODABLE);
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (NulCharacters.contains(parameter.getKey())) {
                return new FieldErrorView("query", NulCharacters.MESSAGE);
            }
            for (String value : parameter.getValue()) {
                if (NulCharacters.contains(value)) {
                    return new FieldErrorView(parameter.getKey(), NulCharacters.MESSAGE);
                }
            }
        }
        return null;
    }

    /**
     * @param ex Tomcat's refusal of a parameter it cannot decode
     * @param otherwise the field to name when its message names no parameter fit to repeat
     * @return the parameter Tomcat's message names ({@code ... Parameter [q] with value ...})
     */
    static String parameterNamedBy(Exception ex, String otherwise) {
        Matcher name = TOMCAT_PARAMETER_NAME.matcher(String.valueOf(ex.getMessage()));
        return name.find() ? name.group(1) : otherwise;
    }

    /**
     * @param query the query string as sent
     * @return the name of the first parameter whose name or value is not percent-encoded UTF-8
     *     ({@code query} when its name is not fit to repeat), or {@code null} when all are; a
     *     query of plain ASCII without {@code %} is not looked at further
     */
    static String undecodableParameter(String query) {
        if (query.indexOf('%') < 0 && isAscii(query)) {
            return null;
        }
        int start = 0;
        while (start <= query.length()) {
            int end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int equals = query.indexOf('=', start);
            int nameEnd = equals >= 0 && equals < end ? equals : end;
            String name = decode(query, start, nameEnd);
            if (name == null) {
                return "query";
            }
            if (nameEnd < end && decode(query, nameEnd + 1, end) == null) {
                return FIT_NAME.matcher(name).matches() ? name : "query";
            }
            start = end + 1;
        }
        return null;
    }

    /** @return the text percent-decoded as UTF-8, or {@code null} when it is not valid */
    private static String decode(String text, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    return null;
                }
                int high = hex(text.charAt(i + 1));
                int low = hex(text.charAt(i + 2));
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c == '+' ? ' ' : c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException ex) {
            return null;
        }
    }

    /** @return the value of an ASCII hex digit, or -1 (not Character.digit: it takes other scripts' digits) */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.regionMatches(
                        true,
                        0,
                        MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                        0,
                        MediaType.APPLICATION_FORM_URLENCODED_VALUE.length());
    }
}
