package org.janseva.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose {@code Content-Type} is a range, not a type ({@code *}{@code /*},
 * {@code application/*}, {@code text/*}), with a 415 problem. Such a header says nothing about the
 * body, and Spring MVC, asked to read a body with it on an endpoint that declares no
 * {@code consumes}, threw an {@code IllegalArgumentException} ("Content-Type cannot contain
 * wildcard type") that became a 500. An unparseable header is left to Spring MVC, which answers
 * it with a 415 already.
 */
public class WildcardContentTypeFilter extends OncePerRequestFilter {

    private final ProblemWriter problemWriter;

    /** @param problemWriter writes the 415 problem */
    public WildcardContentTypeFilter(ProblemWriter problemWriter) {
        this.problemWriter = problemWriter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && contentType.indexOf('*') >= 0 && isWildcard(contentType)) {
            problemWriter.write(
                    response,
                    Problems.forStatus(
                            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                            "The Content-Type must name the body's type, such as application/json, not a range"
                                    + " such as */*.",
                            request));
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isWildcard(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException ex) {
            return false;
        }
    }
}
