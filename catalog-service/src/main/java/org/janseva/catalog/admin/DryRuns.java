package org.janseva.catalog.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.janseva.adapter.spi.AdapterResponse;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.DepartmentCallException;
import org.janseva.adapter.spi.InvocationRequest;
import org.janseva.adapter.spi.OperationSpec;
import org.janseva.catalog.adapter.AdapterRegistry;
import org.janseva.catalog.adapter.AdapterSettingsCodec;
import org.janseva.catalog.adapter.DepartmentAuth;
import org.janseva.catalog.adapter.DepartmentHttp;
import org.janseva.catalog.adapter.InputPlacement;
import org.janseva.catalog.invocation.InputValidator;
import org.janseva.catalog.invocation.InvocationProperties;
import org.janseva.platform.security.Caller;
import org.janseva.platform.web.FieldErrorView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Dry runs: one operation of a service, whatever its status, called on its department with the
 * integrator's input, exactly as a citizen's call would be made (same input check, same settings,
 * same adapter, same HTTP client and SSRF guard), but outside the citizen path: not through the
 * department's circuit breaker or bulkhead (a dry run must reach a department whose circuit is
 * open, and must not open it), not in the invocation metrics or audit, never cached. The answer
 * shows the department's raw answer, the mapped answer and the latency; values of the department's
 * secrets are masked in it, should the department echo them. Each dry run is in the admin audit
 * (without its input).
 *
 * <p>Like a citizen's call, a dry run takes at most the department's {@code timeoutMs} (capped
 * at the platform's maximum department timeout), OAuth2 token fetch included: its exchanges end
 * at that deadline ({@link DepartmentHttp#within}), and the adapter runs on a worker thread that
 * is given up on a moment after it, for an adapter that does not honour its timeout. A dry run
 * that runs out of time is reported as a {@code TIMEOUT} failure, well before the gateway's route
 * timeout.
 */
@Service
class DryRuns implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DryRuns.class);
    private static final Set<String> FIELDS = Set.of("serviceCode", "operationCode", "input");
    private static final String MISCONFIGURED = "MISCONFIGURED";
    /** How long after its deadline an adapter that does not honour it is given up on. */
    private static final long GRACE_MILLIS = 250;
    /**
     * Workers for dry runs at once; when all are busy (adapters overrunning their time), a dry run
     * runs on the request's thread, where its exchanges' deadline still bounds it.
     */
    private static final int WORKERS = 4;

    private final DepartmentAdmin departments;
    private final ServiceAdmin services;
    private final AdapterRegistry registry;
    private final AdapterSettingsCodec codec;
    private final InputValidator validator;
    private final InvocationProperties invocation;
    private final AdminAudit audit;
    private final JsonMapper json;
    private final DepartmentAuth auth;
    private final DepartmentHttp http;
    private final ThreadPoolExecutor workers;

    DryRuns(
            DepartmentAdmin departments,
            ServiceAdmin services,
            AdapterRegistry registry,
            AdapterSettingsCodec codec,
            InputValidator validator,
            InvocationProperties invocation,
            AdminAudit audit,
            JsonMapper json,
            DepartmentAuth auth,
            DepartmentHttp http) {
        this.departments = departments;
        this.services = services;
        this.registry = registry;
        this.codec = codec;
        this.validator = validator;
        this.invocation = invocation;
        this.audit = audit;
        this.json = json;
        this.auth = auth;
        this.http = http;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, WORKERS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "dry-run-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    AdminViews.DryRunView run(Caller caller, String requestId, String departmentCode, JsonNode body) {
        DepartmentAdmin.Stored department = departments.find(departmentCode, false);
        if (department == null) {
            throw AdminProblems.departmentNotFound(departmentCode);
        }
        if (body == null || !body.isObject()) {
            throw AdminProblems.invalid(
                    "body", "must be a JSON object: {\"serviceCode\", \"operationCode\", \"input\"}");
        }
        RequestFields fields = new RequestFields();
        fields.onlyKnown(body, "", FIELDS);
        // in any case, as the path's department code (the audit row and the call name it as stored)
        String serviceCode = AdminCodes.code(fields.text(body, "serviceCode", "serviceCode", true, 64, null, null));
        String operationCode = fields.text(body, "operationCode", "operationCode", true, 60, null, null);
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            input = JsonNodeFactory.instance.objectNode();
        } else if (!input.isObject()) {
            fields.error("input", "must be a JSON object: the operation's input");
        }
        if (fields.hasErrors()) {
            throw AdminProblems.invalid(fields.errors());
        }
        AdminViews.ServiceView service = services.get(serviceCode);
        if (!service.department().equals(departmentCode)) {
            throw AdminProblems.serviceNotFound(serviceCode);
        }
        AdminViews.OperationView operation = service.operations().stream()
                .filter(op -> op.code().equals(operationCode))
                .findFirst()
                .orElseThrow(() -> new org.janseva.platform.web.ApiException(
                        org.springframework.http.HttpStatus.NOT_FOUND,
                        "OPERATION_NOT_FOUND",
                        "Operation not found",
                        "The service has no such operation."));
        List<FieldErrorView> inputErrors = new ArrayList<>();
        try {
            for (FieldErrorView error : validator.validate(operation.inputSchema(), input)) {
                inputErrors.add(new FieldErrorView("input." + error.field(), error.message()));
            }
        } catch (InputValidator.UnusableInputSchemaException ex) {
            // as a citizen's call would fail, told as the operation's misconfiguration
            log.warn(
                    "Dry run of {} {}: its input schema cannot check inputs ({})",
                    serviceCode,
                    operationCode,
                    ex.getMessage());
            return audited(
                    caller,
                    departmentCode,
                    serviceCode,
                    requestId,
                    failed(
                            serviceCode,
                            operationCode,
                            System.nanoTime(),
                            0,
                            MISCONFIGURED,
                            "The operation's input schema cannot check inputs (a reference that resolves nowhere or"
                                    + " only to itself); citizens' calls fail the same way. The department was not"
                                    + " called.",
                            null,
                            null,
                            requestId));
        }
        if (inputErrors.isEmpty()) {
            InputPlacement.problems(operation.path(), operation.options(), input)
                    .forEach((field, message) -> inputErrors.add(new FieldErrorView("input." + field, message)));
        }
        if (!inputErrors.isEmpty()) {
            throw AdminProblems.invalid(inputErrors);
        }

        DepartmentAdapter adapter = registry.find(department.adapterType())
                .orElseThrow(() -> AdminProblems.unprocessable(
                        "DEPARTMENT_NOT_READY",
                        "Department not ready",
                        "The department's adapter type is not installed on this instance.",
                        List.of()));
        AdapterSettings settings;
        try {
            settings = departments.open(department);
        } catch (RuntimeException ex) {
            throw AdminProblems.unprocessable(
                    "DEPARTMENT_NOT_READY",
                    "Department not ready",
                    "The department's settings cannot be read (a secret does not decrypt, or an alias is missing).",
                    List.of());
        }
        Duration timeout = invocation.departmentTimeout(settings);
        // as for a citizen's call: only the fields the schema declares go out in an automatic query,
        // and 1e2 or 100.0 for an integer field reaches the department as 100
        OperationSpec spec = new OperationSpec(
                operation.code(),
                operation.method(),
                operation.path(),
                operation.responseMapping(),
                operation.idempotent(),
                operation.options(),
                InputPlacement.declaredFields(operation.inputSchema()));
        @SuppressWarnings("unchecked")
        Map<String, Object> values =
                json.treeToValue(InputPlacement.canonicalNumbers(operation.inputSchema(), input), Map.class);
        InvocationRequest request =
                new InvocationRequest(departmentCode, serviceCode, spec, values, requestId, timeout);
        List<String> secrets = secretValues(department.adapterType(), settings);

        long start = System.nanoTime();
        AdminViews.DryRunView view;
        try {
            AdapterResponse response;
            try {
                response = invokeWithin(departmentCode, timeout, () -> adapter.invoke(request, settings));
            } finally {
                // the OAuth2 access token the call was made with is as much a secret as the client's
                secrets.addAll(maskable(auth.tokensOf(departmentCode)));
            }
            long latency = millisSince(start);
            if (response.isRefusal()) {
                view = new AdminViews.DryRunView(
                        serviceCode,
                        operationCode,
                        "REFUSED",
                        latency,
                        response.status(),
                        mask(tree(response.raw()), secrets),
                        null,
                        null,
                        new AdminViews.RefusalView(
                                response.refusal().kind().status(),
                                response.refusal().code(),
                                response.refusal().message()),
                        null,
                        requestId);
            } else {
                JsonNode mapped = response.isPassThrough() ? parse(response.json()) : tree(response.data());
                JsonNode raw = response.isPassThrough() ? mapped : tree(response.raw());
                view = new AdminViews.DryRunView(
                        serviceCode,
                        operationCode,
                        "SUCCESS",
                        latency,
                        response.status(),
                        mask(raw, secrets),
                        null,
                        mask(mapped, secrets),
                        null,
                        null,
                        requestId);
            }
        } catch (DepartmentCallException ex) {
            DepartmentCallException.Answer answer = ex.answer().orElse(null);
            view = failed(
                    serviceCode,
                    operationCode,
                    start,
                    ex.departmentStatus() > 0 || answer == null ? ex.departmentStatus() : answer.status(),
                    ex.kind().name(),
                    mask(ex.getMessage(), secrets),
                    answer == null ? null : raw(answer, secrets),
                    answer != null && answer.truncated() ? Boolean.TRUE : null,
                    requestId);
        } catch (RuntimeException ex) {
            log.warn("Dry run of {} {} failed in the adapter: {}", serviceCode, operationCode, ex.toString());
            view = failed(
                    serviceCode,
                    operationCode,
                    start,
                    0,
                    MISCONFIGURED,
                    "The adapter could not make this call as the operation is configured; the service's log has the "
                            + "details under the request id.",
                    null,
                    null,
                    requestId);
        }
        return audited(caller, departmentCode, serviceCode, requestId, view);
    }

    /**
     * @return the adapter's answer, its exchanges ended by the deadline
     * @throws DepartmentCallException {@code TIMEOUT} when the adapter is still at work a moment
     *     after the deadline
     */
    private AdapterResponse invokeWithin(String departmentCode, Duration timeout, Supplier<AdapterResponse> invoke) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        Callable<AdapterResponse> task = () -> {
            // the request id travels to the department from the MDC
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                return http.within(timeout, invoke);
            } finally {
                MDC.clear();
            }
        };
        Future<AdapterResponse> future;
        try {
            future = workers.submit(task);
        } catch (RejectedExecutionException ex) {
            return http.within(timeout, invoke);
        }
        try {
            return future.get(timeout.toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
            future.cancel(true);
            throw new DepartmentCallException(
                    DepartmentCallException.Kind.TIMEOUT,
                    0,
                    "Department " + departmentCode + " did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException ex) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DepartmentCallException(
                    DepartmentCallException.Kind.TIMEOUT, 0, "The dry run was interrupted before its answer");
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (ex.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("A dry run failed unexpectedly", ex.getCause());
        }
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }

    /** Each dry run is in the admin audit, without its input. */
    private AdminViews.DryRunView audited(
            Caller caller, String departmentCode, String serviceCode, String requestId, AdminViews.DryRunView view) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operation", view.operationCode());
        details.put("outcome", view.outcome());
        details.put("latencyMs", view.latencyMs());
        if (view.departmentStatus() != null) {
            details.put("departmentStatus", view.departmentStatus());
        }
        if (view.refusal() != null) {
            details.put("refusal", view.refusal().code());
        }
        if (view.failure() != null) {
            details.put("failure", view.failure().kind());
        }
        audit.record(
                caller.subject(), AdminAudit.Action.SERVICE_DRY_RUN, departmentCode, serviceCode, requestId, details);
        return view;
    }

    private static AdminViews.DryRunView failed(
            String serviceCode,
            String operationCode,
            long start,
            int departmentStatus,
            String kind,
            String message,
            Object raw,
            Boolean rawTruncated,
            String requestId) {
        return new AdminViews.DryRunView(
                serviceCode,
                operationCode,
                "FAILED",
                millisSince(start),
                departmentStatus > 0 ? departmentStatus : null,
                raw,
                rawTruncated,
                null,
                null,
                new AdminViews.FailureView(kind, message),
                requestId);
    }

    private List<String> secretValues(String type, AdapterSettings settings) {
        List<String> values = new ArrayList<>();
        for (String path : codec.secretPaths(type)) {
            settings.string(path)
                    .filter(v -> v.length() >= DepartmentAuth.MIN_SECRET_LENGTH)
                    .ifPresent(values::add);
        }
        // a department that echoes its Authorization header shows the password Base64-encoded
        if (settings.string("auth.password").isPresent()) {
            values.add(DepartmentAuth.basicCredentials(settings));
        }
        return values;
    }

    /** Secrets long enough to be masked (a shorter one would mask ordinary text). */
    private static List<String> maskable(List<String> secrets) {
        return secrets.stream()
                .filter(v -> v.length() >= DepartmentAuth.MIN_SECRET_LENGTH)
                .toList();
    }

    /**
     * A failed call's answer as the integrator sees it: its JSON when it is whole JSON, else its text
     * (a body cut at the SPI's limit is never parsed); secrets masked, also one the cut left half of.
     */
    private Object raw(DepartmentCallException.Answer answer, List<String> secrets) {
        byte[] body = answer.body();
        if (body.length == 0) {
            return null;
        }
        if (!answer.truncated()) {
            JsonNode tree = parse(body);
            if (tree != null && !tree.isMissingNode()) {
                return mask(tree, secrets);
            }
        }
        String text = mask(new String(body, StandardCharsets.UTF_8), secrets);
        return answer.truncated() ? maskCutSecret(text, secrets) : text;
    }

    /** Masks the start of a secret that ends a text cut short (the rest of it was cut off). */
    private static String maskCutSecret(String text, List<String> secrets) {
        for (String secret : secrets) {
            for (int length = secret.length() - 1; length > 0; length--) {
                if (text.endsWith(secret.substring(0, length))) {
                    return text.substring(0, text.length() - length) + AdapterSettingsCodec.REDACTED;
                }
            }
        }
        return text;
    }

    private JsonNode tree(Object value) {
        return value == null ? null : json.valueToTree(value);
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException ex) {
            return null;
        }
    }

    /** A copy of the tree in which every secret value inside a string is replaced by {@code ******}. */
    private static JsonNode mask(JsonNode node, List<String> secrets) {
        if (node == null || secrets.isEmpty()) {
            return node;
        }
        if (node.isString()) {
            return JsonNodeFactory.instance.stringNode(mask(node.asString(), secrets));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                copy.set(mask(member.getKey(), secrets), mask(member.getValue(), secrets));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(mask(item, secrets)));
            return copy;
        }
        return node;
    }

    private static String mask(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, AdapterSettingsCodec.REDACTED);
        }
        return masked;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
