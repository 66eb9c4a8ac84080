package org.janseva.catalog.admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.SettingDescriptor;
import org.janseva.adapter.spi.SettingProblem;
import org.janseva.catalog.adapter.AdapterRegistry;
import org.janseva.catalog.adapter.AdapterSettingsCodec;
import org.janseva.catalog.adapter.CommonSettings;
import org.janseva.catalog.adapter.OutboundAddressGuard;
import org.janseva.catalog.adapter.SettingsCipher;
import org.janseva.catalog.catalogue.Catalogue;
import org.janseva.catalog.catalogue.EndpointAliases;
import org.janseva.catalog.invocation.InvocationProperties;
import org.janseva.platform.security.Caller;
import org.janseva.platform.web.ApiException;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates, changes and reads departments and their adapter instance. A department document is
 * {@code {"code", "name": {...}, "type", "state"?, "adapter": {"type", ...settings}}}; the settings
 * are checked by the adapter type (descriptors, then {@code validate}), every URL setting by the
 * SSRF guard, and every secret is encrypted before it is stored and shown only as set or unset.
 * Changes are written with their audit row in one transaction; the catalogue of this instance is
 * refreshed at once, other instances follow within their refresh interval.
 */
@Service
class DepartmentAdmin {

    private static final Logger log = LoggerFactory.getLogger(DepartmentAdmin.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

    static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]*");
    private static final Pattern STATE = Pattern.compile("[A-Z]{2,3}");
    private static final Pattern TYPE_KEY = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern ALIAS = Pattern.compile("\\{\\{([a-zA-Z0-9_-]+)}}");
    private static final Set<String> FIELDS = Set.of("code", "name", "type", "state", "adapter");
    private static final String SECRETS = "secrets";
    /**
     * The members of a department as read that are not of the document a PATCH changes: they say
     * what the department has (its secrets set or unset, its services) or when it changed.
     */
    private static final Set<String> READ_ONLY = Set.of(SECRETS, "services", "createdAt", "updatedAt");

    private static final List<String> TYPES = List.of("CENTRAL", "STATE", "UTILITY");
    private static final String UTILITY = "UTILITY";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AdapterRegistry registry;
    private final AdapterSettingsCodec codec;
    private final EndpointAliases aliases;
    private final OutboundAddressGuard guard;
    private final AdminAudit audit;
    private final OperationRules operations;
    private final Catalogue catalogue;
    private final TransactionTemplate transaction;
    private final long maxTimeoutMs;
    private final int maxConcurrentCalls;

    DepartmentAdmin(
            JdbcClient jdbc,
            JsonMapper json,
            AdapterRegistry registry,
            AdapterSettingsCodec codec,
            EndpointAliases aliases,
            OutboundAddressGuard guard,
            AdminAudit audit,
            OperationRules operations,
            Catalogue catalogue,
            PlatformTransactionManager transactions,
            InvocationProperties invocation) {
        this.jdbc = jdbc;
        this.json = json;
        this.registry = registry;
        this.codec = codec;
        this.aliases = aliases;
        this.guard = guard;
        this.audit = audit;
        this.operations = operations;
        this.catalogue = catalogue;
        this.transaction = new TransactionTemplate(transactions);
        this.maxTimeoutMs = invocation.maxDepartmentTimeout().toMillis();
        this.maxConcurrentCalls = invocation.maxDepartmentConcurrentCalls();
    }

    /**
     * @return how many calls the department is really sent at once: its {@code maxConcurrentCalls},
     *     at most the platform's cap (rows saved before the cap existed may ask for more)
     */
    int maxConcurrentCalls(AdapterSettings settings) {
        return Math.min(CommonSettings.maxConcurrentCalls(settings), maxConcurrentCalls);
    }

    /** A department as stored. */
    record Stored(
            String code,
            String type,
            String stateCode,
            Map<String, String> names,
            String adapterType,
            Map<String, Object> adapterSettings,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    /** A checked department, settings sealed (secrets encrypted), ready to store. */
    private record Checked(
            String code,
            String type,
            String stateCode,
            Map<String, String> names,
            String adapterType,
            Map<String, Object> sealedSettings) {}

    /** {@code POST /api/v1/admin/departments}. */
    AdminViews.DepartmentView create(Caller caller, String requestId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw AdminProblems.invalid("body", "must be a JSON object");
        }
        Checked department = check(body, null);
        try {
            transaction.executeWithoutResult(status -> {
                CatalogueWriteLock.take(jdbc);
                jdbc.sql("""
                                insert into department (code, type, state_code, names, adapter_type, adapter_settings)
                                values (?, ?, ?, cast(? as jsonb), ?, cast(? as jsonb))""")
                        .params(
                                department.code(),
                                department.type(),
                                department.stateCode(),
                                json.writeValueAsString(department.names()),
                                department.adapterType(),
                                json.writeValueAsString(department.sealedSettings()))
                        .update();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("type", department.type());
                details.put("adapterType", department.adapterType());
                if (department.stateCode() != null) {
                    details.put("state", department.stateCode());
                }
                audit.record(
                        caller.subject(),
                        AdminAudit.Action.DEPARTMENT_CREATED,
                        department.code(),
                        null,
                        requestId,
                        details);
            });
        } catch (DuplicateKeyException ex) {
            throw AdminProblems.departmentExists(department.code());
        }
        log.info("Department {} created by {} ({})", department.code(), caller.subject(), department.adapterType());
        catalogue.refresh();
        return get(department.code());
    }

    /**
     * {@code PATCH /api/v1/admin/departments/{code}}: a JSON merge patch (RFC 7396) of the document
     * read, so that a document read, edited and sent back whole is taken. The answer's own members
     * ({@link #READ_ONLY}) change nothing: {@code services}, {@code createdAt} and {@code updatedAt}
     * are ignored whatever they hold (they move with others' changes, and a client's date type may
     * rewrite a time), {@code secrets} must say what the department has or what the patch makes it
     * have (else a client meant to set or remove a secret there, which is done under {@code adapter}).
     */
    AdminViews.DepartmentView update(Caller caller, String requestId, String code, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw AdminProblems.invalid("body", "must be a JSON object (a merge patch of the department)");
        }
        JsonNode secrets = body.get(SECRETS);
        ObjectNode patch = ((ObjectNode) body).deepCopy();
        READ_ONLY.forEach(patch::remove);
        if (patch.has("code")
                && !(patch.get("code").isString()
                        && patch.get("code").asString().equals(code))) {
            throw AdminProblems.invalid("code", "cannot be changed");
        }
        List<String> changed = transaction.execute(status -> {
            CatalogueWriteLock.take(jdbc);
            Stored current = find(code, true);
            if (current == null) {
                throw AdminProblems.departmentNotFound(code);
            }
            ObjectNode currentDocument = document(current);
            JsonNode effectivePatch = keepStoredSecrets(patch, current);
            JsonNode merged = mergePatch(currentDocument, effectivePatch);
            Checked department = check(merged, current);
            refuseSecretsSaidOtherwise(secrets, current, department);
            refuseBillerTypeChange(current, department.type());
            if (!department.adapterType().equals(current.adapterType())) {
                refuseOperationsTheAdapterCannotCall(code, department);
            }
            // compared as stored: the patch as checked (names stripped, secrets sealed), not as sent
            List<String> paths = changedPaths(current, department);
            if (paths.isEmpty()) {
                return paths;
            }
            jdbc.sql("""
                            update department set type = ?, state_code = ?, names = cast(? as jsonb), adapter_type = ?,
                                                  adapter_settings = cast(? as jsonb), updated_at = now()
                            where code = ?""")
                    .params(
                            department.type(),
                            department.stateCode(),
                            json.writeValueAsString(department.names()),
                            department.adapterType(),
                            json.writeValueAsString(department.sealedSettings()),
                            code)
                    .update();
            if (!department.type().equals(current.type())) {
                // a catalogue entry is of its department's type (CENTRAL and STATE only: see
                // refuseBillerTypeChange)
                jdbc.sql("update catalogue_entry set type = ?, updated_at = now() where department_code = ?")
                        .params(department.type(), code)
                        .update();
            }
            audit.record(
                    caller.subject(),
                    AdminAudit.Action.DEPARTMENT_UPDATED,
                    code,
                    null,
                    requestId,
                    Map.of("changed", paths));
            return paths;
        });
        if (!changed.isEmpty()) {
            log.info("Department {} changed by {}: {}", code, caller.subject(), changed);
            catalogue.refresh();
        }
        return get(code);
    }

    /**
     * A document read and sent back has {@code secrets} as read, or edited to say what the change
     * makes them; anything else (a secret marked {@code unset} that the patch keeps) means the client
     * meant to set or remove one there, which would change nothing: refused, saying where it is done.
     *
     * @param secrets the patch's {@code secrets}, {@code null} when absent
     */
    private void refuseSecretsSaidOtherwise(JsonNode secrets, Stored current, Checked department) {
        if (secrets == null || secrets.isNull()) {
            return;
        }
        JsonNode before = json.valueToTree(secretStates(current.adapterType(), current.adapterSettings()));
        JsonNode after = json.valueToTree(secretStates(department.adapterType(), department.sealedSettings()));
        if (!secrets.equals(before) && !secrets.equals(after)) {
            throw AdminProblems.invalid(
                    SECRETS,
                    "is read-only: it says which secrets the department has (set or unset) and may be sent back as"
                            + " read; a secret is set under adapter (\"adapter\": {\"auth\": {\"apiKey\": \"...\"}})"
                            + " and removed there with null");
        }
    }

    /**
     * A biller's (UTILITY) services have {@code fetch-bill} and {@code confirm-payment}, which
     * payment-service calls, and no other department's services have them: turning a department
     * with services into a biller, or a biller with services into something else, would list
     * services among the billers (or bills among the others) that cannot work as such. Changes
     * between CENTRAL and STATE stay allowed. The department's row is locked, and creating a service
     * takes a share lock on it, so no service slips in while this is decided.
     */
    private void refuseBillerTypeChange(Stored current, String type) {
        if (type.equals(current.type()) || !(UTILITY.equals(type) || UTILITY.equals(current.type()))) {
            return;
        }
        long services = jdbc.sql("select count(*) from catalogue_entry where department_code = ?")
                .param(current.code())
                .query(Long.class)
                .single();
        if (services > 0) {
            throw AdminProblems.invalid(
                    "type",
                    "cannot change from " + current.type() + " to " + type + " while the department has " + services
                            + (services == 1 ? " service" : " services")
                            + ": a biller's (UTILITY) services have the operations fetch-bill and confirm-payment that"
                            + " payment-service uses, other departments' services do not; onboard the department"
                            + " again under a new code with its type and services");
        }
    }

    /**
     * A new adapter type must be able to call every operation of the department's services as they
     * are stored (services cannot be changed, and would otherwise fail for citizens at their first
     * call). Creating a service takes a share lock on the department's row, which this transaction
     * holds for update, so none slips in meanwhile.
     */
    private void refuseOperationsTheAdapterCannotCall(String code, Checked department) {
        List<FieldErrorView> problems = operations.problems(
                department.type(),
                department.adapterType(),
                operations.storedOfDepartment(code, "services."),
                "services.");
        if (!problems.isEmpty()) {
            throw AdminProblems.unprocessable(
                    "OPERATIONS_NOT_SUPPORTED",
                    "Operations not supported",
                    "The adapter type " + department.adapterType() + " cannot call every operation of the department's"
                            + " services as they are defined; see errors. Keep the adapter type, or onboard the"
                            + " services again under a department of the new type.",
                    problems);
        }
    }

    /** {@code GET /api/v1/admin/departments/{code}}. */
    AdminViews.DepartmentView get(String code) {
        Stored stored = find(code, false);
        if (stored == null) {
            throw AdminProblems.departmentNotFound(code);
        }
        return view(stored, serviceCounts(List.of(code)).getOrDefault(code, Map.of()));
    }

    /** {@code GET /api/v1/admin/departments}. */
    AdminViews.Page<AdminViews.DepartmentView> list(String type, int page, int size) {
        if (type != null && !TYPES.contains(type)) {
            throw AdminProblems.invalid("type", "must be one of " + TYPES);
        }
        String where = type == null ? "" : " where type = ?";
        List<Object> params = type == null ? new ArrayList<>() : new ArrayList<>(List.of(type));
        long total = jdbc.sql("select count(*) from department" + where)
                .params(params)
                .query(Long.class)
                .single();
        params.add(size);
        params.add((long) page * size);
        List<Stored> rows = jdbc.sql("select code, type, state_code, names::text as names, adapter_type, "
                        + "adapter_settings::text as adapter_settings, created_at, updated_at from department" + where
                        + " order by code limit ? offset ?")
                .params(params)
                .query((rs, n) -> stored(rs))
                .list();
        Map<String, Map<String, Long>> counts =
                serviceCounts(rows.stream().map(Stored::code).toList());
        return AdminViews.Page.of(
                rows.stream()
                        .map(row -> view(row, counts.getOrDefault(row.code(), Map.of())))
                        .toList(),
                page,
                size,
                total);
    }

    /**
     * @param code a department code
     * @param forUpdate whether to lock the row for the rest of the transaction
     * @return the department as stored, or {@code null}
     */
    Stored find(String code, boolean forUpdate) {
        return jdbc.sql("select code, type, state_code, names::text as names, adapter_type, "
                        + "adapter_settings::text as adapter_settings, created_at, updated_at from department "
                        + "where code = ?" + (forUpdate ? " for update" : ""))
                .param(code)
                .query((rs, n) -> stored(rs))
                .optional()
                .orElse(null);
    }

    /**
     * @param stored a department as stored
     * @return its settings as its adapter uses them (secrets decrypted, aliases resolved)
     */
    AdapterSettings open(Stored stored) {
        return codec.open(stored.code(), stored.adapterType(), stored.adapterSettings());
    }

    /**
     * @param stored a department as stored
     * @return its URL settings the SSRF guard refuses now (names resolve differently over time)
     */
    List<FieldErrorView> refusedUrls(Stored stored) {
        AdapterSettings opened = open(stored);
        List<FieldErrorView> refused = new ArrayList<>();
        for (SettingDescriptor descriptor : registry.settingsOf(stored.adapterType())) {
            if (descriptor.kind() == SettingDescriptor.Kind.URL) {
                String field = "department.adapter." + descriptor.name();
                opened.string(descriptor.name())
                        .flatMap(guard::refusal)
                        .ifPresent(reason -> refused.add(new FieldErrorView(field, reason)));
            }
        }
        return refused;
    }

    private Stored stored(ResultSet rs) throws SQLException {
        return new Stored(
                rs.getString("code"),
                rs.getString("type"),
                rs.getString("state_code"),
                json.readValue(rs.getString("names"), STRINGS),
                rs.getString("adapter_type"),
                json.readValue(rs.getString("adapter_settings"), OBJECT),
                rs.getTimestamp("created_at").toInstant().atOffset(ZoneOffset.UTC),
                rs.getTimestamp("updated_at").toInstant().atOffset(ZoneOffset.UTC));
    }

    /**
     * Checks a whole department document. Secret values in it are either new (in clear, from the
     * request) or the stored ones (encrypted, only when {@code current} is given).
     *
     * @throws ApiException 400 with every bad field, 422 {@code URL_NOT_ALLOWED} when the SSRF
     *     guard refuses a URL
     */
    private Checked check(JsonNode document, Stored current) {
        RequestFields fields = new RequestFields();
        fields.onlyKnown(document, "", FIELDS);
        String code = current != null
                ? current.code()
                : fields.text(document, "code", "code", true, 40, CODE, "must be upper-case letters, digits and -");
        Map<String, String> names = fields.localized(document, "name", "name", true, 200);
        String type = fields.text(document, "type", "type", true, 10, null, null);
        if (type != null && !TYPES.contains(type)) {
            fields.error("type", "must be one of " + TYPES);
            type = null;
        }
        String state = fields.text(document, "state", "state", false, 3, STATE, "must be a state code such as KA");
        if (state == null
                && "STATE".equals(type)
                && !fields.errors().stream().anyMatch(e -> e.field().equals("state"))) {
            fields.error("state", "is required for a STATE department");
        }
        if (state != null && "CENTRAL".equals(type)) {
            // a central department serves every state; with a state its services would be listed and
            // filtered as that state's (the shipped catalogue has none)
            fields.error(
                    "state",
                    "must be absent for a CENTRAL department (only STATE and UTILITY departments have one; "
                            + "in a PATCH send \"state\": null)");
        } else if (state != null && !stateExists(state)) {
            fields.error("state", "is not a state of the catalogue; see GET /api/v1/catalog/states");
        }

        String adapterType = null;
        Map<String, Object> sealed = null;
        List<FieldErrorView> refused = new ArrayList<>();
        JsonNode adapter = fields.object(document, "adapter", "adapter", true).orElse(null);
        if (adapter != null) {
            adapterType =
                    fields.text(adapter, "type", "adapter.type", true, 60, TYPE_KEY, "must be an adapter type key");
            if (adapterType != null && registry.find(adapterType).isEmpty()) {
                fields.error(
                        "adapter.type",
                        "is not an installed adapter type; see GET /api/v1/admin/adapter-types ("
                                + registry.adapters().stream()
                                        .map(a -> a.type())
                                        .toList() + ")");
                adapterType = null;
            }
            if (adapterType != null) {
                // named where the change was made: a PATCH of the type alone names the type
                boolean adapterTypeKept = current != null && adapterType.equals(current.adapterType());
                OperationRules.adapterTypeProblem(type, adapterType)
                        .ifPresent(problem -> fields.error(adapterTypeKept ? "type" : "adapter.type", problem));
            }
        }
        if (adapter != null && adapterType != null) {
            // checked even when other fields are wrong, so that one answer names every problem; a
            // code that is itself wrong only binds the secrets of this check, which is not stored
            String boundTo = code != null ? code : "UNSAVED";
            ObjectNode settingsNode = ((ObjectNode) adapter).deepCopy();
            settingsNode.remove("type");
            @SuppressWarnings("unchecked")
            Map<String, Object> settings = json.treeToValue(settingsNode, Map.class);
            int before = fields.errors().size();
            checkSecretsGiven(adapterType, settings, current, fields);
            checkAliases("adapter", settings, fields);
            if (fields.errors().size() == before) {
                sealed = seal(boundTo, adapterType, settings);
                AdapterSettings opened = codec.open(boundTo, adapterType, sealed);
                // held to the platform's caps, never capped in silence: the integrator learns the
                // range the value is really held to now (one message), not from a 504 or a 503
                List<SettingProblem> problems =
                        registry.validate(adapterType, opened, maxTimeoutMs, maxConcurrentCalls);
                for (SettingProblem problem : problems) {
                    fields.error("adapter." + problem.setting(), problem.message());
                }
                if (!fields.hasErrors()) {
                    for (SettingDescriptor descriptor : registry.settingsOf(adapterType)) {
                        if (descriptor.kind() != SettingDescriptor.Kind.URL) {
                            continue;
                        }
                        String field = "adapter." + descriptor.name();
                        opened.string(descriptor.name())
                                .flatMap(guard::refusal)
                                .ifPresent(reason -> refused.add(new FieldErrorView(field, reason)));
                    }
                }
            }
        }
        if (fields.hasErrors()) {
            throw AdminProblems.invalid(fields.errors());
        }
        if (!refused.isEmpty()) {
            log.warn("Department {}: a URL the SSRF guard refuses was given: {}", code, refused);
            throw AdminProblems.urlNotAllowed(refused);
        }
        return new Checked(code, type, state, names, adapterType, sealed);
    }

    /** Secrets given in a request are in clear: never the redaction mark, never a stored value. */
    private void checkSecretsGiven(String type, Map<String, Object> settings, Stored current, RequestFields fields) {
        for (String path : codec.secretPaths(type)) {
            Object value = new AdapterSettings("", settings).find(path).orElse(null);
            if (value == null) {
                continue;
            }
            // a stored value decrypts under any type: it is bound to the department and the path
            Object stored = current == null
                    ? null
                    : new AdapterSettings("", current.adapterSettings())
                            .find(path)
                            .orElse(null);
            boolean fromStore = stored != null && stored.equals(value);
            if (!(value instanceof String text)) {
                fields.error("adapter." + path, "must be a string");
            } else if (AdapterSettingsCodec.REDACTED.equals(text)) {
                fields.error(
                        "adapter." + path, "is not set; give the secret itself, not " + AdapterSettingsCodec.REDACTED);
            } else if (SettingsCipher.isEncrypted(text) && !fromStore) {
                fields.error("adapter." + path, "must be the secret itself, not an encrypted value");
            }
        }
    }

    /** Every {@code {{alias}}} in a setting must be configured in this deployment. */
    @SuppressWarnings("unchecked")
    private void checkAliases(String prefix, Map<String, Object> settings, RequestFields fields) {
        settings.forEach((key, value) -> {
            String path = prefix + "." + key;
            if (value instanceof String text && ALIAS.matcher(text).find()) {
                try {
                    aliases.resolve(text);
                } catch (IllegalStateException ex) {
                    fields.error(path, "names an endpoint alias this deployment does not configure");
                }
            } else if (value instanceof Map<?, ?> nested) {
                checkAliases(path, (Map<String, Object>) nested, fields);
            }
        });
    }

    private Map<String, Object> seal(String code, String type, Map<String, Object> settings) {
        try {
            return codec.seal(code, type, settings);
        } catch (IllegalStateException ex) {
            // no key configured: the message names the configuration, never a value
            throw AdminProblems.unprocessable(
                    "SECRETS_NOT_STORABLE",
                    "Secrets cannot be stored",
                    "This deployment has no key to encrypt adapter secrets (platform.catalog.adapters.settings-keys); "
                            + "ask the operators to configure one.",
                    List.of());
        }
    }

    /** A secret given as {@code ******} in a patch keeps its stored value (a GET, edited, sent back). */
    private JsonNode keepStoredSecrets(JsonNode patch, Stored current) {
        JsonNode adapter = patch.get("adapter");
        if (adapter == null || !adapter.isObject()) {
            return patch;
        }
        String type = adapter.has("type") && adapter.get("type").isString()
                ? adapter.get("type").asString()
                : current.adapterType();
        if (registry.find(type).isEmpty()) {
            return patch;
        }
        ObjectNode copy = ((ObjectNode) patch).deepCopy();
        for (String path : codec.secretPaths(type)) {
            String[] parts = path.split("\\.");
            JsonNode parent = copy.get("adapter");
            for (int i = 0; i < parts.length - 1 && parent != null; i++) {
                parent = parent.get(parts[i]);
            }
            String leaf = parts[parts.length - 1];
            if (parent instanceof ObjectNode object
                    && object.get(leaf) != null
                    && object.get(leaf).isString()
                    && AdapterSettingsCodec.REDACTED.equals(object.get(leaf).asString())
                    && new AdapterSettings("", current.adapterSettings())
                            .find(path)
                            .isPresent()) {
                object.remove(leaf);
            }
        }
        return copy;
    }

    private ObjectNode document(Stored stored) {
        return document(
                stored.code(),
                stored.names(),
                stored.type(),
                stored.stateCode(),
                stored.adapterType(),
                stored.adapterSettings());
    }

    private ObjectNode document(
            String code,
            Map<String, String> names,
            String type,
            String stateCode,
            String adapterType,
            Map<String, Object> adapterSettings) {
        ObjectNode document = json.createObjectNode();
        document.put("code", code);
        document.set("name", json.valueToTree(names));
        document.put("type", type);
        if (stateCode != null) {
            document.put("state", stateCode);
        }
        ObjectNode adapter = json.createObjectNode();
        adapter.put("type", adapterType);
        adapter.setAll((ObjectNode) json.valueToTree(adapterSettings));
        document.set("adapter", adapter);
        return document;
    }

    /**
     * The fields a checked patch changes, as they would be stored: a name sent with spaces around
     * it, or a secret sent again with the value it has, changes nothing (and is neither written nor
     * audited). A new secret is sealed under a fresh nonce, so secrets are compared decrypted; one
     * that cannot be decrypted counts as changed.
     *
     * @return the dotted paths of the changed fields, e.g. {@code name.en}, {@code adapter.auth.apiKey}
     */
    private List<String> changedPaths(Stored current, Checked department) {
        List<String> paths = new ArrayList<>();
        differences(
                "",
                document(current),
                document(
                        department.code(),
                        department.names(),
                        department.type(),
                        department.stateCode(),
                        department.adapterType(),
                        department.sealedSettings()),
                paths);
        List<String> secrets = codec.secretPaths(department.adapterType()).stream()
                .map(path -> "adapter." + path)
                .filter(paths::contains)
                .toList();
        if (!secrets.isEmpty()) {
            try {
                AdapterSettings before = codec.open(current.code(), current.adapterType(), current.adapterSettings());
                AdapterSettings after =
                        codec.open(department.code(), department.adapterType(), department.sealedSettings());
                for (String path : secrets) {
                    String setting = path.substring("adapter.".length());
                    Object was = before.find(setting).orElse(null);
                    if (was != null && was.equals(after.find(setting).orElse(null))) {
                        paths.remove(path);
                    }
                }
            } catch (RuntimeException ex) {
                // a stored secret that no longer decrypts (or an alias now missing): replaced, as far
                // as anyone can tell
            }
        }
        return paths;
    }

    /** RFC 7396: members of the patch replace the target's, {@code null} removes, objects merge. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : new ObjectNode(tools.jackson.databind.node.JsonNodeFactory.instance);
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            if (member.getValue().isNull()) {
                result.remove(member.getKey());
            } else {
                result.set(member.getKey(), mergePatch(result.get(member.getKey()), member.getValue()));
            }
        }
        return result;
    }

    /** The dotted paths of the leaves that differ between two documents. */
    static void differences(String prefix, JsonNode before, JsonNode after, List<String> paths) {
        if (before != null && after != null && before.isObject() && after.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>(before.propertyNames());
            names.addAll(after.propertyNames());
            for (String name : names) {
                differences(prefix.isEmpty() ? name : prefix + "." + name, before.get(name), after.get(name), paths);
            }
        } else if (before == null ? after != null : !before.equals(after)) {
            paths.add(prefix);
        }
    }

    private boolean stateExists(String state) {
        return jdbc.sql("select count(*) from state where code = ?")
                        .param(state)
                        .query(Long.class)
                        .single()
                > 0;
    }

    private Map<String, Map<String, Long>> serviceCounts(List<String> codes) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        if (codes.isEmpty()) {
            return counts;
        }
        jdbc.sql("select department_code, status, count(*) as n from catalogue_entry where department_code = any(?) "
                        + "group by department_code, status")
                .param(codes.toArray(String[]::new))
                .query((ResultSet rs) -> {
                    counts.computeIfAbsent(rs.getString("department_code"), c -> new LinkedHashMap<>())
                            .put(rs.getString("status"), rs.getLong("n"));
                });
        return counts;
    }

    /** @return each secret setting of the adapter type, {@code set} or {@code unset}, as a department is read */
    private Map<String, String> secretStates(String adapterType, Map<String, Object> settings) {
        Map<String, String> secrets = new LinkedHashMap<>();
        if (registry.find(adapterType).isPresent()) {
            AdapterSettings found = new AdapterSettings("", settings);
            for (String path : codec.secretPaths(adapterType)) {
                secrets.put(path, found.find(path).isPresent() ? "set" : "unset");
            }
        }
        return secrets;
    }

    private AdminViews.DepartmentView view(Stored stored, Map<String, Long> counts) {
        Map<String, Object> adapter = new LinkedHashMap<>();
        adapter.put("type", stored.adapterType());
        if (registry.find(stored.adapterType()).isPresent()) {
            adapter.putAll(codec.redact(stored.adapterType(), stored.adapterSettings()));
        }
        Map<String, String> secrets = secretStates(stored.adapterType(), stored.adapterSettings());
        long draft = counts.getOrDefault("DRAFT", 0L);
        long published = counts.getOrDefault("PUBLISHED", 0L);
        long suspended = counts.getOrDefault("SUSPENDED", 0L);
        return new AdminViews.DepartmentView(
                stored.code(),
                stored.names(),
                stored.type(),
                stored.stateCode(),
                adapter,
                secrets,
                new AdminViews.ServiceCounts(draft + published + suspended, published, draft, suspended),
                stored.createdAt(),
                stored.updatedAt());
    }
}
