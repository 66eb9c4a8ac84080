package org.janseva.gateway.system;

/**
 * A request's body did not arrive within {@code platform.gateway.body-timeout}: the client's
 * doing, answered 408 {@code REQUEST_TIMEOUT} by {@link ProblemWebExceptionHandler}. Stackless and
 * logged by nobody: a slow or stalled client is no fault of the platform.
 */
final class RequestBodyTimeoutException extends RuntimeException {

    RequestBodyTimeoutException() {
        super("The request body did not arrive in time", null, false, false);
    }
}
