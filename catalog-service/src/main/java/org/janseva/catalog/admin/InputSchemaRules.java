package org.janseva.catalog.admin;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.janseva.catalog.catalogue.InputSchemas;
import org.janseva.catalog.catalogue.Language;
import org.janseva.catalog.invocation.InputValidator;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks an operation's input schema before it enters the catalogue. It must be a valid JSON
 * Schema 2020-12 (checked against the meta-schema with networknt json-schema-validator, and
 * compiled as invocations will compile it) describing an object; every property needs an English
 * {@code title} and {@code examples} that the property accepts ({@code x-title} may add the other
 * languages), because apps render the form from it and demos click through its examples. That
 * holds at every depth: the properties of an object property, and of the objects an array
 * property's {@code items} describe, are fields of the form too (an amount's value and currency).
 * No references ({@code $ref} and its kin): the schema is written out in place, as the apps read it,
 * and never makes the platform fetch anything. Every {@code format} is one of 2020-12's ({@link
 * #formats}). The input is closed at every depth ({@link #closedObject}). Each placeholder of the operation's
 * path must be a required property.
 */
@Component
class InputSchemaRules {

    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final int MAX_PROPERTIES = 50;

    private final SchemaRegistry registry;
    private final Schema metaSchema;
    private final InputValidator validator;

    InputSchemaRules(InputValidator validator) {
        this.validator = validator;
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .keyword(new AnnotationKeyword(InputSchemas.TITLE_TRANSLATIONS))
                .build();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .locale(Locale.ENGLISH)
                .build();
        this.registry = SchemaRegistry.withDialect(dialect, builder -> builder.schemaRegistryConfig(config));
        this.metaSchema = registry.getSchema(SchemaLocation.of(DRAFT_2020_12));
    }

    /**
     * @param schema the input schema given
     * @param field where it is in the request, e.g. {@code operations[0].inputSchema}
     * @param pathTemplate the operation's path, whose placeholders the schema must require
     * @param pathField where the path is in the request
     * @param fields where problems go
     */
    void check(JsonNode schema, String field, String pathTemplate, String pathField, RequestFields fields) {
        if (schema == null || schema.isNull()) {
            fields.error(field, "is required: a JSON Schema (2020-12) of the operation's input object");
            return;
        }
        if (!schema.isObject()) {
            fields.error(field, "must be a JSON Schema object");
            return;
        }
        int before = fields.errors().size();
        references(schema, field, fields);
        if (fields.errors().size() > before) {
            return;
        }
        for (Error error : metaSchema.validate(schema)) {
            fields.error(location(field, error.getInstanceLocation(), null), message(error));
        }
        if (fields.errors().size() > before) {
            return;
        }
        formats(schema, field, fields);
        Schema compiled;
        try {
            compiled = registry.getSchema(schema);
            compiled.validate(JsonNodeFactory.instance.objectNode());
        } catch (RuntimeException ex) {
            fields.error(field, "cannot be compiled as a JSON Schema (2020-12)");
            return;
        }
        closedObject(schema, field, fields);
        JsonNode properties = schema.get("properties");
        Set<String> names = new HashSet<>();
        if (properties != null && properties.isObject()) {
            if (properties.size() > MAX_PROPERTIES) {
                fields.error(field + ".properties", "may hold at most " + MAX_PROPERTIES + " properties");
            }
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                names.add(property.getKey());
                property(
                        compiled,
                        List.of(property.getKey()),
                        property.getValue(),
                        field + ".properties." + property.getKey(),
                        fields);
            }
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        requiredAreProperties(schema, field, fields);
        if (fields.errors().size() == before) {
            examplesTogether(schema, field, fields);
        }
        if (pathTemplate != null) {
            int queryStart = pathTemplate.indexOf('?');
            Matcher matcher = PLACEHOLDER.matcher(pathTemplate);
            while (matcher.find()) {
                String name = matcher.group(1);
                // a query parameter of an optional field is left out when the field is (rest-json)
                boolean inQuery = queryStart >= 0 && matcher.start() > queryStart;
                if (!names.contains(name)) {
                    fields.error(pathField, "the placeholder {" + name + "} must be a property of the input schema");
                } else if (!inQuery && !required.contains(name)) {
                    fields.error(
                            pathField,
                            "the path placeholder {" + name + "} must be a required property of the input schema");
                }
            }
        }
    }

    /**
     * The input is a JSON object of the declared properties and nothing else: {@code "type":
     * "object"} and {@code "additionalProperties": false} at the top. An open schema lets any field
     * through, and an adapter passes inputs on (a GET's as query parameters: {@code ?q=x&aadhaar=...});
     * a field no form shows must never reach a department, least of all in its address. That holds at
     * every depth ({@link #closedValue}): an object property, and the objects an array property holds,
     * carry their declared members alone, or {@code {"amount": {"value": "1.00", "aadhaar": "..."}}}
     * would take the undeclared member to the department inside the body. Held to stored operations
     * too ({@link OperationRules#check}), when a service is published or its department's adapter
     * type changes.
     *
     * @param schema an input schema object
     * @param field where it is, e.g. {@code operations[0].inputSchema}
     * @param fields where problems go
     */
    static void closedObject(JsonNode schema, String field, RequestFields fields) {
        if (!"object".equals(schema.path("type").asString(null))) {
            fields.error(field + ".type", "must be \"object\": an operation's input is a JSON object");
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional == null || !additional.isBoolean() || additional.asBoolean()) {
            fields.error(
                    field + ".additionalProperties",
                    "must be false: an input holds only the properties the schema declares, since a field no"
                            + " form shows would otherwise be passed on to the department (a GET's in its address)");
        }
        // additionalProperties judges only the names that neither properties nor patternProperties
        // beside it match: {"^x": {}} would let xaadhaar through to the department. The other keywords
        // (allOf, anyOf, oneOf, if/then/else, dependentSchemas, propertyNames, unevaluatedProperties)
        // only add conditions; the top-level false refuses an undeclared field whatever they say
        if (schema.has("patternProperties")) {
            fields.error(
                    field + ".patternProperties",
                    "is not allowed at the top: it admits fields the schema does not declare under properties"
                            + " (additionalProperties: false leaves them through), which no form shows and which"
                            + " would be passed on to the department; declare each field under properties");
        }
        closedMembers(schema, field, fields);
    }

    /**
     * A value inside the input holds only what the form declares: a property (at any depth) says
     * its {@code type}, or is held to fixed values by {@code const} or {@code enum}, since an
     * untyped property takes any object and passes it on; a property that may be an object is
     * closed as the top is; one that may be an array says what its items are ({@code items}, and
     * {@code prefixItems}' positions), each held to the same rule. Conditions beside them ({@code
     * allOf}, {@code anyOf}, {@code if}, ...) only narrow what a closed object admits.
     *
     * @param schema a property's schema
     * @param field where it is, e.g. {@code inputSchema.properties.amount}
     * @param fields where problems go
     */
    private static void closedValue(JsonNode schema, String field, RequestFields fields) {
        if (!schema.isObject()) {
            return; // not a schema object: the property rules say so
        }
        Set<String> types = new HashSet<>();
        JsonNode type = schema.get("type");
        if (type != null && type.isString()) {
            types.add(type.asString());
        } else if (type != null && type.isArray()) {
            type.forEach(one -> types.add(one.asString()));
        }
        if (types.isEmpty()) {
            if (!schema.has("const") && !schema.has("enum")) {
                fields.error(
                        field + ".type",
                        "is required (string, integer, number, boolean, object or array), unless const or enum"
                                + " fixes the values: an untyped field takes any object, whose members no form"
                                + " shows, and passes it on to the department");
            }
            return;
        }
        if (types.contains("object")) {
            JsonNode additional = schema.get("additionalProperties");
            if (additional == null || !additional.isBoolean() || additional.asBoolean()) {
                fields.error(
                        field + ".additionalProperties",
                        "must be false: an object in the input holds only the members its schema declares,"
                                + " since a member no form shows would otherwise be passed on to the department");
            }
            if (schema.has("patternProperties")) {
                fields.error(
                        field + ".patternProperties",
                        "is not allowed: it admits members the schema does not declare under properties,"
                                + " which would be passed on to the department; declare each member under"
                                + " properties");
            }
            closedMembers(schema, field, fields);
        }
        if (types.contains("array")) {
            JsonNode items = schema.get("items");
            if (items == null || !items.isObject()) {
                fields.error(
                        field + ".items",
                        "is required, a schema of the array's items: without it an item may be any object,"
                                + " passed on to the department as it is");
            } else {
                closedValue(items, field + ".items", fields);
            }
            JsonNode prefixItems = schema.get("prefixItems");
            if (prefixItems != null && prefixItems.isArray()) {
                for (int i = 0; i < prefixItems.size(); i++) {
                    closedValue(prefixItems.get(i), field + ".prefixItems[" + i + "]", fields);
                }
            }
        }
    }

    private static void closedMembers(JsonNode schema, String field, RequestFields fields) {
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                closedValue(property.getValue(), field + ".properties." + property.getKey(), fields);
            }
        }
    }

    /** The scalar types: what a path segment, a query value or a header can carry. */
    private static final Set<String> SCALAR_TYPES = Set.of("string", "integer", "number", "boolean");

    /**
     * An input field that an operation sends in its address (a path placeholder, a placeholder of
     * the path's query part) or in a header ({@code options.headers}) must be a scalar, so its
     * property declares a {@code type} of string, integer, number or boolean (or a list of them): an
     * object, an array or {@code null} has no text there (an untyped {@code {id}} given {@code
     * {"x": 1}} failed the call as the platform's fault, a 502, and a header mapped to an object sent
     * nothing). Held to stored operations too ({@link OperationRules#check}). A placeholder or header
     * that names no property has its own error ({@link #check}, the adapter's checks) and is skipped.
     *
     * @param schema the operation's input schema
     * @param pathTemplate the operation's path, {@code null} when it has none
     * @param options the operation's options
     * @param at where the operation is, e.g. {@code operations[0]}
     * @param fields where problems go: {@code <at>.path}, {@code <at>.options.headers.<name>}
     */
    static void scalarPlacements(
            JsonNode schema, String pathTemplate, Map<String, Object> options, String at, RequestFields fields) {
        JsonNode properties = schema == null ? null : schema.get("properties");
        if (properties == null || !properties.isObject()) {
            return;
        }
        if (pathTemplate != null) {
            Set<String> seen = new HashSet<>();
            for (String name : placeholders(pathTemplate)) {
                JsonNode property = properties.get(name);
                if (property != null && seen.add(name) && !scalarTyped(property)) {
                    fields.error(
                            at + ".path",
                            "the placeholder {" + name + "} is sent in the address the department is called at,"
                                    + " so its property must declare a \"type\" of " + scalarTypes()
                                    + " (no object, array, null or untyped value: the address carries text)");
                }
            }
        }
        if (options != null && options.get("headers") instanceof Map<?, ?> headers) {
            headers.forEach((header, mapped) -> {
                JsonNode property = mapped instanceof String name ? properties.get(name) : null;
                if (property != null && !scalarTyped(property)) {
                    fields.error(
                            at + ".options.headers." + header,
                            "maps the input field " + mapped + ", which is sent in a header, so its property must"
                                    + " declare a \"type\" of " + scalarTypes()
                                    + " (no object, array, null or untyped value: a header carries text)");
                }
            });
        }
    }

    private static String scalarTypes() {
        return "string, integer, number or boolean";
    }

    /** @return whether a property's {@code type} admits scalars only, and no {@code null} */
    private static boolean scalarTyped(JsonNode property) {
        JsonNode type = property.get("type");
        if (type == null) {
            return false;
        }
        if (type.isString()) {
            return SCALAR_TYPES.contains(type.asString());
        }
        if (!type.isArray() || type.isEmpty()) {
            return false;
        }
        for (JsonNode one : type) {
            if (!one.isString() || !SCALAR_TYPES.contains(one.asString())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The formats JSON Schema 2020-12 defines, each of which invocations assert (networknt
     * json-schema-validator, {@code formatAssertionsEnabled}). The library ignores a format it does
     * not know, so a misspelt {@code "emial"} would check nothing while the form promised it does.
     */
    static final Set<String> FORMATS = Set.of(
            "date-time",
            "date",
            "time",
            "duration",
            "email",
            "idn-email",
            "hostname",
            "idn-hostname",
            "ipv4",
            "ipv6",
            "uri",
            "uri-reference",
            "iri",
            "iri-reference",
            "uuid",
            "uri-template",
            "json-pointer",
            "relative-json-pointer",
            "regex");

    /** Keywords whose value is a schema. */
    private static final Set<String> SUBSCHEMA = Set.of(
            "items",
            "additionalItems",
            "additionalProperties",
            "unevaluatedItems",
            "unevaluatedProperties",
            "propertyNames",
            "contains",
            "not",
            "if",
            "then",
            "else");

    /** Keywords whose value is a list of schemas. */
    private static final Set<String> SUBSCHEMAS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");

    /**
     * Every {@code format} of the schema, wherever a schema may hold one (a property, a branch of
     * {@code if}, an array's items, ...), must be one of {@link #FORMATS}: an unknown one is ignored
     * by the validator, and the input it seems to check goes unchecked.
     *
     * @param schema an input schema (or a part of it)
     * @param field where it is, e.g. {@code operations[0].inputSchema}
     * @param fields where problems go
     */
    static void formats(JsonNode schema, String field, RequestFields fields) {
        if (!schema.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> member : schema.properties()) {
            String key = member.getKey();
            JsonNode value = member.getValue();
            String at = field + "." + key;
            if (key.equals("format")) {
                if (value.isString() && !FORMATS.contains(value.asString())) {
                    fields.error(
                            at,
                            "is not a format of JSON Schema 2020-12, and an unknown format checks nothing; one of "
                                    + new java.util.TreeSet<>(FORMATS));
                }
            } else if (SCHEMAS_BY_NAME.contains(key) && value.isObject()) {
                for (Map.Entry<String, JsonNode> named : value.properties()) {
                    formats(named.getValue(), at + "." + named.getKey(), fields);
                }
            } else if (SUBSCHEMA.contains(key)) {
                formats(value, at, fields);
            } else if (SUBSCHEMAS.contains(key) && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    formats(value.get(i), at + "[" + i + "]", fields);
                }
            }
        }
    }

    /**
     * @param at where the property's value sits in an input: names of object members and, for
     *     the objects of an array, the index 0
     */
    private void property(Schema compiled, List<Object> at, JsonNode property, String field, RequestFields fields) {
        if (!property.isObject()) {
            fields.error(field, "must be a schema object with a title and examples");
            return;
        }
        JsonNode title = property.get("title");
        if (title == null || !title.isString() || title.asString().isBlank()) {
            fields.error(field + ".title", "is required: the field's label in English");
        }
        JsonNode translations = property.get(InputSchemas.TITLE_TRANSLATIONS);
        if (translations != null) {
            if (!translations.isObject()) {
                fields.error(field + "." + InputSchemas.TITLE_TRANSLATIONS, "must be an object of titles by language");
            } else {
                for (Map.Entry<String, JsonNode> translation : translations.properties()) {
                    String language = translation.getKey();
                    if (Language.of(language)
                            .filter(l -> l.code().equals(language))
                            .isEmpty()) {
                        // looked up by the exact code: "HI" or " ta " would never be shown
                        fields.error(
                                field + "." + InputSchemas.TITLE_TRANSLATIONS + "." + language,
                                "is not one of the 13 language codes (en hi as bn gu kn ml mr or pa ta te ur)");
                    } else if (!translation.getValue().isString()
                            || translation.getValue().asString().isBlank()) {
                        fields.error(
                                field + "." + InputSchemas.TITLE_TRANSLATIONS + "." + translation.getKey(),
                                "must be a non-empty title in one of the 13 languages");
                    }
                }
            }
        }
        JsonNode examples = property.get("examples");
        if (examples == null || !examples.isArray() || examples.isEmpty()) {
            fields.error(
                    field + ".examples", "is required: at least one value the field accepts (apps show it as a hint)");
        } else {
            for (int i = 0; i < examples.size(); i++) {
                for (Error error : compiled.validate(input(at, examples.get(i)))) {
                    if (within(error.getInstanceLocation(), at)) {
                        fields.error(
                                field + ".examples[" + i + "]", "is not accepted by the property: " + message(error));
                        break;
                    }
                }
            }
        }
        members(compiled, at, property, field, fields);
    }

    /** Checks the properties of an object property, and those of the objects its items are. */
    private void members(Schema compiled, List<Object> at, JsonNode schema, String field, RequestFields fields) {
        requiredAreProperties(schema, field, fields);
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> member : properties.properties()) {
                property(
                        compiled,
                        append(at, member.getKey()),
                        member.getValue(),
                        field + ".properties." + member.getKey(),
                        fields);
            }
        }
        // an array's items are no field of their own (the array has the title), their members are
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
            members(compiled, append(at, 0), items, field + ".items", fields);
        }
    }

    /**
     * A required field the schema does not define is no field of the form the apps draw from it,
     * so no citizen's input could ever have it.
     */
    private static void requiredAreProperties(JsonNode schema, String field, RequestFields fields) {
        JsonNode required = schema.get("required");
        if (required == null || !required.isArray()) {
            return;
        }
        JsonNode properties = schema.path("properties");
        for (JsonNode name : required) {
            if (!properties.has(name.asString())) {
                fields.error(
                        field + ".required",
                        "names " + name.asString() + ", which is not among the properties: the form has no such"
                                + " field, so no input could ever have it");
            }
        }
    }

    /**
     * The input a demo clicks through, each property's first example, must be one the operation
     * accepts, checked as invocations check inputs: examples each accepted on their own may still
     * together break a rule of the whole (dependentRequired, allOf, maxProperties, ...).
     */
    private void examplesTogether(JsonNode schema, String field, RequestFields fields) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                JsonNode examples = property.getValue().path("examples");
                if (examples.isArray() && !examples.isEmpty()) {
                    input.set(property.getKey(), examples.get(0));
                }
            }
        }
        List<FieldErrorView> refused;
        try {
            refused = validator.validate(schema, input);
        } catch (InputValidator.UnusableInputSchemaException ex) {
            fields.error(field, "cannot check an input (it fails on the input its examples make together)");
            return;
        }
        if (!refused.isEmpty()) {
            fields.error(
                    field,
                    "refuses the input its examples make together (each property's first example): "
                            + refused.stream()
                                    .map(error -> "input." + error.field() + ": " + error.message())
                                    .collect(Collectors.joining("; ")));
        }
    }

    private static List<Object> append(List<Object> at, Object step) {
        List<Object> longer = new ArrayList<>(at.size() + 1);
        longer.addAll(at);
        longer.add(step);
        return longer;
    }

    /**
     * @return an input holding the value at the given place and nothing else, so that the only
     *     errors located at that place are the value's own
     */
    private static JsonNode input(List<Object> at, JsonNode value) {
        JsonNode node = value;
        for (int i = at.size() - 1; i >= 0; i--) {
            if (at.get(i) instanceof Integer) {
                node = JsonNodeFactory.instance.arrayNode().add(node);
            } else {
                node = JsonNodeFactory.instance.objectNode().set((String) at.get(i), node);
            }
        }
        return node;
    }

    /** @return whether an error's location is the place given or inside it */
    private static boolean within(NodePath location, List<Object> at) {
        if (location == null || location.getNameCount() < at.size()) {
            return false;
        }
        for (int i = 0; i < at.size(); i++) {
            if (!String.valueOf(at.get(i)).equals(String.valueOf(location.getElement(i)))) {
                return false;
            }
        }
        return true;
    }

    /** Keywords whose value maps names (of properties, definitions) to schemas. */
    private static final Set<String> SCHEMAS_BY_NAME =
            Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");

    /** Keywords whose value is data (values of the input, titles), never a schema. */
    private static final Set<String> DATA = Set.of(
            "examples", "const", "enum", "default", "required", "dependentRequired", InputSchemas.TITLE_TRANSLATIONS);

    /** Keywords that point elsewhere in (or outside) the schema. */
    private static final Set<String> REFERENCES = Set.of("$ref", "$dynamicRef", "$recursiveRef");

    /**
     * No references: the apps draw the form from the schema as it is written, and the rules above
     * (a title and accepted examples for every property, at every depth) read it as written too, so
     * a property behind a {@code $ref} would escape both; and a reference that resolves nowhere, or
     * only to itself, fails when an input meets it (a dangling one in a branch no example reaches
     * was published and failed citizens' calls). No shipped schema uses one. No {@code $id} (a schema
     * is anonymous); {@code $schema} only 2020-12 at the root.
     *
     * @param schema an input schema
     * @param field where it is, e.g. {@code operations[0].inputSchema}
     * @param fields where problems go
     */
    static void references(JsonNode schema, String field, RequestFields fields) {
        references(schema, field, true, fields);
    }

    private static void references(JsonNode node, String field, boolean root, RequestFields fields) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String key = member.getKey();
                JsonNode value = member.getValue();
                String at = field + "." + key;
                if (REFERENCES.contains(key)) {
                    fields.error(
                            at,
                            "is not allowed: write the schema out in place (no $ref, $dynamicRef or $recursiveRef);"
                                    + " the apps draw the form from it as written, and nothing is fetched");
                } else if (key.equals("$id")) {
                    fields.error(at, "is not allowed: an input schema is anonymous");
                } else if (key.equals("$schema")) {
                    if (!root || !value.isString() || !value.asString().equals(DRAFT_2020_12)) {
                        fields.error(at, "may only be " + DRAFT_2020_12 + ", at the top");
                    }
                } else if (SCHEMAS_BY_NAME.contains(key) && value.isObject()) {
                    // the names are the integrator's (a property may be called "$id"); the values are schemas
                    for (Map.Entry<String, JsonNode> named : value.properties()) {
                        references(named.getValue(), at + "." + named.getKey(), false, fields);
                    }
                } else if (!DATA.contains(key)) {
                    references(value, at, false, fields);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                references(node.get(i), field + "[" + i + "]", false, fields);
            }
        }
    }

    private static String location(String field, NodePath path, String extra) {
        StringBuilder out = new StringBuilder(field);
        for (int i = 0; path != null && i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append('.').append(element);
            }
        }
        if (extra != null) {
            out.append('.').append(extra);
        }
        return out.toString();
    }

    /** The library's message without the location prefix it starts with. */
    private static String message(Error error) {
        String message = error.getMessage();
        int colon = message.indexOf(": ");
        return colon >= 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
    }

    /**
     * @param schema an input schema {@link #check} found valid
     * @param input an input
     * @return what the schema finds wrong with the input, each as {@code input.where: what}; empty
     *     when it accepts the input
     */
    List<String> refusals(JsonNode schema, JsonNode input) {
        List<String> refusals = new ArrayList<>();
        for (Error error : registry.getSchema(schema).validate(input)) {
            refusals.add(location("input", error.getInstanceLocation(), null) + ": " + message(error));
        }
        return refusals;
    }

    /** @return the placeholders of a path template, in order */
    static List<String> placeholders(String pathTemplate) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(pathTemplate);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
