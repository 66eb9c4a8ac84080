package org.janseva.catalog.invocation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Counts invocations and times department calls, tagged by department and outcome only: never by
 * catalogue entry or citizen (2,000 entries would swamp Prometheus with series).
 *
 * <ul>
 *   <li>{@code janseva.invocations} (timer): every invocation, with its outcome; department
 *       {@code none} when the entry was unknown;
 *   <li>{@code janseva.department.calls} (timer with a latency histogram): calls that reached a
 *       department, by how they ended.
 * </ul>
 *
 * The department circuit breakers, bulkheads and time limiters have their own
 * {@code resilience4j_*} metrics, tagged by department.
 */
@Component
class InvocationMetrics {

    private final MeterRegistry meters;
    private final Map<String, Timer> invocations = new ConcurrentHashMap<>();
    private final Map<String, Timer> departmentCalls = new ConcurrentHashMap<>();

    InvocationMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void invocation(String departmentCode, Outcome outcome, long nanos) {
        String department = departmentCode == null ? "none" : departmentCode;
        invocations
                .computeIfAbsent(
                        department + "|" + outcome.tag(),
                        key -> Timer.builder("janseva.invocations")
                                .description("Service invocations by department and outcome")
                                .tag("department", department)
                                .tag("outcome", outcome.tag())
                                .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void departmentCall(String departmentCode, Outcome outcome, long nanos) {
        departmentCalls
                .computeIfAbsent(
                        departmentCode + "|" + outcome.tag(),
                        key -> Timer.builder("janseva.department.calls")
                                .description("Calls to department systems by department and outcome")
                                .tag("department", departmentCode)
                                .tag("outcome", outcome.tag())
                                .publishPercentileHistogram()
                                .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
