package org.janseva.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.janseva.platform.core.web.ProblemCodes;
import org.janseva.platform.web.ProblemWriter;
import org.janseva.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Answers a missing or bad token with 401 {@code UNAUTHENTICATED} and a token without the needed
 * scope with 403 {@code FORBIDDEN}, as the platform's problem documents, with the
 * {@code WWW-Authenticate} header of RFC 6750. The detail never says why a token was refused
 * (expired, wrong key, wrong issuer): that would help a forger, not a client.
 */
public final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ProblemWriter problemWriter;

    /** @param problemWriter writes the problem documents */
    public ProblemSecurityHandlers(ProblemWriter problemWriter) {
        this.problemWriter = problemWriter;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
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
}
