package org.janseva.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.janseva.platform.core.logging.LogReasons;
import org.janseva.platform.core.web.ProblemCodes;
import org.janseva.platform.web.ProblemWriter;
import org.janseva.platform.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Answers a missing or bad token with 401 {@code UNAUTHENTICATED} and a token without the needed
 * scope with 403 {@code FORBIDDEN}, as the platform's problem documents, with the
 * {@code WWW-Authenticate} header of RFC 6750. The detail never says why a token was refused
 * (expired, wrong key, wrong issuer): that would help a forger, not a client.
 *
 * <p>A token that could not be checked at all is 503 {@value #AUTHENTICATION_UNAVAILABLE} with
 * {@code Retry-After}: Spring Security's {@link AuthenticationServiceException}, which the JWT
 * check throws when the keys cannot be fetched (user-service's JWKS down, too slow, or answering
 * something that is not a key set). Neither the client's fault (a 401 would send a citizen back to
 * the login with a token that is fine) nor an unexplained failure: by default the
 * {@link BearerTokenAuthenticationFilter} rethrows it, and Tomcat answered 500
 * {@code INTERNAL_ERROR} with an ERROR and its stack trace. It is one WARN line here.
 */
public final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    /** The code of a 503 answered because the bearer token could not be checked just now. */
    public static final String AUTHENTICATION_UNAVAILABLE = "AUTHENTICATION_UNAVAILABLE";

    /** Seconds to wait before trying again: a fetch of the keys is tried again on the next request. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(ProblemSecurityHandlers.class);

    private final ProblemWriter problemWriter;

    /** @param problemWriter writes the problem documents */
    public ProblemSecurityHandlers(ProblemWriter problemWriter) {
        this.problemWriter = problemWriter;
    }

    /**
     * @return the failure handler of the bearer-token filter: this entry point for every failure,
     *     an {@link AuthenticationServiceException} included instead of rethrown
     */
    public AuthenticationFailureHandler failureHandler() {
        AuthenticationEntryPointFailureHandler handler = new AuthenticationEntryPointFailureHandler(this);
        handler.setRethrowAuthenticationServiceException(false);
        return handler;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        if (ex instanceof AuthenticationServiceException) {
            unavailable(request, response, ex);
            return;
        }
        boolean tokenRefused = ex instanceof InvalidBearerTokenException
                || ex.getClass().getSimpleName().startsWith("OAuth2");
        response.setHeader(
                "WWW-Authenticate",
                tokenRefused
                        ? "Bearer error=\"invalid_token\", error_description=\"The token is not valid\""
                        : "Bearer");
        String detail = tokenRefused ? ProblemCodes.INVALID_TOKEN_DETAIL : ProblemCodes.detailForStatus(401);
        problemWriter.write(response, Problems.forStatus(HttpStatus.UNAUTHORIZED, detail, request));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        problemWriter.write(
                response, Problems.forStatus(HttpStatus.FORBIDDEN, ProblemCodes.detailForStatus(403), request));
    }

    /**
     * The reason names what failed ({@link LogReasons}), e.g. {@code JWKSetRetrievalException: Read
     * timed out}, {@code JWKSetParseException: Invalid JSON ...}, never the token; the stack trace
     * adds nothing to it. It describes the key source's failure, not Spring Security's wrappers of
     * it ({@link AuthenticationServiceException} around a {@link JwtException}), whose class names
     * say only that a token could not be checked, as the line does already.
     */
    private void unavailable(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        Throwable failure = ex;
        while ((failure instanceof AuthenticationServiceException || failure instanceof JwtException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        log.warn(
                "Could not check the bearer token, answered 503 {}: {}",
                AUTHENTICATION_UNAVAILABLE,
                LogReasons.of(failure));
        response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        problemWriter.write(
                response,
                Problems.of(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        AUTHENTICATION_UNAVAILABLE,
                        "Authentication unavailable",
                        "The bearer token could not be checked just now; try again in a few seconds.",
                        request));
    }
}
