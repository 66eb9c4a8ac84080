package org.janseva.catalog.invocation;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Counts invocations and times department calls, tagged by department, operation type and outcome
 * only: never by catalogue entry, operation code or citizen (2,000 entries would swamp Prometheus
 * with series).
 *
 * <ul>
 *   <li>{@code janseva.invocations} (timer): every invocation, with its department ({@code none}
 *       when the entry was unknown), its {@link OperationType} and its outcome;
 *   <li>{@code janseva.department.calls} (timer): calls that reached a department, by how they
 *       ended;
 *   <li>{@code janseva.department.latency} (timer with a latency histogram): the same calls per
 *       department, every outcome together;
 *   <li>{@code janseva.department.circuit.state} (gauge): 0 closed, 1 half-open, 2 open, per
 *       department called on this instance;
 *   <li>{@code janseva.department.bulkhead.saturation} (gauge): the share of the department's
 *       concurrent-call limit in use, 0 to 1.
 * </ul>
 *
 * resilience4j's own {@code resilience4j_*} meters are turned off ({@link #noResilience4jMeters()}):
 * per department they repeat these in about 30 series (circuit states, buffered, slow and failed
 * calls, retries, time limiter and bulkhead figures), so with every one of the 1,368 shipped
 * departments called an instance exposed some 45,000 series nobody reads (the boards and alerts
 * use the gauges above), a third of its scrape.
 */
@Component
class InvocationMetrics {

    /** @return a filter that keeps resilience4j's own meters out of every registry */
    @Bean
    static MeterFilter noResilience4jMeters() {
        return MeterFilter.denyNameStartsWith("resilience4j");
    }

    private final MeterRegistry meters;
    private final Map<String, Timer> invocations = new ConcurrentHashMap<>();
    private final Map<String, Timer> departmentCalls = new ConcurrentHashMap<>();
    private final Map<String, Timer> departmentLatency = new ConcurrentHashMap<>();

    InvocationMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void invocation(String departmentCode, OperationType type, Outcome outcome, long nanos) {
        String department = departmentCode == null ? "none" : departmentCode;
        invocations
                .computeIfAbsent(
                        department + "|" + type.tag() + "|" + outcome.tag(),
                        key -> Timer.builder("janseva.invocations")
                                .description("Service invocations by department, operation type and outcome")
                                .tag("department", department)
                                .tag("type", type.tag())
                                .tag("outcome", outcome.tag())
                                .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Publishes a department's guards as gauges, once, when they are made.
     *
     * @param departmentCode the department
     * @param circuitBreaker its circuit breaker
     * @param saturation the share of its concurrent-call limit in use, read at each scrape
     */
    <T> void guards(String departmentCode, CircuitBreaker circuitBreaker, T guards, ToDoubleFunction<T> saturation) {
        Gauge.builder("janseva.department.circuit.state", circuitBreaker, InvocationMetrics::circuitState)
                .description("The department's circuit: 0 closed, 1 half-open, 2 open")
                .tag("department", departmentCode)
                .register(meters);
        Gauge.builder("janseva.department.bulkhead.saturation", guards, saturation)
                .description("Share of the department's concurrent-call limit in use (0 to 1)")
                .tag("department", departmentCode)
                .register(meters);
    }

    private static double circuitState(CircuitBreaker circuitBreaker) {
        return switch (circuitBreaker.getState()) {
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
            default -> 0;
        };
    }

    /**
     * Counts the call by department and outcome ({@code janseva.department.calls}: count, sum,
     * max), and records its latency in the department's histogram ({@code
     * janseva.department.latency}, for p50/p95/p99). The histogram is not also split by outcome:
     * its ~45 buckets per series, times 1,368 departments, times the outcomes, would swamp
     * Prometheus, and the latency boards sum over the outcomes anyway.
     */
    void departmentCall(String departmentCode, Outcome outcome, long nanos) {
        departmentCalls
                .computeIfAbsent(
                        departmentCode + "|" + outcome.tag(),
                        key -> Timer.builder("janseva.department.calls")
                                .description("Calls to department systems by department and outcome")
                                .tag("department", departmentCode)
                                .tag("outcome", outcome.tag())
                                .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
        departmentLatency
                .computeIfAbsent(
                        departmentCode,
                        key -> Timer.builder("janseva.department.latency")
                                .description("Latency of calls to a department system, every outcome")
                                .tag("department", departmentCode)
                                .publishPercentileHistogram()
                                .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
