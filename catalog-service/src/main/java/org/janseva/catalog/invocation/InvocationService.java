package org.janseva.catalog.invocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.janseva.adapter.spi.AdapterResponse;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.DepartmentCallException;
import org.janseva.adapter.spi.InvocationRequest;
import org.janseva.adapter.spi.OperationSpec;
import org.janseva.adapter.spi.Refusal;
import org.janseva.catalog.adapter.AdapterRegistry;
import org.janseva.catalog.adapter.AdapterSettingsCodec;
import org.janseva.catalog.adapter.CommonSettings;
import org.janseva.catalog.adapter.InputPlacement;
import org.janseva.catalog.catalogue.Catalogue;
import org.janseva.catalog.catalogue.CatalogueEntry;
import org.janseva.catalog.catalogue.CatalogueSnapshot;
import org.janseva.catalog.catalogue.Channel;
import org.janseva.catalog.catalogue.Department;
import org.janseva.catalog.catalogue.Operation;
import org.janseva.platform.core.web.CountryCodes;
import org.janseva.platform.security.Caller;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

/**
 * One invocation of a catalogue operation, end to end: the entry and operation from the
 * in-memory catalogue (404 when unknown or not published, or not for this caller), the caller's
 * channel and country (403; for a service acting for a citizen, only when it passes the citizen's
 * {@code X-Channel} or {@code X-Country} on), the input against the operation's JSON Schema (400 with field
 * errors), the per-citizen answer cache, then the department's adapter inside the department's
 * guards ({@link DepartmentCalls}). Timeouts become 504, an open circuit or a full bulkhead 503
 * with {@code Retry-After}, department failures and garbage 502; the department's own body,
 * headers and error text never reach the caller. Every call is audited and counted, and a
 * successful one is reported to the citizen's recent services, all off the request path.
 */
@Service
class InvocationService {

    private static final Logger log = LoggerFactory.getLogger(InvocationService.class);
    private static final Pattern CITIZEN_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

    private final Catalogue catalogue;
    private final AdapterRegistry adapters;
    private final AdapterSettingsCodec settings;
    private final InputValidator validator;
    private final DepartmentCalls calls;
    private final InvocationCache cache;
    private final AuditTrail audit;
    private final InvocationMetrics metrics;
    private final RecentServicesReporter recent;
    private final InvocationProperties properties;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    InvocationService(
            Catalogue catalogue,
            AdapterRegistry adapters,
            AdapterSettingsCodec settings,
            InputValidator validator,
            DepartmentCalls calls,
            InvocationCache cache,
            AuditTrail audit,
            InvocationMetrics metrics,
            RecentServicesReporter recent,
            InvocationProperties properties,
            ObjectProvider<Clock> clock) {
        this.catalogue = catalogue;
        this.adapters = adapters;
        this.settings = settings;
        this.validator = validator;
        this.calls = calls;
        this.cache = cache;
        this.audit = audit;
        this.metrics = metrics;
        this.recent = recent;
        this.properties = properties;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    /**
     * What the controller hands over. The service code is canonical (upper case) from here on:
     * codes are case-insensitive, as in {@code GET /api/v1/catalog/services/{code}}, so the lookup,
     * the audit row, the cache key and the recent-services report all see {@code EPFO-PASSBOOK}
     * however the citizen's app spelled it.
     */
    record Call(
            Caller caller,
            String serviceCode,
            String operationCode,
            JsonNode input,
            String channel,
            String country,
            String requestId) {

        Call {
            serviceCode = serviceCode == null ? null : serviceCode.toUpperCase(Locale.ROOT);
        }
    }

    /** The state of one invocation, for its audit row and metrics. */
    private static final class Trace {
        final long startNanos;
        String citizenId;
        String departmentCode;
        OperationType operationType = OperationType.UNKNOWN;
        Outcome outcome = Outcome.ERROR;
        int status = 500;

        Trace(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    InvocationView invoke(Call call) {
        Trace trace = new Trace(System.nanoTime());
        Instant arrived = clock.instant();
        try {
            InvocationView view = invoke(call, trace);
            trace.status = 200;
            return view;
        } catch (ApiException ex) {
            trace.status = ex.getStatus().value();
            throw ex;
        } finally {
            record(call, trace, arrived);
        }
    }

    /**
     * A call refused while its body was read, before {@link #invoke} could run: a body that is not
     * one JSON document (unterminated, two documents, a member given twice, nested too deep), too
     * large, or of another content type. It is audited and counted as every call is, with the
     * outcome {@code INVALID} and the status the caller got: under its entry's department (and
     * operation type) when the entry is published (and the operation is one the caller may call),
     * as an unknown service or operation is audited otherwise (no department, type unknown).
     *
     * @param call the call, without its input
     * @param status the status the caller got (400, 413, 415)
     * @param startNanos when the call arrived, by {@link System#nanoTime()}
     * @param arrived when the call arrived; {@code null} for now
     */
    void refusedBody(Call call, int status, long startNanos, Instant arrived) {
        Trace trace = new Trace(startNanos);
        trace.outcome = Outcome.INVALID;
        trace.status = status;
        Caller caller = call.caller();
        if (caller.isCitizen()) {
            trace.citizenId = caller.subject();
        } else if (caller.isService()
                && caller.onBehalfOf() != null
                && CITIZEN_ID.matcher(caller.onBehalfOf()).matches()) {
            trace.citizenId = caller.onBehalfOf();
        }
        catalogue
                .current()
                .entry(call.serviceCode())
                .filter(CatalogueEntry::published)
                .ifPresent(entry -> {
                    trace.departmentCode = entry.department().code();
                    entry.operation(call.operationCode())
                            .filter(op -> caller.isService() || citizensMayCall(entry.department(), op))
                            .ifPresent(op -> trace.operationType = OperationType.of(op));
                });
        record(call, trace, arrived == null ? clock.instant() : arrived);
    }

    /** Counts the call and queues its audit row, off the request path. */
    private void record(Call call, Trace trace, Instant arrived) {
        long nanos = System.nanoTime() - trace.startNanos;
        metrics.invocation(trace.departmentCode, trace.operationType, trace.outcome, nanos);
        audit.record(new InvocationAudit(
                arrived,
                call.requestId(),
                trace.citizenId,
                call.caller().clientId().orElse(null),
                call.serviceCode(),
                call.operationCode(),
                trace.departmentCode,
                trace.outcome,
                trace.status,
                nanos / 1_000_000));
    }

    private InvocationView invoke(Call call, Trace trace) {
        Caller caller = call.caller();
        trace.citizenId = citizenOf(caller, trace);

        CatalogueSnapshot snapshot = catalogue.current();
        CatalogueEntry entry = snapshot.entry(call.serviceCode())
                .filter(CatalogueEntry::published)
                .orElseThrow(
                        () -> notFound(trace, "SERVICE_NOT_FOUND", "Service not found", "No such service is offered."));
        trace.departmentCode = entry.department().code();
        Operation operation = entry.operation(call.operationCode())
                .filter(op -> caller.isService() || citizensMayCall(entry.department(), op))
                .orElseThrow(() -> notFound(
                        trace, "OPERATION_NOT_FOUND", "Operation not found", "The service has no such operation."));
        trace.operationType = OperationType.of(operation);
        // a service acting for a citizen passes on the citizen's channel and country when it has
        // them (payment-service's fetch-bill), so that the citizen meets the same rule either way;
        // a call without them (confirm-payment from the outbox) is the platform's own
        if (!caller.isService() || namesChannelOrCountry(call)) {
            checkChannelAndCountry(entry, call, trace);
        }

        JsonNode input = call.input() == null || call.input().isNull() ? json.createObjectNode() : call.input();
        if (!input.isObject()) {
            throw invalid(trace, List.of(new FieldErrorView("body", "must be a JSON object")));
        }
        List<FieldErrorView> errors;
        try {
            errors = validator.validate(operation.inputSchema(), input);
        } catch (InputValidator.UnusableInputSchemaException ex) {
            log.error(
                    "Invocation of {} {} failed: its stored input schema cannot check inputs ({})",
                    entry.code(),
                    operation.code(),
                    ex.getMessage());
            throw misconfigured(trace);
        }
        if (!errors.isEmpty()) {
            throw invalid(trace, errors);
        }
        // a value in a path segment or a header that the place cannot carry: . and .. would move the
        // call to another of the department's addresses, with the platform's credentials
        List<FieldErrorView> misplaced =
                InputPlacement.problems(operation.pathTemplate(), operation.options(), input).entrySet().stream()
                        .map(problem -> new FieldErrorView(problem.getKey(), problem.getValue()))
                        .toList();
        if (!misplaced.isEmpty()) {
            throw invalid(trace, misplaced);
        }
        // 1e2 or 100.0 for an integer field reaches the department as 100
        input = InputPlacement.canonicalNumbers(operation.inputSchema(), input);

        // an operation that is not idempotent (a grievance, an application) always reaches the
        // department, whatever TTL its row may hold: a cached answer would drop the second one
        Optional<Duration> ttl = operation.idempotent() ? operation.cacheTimeToLive() : Optional.empty();
        Object cacheKey = null;
        if (ttl.isPresent()) {
            cacheKey = cache.key(snapshot.version(), trace.citizenId, entry.code(), operation.code(), input);
            Object cached = cache.get(cacheKey);
            if (cached != null) {
                trace.outcome = Outcome.CACHED;
                recent.report(trace.citizenId, entry.code());
                return new InvocationView(cached, entry.code(), operation.code(), call.requestId());
            }
        }

        AdapterResponse response = callDepartment(entry, operation, input, call, trace);
        if (response.isRefusal()) {
            throw refused(trace, response.refusal());
        }
        trace.outcome = Outcome.SUCCESS;
        Object data = response.isPassThrough() ? new RawValue(response.jsonText()) : response.data();
        if (cacheKey != null) {
            cache.put(cacheKey, data, ttl.get());
        }
        recent.report(trace.citizenId, entry.code());
        return new InvocationView(data, entry.code(), operation.code(), call.requestId());
    }

    @SuppressWarnings("unchecked")
    private AdapterResponse callDepartment(
            CatalogueEntry entry, Operation operation, JsonNode input, Call call, Trace trace) {
        Department department = entry.department();
        DepartmentAdapter adapter;
        AdapterSettings adapterSettings;
        try {
            adapter = adapters.adapter(department.adapterType());
            adapterSettings = settings.open(department);
        } catch (RuntimeException ex) {
            log.error("Department {} cannot be called: {}", department.code(), ex.getMessage());
            throw departmentError(trace, Outcome.DEPARTMENT_ERROR);
        }
        Duration timeout = properties.departmentTimeout(adapterSettings);
        OperationSpec spec = new OperationSpec(
                operation.code(),
                operation.httpMethod(),
                operation.pathTemplate(),
                operation.responseMapping(),
                operation.idempotent(),
                operation.options(),
                InputPlacement.declaredFields(operation.inputSchema()));
        InvocationRequest request = new InvocationRequest(
                department.code(), entry.code(), spec, json.treeToValue(input, Map.class), call.requestId(), timeout);
        long start = System.nanoTime();
        try {
            AdapterResponse response = calls.call(
                    department.code(),
                    Math.min(
                            CommonSettings.maxConcurrentCalls(adapterSettings),
                            properties.maxDepartmentConcurrentCalls()),
                    timeout,
                    operation.idempotent(),
                    () -> adapter.invoke(request, adapterSettings));
            metrics.departmentCall(
                    department.code(),
                    response.isRefusal() ? Outcome.REFUSED : Outcome.SUCCESS,
                    System.nanoTime() - start);
            return response;
        } catch (DepartmentUnavailableException ex) {
            log.debug("{}", ex.getMessage());
            trace.outcome = Outcome.UNAVAILABLE;
            throw new ApiException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "DEPARTMENT_UNAVAILABLE",
                            "Department unavailable",
                            "The department's system is not taking calls just now; try again in "
                                    + ex.retryAfterSeconds() + " seconds.")
                    .withHeader("Retry-After", String.valueOf(ex.retryAfterSeconds()));
        } catch (DepartmentCallException ex) {
            boolean timedOut = ex.kind() == DepartmentCallException.Kind.TIMEOUT;
            Outcome outcome = timedOut ? Outcome.TIMEOUT : Outcome.DEPARTMENT_ERROR;
            metrics.departmentCall(department.code(), outcome, System.nanoTime() - start);
            log.warn(
                    "Department {} failed on {} {}: {} ({})",
                    department.code(),
                    entry.code(),
                    operation.code(),
                    ex.kind(),
                    ex.getMessage());
            if (timedOut) {
                trace.outcome = Outcome.TIMEOUT;
                throw new ApiException(
                        HttpStatus.GATEWAY_TIMEOUT,
                        "DEPARTMENT_TIMEOUT",
                        "Department timeout",
                        "The department's system did not answer in time; try again later.");
            }
            throw departmentError(trace, outcome);
        } catch (RuntimeException ex) {
            // the adapter could not make the call as the operation is stored (a row that does not
            // fit its department's adapter type): the platform's fault, told as a clear problem
            log.error("Invocation of {} {} failed in the adapter layer", entry.code(), operation.code(), ex);
            throw misconfigured(trace);
        }
    }

    /**
     * What the input schema declares at its top level: the adapter sends nothing else in a URL, even
     * for a schema stored before the admin API required {@code additionalProperties: false}.
     */
    /** The operation cannot be called as it is configured: the platform's fault, never the citizen's. */
    private static ApiException misconfigured(Trace trace) {
        trace.outcome = Outcome.ERROR;
        return new ApiException(
                HttpStatus.BAD_GATEWAY,
                "DEPARTMENT_ERROR",
                "Department error",
                "The service cannot reach the department's system as it is configured just now; try again later.");
    }

    /**
     * An operation is a citizen's when its visibility is CITIZEN and its department's adapter type
     * does not keep it for the platform's services (a biller's {@code confirm-payment}), whatever
     * the stored visibility says.
     */
    private boolean citizensMayCall(Department department, Operation operation) {
        return operation.citizenVisible() && !adapters.serviceOnly(department.adapterType(), operation.code());
    }

    private String citizenOf(Caller caller, Trace trace) {
        if (caller.isCitizen()) {
            return caller.subject();
        }
        if (caller.isService()) {
            String citizen = caller.onBehalfOf();
            if (citizen == null || !CITIZEN_ID.matcher(citizen).matches()) {
                trace.outcome = Outcome.INVALID;
                throw new ApiException(
                                HttpStatus.BAD_REQUEST,
                                "VALIDATION_FAILED",
                                "Validation failed",
                                "The request has invalid fields; see errors.")
                        .withProperty(
                                "errors",
                                List.of(new FieldErrorView(
                                        Caller.ON_BEHALF_OF_HEADER, "must name the citizen a service acts for")));
            }
            return citizen;
        }
        trace.outcome = Outcome.FORBIDDEN;
        throw new ApiException(
                HttpStatus.FORBIDDEN,
                "FORBIDDEN",
                "Access denied",
                "Services are invoked by citizens, or by the platform's services acting for one.");
    }

    private static boolean namesChannelOrCountry(Call call) {
        return (call.channel() != null && !call.channel().isBlank())
                || (call.country() != null && !call.country().isBlank());
    }

    private void checkChannelAndCountry(CatalogueEntry entry, Call call, Trace trace) {
        String channelHeader = call.channel() == null || call.channel().isBlank() ? "web" : call.channel();
        Channel channel = Channel.of(channelHeader)
                .orElseThrow(() -> invalid(
                        trace, List.of(new FieldErrorView("X-Channel", "must be one of android, ios, web, kaios"))));
        String country = CountryCodes.fromHeader(call.country())
                .orElseThrow(() -> invalid(trace, List.of(new FieldErrorView("X-Country", CountryCodes.RULE))));
        if (!entry.offeredOn(channel)) {
            trace.outcome = Outcome.FORBIDDEN;
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "CHANNEL_NOT_SUPPORTED",
                    "Channel not supported",
                    "This service is not offered on " + channel.code() + ".");
        }
        if (!entry.offeredIn(country)) {
            trace.outcome = Outcome.FORBIDDEN;
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "NOT_AVAILABLE_IN_COUNTRY",
                    "Not available in your country",
                    "This service is not offered in " + country + ".");
        }
    }

    private static ApiException notFound(Trace trace, String code, String title, String detail) {
        trace.outcome = Outcome.NOT_FOUND;
        return new ApiException(HttpStatus.NOT_FOUND, code, title, detail);
    }

    private static ApiException invalid(Trace trace, List<FieldErrorView> errors) {
        trace.outcome = Outcome.INVALID;
        return new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "VALIDATION_FAILED",
                        "Validation failed",
                        "The request has invalid fields; see errors.")
                .withProperty("errors", errors);
    }

    private static ApiException refused(Trace trace, Refusal refusal) {
        trace.outcome = Outcome.REFUSED;
        HttpStatus status = HttpStatus.valueOf(refusal.kind().status());
        String title =
                refusal.kind() == Refusal.Kind.NOT_FOUND ? "Not found at the department" : "Refused by the department";
        return new ApiException(status, refusal.code(), title, refusal.message());
    }

    private static ApiException departmentError(Trace trace, Outcome outcome) {
        trace.outcome = outcome;
        return new ApiException(
                HttpStatus.BAD_GATEWAY,
                "DEPARTMENT_ERROR",
                "Department error",
                "The department's system could not answer properly; try again later.");
    }
}
