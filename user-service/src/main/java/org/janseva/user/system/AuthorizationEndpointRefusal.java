package org.janseva.user.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.janseva.platform.web.FieldErrorView;
import org.janseva.platform.web.ProblemWriter;
import org.janseva.platform.web.Problems;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the authorization endpoint ({@code /oauth2/authorize}) with a 400 {@code
 * VALIDATION_FAILED} problem (on {@code response_type}) saying that
 * no client of the platform uses it: tokens go to machine clients by {@code client_credentials}
 * and to citizens through {@code /api/v1/auth}, and no registered client has a redirect URI. The
 * authorization server library keeps the endpoint (its metadata requires one) and, asked for a
 * code by a client with no redirect URI, failed with a 500 ({@code NoSuchElementException} in its
 * request validator).
 */
final class AuthorizationEndpointRefusal extends OncePerRequestFilter {

    static final String PATH = "/oauth2/authorize";

    static final String MESSAGE = "no client of this platform uses it; machine clients get tokens with"
            + " client_credentials at /oauth2/token, citizens sign in at /api/v1/auth";

    private final ProblemWriter writer;

    AuthorizationEndpointRefusal(ProblemWriter writer) {
        this.writer = writer;
    }

    /** The library's own way of matching the endpoint: decoded, so that {@code %61uthorize} is it too. */
    private final RequestMatcher endpoint =
            PathPatternRequestMatcher.withDefaults().matcher(PATH);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !endpoint.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ProblemDetail problem = Problems.validation(List.of(new FieldErrorView("response_type", MESSAGE)), request);
        problem.setDetail("The authorization endpoint is not offered: " + MESSAGE + ".");
        writer.write(response, problem);
    }
}
