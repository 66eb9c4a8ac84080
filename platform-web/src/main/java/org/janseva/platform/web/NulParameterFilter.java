package org.janseva.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a NUL character ({@code %00}) in the path, a query parameter or a form parameter with a
 * 400 {@code VALIDATION_FAILED} naming the parameter ({@code path} for the path), before it can
 * reach PostgreSQL, which refuses it. Requests without a query or form body cost one scan of the
 * request URI.
 */
public class NulParameterFilter extends OncePerRequestFilter {

    private final ProblemWriter problemWriter;

    /** @param problemWriter writes the 400 problem */
    public NulParameterFilter(ProblemWriter problemWriter) {
        this.problemWriter = problemWriter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String field = fieldWithNul(request);
        if (field != null) {
            problemWriter.write(
                    response, Problems.validation(List.of(new FieldErrorView(field, NulCharacters.MESSAGE)), request));
            return;
        }
        chain.doFilter(request, response);
    }

    /** @return the parameter holding a NUL character, {@code path}, or {@code null} when none does */
    private static String fieldWithNul(HttpServletRequest request) {
        // the URI as sent: %00 is the only way a NUL gets into it (Tomcat refuses a raw one)
        if (request.getRequestURI().contains("%00")) {
            return "path";
        }
        if (request.getQueryString() == null && !isForm(request.getContentType())) {
            return null;
        }
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException ex) {
            // not decodable (e.g. ?q=%zz): ProblemDetailsExceptionHandler names the parameter when
            // the controller asks for it
            return null;
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (NulCharacters.contains(parameter.getKey())) {
                return "query";
            }
            for (String value : parameter.getValue()) {
                if (NulCharacters.contains(value)) {
                    return parameter.getKey();
                }
            }
        }
        return null;
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
