package org.janseva.catalog.invocation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.catalog.adapter.CommonSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code platform.catalog.invocation.*}. The per-department guards themselves (circuit breaker,
 * bulkhead, time limiter, retry) come from the {@code department} configurations of
 * {@code resilience4j.*} in {@code application.yml}: one template for every department.
 *
 * @param budget the longest a whole invocation may take, retries included; below the gateway's
 *     route timeout (5 s), so the citizen gets our answer and not the gateway's
 * @param maxDepartmentTimeout the cap on a department's {@code timeoutMs}
 * @param maxDepartmentConcurrentCalls the cap on a department's {@code maxConcurrentCalls}: no
 *     more than its host's connection pool ({@code platform.catalog.adapters.max-connections-per-host}),
 *     and a small share of the request and call threads every department shares, so that one
 *     department that hangs cannot hold the threads the others need
 * @param callThreads the most department calls in flight on this instance (each department is
 *     also held to its own bulkhead)
 * @param degradedFailureRate a closed circuit whose failure or slow-call rate reaches this
 *     percentage reports its department DEGRADED
 * @param cacheMaxEntries the most answers kept by the per-citizen answer cache
 * @param audit how the audit trail is written
 * @param recentServices how successful invocations are reported to user-service
 */
@Validated
@ConfigurationProperties("platform.catalog.invocation")
public record InvocationProperties(
        @NotNull Duration budget,
        @NotNull Duration maxDepartmentTimeout,
        @Min(1) @Max(500) int maxDepartmentConcurrentCalls,
        @Min(1) @Max(5000) int callThreads,
        @Min(1) @Max(100) float degradedFailureRate,
        @Min(0) long cacheMaxEntries,
        @NotNull Audit audit,
        @NotNull RecentServices recentServices) {

    /**
     * @param settings a department's adapter settings
     * @return the time a call to it may take, OAuth2 token fetch included: its {@code timeoutMs}, at
     *     most {@link #maxDepartmentTimeout}; the same for citizens' calls, dry runs and probes
     */
    public Duration departmentTimeout(AdapterSettings settings) {
        return Duration.ofMillis(Math.min(CommonSettings.timeoutMs(settings), maxDepartmentTimeout.toMillis()));
    }

    /**
     * @param queueCapacity audit rows waiting to be written, behind the batch being written (which
     *     is kept and retried while the database cannot take it); beyond it rows are dropped and
     *     counted
     * @param batchSize rows written per statement batch
     * @param flushInterval the longest a row waits before it is written
     */
    public record Audit(
            @Min(1) int queueCapacity,
            @Min(1) int batchSize,
            @NotNull Duration flushInterval) {}

    /**
     * @param enabled whether to report at all
     * @param timeout the longest a report may take
     * @param queueCapacity reports waiting to be sent; beyond it they are dropped and counted
     * @param repeatWindow the same service used again by the same citizen within this window is
     *     not reported again (it already heads the citizen's list)
     */
    public record RecentServices(
            boolean enabled,
            @NotNull Duration timeout,
            @Min(1) int queueCapacity,
            @NotNull Duration repeatWindow) {}
}
