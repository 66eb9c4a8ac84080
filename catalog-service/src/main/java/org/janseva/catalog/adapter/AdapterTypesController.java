package org.janseva.catalog.adapter;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.SettingDescriptor;
import org.janseva.catalog.browse.PageRequest;
import org.janseva.catalog.browse.PageView;
import org.janseva.catalog.invocation.InvocationProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/admin/adapter-types} (scope {@code admin}): the adapter types installed on
 * this instance, each with its settings, as a list and as the JSON Schema an onboarding tool can
 * render: the schema of a department's {@code adapter} member, {@code type} and the settings, closed
 * as the admin API is (an unknown setting is refused, and so is an {@code auth.*} setting of another
 * {@code auth.type}). Secrets are marked {@code writeOnly}; the common settings' bounds as the admin
 * API enforces them are {@code minimum} and {@code maximum}; the settings sent as headers (static
 * headers, the api key and its header) have their counts, lengths and characters, basic's and
 * oauth2's credentials their lengths, and URLs theirs.
 */
@RestController
@Tag(name = "Admin: adapter types")
class AdapterTypesController {

    /**
     * The JSON Schema keywords of the settings that travel in headers, as {@link HeaderRules} holds
     * them, and of the other credentials, as {@link DepartmentAuth#MAX_BYTES} does, by descriptor: a
     * type that declares a setting of the same name for something else gets none. The total of the
     * static headers and auth's header ({@link HeaderRules#MAX_TOTAL_BYTES}) has no keyword; the
     * headers' description says it.
     */
    private static final Map<SettingDescriptor, Map<String, Object>> KEYWORDS = keywords();

    private final AdapterRegistry registry;
    private final Map<String, long[]> bounds;

    AdapterTypesController(AdapterRegistry registry, InvocationProperties invocation) {
        this.registry = registry;
        // the bounds the admin API holds the common settings to: each type's own range, and below
        // its upper end the platform's caps (timeoutMs above 4000 is refused though the type allows 30000)
        this.bounds = Map.of(
                CommonSettings.TIMEOUT_MS,
                new long[] {
                    CommonSettings.MIN_TIMEOUT_MS,
                    Math.min(
                            CommonSettings.MAX_TIMEOUT_MS,
                            invocation.maxDepartmentTimeout().toMillis())
                },
                CommonSettings.MAX_CONCURRENT_CALLS,
                new long[] {
                    1, Math.min(CommonSettings.MAX_CONCURRENT_CALLS_LIMIT, invocation.maxDepartmentConcurrentCalls())
                });
    }

    private static Map<SettingDescriptor, Map<String, Object>> keywords() {
        Map<String, Object> name = new LinkedHashMap<>();
        name.put("type", "string");
        name.put("maxLength", HeaderRules.MAX_NAME_LENGTH);
        name.put("pattern", HeaderRules.NAME_PATTERN);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", "string");
        value.put("maxLength", HeaderRules.MAX_VALUE_BYTES);
        value.put("pattern", HeaderRules.VALUE_PATTERN);
        Map<SettingDescriptor, Map<String, Object>> keywords = new LinkedHashMap<>();
        keywords.put(
                HeaderRules.STATIC_HEADERS,
                Map.of(
                        "maxProperties",
                        HeaderRules.MAX_STATIC_HEADERS,
                        "propertyNames",
                        name,
                        "additionalProperties",
                        value));
        keywords.put(UrlPaths.PROBE_PATH, Map.of("maxLength", UrlPaths.MAX_PATH_LENGTH));
        for (SettingDescriptor setting : DepartmentAuth.DESCRIPTORS) {
            // a value's bound in bytes is one in characters: it must be ASCII
            switch (setting.name()) {
                case "auth.headerName" -> keywords.put(setting, keywordsOf(name));
                case "auth.apiKey" -> keywords.put(setting, keywordsOf(value));
                default -> {
                    // in bytes, which is at most as many characters: the bound for ASCII, an upper
                    // bound otherwise (the description says bytes)
                    Integer maxBytes = DepartmentAuth.MAX_BYTES.get(setting.name());
                    if (maxBytes != null) {
                        keywords.put(setting, Map.of("maxLength", maxBytes));
                    }
                }
            }
        }
        return Map.copyOf(keywords);
    }

    /** @return the keywords of a string schema, its type left to the setting's kind */
    private static Map<String, Object> keywordsOf(Map<String, Object> schema) {
        Map<String, Object> keywords = new LinkedHashMap<>(schema);
        keywords.remove("type");
        return keywords;
    }

    /**
     * @param type the type key
     * @param description what the type is for
     * @param settings every setting, common ones first
     * @param settingsSchema the settings as a JSON Schema (2020-12)
     */
    record AdapterTypeView(
            String type, String description, List<SettingView> settings, Map<String, Object> settingsSchema) {}

    /**
     * @param name the setting's key, dots for nesting
     * @param kind STRING, URL, INTEGER, BOOLEAN, ENUM or OBJECT
     * @param required whether every department of the type must set it
     * @param secret whether it is write-only and encrypted at rest
     * @param description what it means
     * @param allowedValues for ENUM, the values
     * @param defaultValue the value when absent, or null
     */
    record SettingView(
            String name,
            String kind,
            boolean required,
            boolean secret,
            String description,
            List<String> allowedValues,
            String defaultValue) {}

    @GetMapping("/api/v1/admin/adapter-types")
    @Operation(
            summary = "The adapter types installed, each with its settings schema",
            description = "settingsSchema is the JSON Schema (2020-12) of a department's adapter member: type and the "
                    + "settings, closed as the admin API is (an unknown setting, or an auth setting of another "
                    + "auth.type, is refused), with the bounds it enforces (minimum/maximum, maxLength, pattern).")
    @ApiResponse(responseCode = "200", description = "A page of the adapter types")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED with errors: a bad page or size",
            content = @Content(mediaType = "application/problem+json"))
    PageView<AdapterTypeView> adapterTypes(
            @RequestParam(required = false) String page, @RequestParam(required = false) String size) {
        PageRequest paging = PageRequest.of(page, size, 20);
        List<AdapterTypeView> items = new ArrayList<>();
        for (DepartmentAdapter adapter : registry.adapters()) {
            List<SettingDescriptor> settings = registry.settingsOf(adapter.type());
            items.add(new AdapterTypeView(
                    adapter.type(),
                    adapter.description(),
                    settings.stream()
                            .map(s -> new SettingView(
                                    s.name(),
                                    s.kind().name(),
                                    s.required(),
                                    s.secret(),
                                    s.description(),
                                    s.allowedValues(),
                                    s.defaultValue()))
                            .toList(),
                    SettingsSchema.of(adapter.type(), settings, bounds, KEYWORDS)));
        }
        return PageView.of(items, paging);
    }

    /** Turns setting descriptors into a JSON Schema, nesting dotted names into objects. */
    static final class SettingsSchema {

        private SettingsSchema() {}

        /**
         * @param bounds the least and the most an INTEGER setting may be, by name, for those the
         *     admin API bounds
         */
        static Map<String, Object> of(
                String type,
                List<SettingDescriptor> settings,
                Map<String, long[]> bounds,
                Map<SettingDescriptor, Map<String, Object>> keywords) {
            Map<String, Object> root = object();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("title", type + " settings");
            // the schema of the department's adapter member: its type beside the settings
            Map<String, Object> typeKey = new LinkedHashMap<>();
            typeKey.put("const", type);
            typeKey.put("description", "The adapter type; its settings stand beside it");
            properties(root).put("type", typeKey);
            for (SettingDescriptor setting : settings) {
                String[] path = setting.name().split("\\.");
                Map<String, Object> parent = root;
                for (int i = 0; i < path.length - 1; i++) {
                    parent = child(parent, path[i]);
                }
                Map<String, Object> property = property(setting, bounds.get(setting.name()));
                property.putAll(keywords.getOrDefault(setting, Map.of()));
                properties(parent).put(path[path.length - 1], property);
                if (setting.required()) {
                    required(parent).add(path[path.length - 1]);
                }
            }
            if (settings.containsAll(DepartmentAuth.DESCRIPTORS)) {
                authTypes(child(root, "auth"));
            }
            return root;
        }

        /**
         * What {@link DepartmentAuth#validate} holds {@code auth} to beside each setting's own
         * rules: only the settings of the chosen {@code auth.type} (none without one), and those it
         * cannot do without.
         */
        private static void authTypes(Map<String, Object> auth) {
            List<Object> conditions = new ArrayList<>();
            Map<String, Object> untyped = new LinkedHashMap<>();
            untyped.put("if", Map.of("not", Map.of("required", List.of("type"))));
            untyped.put("then", Map.of("maxProperties", 0));
            conditions.add(untyped);
            for (String authType : DepartmentAuth.TYPES) {
                Map<String, Object> then = new LinkedHashMap<>();
                then.put("propertyNames", Map.of("enum", DepartmentAuth.SETTINGS_OF_TYPE.get(authType)));
                List<String> needed = DepartmentAuth.REQUIRED_OF_TYPE.getOrDefault(authType, List.of());
                if (!needed.isEmpty()) {
                    then.put("required", needed);
                }
                Map<String, Object> condition = new LinkedHashMap<>();
                condition.put(
                        "if",
                        Map.of("properties", Map.of("type", Map.of("const", authType)), "required", List.of("type")));
                condition.put("then", then);
                conditions.add(condition);
            }
            auth.put("allOf", conditions);
        }

        private static Map<String, Object> property(SettingDescriptor setting, long[] bounds) {
            Map<String, Object> property = new LinkedHashMap<>();
            switch (setting.kind()) {
                case STRING -> property.put("type", "string");
                case URL -> {
                    property.put("type", "string");
                    property.put("format", "uri");
                    property.put("maxLength", SettingsValidator.MAX_URL_LENGTH);
                }
                case INTEGER -> {
                    property.put("type", "integer");
                    if (bounds != null) {
                        property.put("minimum", bounds[0]);
                        property.put("maximum", bounds[1]);
                    }
                }
                case BOOLEAN -> property.put("type", "boolean");
                case ENUM -> {
                    property.put("type", "string");
                    property.put("enum", setting.allowedValues());
                }
                case OBJECT -> property.put("type", "object");
            }
            property.put("description", setting.description());
            if (setting.defaultValue() != null) {
                property.put(
                        "default",
                        setting.kind() == SettingDescriptor.Kind.INTEGER
                                ? (Object) Long.parseLong(setting.defaultValue())
                                : setting.defaultValue());
            }
            if (setting.secret()) {
                property.put("writeOnly", true);
            }
            return property;
        }

        /** An object of settings, closed: the admin API refuses a setting the type does not have. */
        private static Map<String, Object> object() {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("type", "object");
            object.put("properties", new LinkedHashMap<String, Object>());
            object.put("additionalProperties", false);
            return object;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> properties(Map<String, Object> object) {
            return (Map<String, Object>) object.get("properties");
        }

        @SuppressWarnings("unchecked")
        private static List<String> required(Map<String, Object> object) {
            return (List<String>) object.computeIfAbsent("required", k -> new ArrayList<String>());
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> child(Map<String, Object> parent, String name) {
            return (Map<String, Object>) properties(parent).computeIfAbsent(name, k -> object());
        }
    }
}
