package org.janseva.catalog.adapter.restjson;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.janseva.adapter.spi.AdapterResponse;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.DepartmentCallException;
import org.janseva.adapter.spi.DepartmentCallException.Kind;
import org.janseva.adapter.spi.InvocationRequest;
import org.janseva.adapter.spi.OperationSpec;
import org.janseva.adapter.spi.ProbeResult;
import org.janseva.adapter.spi.Refusal;
import org.janseva.adapter.spi.SettingDescriptor;
import org.janseva.adapter.spi.SettingProblem;
import org.janseva.catalog.adapter.DepartmentAuth;
import org.janseva.catalog.adapter.DepartmentHttp;
import org.janseva.catalog.adapter.DepartmentHttpAnswer;
import org.janseva.catalog.adapter.DepartmentHttpRequest;
import org.janseva.catalog.adapter.HeaderRules;
import org.janseva.catalog.adapter.InputPlacement;
import org.janseva.catalog.adapter.JsonPointers;
import org.janseva.catalog.adapter.UrlPaths;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * {@code rest-json}: a department reached over HTTP with JSON, described by data alone. The
 * department's settings give the base URL, authentication ({@link DepartmentAuth}) and static
 * headers; each operation gives the method and the path template, and its {@code options} give
 * how the input travels:
 *
 * <ul>
 *   <li>{@code {placeholders}} in the path are filled from the input, each value encoded as one
 *       path segment ({@code /} becomes {@code %2F}); a path template may end in a query part
 *       ({@code /offices?pincode={pincode}}), whose placeholders are encoded as query values, a
 *       parameter whose field the input leaves out being left out too;
 *   <li>{@code options.query} ({@code {"param": "inputField"}}) and {@code options.headers}
 *       ({@code {"Header-Name": "inputField"}}) map input fields to query parameters and headers;
 *       a GET or DELETE without {@code options.query} sends the inputs not used in the path as
 *       query parameters, only those the input schema declares when the operation names them
 *       ({@link OperationSpec#inputFields()}, as invocations do); a number is written in plain
 *       digits wherever it goes in the URL or a header ({@link InputPlacement#text});
 *   <li>POST, PUT and PATCH send the input as a JSON body ({@code options.bodyFields} picks some
 *       fields, {@code options.body: "none"} sends none).
 * </ul>
 *
 * The answer is mapped by the operation's response mapping (output field to JSON pointer) or, with
 * none, passed on as it is (a top-level array as {@code {"items": [...]}}), checked to be JSON but
 * never parsed into a tree. A 404 is the
 * refusal {@code RECORD_NOT_FOUND} and a 400, 409 or 422 the refusal {@code DEPARTMENT_REJECTED},
 * unless {@code options.refusals} names them ({@code {"404": {"code": "LICENCE_NOT_FOUND",
 * "message": "..."}}}); redirects are not followed (502); other statuses are failures.
 */
@Component
public class RestJsonAdapter implements DepartmentAdapter {

    public static final String TYPE = "rest-json";

    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ITEMS_PREFIX = "{\"items\":".getBytes(StandardCharsets.UTF_8);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    /** What an operation's {@code options} may hold; anything else is a typo to be told about. */
    private static final List<String> OPTIONS = List.of("body", "bodyFields", "headers", "query", "refusals");

    /** The settings that make auth's header, counted with the static headers. */
    private static final Set<String> CREDENTIALS = Set.of("auth.apiKey", "auth.username", "auth.password");

    /** What an entry of {@code options.refusals} may hold. */
    private static final List<String> REFUSAL_FIELDS = List.of("code", "message");

    private final DepartmentHttp http;
    private final DepartmentAuth auth;

    RestJsonAdapter(DepartmentHttp http, DepartmentAuth auth) {
        this.http = http;
        this.auth = auth;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Any department with an HTTP/JSON API, configured without code: base URL, authentication, "
                + "a method and path per operation, query and header mappings, JSON-pointer response mapping";
    }

    @Override
    public List<SettingDescriptor> settings() {
        return descriptors();
    }

    /** @return the settings of {@code rest-json}, which types built on it share */
    public static List<SettingDescriptor> descriptors() {
        List<SettingDescriptor> settings = new ArrayList<>();
        settings.add(SettingDescriptor.required(
                "baseUrl",
                SettingDescriptor.Kind.URL,
                "The department API's base URL; operation paths are relative to it"));
        settings.add(HeaderRules.STATIC_HEADERS);
        settings.add(UrlPaths.PROBE_PATH);
        settings.addAll(DepartmentAuth.DESCRIPTORS);
        return List.copyOf(settings);
    }

    @Override
    public List<SettingProblem> validate(AdapterSettings settings) {
        List<SettingProblem> problems = new ArrayList<>(auth.validate(settings));
        Map<String, Object> headers = settings.map("headers");
        headers.forEach((name, value) -> {
            HeaderRules.nameProblem(name)
                    .or(() -> HeaderRules.settingValueProblem(value))
                    .ifPresent(problem -> problems.add(new SettingProblem("headers." + name, problem)));
        });
        // each within bounds, together (with auth's header) they may still be more than the
        // department's server takes (a value over its own bound, or a bad credential, has its error
        // already)
        boolean eachFine = problems.stream()
                .noneMatch(p -> p.setting().startsWith("headers.") || CREDENTIALS.contains(p.setting()));
        if (eachFine || headers.size() > HeaderRules.MAX_STATIC_HEADERS) {
            HeaderRules.staticHeadersProblem(headers, DepartmentAuth.fixedHeader(settings))
                    .ifPresent(problem -> problems.add(new SettingProblem("headers", problem)));
        }
        // a probe path that forms no URL would fail every health probe
        settings.string("probePath")
                .flatMap(UrlPaths::pathProblem)
                .ifPresent(problem -> problems.add(new SettingProblem("probePath", problem)));
        return problems;
    }

    @Override
    public List<SettingProblem> validateOperation(OperationSpec operation) {
        List<SettingProblem> problems = new ArrayList<>();
        if (operation.method() == null || !METHODS.contains(operation.method())) {
            problems.add(new SettingProblem("method", "must be one of " + METHODS));
        }
        if (operation.path() == null || !operation.path().startsWith("/")) {
            problems.add(new SettingProblem("path", "must start with /"));
        } else if (operation.path().replaceAll(PLACEHOLDER.pattern(), "").matches(".*[{}#].*")
                || operation.path().indexOf('?') != operation.path().lastIndexOf('?')) {
            problems.add(new SettingProblem(
                    "path", "may hold only {name} placeholders and one query part (?a={field}&b=c), no fragment"));
        } else {
            UrlPaths.templateProblem(operation.path())
                    .ifPresent(problem -> problems.add(new SettingProblem("path", problem)));
        }
        operation.responseMapping().forEach((field, pointer) -> {
            if (!JsonPointers.isPointer(pointer)) {
                problems.add(
                        new SettingProblem("responseMapping." + field, "must be a JSON pointer such as /data/name"));
            }
        });
        for (String option : List.of("query", "headers")) {
            Object mapping = operation.options().get(option);
            if (mapping != null
                    && (!(mapping instanceof Map<?, ?> map)
                            || map.values().stream().anyMatch(v -> !(v instanceof String)))) {
                problems.add(new SettingProblem("options." + option, "must map names to input fields"));
            } else if (mapping instanceof Map<?, ?> map) {
                map.forEach((name, field) -> {
                    String at = "options." + option + "." + name;
                    Optional<String> nameProblem =
                            option.equals("headers") ? HeaderRules.nameProblem(String.valueOf(name)) : Optional.empty();
                    if (nameProblem.isPresent()) {
                        problems.add(new SettingProblem(at, nameProblem.get()));
                    } else if (String.valueOf(name).isBlank()) {
                        problems.add(new SettingProblem(at, "must name a query parameter"));
                    } else {
                        inputFieldProblem(operation, String.valueOf(field))
                                .ifPresent(problem -> problems.add(new SettingProblem(at, problem)));
                    }
                });
            }
        }
        for (String option : operation.options().keySet()) {
            if (!OPTIONS.contains(option)) {
                problems.add(new SettingProblem(
                        "options." + option, "is not an option of " + TYPE + "; known options: " + OPTIONS));
            }
        }
        Object bodyFields = operation.options().get("bodyFields");
        if (bodyFields != null
                && (!(bodyFields instanceof List<?> list) || list.stream().anyMatch(f -> !(f instanceof String)))) {
            problems.add(new SettingProblem("options.bodyFields", "must be a list of input field names"));
        } else if (bodyFields instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                int index = i;
                inputFieldProblem(operation, String.valueOf(list.get(i)))
                        .ifPresent(problem ->
                                problems.add(new SettingProblem("options.bodyFields[" + index + "]", problem)));
            }
        }
        Object body = operation.options().get("body");
        if (body != null && !List.of("input", "none").contains(body)) {
            problems.add(new SettingProblem("options.body", "must be input or none"));
        }
        // a GET or DELETE sends no body: these would change nothing, and say the integrator expects otherwise
        if (operation.method() != null
                && METHODS.contains(operation.method())
                && !BODY_METHODS.contains(operation.method())) {
            for (String option : List.of("body", "bodyFields")) {
                if (operation.options().containsKey(option)) {
                    problems.add(new SettingProblem(
                            "options." + option,
                            "is only for POST, PUT and PATCH, which send a body; a " + operation.method()
                                    + " sends none (its inputs go in the path and query)"));
                }
            }
        }
        Object refusals = operation.options().get("refusals");
        if (refusals instanceof Map<?, ?> map) {
            map.forEach((status, refusal) -> {
                String at = "options.refusals." + status;
                if (!List.of("400", "404", "409", "422").contains(String.valueOf(status))
                        || !(refusal instanceof Map<?, ?> r)
                        || !(r.get("code") instanceof String code)
                        || !code.matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")) {
                    problems.add(new SettingProblem(at, "must map 400, 404, 409 or 422 to {code, message}"));
                    return;
                }
                // a misspelt "mesage" would leave citizens the default text in silence
                r.keySet().stream()
                        .map(String::valueOf)
                        .filter(key -> !REFUSAL_FIELDS.contains(key))
                        .forEach(key -> problems.add(new SettingProblem(
                                at + "." + key,
                                "is not a field of a refusal; known fields: "
                                        + new java.util.TreeSet<>(REFUSAL_FIELDS))));
                Object message = r.get("message");
                if (message != null && (!(message instanceof String text) || text.isBlank())) {
                    problems.add(new SettingProblem(at + ".message", "must be the text citizens are shown"));
                }
            });
        } else if (refusals != null) {
            problems.add(new SettingProblem("options.refusals", "must be an object"));
        }
        return problems;
    }

    /** A mapping naming a field the input schema does not define would never send anything. */
    private static Optional<String> inputFieldProblem(OperationSpec operation, String field) {
        if (operation.inputFields() == null || operation.inputFields().contains(field)) {
            return Optional.empty();
        }
        return Optional.of("names the input field " + field + ", which the input schema does not define; its fields: "
                + new java.util.TreeSet<>(operation.inputFields()));
    }

    @Override
    public AdapterResponse invoke(InvocationRequest request, AdapterSettings settings) {
        Exchange exchange = exchange(request, settings);
        DepartmentHttpAnswer answer = exchange.answer();
        if (!answer.successful()) {
            return refusalOrFailure(request, settings, answer, null);
        }
        if (request.operation().responseMapping().isEmpty()) {
            return answer.read(() -> passThrough(request, answer));
        }
        return answer.read(() -> {
            Object tree = http.parseJson(answer.body(), describe(request));
            return AdapterResponse.success(
                    answer.status(),
                    tree,
                    JsonPointers.map(tree, request.operation().responseMapping()));
        });
    }

    /** Without a mapping the answer goes on as it came, checked but never parsed into a tree. */
    private AdapterResponse passThrough(InvocationRequest request, DepartmentHttpAnswer answer) {
        byte[] body = answer.body();
        if (body.length == 0) {
            return AdapterResponse.passThrough(answer.status(), EMPTY_OBJECT);
        }
        if (!plainUtf8(body)) {
            // UTF-16/32 or a byte-order mark: re-encoded through a tree rather than copied
            Object tree = http.parseJson(body, describe(request));
            Map<String, Object> data = new LinkedHashMap<>();
            if (tree instanceof Map<?, ?> map) {
                map.forEach((key, value) -> data.put(String.valueOf(key), value));
            } else {
                data.put("items", tree);
            }
            return AdapterResponse.success(answer.status(), tree, data);
        }
        if (http.checkJsonObjectOrArray(body, describe(request))) {
            return AdapterResponse.passThrough(answer.status(), body);
        }
        byte[] wrapped = new byte[ITEMS_PREFIX.length + body.length + 1];
        System.arraycopy(ITEMS_PREFIX, 0, wrapped, 0, ITEMS_PREFIX.length);
        System.arraycopy(body, 0, wrapped, ITEMS_PREFIX.length, body.length);
        wrapped[wrapped.length - 1] = '}';
        return AdapterResponse.passThrough(answer.status(), wrapped);
    }

    /**
     * Sends the operation's request and reads the answer, without interpreting it: for adapter
     * types that speak HTTP/JSON like {@code rest-json} but map answers their own way.
     *
     * @param request the call
     * @param settings the department's settings
     * @return the request sent and the answer
     * @throws DepartmentCallException on timeouts, unreachable hosts, oversized answers and
     *     redirects (a redirect keeps the answer for dry runs)
     */
    public Exchange exchange(InvocationRequest request, AdapterSettings settings) {
        DepartmentHttpRequest httpRequest = buildRequest(request, settings);
        DepartmentHttpAnswer answer = http.exchange(httpRequest);
        if (answer.redirect()) {
            throw answer.failure(Kind.BAD_ANSWER, describe(request) + " answered a redirect, which is not followed");
        }
        if (answer.status() == 401 || answer.status() == 403) {
            auth.credentialsRefused(settings);
        }
        return new Exchange(httpRequest, answer);
    }

    /**
     * The request sent and the answer received.
     *
     * @param request what was sent
     * @param answer what came back
     */
    public record Exchange(DepartmentHttpRequest request, DepartmentHttpAnswer answer) {}

    /**
     * @param status a department's non-2xx status
     * @return whether it says no to the citizen (400, 404, 409, 422: the refusals {@code
     *     RECORD_NOT_FOUND} and {@code DEPARTMENT_REJECTED} by default); any other status (401/403,
     *     our credentials refused; 429; 5xx) is a failure of the department
     */
    public static boolean isRefusalStatus(int status) {
        return status == 400 || status == 404 || status == 409 || status == 422;
    }

    /**
     * Turns a non-2xx answer into a refusal ({@link #isRefusalStatus}) or a failure (anything else).
     *
     * @param request the call
     * @param settings the department's settings
     * @param answer the department's answer
     * @param raw the answer parsed, when the caller has it; {@code null} otherwise
     * @return the refusal
     * @throws DepartmentCallException when the status is a failure, keeping the answer for dry runs
     */
    public AdapterResponse refusalOrFailure(
            InvocationRequest request, AdapterSettings settings, DepartmentHttpAnswer answer, Object raw) {
        int status = answer.status();
        Refusal refusal = switch (status) {
            case 404 ->
                refusal(
                        request,
                        status,
                        new Refusal(
                                Refusal.Kind.NOT_FOUND,
                                "RECORD_NOT_FOUND",
                                "The department has no record matching these details."));
            case 400, 409, 422 ->
                refusal(
                        request,
                        status,
                        new Refusal(
                                Refusal.Kind.UNPROCESSABLE,
                                "DEPARTMENT_REJECTED",
                                "The department could not accept these details; check them and try again."));
            default -> null;
        };
        if (refusal == null) {
            String why = status == 401 || status == 403 ? " (it refused the platform's credentials)" : "";
            throw answer.failure(Kind.SERVER_ERROR, describe(request) + " answered " + status + why);
        }
        return AdapterResponse.refused(status, raw != null ? raw : tryParse(answer), refusal);
    }

    private Object tryParse(DepartmentHttpAnswer answer) {
        try {
            return http.parseJson(answer.body(), "");
        } catch (DepartmentCallException ex) {
            return null;
        }
    }

    private static Refusal refusal(InvocationRequest request, int status, Refusal fallback) {
        Object configured = request.operation().options().get("refusals");
        if (configured instanceof Map<?, ?> map && map.get(String.valueOf(status)) instanceof Map<?, ?> refusal) {
            String code = String.valueOf(refusal.get("code"));
            Object message = refusal.get("message");
            return new Refusal(fallback.kind(), code, message == null ? fallback.message() : String.valueOf(message));
        }
        return fallback;
    }

    /** JSON in UTF-8 without a byte-order mark: its first bytes are ASCII and not NUL. */
    private static boolean plainUtf8(byte[] body) {
        if ((body[0] & 0xFF) == 0xEF || (body[0] & 0xFF) == 0xFE || (body[0] & 0xFF) == 0xFF) {
            return false;
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return false;
            }
        }
        return true;
    }

    DepartmentHttpRequest buildRequest(InvocationRequest request, AdapterSettings settings) {
        OperationSpec operation = request.operation();
        String method = operation.method() == null ? "GET" : operation.method().toUpperCase(Locale.ROOT);
        Map<String, Object> input = request.input();
        Set<String> used = new LinkedHashSet<>();

        StringBuilder uri = new StringBuilder(stripTrailingSlash(settings.string("baseUrl")
                .orElseThrow(() ->
                        new IllegalStateException("Department " + settings.departmentCode() + " has no baseUrl"))));
        String template = operation.path() == null ? "" : operation.path();
        int queryStart = template.indexOf('?');
        String pathTemplate = queryStart < 0 ? template : template.substring(0, queryStart);
        UrlPaths.segmentProblem(pathTemplate).ifPresent(problem -> {
            // refused when an operation is saved or published; one published before that rule is
            // never sent to the address its ../ or // would reach, with the department's credentials
            throw new IllegalStateException("The operation's path template " + problem);
        });
        List<String> emptySegments =
                UrlPaths.emptyPlaceholders(pathTemplate, name -> input.get(name) instanceof String text ? text : null);
        if (!emptySegments.isEmpty()) {
            // the caller checks this before any call (a 400 naming the field); never sent whatever the caller
            throw new IllegalStateException("The path placeholders " + emptySegments
                    + " are empty, which moves the call elsewhere on the department");
        }
        List<String> dotSegments = UrlPaths.dotSegmentPlaceholders(
                pathTemplate, name -> input.get(name) instanceof String text ? text : null);
        if (!dotSegments.isEmpty()) {
            // the caller checks this before any call (a 400 naming the field); never sent whatever the caller
            throw new IllegalStateException("The path placeholders " + dotSegments
                    + " would make a . or .. segment, which moves the call elsewhere on the department");
        }
        uri.append(expand(pathTemplate, input, used, false));
        if (queryStart >= 0 && queryStart < template.length() - 1) {
            String queryPart = expandQuery(template.substring(queryStart + 1), input, used);
            if (!queryPart.isEmpty()) {
                uri.append('?').append(queryPart);
            }
        }

        Map<String, String> query = new LinkedHashMap<>();
        Object queryOption = operation.options().get("query");
        if (queryOption instanceof Map<?, ?> mapping) {
            mapping.forEach(
                    (param, field) -> addIfPresent(query, String.valueOf(param), input, String.valueOf(field), used));
        } else if (!BODY_METHODS.contains(method)) {
            // only what the schema declares: a schema stored open (before the admin API required
            // additionalProperties false) lets other fields through, which must never reach a URL
            input.keySet().stream()
                    .filter(field -> !used.contains(field))
                    .filter(field -> operation.inputFields() == null
                            || operation.inputFields().contains(field))
                    .forEach(field -> addIfPresent(query, field, input, field, used));
        }
        appendQuery(uri, query, input);

        Map<String, String> headers = new LinkedHashMap<>();
        settings.map("headers").forEach((name, value) -> headers.put(name, String.valueOf(value)));
        Object headerOption = operation.options().get("headers");
        if (headerOption instanceof Map<?, ?> mapping) {
            mapping.forEach((name, field) -> {
                Object value = input.get(String.valueOf(field));
                if (value != null && !(value instanceof Map) && !(value instanceof List)) {
                    String text = InputPlacement.text(value);
                    if (HeaderRules.valueProblem(text).isPresent()) {
                        // refused before the call (InvocationService, DryRuns): a value the
                        // header would turn into ? must never reach the department
                        throw new IllegalStateException("The mapped header " + name
                                + " has an input value outside visible ASCII; the invocation must refuse it");
                    }
                    headers.put(String.valueOf(name), text);
                }
            });
        }
        if (request.requestId() != null) {
            headers.put("X-Request-Id", request.requestId());
        }
        headers.putAll(auth.headers(settings, request.timeout()));

        byte[] body = null;
        if (BODY_METHODS.contains(method) && !"none".equals(operation.options().get("body"))) {
            body = http.toJson(bodyOf(input, operation.options().get("bodyFields"), operation.inputFields()));
        }
        return new DepartmentHttpRequest(method, URI.create(uri.toString()), headers, body, request.timeout());
    }

    /**
     * The body: the fields {@code options.bodyFields} names, else the input's fields the schema
     * declares ({@link OperationSpec#inputFields()}, when the operation names them), as an automatic
     * query sends: a field no form shows never reaches the department, even through a schema that
     * let it through (stored open, or opened by {@code patternProperties}, before both were refused).
     */
    private static Map<String, Object> bodyOf(Map<String, Object> input, Object fields, Set<String> declared) {
        if (!(fields instanceof List<?> list)) {
            if (declared == null || declared.containsAll(input.keySet())) {
                return input;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            input.forEach((name, value) -> {
                if (declared.contains(name)) {
                    body.put(name, value);
                }
            });
            return body;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        for (Object field : list) {
            String name = String.valueOf(field);
            if (input.containsKey(name)) {
                body.put(name, input.get(name));
            }
        }
        return body;
    }

    /**
     * Fills the query part of a path template ({@code keyword={keyword}&state={stateCode}}): a
     * parameter whose placeholder has no value in the input (an optional field left out) is left
     * out, not sent empty nor refused; path placeholders, by contrast, are required.
     */
    private static String expandQuery(String template, Map<String, Object> input, Set<String> used) {
        List<String> kept = new ArrayList<>();
        for (String pair : template.split("&")) {
            Matcher matcher = PLACEHOLDER.matcher(pair);
            boolean complete = true;
            while (matcher.find()) {
                Object value = input.get(matcher.group(1));
                complete &= value != null && !(value instanceof Map) && !(value instanceof List);
            }
            if (complete && !pair.isEmpty()) {
                kept.add(expand(pair, input, used, true));
            }
        }
        return String.join("&", kept);
    }

    /**
     * Fills the {placeholders} of a path (each value one encoded path segment) or of a query part
     * (each value an encoded query value).
     */
    private static String expand(String template, Map<String, Object> input, Set<String> used, boolean query) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            Object value = input.get(name);
            if (value == null || value instanceof Map || value instanceof List) {
                throw new IllegalStateException("The path placeholder {" + name
                        + "} has no scalar input value; the operation's input schema must require it");
            }
            used.add(name);
            String text = InputPlacement.text(value);
            String encoded = query
                    ? UriUtils.encodeQueryParam(text, StandardCharsets.UTF_8).replace("+", "%2B")
                    // a ; would start path parameters, which servers drop (..;x is ..): data, encoded
                    : UriUtils.encodePathSegment(text, StandardCharsets.UTF_8).replace(";", "%3B");
            matcher.appendReplacement(out, Matcher.quoteReplacement(encoded));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static void addIfPresent(
            Map<String, String> query, String param, Map<String, Object> input, String field, Set<String> used) {
        Object value = input.get(field);
        if (value != null && !(value instanceof Map)) {
            query.put(param, field);
            used.add(field);
        }
    }

    private static void appendQuery(StringBuilder uri, Map<String, String> query, Map<String, Object> input) {
        char separator = uri.indexOf("?") < 0 ? '?' : '&';
        for (Map.Entry<String, String> param : query.entrySet()) {
            Object value = input.get(param.getValue());
            List<?> values = value instanceof List<?> list ? list : List.of(value);
            for (Object item : values) {
                if (item == null || item instanceof Map || item instanceof List) {
                    continue;
                }
                uri.append(separator)
                        .append(UriUtils.encodeQueryParam(param.getKey(), StandardCharsets.UTF_8))
                        .append('=')
                        .append(UriUtils.encodeQueryParam(InputPlacement.text(item), StandardCharsets.UTF_8)
                                .replace("+", "%2B"));
                separator = '&';
            }
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String describe(InvocationRequest request) {
        return "Department " + request.departmentCode() + " ("
                + request.operation().code() + ")";
    }

    @Override
    public ProbeResult probe(AdapterSettings settings) {
        long start = System.nanoTime();
        String path = settings.string("probePath").orElse("");
        if (UrlPaths.segmentProblem(path).isPresent()) {
            // a probe path saved before its segments were checked: never probed at the address its
            // ../ or // would reach, with the department's credentials
            return ProbeResult.unreachable(
                    Duration.ofNanos(System.nanoTime() - start),
                    "The probePath has a . or .. segment or an empty one, which would probe another address;"
                            + " correct probePath");
        }
        try {
            URI uri = URI.create(stripTrailingSlash(settings.string("baseUrl").orElseThrow()) + path);
            Map<String, String> headers = new LinkedHashMap<>();
            settings.map("headers").forEach((name, value) -> headers.put(name, String.valueOf(value)));
            headers.putAll(auth.headers(settings, Duration.ofMillis(settings.integer("timeoutMs", 3000))));
            DepartmentHttpAnswer answer = http.exchange(new DepartmentHttpRequest(
                    "GET", uri, headers, null, Duration.ofMillis(settings.integer("timeoutMs", 3000))));
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            boolean up = path.isEmpty() ? answer.status() < 500 : answer.successful();
            return up
                    ? ProbeResult.reachable(latency, "answered " + answer.status())
                    : ProbeResult.unreachable(latency, "answered " + answer.status());
        } catch (DepartmentCallException ex) {
            return ProbeResult.unreachable(Duration.ofNanos(System.nanoTime() - start), ex.getMessage());
        } catch (IllegalArgumentException ex) {
            // a base URL and probe path saved before they were checked as one URL
            return ProbeResult.unreachable(
                    Duration.ofNanos(System.nanoTime() - start),
                    "The base URL and probePath do not form a URL; correct probePath");
        }
    }
}
