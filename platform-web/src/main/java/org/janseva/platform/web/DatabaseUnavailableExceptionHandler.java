package org.janseva.platform.web;

import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * The service's database cannot be reached (no connection within the pool's
 * {@code connection-timeout}, or the connection broke): 503 {@code SERVICE_UNAVAILABLE} with
 * {@code Retry-After}, one WARN line now and then ({@link DependencyUnavailable}). It was a 500
 * {@code INTERNAL_ERROR} after Hikari's default 30 s wait, with an ERROR and a stack trace for every
 * request, and the gateway had answered 504 long before. Before {@link ProblemDetailsExceptionHandler},
 * whose catch-all would take these otherwise; only in services with a database (spring-jdbc is
 * optional).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseUnavailableExceptionHandler {

    private final DependencyUnavailable unavailable = new DependencyUnavailable(
            "The database", LoggerFactory.getLogger(DatabaseUnavailableExceptionHandler.class));

    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class})
    ResponseEntity<Object> handleDatabaseUnavailable(Exception ex, WebRequest request) {
        return unavailable.answer(ex, request);
    }
}
