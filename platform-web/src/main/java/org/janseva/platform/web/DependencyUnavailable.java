package org.janseva.platform.web;

import java.util.concurrent.atomic.AtomicLong;
import org.janseva.platform.core.logging.LogReasons;
import org.janseva.platform.core.web.ProblemCodes;
import org.slf4j.Logger;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.WebRequest;

/**
 * A 503 {@code SERVICE_UNAVAILABLE} for a request that failed because something the service
 * depends on is down (its database, the authorization server that issues its service tokens): not
 * the client's fault and not an unexplained 500, and worth trying again in a few seconds. The
 * cause is logged as one WARN line without a stack trace (its reason: {@link LogReasons}), at most
 * once per {@link #LOG_INTERVAL_NANOS} per kind with the number of failures since: an outage fails
 * every request, and a stack trace per request (15 KB each) buried the log before.
 */
final class DependencyUnavailable {

    /** Seconds a client should wait before trying again. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final String what;
    private final Logger log;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong unlogged = new AtomicLong();

    /**
     * @param what what is unavailable, for the log line ({@code the database})
     * @param log where the WARN goes
     */
    DependencyUnavailable(String what, Logger log) {
        this.what = what;
        this.log = log;
    }

    /**
     * @param ex what failed
     * @param request the request it answers
     * @return the 503 problem with {@code Retry-After}
     */
    ResponseEntity<Object> answer(Exception ex, WebRequest request) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
            long more = unlogged.getAndSet(0);
            log.warn(
                    "{} is unavailable, answered 503 {}: {}{}",
                    what,
                    ProblemCodes.SERVICE_UNAVAILABLE,
                    LogReasons.of(ex),
                    more > 0 ? " (and " + more + " more failures like it since the last such line)" : "");
        } else {
            unlogged.incrementAndGet();
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        ProblemDetail problem = Problems.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                ProblemCodes.SERVICE_UNAVAILABLE,
                "Service unavailable",
                "The service cannot complete the request just now; try again in a few seconds.",
                ProblemDetailsExceptionHandler.servletRequest(request));
        return ProblemDetailsExceptionHandler.problemResponse(problem, headers);
    }
}
