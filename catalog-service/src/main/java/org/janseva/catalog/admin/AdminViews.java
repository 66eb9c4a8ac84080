package org.janseva.catalog.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The answers of the admin API. A shape whose record shares its name with one of the public
 * catalogue's ({@code browse/Views}) is named {@code Admin...} in the OpenAPI document: springdoc
 * names a schema by its class's simple name, and of two same-named ones keeps only one, so the
 * public catalogue's operations were documented with the admin shapes.
 */
final class AdminViews {

    private AdminViews() {}

    /**
     * A department.
     *
     * @param code its code
     * @param name its name per language
     * @param type CENTRAL, STATE or UTILITY
     * @param state its state code, or null
     * @param adapter the adapter type and its settings as stored: endpoint aliases unresolved, each
     *     secret that is set shown as {@code ******}
     * @param secrets every secret setting of the adapter type: {@code set} or {@code unset}
     * @param services how many services it has, by status
     * @param createdAt when it was created
     * @param updatedAt when it was last changed
     */
    @Schema(name = "AdminDepartmentView")
    record DepartmentView(
            String code,
            Map<String, String> name,
            String type,
            String state,
            Map<String, Object> adapter,
            Map<String, String> secrets,
            ServiceCounts services,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    /** A department's services by status. */
    record ServiceCounts(long total, long published, long draft, long suspended) {}

    /**
     * A page of items, as every list of the platform.
     *
     * @param items the items
     * @param page where it is
     */
    record Page<T>(List<T> items, PageMeta page) {

        static <T> Page<T> of(List<T> items, int number, int size, long total) {
            return new Page<>(items, new PageMeta(number, size, total, total == 0 ? 0 : (total + size - 1) / size));
        }
    }

    record PageMeta(int number, int size, long totalElements, long totalPages) {}

    /**
     * A service (catalogue entry) as its department's integrator sees it, whatever its status.
     *
     * @param code its code
     * @param department its department's code
     * @param category its category's code
     * @param type its department's type
     * @param status DRAFT, PUBLISHED or SUSPENDED
     * @param channels where it is offered
     * @param countries where it is offered (ISO 3166-1 alpha-2)
     * @param name its name per language
     * @param description its description per language
     * @param synonyms extra search terms per language
     * @param operations its operations, in order
     * @param createdAt when it was created
     * @param updatedAt when it was last changed
     */
    @Schema(name = "AdminServiceView")
    record ServiceView(
            String code,
            String department,
            String category,
            String type,
            String status,
            List<String> channels,
            List<String> countries,
            Map<String, String> name,
            Map<String, String> description,
            Map<String, List<String>> synonyms,
            List<OperationView> operations,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    /**
     * An operation of a service.
     *
     * @param code its code
     * @param name its name per language
     * @param method the HTTP method the department expects
     * @param path the path relative to the department's base URL, with {placeholders}
     * @param inputSchema the JSON Schema (2020-12) of its input
     * @param responseMapping output field to JSON pointer into the department's answer
     * @param idempotent whether it may be retried
     * @param cacheTtlSeconds how long an answer may be cached per citizen, or null
     * @param visibility CITIZEN or SERVICE (only the platform's services may call it)
     * @param options further settings of the adapter type
     */
    @Schema(name = "AdminOperationView")
    record OperationView(
            String code,
            Map<String, String> name,
            String method,
            String path,

            @Schema(description = "The JSON Schema (2020-12) of its input, an object")
            JsonNode inputSchema,

            Map<String, String> responseMapping,
            boolean idempotent,
            Integer cacheTtlSeconds,
            String visibility,
            Map<String, Object> options) {}

    /**
     * A dry run: one operation called on the department, nothing published, no citizen metrics.
     *
     * @param serviceCode the service
     * @param operationCode the operation
     * @param outcome SUCCESS, REFUSED (the department said no: what a citizen would get as 404/422)
     *     or FAILED (timeout, unreachable, error status, garbage: a citizen would get 502/504)
     * @param latencyMs how long the department took, in ms
     * @param departmentStatus the department's HTTP status, when it answered
     * @param raw the department's answer as it came (secrets of the department's settings masked):
     *     its JSON, or for a failure whose answer is not JSON its text; a failure's answer is kept up
     *     to its first 4 KiB
     * @param rawTruncated {@code true} when the failure's answer was longer than what {@code raw}
     *     shows
     * @param mapped what a citizen would receive in {@code data}
     * @param refusal the refusal a citizen would see
     * @param failure why the call failed
     * @param requestId the request id, also sent to the department
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DryRunView(
            String serviceCode,
            String operationCode,
            String outcome,
            long latencyMs,
            Integer departmentStatus,
            Object raw,
            Boolean rawTruncated,
            Object mapped,
            RefusalView refusal,
            FailureView failure,
            String requestId) {}

    /** @param status the status a citizen would get, @param code its code, @param message its text */
    record RefusalView(int status, String code, String message) {}

    /** @param kind TIMEOUT, UNREACHABLE, SERVER_ERROR, BAD_ANSWER or MISCONFIGURED, @param message why */
    record FailureView(String kind, String message) {}

    /**
     * A department's health.
     *
     * @param department its code
     * @param status UP, DEGRADED or DOWN, from its circuit on this instance
     * @param circuit its circuit breaker on this instance (each instance keeps its own)
     * @param recent its calls over the last minutes, on every instance (from the invocation audit)
     * @param probe a live probe of the department, when asked for ({@code ?probe=true})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HealthView(String department, String status, CircuitView circuit, RecentView recent, ProbeView probe) {}

    /**
     * @param state CLOSED, OPEN, HALF_OPEN (or NOT_CALLED when this instance never called it)
     * @param failureRate percentage of failed calls in the window, or -1 before enough calls
     * @param slowCallRate percentage of slow calls in the window, or -1 before enough calls
     * @param bufferedCalls calls in the window
     * @param failedCalls failed calls in the window
     * @param notPermittedCalls calls refused while open
     * @param inFlight calls in flight now
     * @param maxConcurrentCalls its bulkhead
     */
    record CircuitView(
            String state,
            float failureRate,
            float slowCallRate,
            int bufferedCalls,
            int failedCalls,
            long notPermittedCalls,
            int inFlight,
            int maxConcurrentCalls) {}

    /**
     * @param minutes the window
     * @param from its start
     * @param to its end
     * @param calls calls that reached the department
     * @param errors of those, failures (timeouts and errors)
     * @param errorRate errors / calls, 0 without calls
     * @param refusals answers that said no (not errors)
     * @param timeouts calls that timed out
     * @param unavailable calls refused by the circuit or the bulkhead without reaching it
     * @param latencyMs latency percentiles (p50, p90, p95, p99, max) of the calls that reached it
     */
    record RecentView(
            int minutes,
            OffsetDateTime from,
            OffsetDateTime to,
            long calls,
            long errors,
            double errorRate,
            long refusals,
            long timeouts,
            long unavailable,
            Map<String, Long> latencyMs) {}

    /** @param reachable whether it answered as expected, @param latencyMs how fast, @param message what it said */
    record ProbeView(boolean reachable, long latencyMs, String message) {}

    /**
     * One row of the audit trail.
     *
     * @param id its id: an opaque string (API.md), as every id of the platform
     * @param occurredAt when
     * @param actor who (the admin client's or admin user's id)
     * @param action what
     * @param department the department concerned
     * @param service the service concerned, if any
     * @param requestId the request that did it
     * @param details what changed (secrets named, never shown)
     */
    record AuditEntryView(
            @Schema(description = "The row's id, an opaque string", example = "13")
            String id,

            OffsetDateTime occurredAt,
            String actor,
            String action,
            String department,
            String service,
            String requestId,
            Map<String, Object> details) {}
}
