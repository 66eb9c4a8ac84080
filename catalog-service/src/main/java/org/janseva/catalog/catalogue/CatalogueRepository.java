package org.janseva.catalog.catalogue;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the whole catalogue in one consistent (repeatable-read) transaction. */
@Repository
class CatalogueRepository {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<String>>> STRING_LISTS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate readOnly;

    CatalogueRepository(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** @return the current catalogue version, one cheap query */
    long version() {
        return jdbc.sql("select version from catalogue_version where id = 1")
                .query(Long.class)
                .single();
    }

    /** @return the whole catalogue, as of one instant */
    CatalogueSnapshot load() {
        return readOnly.execute(status -> {
            long version = version();
            List<Category> categories = jdbc.sql("select code, position, names, synonyms from category")
                    .query((rs, n) -> new Category(
                            rs.getString("code"),
                            rs.getInt("position"),
                            texts(rs.getString("names")),
                            synonyms(rs.getString("synonyms"))))
                    .list();
            List<State> states = jdbc.sql("select code, names from state")
                    .query((rs, n) -> new State(rs.getString("code"), texts(rs.getString("names"))))
                    .list();
            Map<String, Department> departments = new HashMap<>();
            jdbc.sql("""
                            select code, type, state_code, names, synonyms, adapter_type, adapter_settings, updated_at
                            from department""")
                    .query((rs, n) -> new Department(
                            rs.getString("code"),
                            CatalogueType.valueOf(rs.getString("type")),
                            rs.getString("state_code"),
                            texts(rs.getString("names")),
                            synonyms(rs.getString("synonyms")),
                            rs.getString("adapter_type"),
                            json.readValue(rs.getString("adapter_settings"), OBJECT),
                            instant(rs.getTimestamp("updated_at"))))
                    .list()
                    .forEach(d -> departments.put(d.code(), d));
            Map<String, List<Operation>> operations = new HashMap<>();
            jdbc.sql("""
                            select entry_code, code, names, http_method, path_template, input_schema,
                                   response_mapping, idempotent, cache_ttl_seconds, visibility, options
                            from operation order by entry_code, position, code""").query((ResultSet rs) -> {
                operations
                        .computeIfAbsent(rs.getString("entry_code"), code -> new ArrayList<>())
                        .add(operation(rs));
            });
            List<CatalogueEntry> entries = jdbc.sql("""
                            select code, department_code, category_code, type, status, channels, countries,
                                   names, descriptions, synonyms, position, updated_at
                            from catalogue_entry""")
                    .query((rs, n) -> new CatalogueEntry(
                            rs.getString("code"),
                            departments.get(rs.getString("department_code")),
                            rs.getString("category_code"),
                            CatalogueType.valueOf(rs.getString("type")),
                            EntryStatus.valueOf(rs.getString("status")),
                            channels(rs.getArray("channels")),
                            Set.copyOf(strings(rs.getArray("countries"))),
                            texts(rs.getString("names")),
                            texts(rs.getString("descriptions")),
                            synonyms(rs.getString("synonyms")),
                            rs.getInt("position"),
                            operations.getOrDefault(rs.getString("code"), List.of()),
                            instant(rs.getTimestamp("updated_at"))))
                    .list();
            return new CatalogueSnapshot(version, categories, states, List.copyOf(departments.values()), entries);
        });
    }

    private Operation operation(ResultSet rs) throws SQLException {
        int ttl = rs.getInt("cache_ttl_seconds");
        Duration cacheTtl = rs.wasNull() ? null : Duration.ofSeconds(ttl);
        JsonNode schema = json.readTree(rs.getString("input_schema"));
        return new Operation(
                rs.getString("code"),
                texts(rs.getString("names")),
                rs.getString("http_method"),
                rs.getString("path_template"),
                schema,
                json.readValue(rs.getString("response_mapping"), STRINGS),
                rs.getBoolean("idempotent"),
                cacheTtl,
                Visibility.valueOf(rs.getString("visibility")),
                json.readValue(rs.getString("options"), OBJECT));
    }

    private LocalizedText texts(String jsonb) {
        Map<Language, String> texts = new EnumMap<>(Language.class);
        json.readValue(jsonb, STRINGS)
                .forEach((code, text) -> Language.of(code).ifPresent(language -> texts.put(language, text)));
        return new LocalizedText(texts);
    }

    private Map<Language, List<String>> synonyms(String jsonb) {
        Map<Language, List<String>> synonyms = new EnumMap<>(Language.class);
        json.readValue(jsonb, STRING_LISTS)
                .forEach((code, terms) ->
                        Language.of(code).ifPresent(language -> synonyms.put(language, List.copyOf(terms))));
        return synonyms;
    }

    private static Set<Channel> channels(Array array) throws SQLException {
        Set<Channel> channels = new LinkedHashSet<>();
        for (String code : strings(array)) {
            channels.add(Channel.of(code).orElseThrow(() -> new IllegalStateException("Unknown channel " + code)));
        }
        return channels;
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp.toInstant();
    }
}
