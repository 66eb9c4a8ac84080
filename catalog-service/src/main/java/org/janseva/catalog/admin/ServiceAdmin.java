package org.janseva.catalog.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.catalog.adapter.AdapterRegistry;
import org.janseva.catalog.catalogue.Catalogue;
import org.janseva.catalog.catalogue.Channel;
import org.janseva.catalog.catalogue.EntryStatus;
import org.janseva.catalog.catalogue.Language;
import org.janseva.platform.core.web.CountryCodes;
import org.janseva.platform.security.Caller;
import org.janseva.platform.web.FieldErrorView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds services (catalogue entries) to a department and moves them through their life cycle:
 * created as DRAFT (invisible to citizens), then PUBLISHED (listed, searchable and callable on
 * every instance within seconds), SUSPENDED or back to DRAFT. Each change is written with its audit
 * row in one transaction, then this instance's catalogue (and with it the search index, listings
 * and figures) is refreshed at once; other instances follow within their refresh interval.
 */
@Service
class ServiceAdmin {

    private static final Logger log = LoggerFactory.getLogger(ServiceAdmin.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<String>>> STRING_LISTS = new TypeReference<>() {};

    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]*");
    private static final Pattern OPERATION_CODE = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern MAPPING_FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final List<String> VISIBILITIES = List.of("CITIZEN", "SERVICE");
    private static final Set<String> FIELDS =
            Set.of("code", "name", "description", "category", "channels", "countries", "synonyms", "operations");
    private static final Set<String> OPERATION_FIELDS = Set.of(
            "code",
            "name",
            "method",
            "path",
            "inputSchema",
            "responseMapping",
            "idempotent",
            "cacheTtlSeconds",
            "visibility",
            "options");
    private static final int MAX_OPERATIONS = 30;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final DepartmentAdmin departments;
    private final AdapterRegistry registry;
    private final InputSchemaRules schemas;
    private final OperationRules rules;
    private final AdminAudit audit;
    private final Catalogue catalogue;
    private final TransactionTemplate transaction;

    ServiceAdmin(
            JdbcClient jdbc,
            JsonMapper json,
            DepartmentAdmin departments,
            AdapterRegistry registry,
            InputSchemaRules schemas,
            OperationRules rules,
            AdminAudit audit,
            Catalogue catalogue,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.departments = departments;
        this.registry = registry;
        this.schemas = schemas;
        this.rules = rules;
        this.audit = audit;
        this.catalogue = catalogue;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** {@code POST /api/v1/admin/departments/{code}/services}: a new DRAFT service. */
    AdminViews.ServiceView create(Caller caller, String requestId, String departmentCode, JsonNode body) {
        DepartmentAdmin.Stored department = departments.find(departmentCode, false);
        if (department == null) {
            throw AdminProblems.departmentNotFound(departmentCode);
        }
        if (body == null || !body.isObject()) {
            throw AdminProblems.invalid("body", "must be a JSON object");
        }
        RequestFields fields = new RequestFields();
        fields.onlyKnown(body, "", FIELDS);
        String code = fields.text(body, "code", "code", true, 64, CODE, "must be upper-case letters, digits and -");
        Map<String, String> names = fields.localized(body, "name", "name", true, 200);
        Map<String, String> descriptions = fields.localized(body, "description", "description", true, 2000);
        if (names != null && descriptions != null) {
            languageProblems(names, descriptions).forEach(problem -> fields.error(problem.field(), problem.message()));
        }
        String category = fields.text(
                body, "category", "category", true, 40, CATEGORY, "must be a category code such as transport");
        if (category != null && !categoryExists(category)) {
            fields.error("category", "is not a category of the catalogue; see GET /api/v1/catalog/categories");
        }
        List<String> channels = fields.strings(
                body,
                "channels",
                "channels",
                true,
                value -> Channel.of(value).filter(c -> c.code().equals(value)).isPresent(),
                "each one of android, ios, web, kaios");
        List<String> countries = fields.strings(
                body,
                "countries",
                "countries",
                true,
                CountryCodes::isCountry,
                "each an ISO 3166-1 alpha-2 country code in upper case, e.g. IN");
        if (countries != null && !countries.contains("IN")) {
            fields.error("countries", "must include IN: every service is offered in India");
        }
        Map<String, List<String>> synonyms = synonyms(body, fields);
        List<OperationDraft> operations = operations(body, department.adapterType(), fields);
        if (OperationRules.billers(department.type(), department.adapterType())) {
            rules.checkBiller(operations, "operations", fields);
        } else if (fields.errors().stream().noneMatch(e -> e.field().startsWith("operations"))) {
            // (a biller's is asked for fetch-bill for citizens, which says more; an operation with
            // errors is not among those read, and may be one for citizens)
            OperationRules.citizenProblem(operations).ifPresent(problem -> fields.error("operations", problem));
        }
        if (fields.hasErrors()) {
            throw AdminProblems.invalid(fields.errors());
        }
        try {
            transaction.executeWithoutResult(status -> {
                CatalogueWriteLock.take(jdbc);
                // the department's type and adapter type decided the checks above (a biller's
                // operations, what the adapter can call) and the type is the entry's; a concurrent
                // change of either waits for this lock, or has already happened and is seen here
                boolean unchanged = jdbc.sql("select type, adapter_type from department where code = ? for share")
                        .param(departmentCode)
                        .query((rs, n) -> department.type().equals(rs.getString("type"))
                                && department.adapterType().equals(rs.getString("adapter_type")))
                        .optional()
                        .orElse(false);
                if (!unchanged) {
                    throw AdminProblems.departmentChanged(departmentCode);
                }
                jdbc.sql("""
                                insert into catalogue_entry (code, department_code, category_code, type, status, channels,
                                                             countries, names, descriptions, synonyms, position)
                                values (?, ?, ?, ?, 'DRAFT', ?, ?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb),
                                        (select coalesce(max(position), 0) + 1 from catalogue_entry))""")
                        .params(
                                code,
                                departmentCode,
                                category,
                                department.type(),
                                channels.toArray(String[]::new),
                                countries.toArray(String[]::new),
                                json.writeValueAsString(names),
                                json.writeValueAsString(descriptions),
                                json.writeValueAsString(synonyms))
                        .update();
                int position = 0;
                for (OperationDraft op : operations) {
                    jdbc.sql("""
                                    insert into operation (entry_code, code, position, names, http_method, path_template,
                                                           input_schema, response_mapping, idempotent, cache_ttl_seconds,
                                                           visibility, options)
                                    values (?, ?, ?, cast(? as jsonb), ?, ?, cast(? as json), cast(? as json), ?, ?, ?,
                                            cast(? as jsonb))""")
                            .params(
                                    code,
                                    op.code(),
                                    position++,
                                    json.writeValueAsString(op.names()),
                                    op.method(),
                                    op.path(),
                                    json.writeValueAsString(op.inputSchema()),
                                    json.writeValueAsString(op.responseMapping()),
                                    op.idempotent(),
                                    op.cacheTtlSeconds(),
                                    op.visibility(),
                                    json.writeValueAsString(op.options()))
                            .update();
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("status", EntryStatus.DRAFT.name());
                details.put("category", category);
                details.put(
                        "operations",
                        operations.stream().map(OperationDraft::code).toList());
                audit.record(
                        caller.subject(), AdminAudit.Action.SERVICE_CREATED, departmentCode, code, requestId, details);
            });
        } catch (DuplicateKeyException ex) {
            throw AdminProblems.serviceExists(code);
        }
        log.info("Service {} of {} created as DRAFT by {}", code, departmentCode, caller.subject());
        catalogue.refresh();
        return get(code);
    }

    /** {@code PATCH /api/v1/admin/services/{code}}: {@code {"status": "PUBLISHED" | "DRAFT" | "SUSPENDED"}}. */
    AdminViews.ServiceView changeStatus(Caller caller, String requestId, String code, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw AdminProblems.invalid("body", "must be a JSON object: {\"status\": \"PUBLISHED\"}");
        }
        RequestFields fields = new RequestFields();
        fields.onlyKnown(body, "", Set.of("status"));
        String status = fields.text(body, "status", "status", true, 10, null, null);
        if (status != null && !List.of("PUBLISHED", "DRAFT", "SUSPENDED").contains(status)) {
            fields.error("status", "must be one of PUBLISHED, DRAFT, SUSPENDED");
        }
        if (fields.hasErrors()) {
            throw AdminProblems.invalid(fields.errors());
        }
        boolean changed = Boolean.TRUE.equals(transaction.execute(tx -> {
            CatalogueWriteLock.take(jdbc);
            Map<String, String> row = jdbc.sql(
                            "select status, department_code from catalogue_entry where code = ? for update")
                    .param(code)
                    .query((rs, n) -> Map.of("status", rs.getString(1), "department", rs.getString(2)))
                    .optional()
                    .orElseThrow(() -> AdminProblems.serviceNotFound(code));
            String from = row.get("status");
            if (from.equals(status)) {
                return false;
            }
            if (status.equals("PUBLISHED")) {
                readyToPublish(row.get("department"), code);
            }
            jdbc.sql("update catalogue_entry set status = ?, updated_at = now() where code = ?")
                    .params(status, code)
                    .update();
            audit.record(
                    caller.subject(),
                    AdminAudit.Action.SERVICE_STATUS_CHANGED,
                    row.get("department"),
                    code,
                    requestId,
                    Map.of("from", from, "to", status));
            return true;
        }));
        if (changed) {
            log.info("Service {} is now {} ({})", code, status, caller.subject());
            catalogue.refresh();
        }
        return get(code);
    }

    /**
     * A service is published only when its department can be called (its adapter type installed
     * and fit for the department's type, its secrets readable, its URLs still allowed by the SSRF
     * guard) and its department's adapter type can call each of its operations as they are stored
     * (a row written before a rule existed, or past the admin API, is caught here, not by citizens),
     * one of them for citizens ({@link OperationRules#citizenProblem}).
     */
    private void readyToPublish(String departmentCode, String serviceCode) {
        DepartmentAdmin.Stored department = departments.find(departmentCode, false);
        List<FieldErrorView> problems = new ArrayList<>();
        if (registry.find(department.adapterType()).isEmpty()) {
            problems.add(new FieldErrorView("department.adapter.type", "is not installed on this instance"));
        } else {
            OperationRules.adapterTypeProblem(department.type(), department.adapterType())
                    .ifPresent(problem -> problems.add(new FieldErrorView("department.adapter.type", problem)));
            try {
                problems.addAll(departments.refusedUrls(department));
            } catch (RuntimeException ex) {
                problems.add(new FieldErrorView(
                        "department.adapter", "cannot be read (a secret does not decrypt, or an alias is missing)"));
            }
        }
        if (!problems.isEmpty()) {
            throw AdminProblems.unprocessable(
                    "DEPARTMENT_NOT_READY",
                    "Department not ready",
                    "The service's department cannot be called as it is configured; fix the department first.",
                    problems);
        }
        List<FieldErrorView> texts = storedLanguageProblems(serviceCode);
        Map<String, List<OperationDraft>> stored = rules.storedOfService(serviceCode);
        List<FieldErrorView> operations = rules.problems(department.type(), department.adapterType(), stored, "");
        List<FieldErrorView> citizens = new ArrayList<>();
        if (!OperationRules.billers(department.type(), department.adapterType())) {
            // a biller's is held to having fetch-bill for citizens by the rules above
            OperationRules.citizenProblem(stored.getOrDefault(serviceCode, List.of()))
                    .ifPresent(problem -> citizens.add(new FieldErrorView("operations", problem)));
        }
        if (!texts.isEmpty() || !operations.isEmpty() || !citizens.isEmpty()) {
            List<String> what = new ArrayList<>();
            if (!texts.isEmpty()) {
                what.add("the service's name and description are not given in the same languages");
            }
            if (!operations.isEmpty()) {
                what.add("the department's adapter type (" + department.adapterType()
                        + ") cannot call the service's operations as they are defined");
            }
            if (!citizens.isEmpty()) {
                what.add("no operation of the service is for citizens");
            }
            String because = String.join(", and ", what);
            List<FieldErrorView> errors = new ArrayList<>(texts);
            errors.addAll(operations);
            errors.addAll(citizens);
            throw AdminProblems.unprocessable(
                    "SERVICE_NOT_READY",
                    "Service not ready",
                    Character.toUpperCase(because.charAt(0)) + because.substring(1)
                            + "; see errors. Create the service again, corrected, under a new code.",
                    errors);
        }
    }

    /**
     * A service's name and description are given in the same languages. A reader sees an item in
     * one language, its name's: a name in Kannada without a Kannada description would show an
     * English description under it, and a description without its name in that language would
     * never be shown.
     *
     * @return an error on {@code description.<lang>} for each language of the name the description
     *     lacks, and on {@code name.<lang>} for each language of the description the name lacks
     */
    private static List<FieldErrorView> languageProblems(Map<String, String> names, Map<String, String> descriptions) {
        List<FieldErrorView> problems = new ArrayList<>();
        for (String language : names.keySet()) {
            if (!descriptions.containsKey(language)) {
                problems.add(new FieldErrorView(
                        "description." + language,
                        "is required: the name is given in this language, and a service's name and description"
                                + " are given in the same languages"));
            }
        }
        for (String language : descriptions.keySet()) {
            if (!names.containsKey(language)) {
                problems.add(new FieldErrorView(
                        "name." + language,
                        "is required: the description is given in this language, and a service's name and"
                                + " description are given in the same languages"));
            }
        }
        return problems;
    }

    /** {@link #languageProblems} of the service as stored (a row written before the rule, or past the API). */
    private List<FieldErrorView> storedLanguageProblems(String serviceCode) {
        return jdbc.sql("select names::text as names, descriptions::text as descriptions from catalogue_entry"
                        + " where code = ?")
                .param(serviceCode)
                .query((rs, n) -> languageProblems(
                        texts(json.readValue(rs.getString("names"), STRINGS)),
                        texts(json.readValue(rs.getString("descriptions"), STRINGS))))
                .optional()
                .orElse(List.of());
    }

    /** The texts a reader can be shown (blank ones are not: the catalogue drops them). */
    private static Map<String, String> texts(Map<String, String> stored) {
        Map<String, String> texts = new LinkedHashMap<>();
        stored.forEach((language, text) -> {
            if (text != null && !text.isBlank()) {
                texts.put(language, text);
            }
        });
        return texts;
    }

    /** {@code GET /api/v1/admin/services/{code}}: the service whatever its status. */
    AdminViews.ServiceView get(String code) {
        AdminViews.ServiceView view = jdbc.sql("""
                        select code, department_code, category_code, type, status, channels, countries, names::text as names,
                               descriptions::text as descriptions, synonyms::text as synonyms, created_at, updated_at
                        from catalogue_entry where code = ?""")
                .param(code)
                .query((rs, n) -> entry(rs, operations(code)))
                .optional()
                .orElseThrow(() -> AdminProblems.serviceNotFound(code));
        return view;
    }

    /** {@code GET /api/v1/admin/departments/{code}/services}. */
    AdminViews.Page<AdminViews.ServiceView> list(String departmentCode, String status, int page, int size) {
        if (departments.find(departmentCode, false) == null) {
            throw AdminProblems.departmentNotFound(departmentCode);
        }
        if (status != null && !List.of("PUBLISHED", "DRAFT", "SUSPENDED").contains(status)) {
            throw AdminProblems.invalid("status", "must be one of PUBLISHED, DRAFT, SUSPENDED");
        }
        String where = " where department_code = ?" + (status == null ? "" : " and status = ?");
        List<Object> params = new ArrayList<>(List.of(departmentCode));
        if (status != null) {
            params.add(status);
        }
        long total = jdbc.sql("select count(*) from catalogue_entry" + where)
                .params(params)
                .query(Long.class)
                .single();
        params.add(size);
        params.add((long) page * size);
        List<String> codes = jdbc.sql("select code from catalogue_entry" + where + " order by code limit ? offset ?")
                .params(params)
                .query(String.class)
                .list();
        return AdminViews.Page.of(codes.stream().map(this::get).toList(), page, size, total);
    }

    private AdminViews.ServiceView entry(ResultSet rs, List<AdminViews.OperationView> operations) throws SQLException {
        return new AdminViews.ServiceView(
                rs.getString("code"),
                rs.getString("department_code"),
                rs.getString("category_code"),
                rs.getString("type"),
                rs.getString("status"),
                List.of((String[]) rs.getArray("channels").getArray()),
                List.of((String[]) rs.getArray("countries").getArray()),
                json.readValue(rs.getString("names"), STRINGS),
                json.readValue(rs.getString("descriptions"), STRINGS),
                json.readValue(rs.getString("synonyms"), STRING_LISTS),
                operations,
                rs.getTimestamp("created_at").toInstant().atOffset(ZoneOffset.UTC),
                rs.getTimestamp("updated_at").toInstant().atOffset(ZoneOffset.UTC));
    }

    private List<AdminViews.OperationView> operations(String code) {
        return jdbc.sql("""
                        select code, names::text as names, http_method, path_template, input_schema::text as input_schema,
                               response_mapping::text as response_mapping, idempotent, cache_ttl_seconds, visibility,
                               options::text as options
                        from operation where entry_code = ? order by position, code""")
                .param(code)
                .query((rs, n) -> {
                    int ttl = rs.getInt("cache_ttl_seconds");
                    Integer cacheTtl = rs.wasNull() ? null : ttl;
                    return new AdminViews.OperationView(
                            rs.getString("code"),
                            json.readValue(rs.getString("names"), STRINGS),
                            rs.getString("http_method"),
                            rs.getString("path_template"),
                            json.readTree(rs.getString("input_schema")),
                            json.readValue(rs.getString("response_mapping"), STRINGS),
                            rs.getBoolean("idempotent"),
                            cacheTtl,
                            rs.getString("visibility"),
                            json.readValue(rs.getString("options"), OBJECT));
                })
                .list();
    }

    private Map<String, List<String>> synonyms(JsonNode body, RequestFields fields) {
        Map<String, List<String>> synonyms = new LinkedHashMap<>();
        fields.object(body, "synonyms", "synonyms", false).ifPresent(node -> {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String field = "synonyms." + member.getKey();
                if (Language.of(member.getKey())
                        .filter(l -> l.code().equals(member.getKey()))
                        .isEmpty()) {
                    fields.error(field, "is not one of the 13 language codes");
                    continue;
                }
                List<String> terms = fields.strings(
                        node,
                        member.getKey(),
                        field,
                        true,
                        term -> !term.isBlank() && term.length() <= 100,
                        "each a search term of at most 100 characters");
                if (terms != null) {
                    synonyms.put(member.getKey(), terms);
                }
            }
        });
        return synonyms;
    }

    private List<OperationDraft> operations(JsonNode body, String adapterType, RequestFields fields) {
        JsonNode node = body.get("operations");
        if (node == null || node.isNull()) {
            fields.error("operations", "is required: at least one operation");
            return List.of();
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_OPERATIONS) {
            fields.error("operations", "must be an array of 1 to " + MAX_OPERATIONS + " operations");
            return List.of();
        }
        DepartmentAdapter adapter = registry.find(adapterType).orElse(null);
        List<OperationDraft> drafts = new ArrayList<>();
        Set<String> codes = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "operations[" + i + "]";
            JsonNode op = node.get(i);
            if (!op.isObject()) {
                fields.error(at, "must be an object");
                continue;
            }
            int before = fields.errors().size();
            fields.onlyKnown(op, at, OPERATION_FIELDS);
            String code = fields.text(
                    op, "code", at + ".code", true, 60, OPERATION_CODE, "must be lower-case letters, digits and -");
            if (code != null && !codes.add(code)) {
                fields.error(at + ".code", "is used by another operation of this service");
            }
            Map<String, String> names = fields.localized(op, "name", at + ".name", true, 200);
            String method = fields.text(op, "method", at + ".method", true, 7, null, null);
            if (method != null && !METHODS.contains(method)) {
                fields.error(at + ".method", "must be one of " + METHODS);
                method = null;
            }
            String path = fields.text(op, "path", at + ".path", true, 300, null, null);
            if (path != null) {
                // what the department is called at: it must form a URL whatever the input
                Optional<String> problem = OperationRules.pathProblem(path);
                if (problem.isPresent()) {
                    fields.error(at + ".path", problem.get());
                    path = null;
                }
            }
            schemas.check(op.get("inputSchema"), at + ".inputSchema", path, at + ".path", fields);
            Map<String, String> mapping = responseMapping(op, at, fields);
            Boolean idempotent = fields.bool(op, "idempotent", at + ".idempotent", true);
            Integer ttl = fields.integer(op, "cacheTtlSeconds", at + ".cacheTtlSeconds", 1, 86_400);
            if (idempotent != null) {
                OperationRules.cacheProblem(idempotent, ttl)
                        .ifPresent(problem -> fields.error(at + ".cacheTtlSeconds", problem));
            }
            String visibility = fields.text(op, "visibility", at + ".visibility", false, 10, null, null);
            if (visibility != null && !VISIBILITIES.contains(visibility)) {
                fields.error(at + ".visibility", "must be CITIZEN (default) or SERVICE (only the platform's services)");
            }
            Map<String, Object> options = fields.object(op, "options", at + ".options", false)
                    .map(o -> (Map<String, Object>) json.convertValue(o, OBJECT))
                    .orElse(Map.of());
            if (fields.errors().size() > before) {
                continue;
            }
            OperationDraft draft = new OperationDraft(
                    at,
                    code,
                    names,
                    method,
                    path,
                    op.get("inputSchema"),
                    mapping,
                    idempotent,
                    ttl,
                    visibility == null ? "CITIZEN" : visibility,
                    options);
            rules.check(adapter, draft, fields);
            drafts.add(draft);
        }
        return drafts;
    }

    private Map<String, String> responseMapping(JsonNode op, String at, RequestFields fields) {
        Map<String, String> mapping = new LinkedHashMap<>();
        fields.object(op, "responseMapping", at + ".responseMapping", false).ifPresent(node -> {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String field = at + ".responseMapping." + member.getKey();
                if (!MAPPING_FIELD.matcher(member.getKey()).matches()) {
                    fields.error(field, "must be an output field name (letters, digits, _; dots nest)");
                } else if (!member.getValue().isString()) {
                    fields.error(field, "must be a JSON pointer into the department's answer, e.g. /data/name");
                } else {
                    mapping.put(member.getKey(), member.getValue().asString());
                }
            }
            OperationRules.responseMappingProblems(mapping)
                    .forEach((field, problem) -> fields.error(at + ".responseMapping." + field, problem));
        });
        return mapping;
    }

    private boolean categoryExists(String category) {
        return jdbc.sql("select count(*) from category where code = ?")
                        .param(category)
                        .query(Long.class)
                        .single()
                > 0;
    }
}
