package org.janseva.catalog.shipped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.janseva.catalog.catalogue.CatalogueEntry;
import org.janseva.catalog.catalogue.CatalogueSnapshot;
import org.janseva.catalog.catalogue.CatalogueType;
import org.janseva.catalog.catalogue.Category;
import org.janseva.catalog.catalogue.Channel;
import org.janseva.catalog.catalogue.Department;
import org.janseva.catalog.catalogue.EntryStatus;
import org.janseva.catalog.catalogue.Language;
import org.janseva.catalog.catalogue.LocalizedText;
import org.janseva.catalog.catalogue.Operation;
import org.janseva.catalog.catalogue.State;
import org.janseva.catalog.catalogue.Visibility;
import org.janseva.catalog.shipped.CatalogueSources.Line;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalogue the platform ships with, generated deterministically from the curated sources
 * under {@code classpath:catalogue/} (see {@code docs/catalog-model.md}): categories and states in
 * 13 languages, 88 central departments and their services, state departments composed from
 * department kinds and a per-state plan, one utility-bill service per biller, the operations'
 * input schemas from typed fields, translations and synonyms. The same sources always give the
 * same catalogue; every reference, language and script is checked while it is generated.
 *
 * <p>Flyway writes it into the database ({@link ShippedCatalogueMigration}); benchmarks and tests
 * can take it as a {@link CatalogueSnapshot} without a database ({@link #toSnapshot}).
 */
public final class ShippedCatalogue {

    /** The countries of the international edition; every service is also offered in IN. */
    public static final List<String> INTERNATIONAL_COUNTRIES = List.of("US", "GB", "CA", "AU", "AE", "NL", "SG", "NZ");

    static final String SIMULATOR_DEPARTMENTS = "{{simulator}}/departments/";
    static final String SIMULATOR_BILLERS = "{{simulator}}/billers/";
    static final String FETCH_BILL = "fetch-bill";
    static final String CONFIRM_PAYMENT = "confirm-payment";
    static final String JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";
    static final String REST_JSON = "rest-json";

    /**
     * The central departments whose API speaks a dialect of its own, each with the adapter type
     * coded for it; every other central and state department is {@code rest-json}. EPFO answers
     * snake_case, {@code dd-MM-yyyy} dates and bare rupee strings, which {@code epfo} maps to the
     * platform's conventions (money {@code {"value", "currency"}}, ISO-8601 dates). V3 wrote them
     * {@code rest-json}; V16 moved them (db/migration/V16__epfo_adapter.sql).
     */
    static final Map<String, String> CODED_ADAPTERS = Map.of("EPFO", "epfo");

    private static final Language[] OTHER_THAN_EN_HI = {
        Language.AS,
        Language.BN,
        Language.GU,
        Language.KN,
        Language.ML,
        Language.MR,
        Language.OR,
        Language.PA,
        Language.TA,
        Language.TE,
        Language.UR
    };
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");
    private static final Pattern ENTRY_CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,63}");
    private static final Pattern DEPARTMENT_CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,39}");

    /** A category. */
    record CategoryRow(String code, int position, Map<Language, String> names, Map<Language, List<String>> synonyms) {}

    /** A state. */
    record StateRow(String code, Map<Language, String> names) {}

    /** A department or biller and its adapter instance. */
    record DepartmentRow(
            String code,
            CatalogueType type,
            String stateCode,
            Map<Language, String> names,
            String adapterType,
            Map<String, Object> settings) {}

    /** An operation of an entry. */
    record OperationRow(
            String code,
            int position,
            Map<Language, String> names,
            String method,
            String path,
            ObjectNode inputSchema,
            boolean idempotent,
            Integer cacheTtlSeconds,
            Visibility visibility) {}

    /** A catalogue entry (a citizen service). */
    record EntryRow(
            String code,
            String departmentCode,
            String categoryCode,
            CatalogueType type,
            Set<Channel> channels,
            List<String> countries,
            Map<Language, String> names,
            Map<Language, String> descriptions,
            Map<Language, List<String>> synonyms,
            int position,
            List<OperationRow> operations) {}

    /**
     * The figures the seed article gives, as the shipped data has them.
     *
     * @param services every service
     * @param central central services
     * @param state state services
     * @param utility utility-bill services
     * @param centralDepartments central departments with services
     * @param stateDepartments state departments with services
     * @param states states with state services
     * @param kaios services on KaiOS
     * @param international services offered outside India
     */
    public record Figures(
            int services,
            int central,
            int state,
            int utility,
            int centralDepartments,
            int stateDepartments,
            int states,
            int kaios,
            int international) {}

    private final JsonMapper json = JsonMapper.builder().build();
    private final CatalogueSources sources;
    private final List<CategoryRow> categories = new ArrayList<>();
    private final Map<String, StateRow> states = new LinkedHashMap<>();
    private final Map<String, DepartmentRow> departments = new LinkedHashMap<>();
    private final Map<String, EntryRow> entries = new LinkedHashMap<>();

    // intermediate source data
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, OperationTemplate> operations = new LinkedHashMap<>();
    private final Map<String, Place> places = new LinkedHashMap<>();
    private final Map<String, Map<Language, String>> translations = new HashMap<>();
    private final Set<String> usedTranslations = new HashSet<>();
    private final Map<String, String> templateOfEntry = new HashMap<>();
    private final Map<String, Map<Language, List<String>>> departmentSynonyms = new HashMap<>();
    private final boolean departmentSynonymsInEntries;
    private final Map<String, String> codedAdapters;

    private ShippedCatalogue(
            CatalogueSources sources, boolean departmentSynonymsInEntries, Map<String, String> codedAdapters) {
        this.sources = sources;
        this.departmentSynonymsInEntries = departmentSynonymsInEntries;
        this.codedAdapters = codedAdapters;
    }

    /**
     * Generates the shipped catalogue from the sources on the class path.
     *
     * @return the catalogue
     * @throws IllegalStateException naming the source line, when the sources are inconsistent
     */
    public static ShippedCatalogue load() {
        ShippedCatalogue catalogue = new ShippedCatalogue(CatalogueSources.fromClasspath(), false, CODED_ADAPTERS);
        catalogue.generate();
        return catalogue;
    }

    /**
     * The catalogue as Flyway {@code V3} wrote it, for that migration to write it the same way
     * forever: from the synonyms as they were then ({@link CatalogueSources#asShippedByV3()}), and
     * with every department synonym copied into each of its entries' synonyms, which a search
     * could not tell from the entry's own (V15 moved them to the department), and every central
     * department on {@code rest-json} (V16 moved EPFO to {@code epfo}, {@link #CODED_ADAPTERS}).
     *
     * @return the catalogue V3 wrote
     */
    static ShippedCatalogue loadAsShippedByV3() {
        ShippedCatalogue catalogue = new ShippedCatalogue(CatalogueSources.asShippedByV3(), true, Map.of());
        catalogue.generate();
        return catalogue;
    }

    /** @return a checksum of the sources */
    int checksum() {
        return sources.checksum();
    }

    List<CategoryRow> categories() {
        return Collections.unmodifiableList(categories);
    }

    List<StateRow> states() {
        return List.copyOf(states.values());
    }

    List<DepartmentRow> departments() {
        return List.copyOf(departments.values());
    }

    List<EntryRow> entries() {
        return List.copyOf(entries.values());
    }

    /** @return a department's synonyms, empty in the catalogue V3 wrote (they are its entries') */
    Map<Language, List<String>> departmentSynonyms(String departmentCode) {
        return departmentSynonyms.getOrDefault(departmentCode, Map.of());
    }

    /** @return the figures of the generated catalogue */
    public Figures figures() {
        int central = 0;
        int state = 0;
        int utility = 0;
        int kaios = 0;
        int international = 0;
        Set<String> centralDepartments = new HashSet<>();
        Set<String> stateDepartments = new HashSet<>();
        Set<String> statesWithServices = new HashSet<>();
        for (EntryRow entry : entries.values()) {
            switch (entry.type()) {
                case CENTRAL -> {
                    central++;
                    centralDepartments.add(entry.departmentCode());
                }
                case STATE -> {
                    state++;
                    stateDepartments.add(entry.departmentCode());
                    statesWithServices.add(
                            departments.get(entry.departmentCode()).stateCode());
                }
                case UTILITY -> utility++;
            }
            if (entry.channels().contains(Channel.KAIOS)) {
                kaios++;
            }
            if (entry.countries().size() > 1) {
                international++;
            }
        }
        return new Figures(
                entries.size(),
                central,
                state,
                utility,
                centralDepartments.size(),
                stateDepartments.size(),
                statesWithServices.size(),
                kaios,
                international);
    }

    /**
     * @param version the version the snapshot claims
     * @param at the time its rows claim to have been changed
     * @return the catalogue as the in-memory snapshot the service would load from the database
     */
    public CatalogueSnapshot toSnapshot(long version, Instant at) {
        Map<String, Department> departmentsByCode = new LinkedHashMap<>();
        for (DepartmentRow row : departments.values()) {
            departmentsByCode.put(
                    row.code(),
                    new Department(
                            row.code(),
                            row.type(),
                            row.stateCode(),
                            new LocalizedText(row.names()),
                            departmentSynonyms(row.code()),
                            row.adapterType(),
                            row.settings(),
                            at));
        }
        List<CatalogueEntry> snapshotEntries = new ArrayList<>();
        for (EntryRow row : entries.values()) {
            List<Operation> ops = new ArrayList<>();
            for (OperationRow op : row.operations()) {
                ops.add(new Operation(
                        op.code(),
                        new LocalizedText(op.names()),
                        op.method(),
                        op.path(),
                        op.inputSchema().deepCopy(),
                        Map.of(),
                        op.idempotent(),
                        op.cacheTtlSeconds() == null ? null : Duration.ofSeconds(op.cacheTtlSeconds()),
                        op.visibility(),
                        Map.of()));
            }
            snapshotEntries.add(new CatalogueEntry(
                    row.code(),
                    departmentsByCode.get(row.departmentCode()),
                    row.categoryCode(),
                    row.type(),
                    EntryStatus.PUBLISHED,
                    row.channels(),
                    Set.copyOf(row.countries()),
                    new LocalizedText(row.names()),
                    new LocalizedText(row.descriptions()),
                    row.synonyms(),
                    row.position(),
                    ops,
                    at));
        }
        return new CatalogueSnapshot(
                version,
                categories.stream()
                        .map(c -> new Category(c.code(), c.position(), new LocalizedText(c.names()), c.synonyms()))
                        .toList(),
                states.values().stream()
                        .map(s -> new State(s.code(), new LocalizedText(s.names())))
                        .toList(),
                List.copyOf(departmentsByCode.values()),
                snapshotEntries);
    }

    /** @return a text map as the jsonb the tables store */
    String textsJson(Map<Language, String> texts) {
        ObjectNode node = json.createObjectNode();
        texts.forEach((language, text) -> node.put(language.code(), text));
        return json.writeValueAsString(node);
    }

    /** @return synonyms as the jsonb the tables store */
    String synonymsJson(Map<Language, List<String>> synonyms) {
        ObjectNode node = json.createObjectNode();
        synonyms.forEach((language, terms) -> {
            ArrayNode array = node.putArray(language.code());
            terms.forEach(array::add);
        });
        return json.writeValueAsString(node);
    }

    /** @return any value as JSON */
    String toJson(Object value) {
        return json.writeValueAsString(value);
    }

    // ------------------------------------------------------------------------------------------
    // generation

    private void generate() {
        readTranslations();
        readCategories();
        readStates();
        readPlaces();
        readFields();
        readOperations();
        readCentralDepartments();
        readStateDepartments();
        readBillers();
        readSynonyms();
        for (String code : codedAdapters.keySet()) {
            DepartmentRow department = departments.get(code);
            if (department == null || department.type() != CatalogueType.CENTRAL) {
                throw new IllegalStateException(
                        "central-departments.txt has no department " + code + ", which has an adapter type of its own");
            }
        }
        for (String key : translations.keySet()) {
            if (!usedTranslations.contains(key)) {
                throw new IllegalStateException("translations.txt: " + key + " names nothing in the catalogue");
            }
        }
        // checkKaiosTexts();
    }

    private void readTranslations() {
        for (Line line : sources.lines("translations.txt")) {
            if (line.size() != 1 + OTHER_THAN_EN_HI.length) {
                throw line.error("needs a key and " + OTHER_THAN_EN_HI.length + " languages (as .. ur)");
            }
            String key = line.cell(0);
            if (!key.matches("(name|description|operation|field|consumer):[A-Za-z0-9-]+")) {
                throw line.error("has a bad key " + key);
            }
            Map<Language, String> texts = new EnumMap<>(Language.class);
            for (int i = 0; i < OTHER_THAN_EN_HI.length; i++) {
                String text = line.cell(i + 1);
                if (!text.isEmpty()) {
                    texts.put(OTHER_THAN_EN_HI[i], text);
                }
            }
            if (translations.put(key, texts) != null) {
                throw line.error("repeats " + key);
            }
        }
    }

    /** The English and Hindi texts of a line plus the other languages from translations.txt. */
    private Map<Language, String> withTranslations(Line line, String key, String en, String hi) {
        Map<Language, String> texts = new EnumMap<>(Language.class);
        texts.put(Language.EN, en);
        texts.put(Language.HI, hi);
        Map<Language, String> more = translations.get(key);
        if (more != null) {
            usedTranslations.add(key);
            texts.putAll(more);
        }
        return checkedTexts(line, texts);
    }

    private Map<Language, String> thirteen(Line line, int firstColumn) {
        if (line.size() != firstColumn + Language.values().length) {
            throw line.error("needs the 13 languages en hi as bn gu kn ml mr or pa ta te ur");
        }
        Map<Language, String> texts = new EnumMap<>(Language.class);
        Language[] languages = Language.values();
        for (int i = 0; i < languages.length; i++) {
            String text = line.cell(firstColumn + i);
            if (text.isEmpty()) {
                throw line.error("has no " + languages[i].code() + " text");
            }
            texts.put(languages[i], text);
        }
        return checkedTexts(line, texts);
    }

    private static Map<Language, String> checkedTexts(Line line, Map<Language, String> texts) {
        String english = texts.get(Language.EN);
        if (english == null || english.isEmpty()) {
            throw line.error("has no English text");
        }
        texts.forEach((language, text) -> {
            String problem = Scripts.problem(language, text);
            if (problem != null) {
                throw line.error("'" + text + "' " + problem);
            }
            if (language != Language.EN && text.equals(english)) {
                throw line.error("repeats the English text as " + language.code());
            }
        });
        return Collections.unmodifiableMap(new EnumMap<>(texts));
    }

    private void readCategories() {
        int position = 0;
        for (Line line : sources.lines("categories.txt")) {
            String code = line.cell(0);
            categories.add(new CategoryRow(code, position++, thirteen(line, 1), new EnumMap<>(Language.class)));
        }
    }

    private CategoryRow category(Line line, String code) {
        for (CategoryRow category : categories) {
            if (category.code().equals(code)) {
                return category;
            }
        }
        throw line.error("names an unknown category " + code);
    }

    private void readStates() {
        for (Line line : sources.lines("states.txt")) {
            String code = line.cell(0);
            if (states.put(code, new StateRow(code, thirteen(line, 1))) != null) {
                throw line.error("repeats state " + code);
            }
        }
    }

    private void readPlaces() {
        for (Line line : sources.lines("places.txt")) {
            if (line.size() != 5) {
                throw line.error("needs CODE|state|en|hi|tags");
            }
            String state = line.cell(1).equals("-") ? null : line.cell(1);
            if (state != null && !states.containsKey(state)) {
                throw line.error("names an unknown state " + state);
            }
            if (!line.cell(4).matches("[a-z]+")) {
                throw line.error("has bad tags " + line.cell(4));
            }
            Place place = new Place(line.cell(0), state, line.cell(2), line.cell(3), line.cell(4));
            checkedTexts(line, Map.of(Language.EN, place.en(), Language.HI, place.hi()));
            if (places.put(place.code(), place) != null) {
                throw line.error("repeats place " + place.code());
            }
        }
    }

    private record Place(String code, String stateCode, String en, String hi, String tags) {}

    /** @return the places a G line names: {@code #t} = every place tagged t, in file order, or a list */
    private List<Place> placesOf(Line line, String spec) {
        List<Place> named = new ArrayList<>();
        if (spec.matches("#[a-z]")) {
            for (Place place : places.values()) {
                if (place.tags().indexOf(spec.charAt(1)) >= 0) {
                    named.add(place);
                }
            }
        } else {
            for (String code : spec.split(",")) {
                Place place = places.get(code);
                if (place == null) {
                    throw line.error("names an unknown place " + code);
                }
                named.add(place);
            }
        }
        if (named.isEmpty()) {
            throw line.error("names no place: " + spec);
        }
        return named;
    }

    // -- fields and operations -------------------------------------------------------------

    private record Field(String name, String type, String constraint, String example, Map<Language, String> titles) {}

    private void readFields() {
        for (Line line : sources.lines("fields.txt")) {
            if (line.size() != 6) {
                throw line.error("needs name|type|constraint|example|en title|hi title");
            }
            String name = line.cell(0);
            String type = line.cell(1);
            if (!Set.of("string", "integer", "date", "enum", "money", "text").contains(type)) {
                throw line.error("has an unknown type " + type);
            }
            Field field = new Field(
                    name,
                    type,
                    line.cell(2),
                    line.cell(3),
                    withTranslations(line, "field:" + name, line.cell(4), line.cell(5)));
            if (type.equals("string") && !field.constraint().equals("-")) {
                String example = field.example().replace("{ST}", "KA");
                if (!example.matches(field.constraint())) {
                    throw line.error("example " + example + " does not match its pattern");
                }
            }
            if (fields.put(name, field) != null) {
                throw line.error("repeats field " + name);
            }
        }
    }

    private record FieldUse(Field field, boolean required) {}

    private record OperationTemplate(
            String key,
            String code,
            String method,
            String path,
            List<FieldUse> fields,
            boolean idempotent,
            Integer cacheTtlSeconds,
            Map<Language, String> names) {}

    private void readOperations() {
        for (Line line : sources.lines("operations.txt")) {
            if (line.size() != 9) {
                throw line.error("needs key|code|method|path|fields|idempotent|ttl|en|hi");
            }
            String key = line.cell(0);
            List<FieldUse> uses = new ArrayList<>();
            if (!line.cell(4).equals("-")) {
                for (String name : line.cell(4).split(",")) {
                    boolean optional = name.endsWith("?");
                    String bare = optional ? name.substring(0, name.length() - 1) : name;
                    Field field = fields.get(bare);
                    if (field == null) {
                        throw line.error("names an unknown field " + bare);
                    }
                    uses.add(new FieldUse(field, !optional));
                }
            }
            Matcher placeholders = PLACEHOLDER.matcher(line.cell(3));
            while (placeholders.find()) {
                String name = placeholders.group(1);
                if (uses.stream().noneMatch(use -> use.field().name().equals(name))) {
                    throw line.error("has a path placeholder {" + name + "} that is not one of its fields");
                }
            }
            String method = line.cell(2);
            if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                throw line.error("has an unknown method " + method);
            }
            OperationTemplate template = new OperationTemplate(
                    key,
                    line.cell(1),
                    method,
                    line.cell(3),
                    List.copyOf(uses),
                    yes(line, line.cell(5)),
                    line.cell(6).equals("-") ? null : Integer.valueOf(line.cell(6)),
                    withTranslations(line, "operation:" + key, line.cell(7), line.cell(8)));
            if (operations.put(key, template) != null) {
                throw line.error("repeats operation " + key);
            }
        }
    }

    private static boolean yes(Line line, String flag) {
        return switch (flag) {
            case "y" -> true;
            case "n" -> false;
            default -> throw line.error("needs y or n, not " + flag);
        };
    }

    private List<OperationRow> operationsOf(Line line, String keys, String stateCode, Field consumerField) {
        List<OperationRow> rows = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        for (String key : keys.split(",")) {
            OperationTemplate template = operations.get(key);
            if (template == null) {
                throw line.error("names an unknown operation " + key);
            }
            if (!codes.add(template.code())) {
                throw line.error("has two operations with the code " + template.code());
            }
            Visibility visibility = key.equals(CONFIRM_PAYMENT) ? Visibility.SERVICE : Visibility.CITIZEN;
            rows.add(new OperationRow(
                    template.code(),
                    rows.size(),
                    template.names(),
                    template.method(),
                    template.path(),
                    inputSchema(template, stateCode, consumerField),
                    template.idempotent(),
                    template.cacheTtlSeconds(),
                    visibility));
        }
        return List.copyOf(rows);
    }

    private ObjectNode inputSchema(OperationTemplate template, String stateCode, Field consumerField) {
        ObjectNode schema = json.createObjectNode();
        schema.put("$schema", JSON_SCHEMA_DIALECT);
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = json.createArrayNode();
        for (FieldUse use : template.fields()) {
            Field field = use.field();
            if (consumerField != null && field.name().equals("consumerNumber")) {
                field = consumerField;
            }
            properties.set(field.name(), property(field, stateCode));
            if (use.required()) {
                required.add(field.name());
            }
        }
        schema.set("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    private ObjectNode property(Field field, String stateCode) {
        ObjectNode property = json.createObjectNode();
        String example = field.example().replace("{ST}", stateCode == null ? "DL" : stateCode);
        switch (field.type()) {
            case "string" -> {
                property.put("type", "string");
                if (!field.constraint().equals("-")) {
                    property.put("pattern", field.constraint());
                } else {
                    property.put("minLength", 1);
                    property.put("maxLength", 100);
                }
                property.putArray("examples").add(example);
            }
            case "text" -> {
                property.put("type", "string");
                property.put("minLength", 1);
                property.put("maxLength", Integer.parseInt(field.constraint()));
                property.putArray("examples").add(example);
            }
            case "integer" -> {
                String[] range = field.constraint().split("\\.\\.");
                property.put("type", "integer");
                property.put("minimum", Long.parseLong(range[0]));
                property.put("maximum", Long.parseLong(range[1]));
                property.putArray("examples").add(Long.parseLong(example));
            }
            case "date" -> {
                property.put("type", "string");
                property.put("format", "date");
                property.putArray("examples").add(example);
            }
            case "enum" -> {
                property.put("type", "string");
                ArrayNode values = property.putArray("enum");
                for (String value : field.constraint().split(",")) {
                    values.add(value);
                }
                property.putArray("examples").add(example);
            }
            case "money" -> {
                property.put("type", "object");
                ObjectNode members = property.putObject("properties");
                ObjectNode value = members.putObject("value");
                titles(value, field.titles());
                value.put("type", "string");
                value.put("pattern", "^[0-9]{1,12}\\.[0-9]{2}$");
                value.putArray("examples").add(example);
                ObjectNode currency = members.putObject("currency");
                titles(currency, CURRENCY_TITLES);
                currency.put("type", "string");
                currency.put("const", "INR");
                currency.putArray("examples").add("INR");
                property.putArray("required").add("value").add("currency");
                property.put("additionalProperties", false);
                ObjectNode money = json.createObjectNode();
                money.put("value", example);
                money.put("currency", "INR");
                property.putArray("examples").add(money);
            }
            default -> throw new IllegalStateException("Unknown field type " + field.type());
        }
        titles(property, field.titles());
        return property;
    }

    private static final Map<Language, String> CURRENCY_TITLES = Map.of(Language.EN, "Currency", Language.HI, "मुद्रा");

    private static void titles(ObjectNode property, Map<Language, String> titles) {
        property.put("title", titles.get(Language.EN));
        ObjectNode translated = property.putObject("x-title");
        titles.forEach((language, title) -> {
            if (language != Language.EN) {
                translated.put(language.code(), title);
            }
        });
    }

    // -- departments and entries -----------------------------------------------------------

    private void addDepartment(Line line, DepartmentRow department) {
        if (!DEPARTMENT_CODE.matcher(department.code()).matches()) {
            throw line.error("has a bad department code " + department.code());
        }
        if (departments.put(department.code(), department) != null) {
            throw line.error("repeats department " + department.code());
        }
    }

    private void addEntry(Line line, EntryRow entry) {
        if (!ENTRY_CODE.matcher(entry.code()).matches()) {
            throw line.error("has a bad entry code " + entry.code());
        }
        for (Language language : entry.names().keySet()) {
            if (!entry.descriptions().containsKey(language)) {
                throw line.error("has a " + language.code() + " name but no " + language.code() + " description");
            }
        }
        if (entries.put(entry.code(), entry) != null) {
            throw line.error("repeats entry " + entry.code());
        }
    }

    private static Map<String, Object> restJson(String code) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("baseUrl", SIMULATOR_DEPARTMENTS + code);
        settings.put("timeoutMs", 3000);
        settings.put("maxConcurrentCalls", 20);
        return Collections.unmodifiableMap(settings);
    }

    private static Map<String, Object> bbpsBiller(String code) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("baseUrl", SIMULATOR_BILLERS + code);
        settings.put("billerId", code);
        settings.put("timeoutMs", 3000);
        settings.put("maxConcurrentCalls", 20);
        return Collections.unmodifiableMap(settings);
    }

    private static Set<Channel> channels(Line line, String flags) {
        Set<Channel> channels = new LinkedHashSet<>(List.of(Channel.ANDROID, Channel.IOS, Channel.WEB));
        if (flags.contains("k")) {
            channels.add(Channel.KAIOS);
        }
        if (!flags.matches("[ki]*")) {
            throw line.error("has unknown flags " + flags);
        }
        return channels;
    }

    private static List<String> countries(String flags) {
        List<String> countries = new ArrayList<>();
        countries.add("IN");
        if (flags.contains("i")) {
            countries.addAll(INTERNATIONAL_COUNTRIES);
        }
        return List.copyOf(countries);
    }

    private void readCentralDepartments() {
        String department = null;
        for (Line line : sources.lines("central-departments.txt")) {
            switch (line.cell(0)) {
                case "D" -> {
                    department = line.cell(1);
                    addDepartment(
                            line,
                            new DepartmentRow(
                                    department,
                                    CatalogueType.CENTRAL,
                                    null,
                                    thirteen(line, 2),
                                    codedAdapters.getOrDefault(department, REST_JSON),
                                    restJson(department)));
                }
                case "S" -> {
                    if (department == null) {
                        throw line.error("is a service before any department");
                    }
                    if (line.size() != 9) {
                        throw line.error("needs S|CODE|category|flags|operations|en|hi|en description|hi description");
                    }
                    String code = department + "-" + line.cell(1);
                    String flags = line.cell(3);
                    addEntry(
                            line,
                            new EntryRow(
                                    code,
                                    department,
                                    category(line, line.cell(2)).code(),
                                    CatalogueType.CENTRAL,
                                    channels(line, flags),
                                    countries(flags),
                                    withTranslations(line, "name:" + code, line.cell(5), line.cell(6)),
                                    withTranslations(line, "description:" + code, line.cell(7), line.cell(8)),
                                    new EnumMap<>(Language.class),
                                    entries.size(),
                                    operationsOf(line, line.cell(4), null, null)));
                }
                default -> throw line.error("starts with neither D nor S");
            }
        }
    }

    private record Kind(String code, Map<Language, String> names, List<Line> services) {}

    private void readStateDepartments() {
        Map<String, Kind> kinds = new LinkedHashMap<>();
        List<Line> plans = new ArrayList<>();
        Set<String> templateCodes = new HashSet<>();
        for (Line line : sources.lines("state-departments.txt")) {
            switch (line.cell(0)) {
                case "K" -> {
                    if (kinds.put(line.cell(1), new Kind(line.cell(1), thirteen(line, 2), new ArrayList<>())) != null) {
                        throw line.error("repeats kind " + line.cell(1));
                    }
                }
                case "T" -> {
                    Kind kind = kinds.get(line.cell(1));
                    if (kind == null) {
                        throw line.error("names an unknown kind " + line.cell(1));
                    }
                    if (line.size() != 10) {
                        throw line.error(
                                "needs T|kind|CODE|category|flags|operations|en|hi|en description|hi description");
                    }
                    if (!templateCodes.add(line.cell(2))) {
                        throw line.error("repeats service " + line.cell(2));
                    }
                    kind.services().add(line);
                }
                case "P" -> plans.add(line);
                default -> throw line.error("starts with neither K, T nor P");
            }
        }
        Set<String> planned = new HashSet<>();
        for (String stateCode : states.keySet()) {
            Line plan = plans.stream()
                    .filter(line -> line.cell(1).equals(stateCode))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("state-departments.txt has no plan for " + stateCode));
            planned.add(stateCode);
            StateRow state = states.get(stateCode);
            for (String part : plan.cell(2).split(",")) {
                String[] kindAndCount = part.split(":");
                Kind kind = kinds.get(kindAndCount[0]);
                if (kind == null) {
                    throw plan.error("names an unknown kind " + kindAndCount[0]);
                }
                int count = Integer.parseInt(kindAndCount[1]);
                if (count < 1 || count > kind.services().size()) {
                    throw plan.error("asks for " + count + " services of " + kind.code() + ", which has "
                            + kind.services().size());
                }
                String departmentCode = stateCode + "-" + kind.code().toUpperCase(Locale.ROOT);
                Map<Language, String> names = new EnumMap<>(Language.class);
                kind.names()
                        .forEach((language, name) -> names.put(
                                language,
                                name
                                        + (language == Language.UR ? "، " : ", ")
                                        + state.names().get(language)));
                addDepartment(
                        plan,
                        new DepartmentRow(
                                departmentCode,
                                CatalogueType.STATE,
                                stateCode,
                                Collections.unmodifiableMap(names),
                                REST_JSON,
                                restJson(departmentCode)));
                for (Line service : kind.services().subList(0, count)) {
                    String template = service.cell(2);
                    String code = stateCode + "-" + template;
                    String flags = service.cell(4);
                    templateOfEntry.put(code, template);
                    addEntry(
                            service,
                            new EntryRow(
                                    code,
                                    departmentCode,
                                    category(service, service.cell(3)).code(),
                                    CatalogueType.STATE,
                                    channels(service, flags),
                                    countries(flags),
                                    withTranslations(service, "name:" + template, service.cell(6), service.cell(7)),
                                    withTranslations(
                                            service, "description:" + template, service.cell(8), service.cell(9)),
                                    new EnumMap<>(Language.class),
                                    entries.size(),
                                    operationsOf(service, service.cell(5), stateCode, null)));
                }
            }
        }
        for (Line plan : plans) {
            if (!planned.contains(plan.cell(1))) {
                throw plan.error("plans an unknown state " + plan.cell(1));
            }
        }
    }

    private record BillerCategory(Field consumerField, String descriptionEn, String descriptionHi, Line line) {}

    private void readBillers() {
        Map<String, BillerCategory> billerCategories = new LinkedHashMap<>();
        Field consumer = fields.get("consumerNumber");
        for (Line line : sources.lines("billers.txt")) {
            switch (line.cell(0)) {
                case "C" -> {
                    if (line.size() != 8) {
                        throw line.error("needs C|category|title en|title hi|pattern|example|description en|hi");
                    }
                    String category = category(line, line.cell(1)).code();
                    Field field = new Field(
                            consumer.name(),
                            "string",
                            line.cell(4),
                            line.cell(5),
                            withTranslations(line, "consumer:" + category, line.cell(2), line.cell(3)));
                    if (!field.example().matches(field.constraint())
                            || !field.example().matches("[A-Za-z0-9]{4,20}")) {
                        throw line.error("has an example the pattern or the simulator refuses");
                    }
                    billerCategories.put(category, new BillerCategory(field, line.cell(6), line.cell(7), line));
                }
                case "B" -> {
                    if (line.size() != 6) {
                        throw line.error("needs B|CODE|category|state|en|hi");
                    }
                    String state = line.cell(3).equals("-") ? null : line.cell(3);
                    addBiller(line, billerCategories, line.cell(1), line.cell(2), state, line.cell(4), line.cell(5));
                }
                case "G" -> {
                    if (line.size() != 6) {
                        throw line.error("needs G|category|CODE template|en template|hi template|places");
                    }
                    for (Place place : placesOf(line, line.cell(5))) {
                        addBiller(
                                line,
                                billerCategories,
                                line.cell(2).replace("{P}", place.code()),
                                line.cell(1),
                                place.stateCode(),
                                line.cell(3).replace("{en}", place.en()),
                                line.cell(4).replace("{hi}", place.hi()));
                    }
                }
                default -> throw line.error("starts with neither C, B nor G");
            }
        }
    }

    private void addBiller(
            Line line,
            Map<String, BillerCategory> billerCategories,
            String code,
            String categoryCode,
            String stateCode,
            String en,
            String hi) {
        BillerCategory category = billerCategories.get(categoryCode);
        if (category == null) {
            throw line.error("names a biller category without a C line: " + categoryCode);
        }
        if (stateCode != null && !states.containsKey(stateCode)) {
            throw line.error("names an unknown state " + stateCode);
        }
        Map<Language, String> names = checkedTexts(line, Map.of(Language.EN, en, Language.HI, hi));
        addDepartment(
                line,
                new DepartmentRow(code, CatalogueType.UTILITY, stateCode, names, "bbps-biller", bbpsBiller(code)));
        Map<Language, String> descriptions = checkedTexts(
                line,
                Map.of(
                        Language.EN, category.descriptionEn().replace("{name}", en),
                        Language.HI, category.descriptionHi().replace("{name}", hi)));
        addEntry(
                line,
                new EntryRow(
                        code + "-BILL",
                        code,
                        categoryCode,
                        CatalogueType.UTILITY,
                        channels(line, ""),
                        countries(""),
                        names,
                        descriptions,
                        new EnumMap<>(Language.class),
                        entries.size(),
                        operationsOf(line, FETCH_BILL + "," + CONFIRM_PAYMENT, stateCode, category.consumerField())));
    }

    private void readSynonyms() {
        Map<String, Map<Language, List<String>>> byEntry = new HashMap<>();
        for (Line line : sources.lines("synonyms.txt")) {
            if (line.size() != 3) {
                throw line.error("needs target|language|terms");
            }
            String[] target = line.cell(0).split(":", 2);
            Language language = Language.of(line.cell(1))
                    .orElseThrow(() -> line.error("names an unknown language " + line.cell(1)));
            List<String> terms = new ArrayList<>();
            for (String term : line.cell(2).split(",")) {
                String trimmed = term.strip();
                if (!trimmed.isEmpty()) {
                    terms.add(trimmed);
                }
            }
            List<String> codes = new ArrayList<>();
            switch (target[0]) {
                case "category" -> {
                    CategoryRow category = category(line, target[1]);
                    category.synonyms()
                            .computeIfAbsent(language, l -> new ArrayList<>())
                            .addAll(terms);
                    continue;
                }
                case "entry" -> {
                    if (!entries.containsKey(target[1])) {
                        throw line.error("names an unknown entry " + target[1]);
                    }
                    codes.add(target[1]);
                }
                case "department" -> {
                    if (!departments.containsKey(target[1])) {
                        throw line.error("names an unknown department " + target[1]);
                    }
                    if (!departmentSynonymsInEntries) {
                        departmentSynonyms
                                .computeIfAbsent(target[1], c -> new EnumMap<>(Language.class))
                                .computeIfAbsent(language, l -> new ArrayList<>())
                                .addAll(terms);
                        continue;
                    }
                    entries.values().stream()
                            .filter(e -> e.departmentCode().equals(target[1]))
                            .forEach(e -> codes.add(e.code()));
                }
                case "template" -> {
                    templateOfEntry.forEach((code, template) -> {
                        if (template.equals(target[1])) {
                            codes.add(code);
                        }
                    });
                    if (codes.isEmpty()) {
                        throw line.error("names a state service nothing uses: " + target[1]);
                    }
                }
                default -> throw line.error("has an unknown target " + target[0]);
            }
            for (String code : codes) {
                byEntry.computeIfAbsent(code, c -> new EnumMap<>(Language.class))
                        .computeIfAbsent(language, l -> new ArrayList<>())
                        .addAll(terms);
            }
        }
        byEntry.forEach((code, synonyms) -> {
            EntryRow entry = entries.get(code);
            Map<Language, List<String>> frozen = new EnumMap<>(Language.class);
            synonyms.forEach((language, terms) -> frozen.put(language, List.copyOf(new LinkedHashSet<>(terms))));
            entries.put(
                    code,
                    new EntryRow(
                            entry.code(),
                            entry.departmentCode(),
                            entry.categoryCode(),
                            entry.type(),
                            entry.channels(),
                            entry.countries(),
                            entry.names(),
                            entry.descriptions(),
                            Collections.unmodifiableMap(frozen),
                            entry.position(),
                            entry.operations()));
        });
        departmentSynonyms.replaceAll((code, synonyms) -> {
            Map<Language, List<String>> frozen = new EnumMap<>(Language.class);
            synonyms.forEach((language, terms) -> frozen.put(language, List.copyOf(new LinkedHashSet<>(terms))));
            return Collections.unmodifiableMap(frozen);
        });
        for (int i = 0; i < categories.size(); i++) {
            CategoryRow category = categories.get(i);
            Map<Language, List<String>> frozen = new EnumMap<>(Language.class);
            category.synonyms().forEach((language, terms) -> frozen.put(language, List.copyOf(terms)));
            categories.set(
                    i,
                    new CategoryRow(
                            category.code(),
                            category.position(),
                            category.names(),
                            Collections.unmodifiableMap(frozen)));
        }
    }

    private void checkKaiosTexts() {
        for (EntryRow entry : entries.values()) {
            if (entry.channels().contains(Channel.KAIOS)) {
                for (Language language : Language.values()) {
                    if (!entry.names().containsKey(language)
                            || !entry.descriptions().containsKey(language)) {
                        throw new IllegalStateException("KaiOS service " + entry.code() + " has no " + language.code()
                                + " name or description (translations.txt)");
                    }
                }
            }
        }
    }

    /** @return the schema of an operation as JSON text */
    static String schemaText(JsonNode schema) {
        return schema.toString();
    }
}
