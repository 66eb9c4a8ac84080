package org.janseva.user.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.janseva.platform.web.DatabaseUnavailable;
import org.janseva.platform.web.DatabaseUnavailableExceptionHandler;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers a database outage met in a filter, outside Spring MVC, as the platform answers one met in
 * a controller: 503 {@code SERVICE_UNAVAILABLE} with {@code Retry-After} and a WARN now and then
 * ({@link DatabaseUnavailableExceptionHandler}, reached through MVC's exception resolvers).
 *
 * <p>The authorization server's endpoints are filters of Spring Security's chain, and neither they
 * nor the chain answer a failed read of PostgreSQL: the exception escaped to the container, which
 * logged an ERROR with a stack trace and answered 500 {@code INTERNAL_ERROR}. So did {@code
 * /oauth2/jwks} while user-service held no signing keys yet (its first read after a start failing,
 * the endpoint wraps {@link SigningKeys}' {@code KeySourceException} in an {@code
 * IllegalStateException}), and {@code /oauth2/token}, {@code /oauth2/revoke} and {@code
 * /oauth2/introspect}, whose client authentication reads the client table first, whatever keys are
 * held. Their clients (the gateway, the services' key sources and token clients) try again on any
 * 5xx; an operator's alerting and the API's contract tell a 503 from a defect.
 *
 * <p>Anything else that escapes, or an outage met after the answer was committed, goes on to the
 * container as before.
 */
final class FilterDatabaseOutages extends OncePerRequestFilter {

    private final HandlerExceptionResolver resolver;

    /** @param resolver Spring MVC's exception resolvers, which hold the platform's advice */
    FilterDatabaseOutages(HandlerExceptionResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException ex) {
            if (response.isCommitted()
                    || !DatabaseUnavailable.isCauseOf(ex)
                    || resolver.resolveException(request, response, null, databaseFailure(ex)) == null) {
                throw ex;
            }
        }
    }

    /**
     * @return the failure in the chain that the platform's advice answers (the outermost, whose
     *     class says what failed in the WARN line), or one wrapping the chain when the database's
     *     exception reached here without Spring's translation
     */
    private static Exception databaseFailure(Exception escaped) {
        Throwable cause = escaped;
        // a bound, as DatabaseUnavailable's: a chain that loops back on itself ends
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException) {
                return (Exception) cause;
            }
        }
        return new DataAccessResourceFailureException("The database cannot be reached", escaped);
    }
}
