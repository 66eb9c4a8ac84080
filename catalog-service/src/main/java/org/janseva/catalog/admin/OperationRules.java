package org.janseva.catalog.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.OperationSpec;
import org.janseva.adapter.spi.SettingProblem;
import org.janseva.catalog.adapter.AdapterRegistry;
import org.janseva.catalog.adapter.InputPlacement;
import org.janseva.catalog.adapter.UrlPaths;
import org.janseva.catalog.adapter.bbps.BbpsBillerAdapter;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules that tie a service's operations to its department: the department's adapter type must
 * be able to call each operation ({@link DepartmentAdapter#validateOperation}, with the input
 * fields the operation's schema defines), an operation the type keeps from citizens
 * ({@link DepartmentAdapter#serviceOnly}, a biller's {@code confirm-payment}) must have visibility
 * SERVICE, and a biller's service (a UTILITY department's, or one served by {@code bbps-biller})
 * needs {@code fetch-bill} for citizens and {@code confirm-payment} for services, with input schemas
 * that accept what payment-service sends ({@link BillerInputs}). They are checked when a service is
 * created, when its department's adapter type changes, and when it is published: a configuration
 * that can never work is refused when it is made, never left to fail for citizens.
 */
@Component
class OperationRules {

    static final String UTILITY = "UTILITY";
    static final String BILLER_ADAPTER = BbpsBillerAdapter.TYPE;
    static final String SERVICE = "SERVICE";

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AdapterRegistry registry;
    private final InputSchemaRules schemas;

    OperationRules(JdbcClient jdbc, JsonMapper json, AdapterRegistry registry, InputSchemaRules schemas) {
        this.jdbc = jdbc;
        this.json = json;
        this.registry = registry;
        this.schemas = schemas;
    }

    /** @return whether a department's services are a biller's, with a biller's operations */
    static boolean billers(String departmentType, String adapterType) {
        return UTILITY.equals(departmentType) || BILLER_ADAPTER.equals(adapterType);
    }

    /**
     * {@code bbps-biller} speaks the utility-bill protocol: its services are bills, paid through
     * payment-service and listed among the utility services, never a CENTRAL or STATE service.
     *
     * @return what is wrong with the pair, empty when the adapter type fits the department's type
     */
    static Optional<String> adapterTypeProblem(String departmentType, String adapterType) {
        if (BILLER_ADAPTER.equals(adapterType) && departmentType != null && !UTILITY.equals(departmentType)) {
            return Optional.of(BILLER_ADAPTER + " is the utility billers' adapter type: only a UTILITY department may"
                    + " use it (a " + departmentType + " department's services are not bills)");
        }
        return Optional.empty();
    }

    /**
     * @param path an operation's path template
     * @return what is wrong with it, empty when it forms a URL path whatever the input
     */
    static Optional<String> pathProblem(String path) {
        return UrlPaths.templateProblem(path);
    }

    /**
     * A non-idempotent operation's answer is never cached: a second identical grievance would be
     * answered from the cache and never sent.
     *
     * @return what is wrong with the pair, empty when it is fine
     */
    static Optional<String> cacheProblem(boolean idempotent, Integer cacheTtlSeconds) {
        if (cacheTtlSeconds != null && !idempotent) {
            return Optional.of("must be absent for an operation that is not idempotent: its answers are never cached,"
                    + " each call must reach the department");
        }
        return Optional.empty();
    }

    /**
     * An output field is a value or an object of fields, never both: {@code result} and {@code
     * result.ref} would give citizens one or the other (or a 502), depending on the order they were
     * filled in.
     *
     * @param mapping an operation's response mapping, output field to JSON pointer
     * @return each output field that nests under another output field of the mapping, with why
     */
    static Map<String, String> responseMappingProblems(Map<String, String> mapping) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (String field : mapping.keySet()) {
            for (String other : mapping.keySet()) {
                if (field.startsWith(other + ".")) {
                    problems.put(
                            field,
                            "nests under the output field " + other + ", which the mapping fills with a value of its"
                                    + " own: an output field is either a value or an object of fields; rename one");
                    break;
                }
            }
        }
        return problems;
    }

    /**
     * Checks one operation against the department's adapter type; errors are named under the
     * operation's {@code at}. A request's operation has passed {@link #pathProblem}, {@link
     * #cacheProblem}, {@link #responseMappingProblems} and the input schema's rules field by field
     * already; a stored one is held to them here (the schema only to having no references, one
     * stored before they were refused would fail every call, and to being a closed object, {@link
     * InputSchemaRules#closedObject}). Every operation, a request's or a stored one, is held to
     * sending only scalar fields in its address and headers ({@link
     * InputSchemaRules#scalarPlacements}).
     *
     * @param adapter the department's adapter type, {@code null} when it is not installed here
     */
    void check(DepartmentAdapter adapter, OperationDraft operation, RequestFields fields) {
        pathProblem(operation.path() == null ? "" : operation.path())
                .ifPresent(problem -> fields.error(operation.at() + ".path", problem));
        cacheProblem(operation.idempotent(), operation.cacheTtlSeconds())
                .ifPresent(problem -> fields.error(operation.at() + ".cacheTtlSeconds", problem));
        responseMappingProblems(operation.responseMapping())
                .forEach((field, problem) -> fields.error(operation.at() + ".responseMapping." + field, problem));
        if (operation.inputSchema() != null) {
            InputSchemaRules.references(operation.inputSchema(), operation.at() + ".inputSchema", fields);
            if (operation.inputSchema().isObject()) {
                InputSchemaRules.closedObject(operation.inputSchema(), operation.at() + ".inputSchema", fields);
            }
            InputSchemaRules.scalarPlacements(
                    operation.inputSchema(), operation.path(), operation.options(), operation.at(), fields);
        }
        if (adapter == null) {
            return;
        }
        OperationSpec spec = new OperationSpec(
                operation.code(),
                operation.method(),
                operation.path(),
                operation.responseMapping(),
                operation.idempotent(),
                operation.options(),
                InputPlacement.declaredFields(operation.inputSchema()));
        for (SettingProblem problem : adapter.validateOperation(spec)) {
            fields.error(operation.at() + "." + problem.setting(), problem.message());
        }
        if (adapter.serviceOnly(operation.code()) && !SERVICE.equals(operation.visibility())) {
            fields.error(
                    operation.at() + ".visibility",
                    "must be SERVICE: " + adapter.type() + " lets only the platform's own services call "
                            + operation.code() + ", never a citizen");
        }
    }

    /**
     * A service is there for citizens: the platform's own services call operations only of a biller
     * (payment-service: {@code fetch-bill} for the citizen, {@code confirm-payment}), so a service
     * whose operations are all SERVICE would be listed, searchable and counted with nothing anyone
     * could call. A biller's service passes as long as it has {@code fetch-bill} for citizens, which
     * {@link #checkBiller} asks for.
     *
     * @param operations a service's operations
     * @return what is wrong with them, empty when a citizen can call one
     */
    static Optional<String> citizenProblem(List<OperationDraft> operations) {
        if (operations.isEmpty() || operations.stream().anyMatch(op -> !SERVICE.equals(op.visibility()))) {
            return Optional.empty();
        }
        return Optional.of("needs at least one operation with visibility CITIZEN (the default): an operation of"
                + " visibility SERVICE is called only by the platform's own services, which call only a biller's,"
                + " so no one could use this service");
    }

    /**
     * A biller's service is paid through payment-service, which fetches its bills with {@code
     * fetch-bill} on behalf of the citizen and tells the biller of a payment with {@code
     * confirm-payment} from its own service token. The latter must never be callable by a citizen:
     * it would tell the biller a bill was paid that nobody paid. payment-service sends both
     * operations fixed inputs, which their input schemas must accept ({@link BillerInputs}).
     *
     * @param field where the service's operations are, e.g. {@code operations}
     */
    void checkBiller(List<OperationDraft> operations, String field, RequestFields fields) {
        Map<String, String> visibilities = new LinkedHashMap<>();
        for (OperationDraft operation : operations) {
            visibilities.put(operation.code(), operation.visibility());
            if (BillerInputs.FETCH_BILL.equals(operation.code())
                    || BillerInputs.CONFIRM_PAYMENT.equals(operation.code())) {
                BillerInputs.check(
                        operation.code(), operation.inputSchema(), operation.at() + ".inputSchema", schemas, fields);
            }
        }
        if (!"CITIZEN".equals(visibilities.get(BillerInputs.FETCH_BILL))) {
            fields.error(
                    field,
                    "a biller's service needs the operation fetch-bill (visibility CITIZEN): payment-service"
                            + " fetches the citizen's bill with it");
        }
        if (!SERVICE.equals(visibilities.get(BillerInputs.CONFIRM_PAYMENT))) {
            fields.error(
                    field,
                    "a biller's service needs the operation confirm-payment with visibility SERVICE:"
                            + " payment-service tells the biller of a payment with it, and no citizen may");
        }
    }

    /**
     * @param departmentType the department's type
     * @param adapterType its adapter type
     * @param services its services' operations as stored, by service code
     * @param prefix put before each service's field names, e.g. {@code services.} ({@code ""} for a
     *     single service)
     * @return what keeps the operations from being called through this department; empty when
     *     nothing does
     */
    List<FieldErrorView> problems(
            String departmentType, String adapterType, Map<String, List<OperationDraft>> services, String prefix) {
        RequestFields fields = new RequestFields();
        DepartmentAdapter adapter = registry.find(adapterType).orElse(null);
        for (Map.Entry<String, List<OperationDraft>> service : services.entrySet()) {
            for (OperationDraft operation : service.getValue()) {
                check(adapter, operation, fields);
            }
            if (billers(departmentType, adapterType)) {
                String field = prefix.isEmpty() ? "operations" : prefix + service.getKey() + ".operations";
                checkBiller(service.getValue(), field, fields);
            }
        }
        return fields.errors();
    }

    /**
     * @param departmentCode a department
     * @param prefix put before each operation's {@code at}, e.g. {@code services.}
     * @return its services' operations as stored, by service code, in order
     */
    Map<String, List<OperationDraft>> storedOfDepartment(String departmentCode, String prefix) {
        return stored("e.department_code = ?", departmentCode, prefix);
    }

    /**
     * @param serviceCode a service
     * @return its operations as stored, each {@code at} {@code operations.<code>}
     */
    Map<String, List<OperationDraft>> storedOfService(String serviceCode) {
        return stored("e.code = ?", serviceCode, null);
    }

    private Map<String, List<OperationDraft>> stored(String where, String code, String prefix) {
        Map<String, List<OperationDraft>> services = new LinkedHashMap<>();
        jdbc.sql("""
                        select o.entry_code, o.code, o.names::text as names, o.http_method, o.path_template,
                               o.input_schema::text as input_schema, o.response_mapping::text as response_mapping,
                               o.idempotent, o.cache_ttl_seconds, o.visibility, o.options::text as options
                        from operation o join catalogue_entry e on e.code = o.entry_code""" + " where " + where + " order by o.entry_code, o.position, o.code")
                .param(code)
                .query((java.sql.ResultSet rs) -> {
                    String service = rs.getString("entry_code");
                    String operation = rs.getString("code");
                    int ttl = rs.getInt("cache_ttl_seconds");
                    Integer cacheTtl = rs.wasNull() ? null : ttl;
                    String at = (prefix == null ? "" : prefix + service + ".") + "operations." + operation;
                    services.computeIfAbsent(service, s -> new ArrayList<>())
                            .add(new OperationDraft(
                                    at,
                                    operation,
                                    json.readValue(rs.getString("names"), STRINGS),
                                    rs.getString("http_method"),
                                    rs.getString("path_template"),
                                    json.readTree(rs.getString("input_schema")),
                                    json.readValue(rs.getString("response_mapping"), STRINGS),
                                    rs.getBoolean("idempotent"),
                                    cacheTtl,
                                    rs.getString("visibility"),
                                    json.readValue(rs.getString("options"), OBJECT)));
                });
        return services;
    }
}
