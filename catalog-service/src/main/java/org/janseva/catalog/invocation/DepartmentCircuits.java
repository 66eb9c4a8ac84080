package org.janseva.catalog.invocation;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Read-only access to a department's guards on this instance, for the admin API's department
 * health: the circuit breaker's state and window, and the calls in flight.
 */
@Component
public class DepartmentCircuits {

    /**
     * A department's circuit on this instance.
     *
     * @param state CLOSED, OPEN, HALF_OPEN, ...
     * @param failureRate failed calls in the window, in percent, or -1 before enough calls
     * @param slowCallRate slow calls in the window, in percent, or -1 before enough calls
     * @param bufferedCalls calls in the window
     * @param failedCalls failed calls in the window
     * @param notPermittedCalls calls refused while open
     * @param inFlight calls in flight now
     */
    public record Circuit(
            String state,
            float failureRate,
            float slowCallRate,
            int bufferedCalls,
            int failedCalls,
            long notPermittedCalls,
            int inFlight) {}

    private final DepartmentCalls calls;

    DepartmentCircuits(DepartmentCalls calls) {
        this.calls = calls;
    }

    /** @return the department's circuit, empty when this instance never called the department */
    public Optional<Circuit> circuit(String departmentCode) {
        return calls.circuitBreaker(departmentCode).map(circuitBreaker -> {
            CircuitBreaker.Metrics metrics = circuitBreaker.getMetrics();
            return new Circuit(
                    circuitBreaker.getState().name(),
                    metrics.getFailureRate(),
                    metrics.getSlowCallRate(),
                    metrics.getNumberOfBufferedCalls(),
                    metrics.getNumberOfFailedCalls(),
                    metrics.getNumberOfNotPermittedCalls(),
                    calls.inFlight(departmentCode));
        });
    }
}
