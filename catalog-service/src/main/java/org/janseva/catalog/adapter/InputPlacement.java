package org.janseva.catalog.adapter;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The citizen's values that an operation puts outside the request body, into a path segment, a
 * query value or a header, and that the place cannot carry as they are: checked after the input
 * schema and before any department call, by an invocation and by a dry run alike, so that both
 * refuse the same input with the same field errors. And how a value is written there ({@link
 * #text}): a number in plain digits, whatever form the citizen gave it in.
 */
public final class InputPlacement {

    /**
     * The most characters a number of the input's top level may take written out in plain digits
     * (sign and decimal point included).
     */
    public static final int MAX_NUMBER_CHARACTERS = 100;

    /** Why a number is refused: for a field error naming the input field. */
    public static final String NUMBER_RULE = "must be a number of at most " + MAX_NUMBER_CHARACTERS
            + " characters written out in plain digits (1e2 is 100): a number may travel in the address the"
            + " department is called at, where it is written out so";

    /**
     * Why a value sent in the address or a header must be a scalar: for a field error naming the
     * input field.
     */
    public static final String SCALAR_RULE = "must be text, a number or true/false: the value is sent in the"
            + " address the department is called at or in a header, which carry no object, list or null";

    /**
     * Why a path placeholder's value must be given: for a field error naming the input field.
     */
    public static final String MISSING_SEGMENT_RULE =
            "is required: the value is a segment of the address the department is called at";

    private InputPlacement() {}

    /**
     * @param pathTemplate the operation's path template
     * @param options the operation's options ({@code headers} maps header names to input fields)
     * @param input the input, already valid against the operation's schema
     * @return field errors by input field name, in order: a path value that is missing ({@link
     *     #MISSING_SEGMENT_RULE}), a value of the path, of its query part or of a mapped header that
     *     is no scalar ({@link #SCALAR_RULE}), a path value that is empty ({@link
     *     UrlPaths#EMPTY_SEGMENT_RULE}) or makes a {@code .} or {@code ..} segment ({@link
     *     UrlPaths#DOT_SEGMENT_RULE}), then a mapped header value outside visible ASCII ({@link
     *     HeaderRules#MAPPED_VALUE_RULE}), then a number of the top level (or of a top-level array)
     *     too long written out ({@link #NUMBER_RULE}); empty when every value fits its place
     */
    public static Map<String, String> problems(String pathTemplate, Map<String, ?> options, JsonNode input) {
        Map<String, String> problems = new LinkedHashMap<>();
        // a schema stored before placed fields had to be typed scalars (or an untyped one) lets any
        // value through: the call could not be made, and that is the citizen's input, not a 502
        if (pathTemplate != null) {
            int query = pathTemplate.indexOf('?');
            Matcher matcher = UrlPaths.PLACEHOLDER.matcher(pathTemplate);
            while (matcher.find()) {
                String field = matcher.group(1);
                JsonNode value = input.get(field);
                boolean inPath = query < 0 || matcher.start() < query;
                if (value == null && inPath) {
                    problems.putIfAbsent(field, MISSING_SEGMENT_RULE);
                } else if (value != null && !scalar(value)) {
                    problems.putIfAbsent(field, SCALAR_RULE);
                }
            }
        }
        if (options != null && options.get("headers") instanceof Map<?, ?> headers) {
            for (Object mapped : headers.values()) {
                JsonNode value = input.get(String.valueOf(mapped));
                if (value != null && !scalar(value)) {
                    problems.putIfAbsent(String.valueOf(mapped), SCALAR_RULE);
                }
            }
        }
        for (String field : UrlPaths.emptyPlaceholders(pathTemplate, name -> textOf(input, name))) {
            problems.putIfAbsent(field, UrlPaths.EMPTY_SEGMENT_RULE);
        }
        for (String field : UrlPaths.dotSegmentPlaceholders(pathTemplate, name -> textOf(input, name))) {
            problems.putIfAbsent(field, UrlPaths.DOT_SEGMENT_RULE);
        }
        for (String field : HeaderRules.unsendableMappedInputs(options, name -> textOf(input, name))) {
            problems.putIfAbsent(field, HeaderRules.MAPPED_VALUE_RULE);
        }
        for (Map.Entry<String, JsonNode> member : input.properties()) {
            JsonNode value = member.getValue();
            boolean tooLong = tooLong(value);
            for (int i = 0; !tooLong && value.isArray() && i < value.size(); i++) {
                tooLong = tooLong(value.get(i));
            }
            if (tooLong) {
                // a name the schema did not declare (a schema stored before they were refused) is
                // not repeated when it is no plain name
                problems.putIfAbsent(plainName(member.getKey()) ? member.getKey() : "body", NUMBER_RULE);
            }
        }
        return problems;
    }

    /**
     * An input value as it is written in a path segment, a query value or a header: text as it is, a
     * number in plain digits ({@code 1e2} and {@code 1E+2} as {@code 100}, {@code 100.0} as {@code
     * 100.0}), never in scientific notation, which a department would not read as the number.
     *
     * @param value a scalar of the input (a string, number or boolean)
     * @return its text
     */
    public static String text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if ((value instanceof Double number && Double.isFinite(number))
                || (value instanceof Float single && Float.isFinite(single))) {
            return new BigDecimal(value.toString()).toPlainString();
        }
        return String.valueOf(value);
    }

    /**
     * @param schema an operation's input schema
     * @return the properties it defines at its top level, in order: what an adapter may send of
     *     an input ({@code OperationSpec.inputFields})
     */
    public static Set<String> declaredFields(JsonNode schema) {
        Set<String> names = new LinkedHashSet<>();
        JsonNode properties = schema == null ? null : schema.get("properties");
        if (properties != null && properties.isObject()) {
            names.addAll(properties.propertyNames());
        }
        return names;
    }

    /**
     * A whole number given as a decimal ({@code 1e2}, {@code 100.0}) for a property the schema types
     * {@code integer} (which accepts it) becomes that whole number ({@code 100}), so that the
     * department gets it as an integer in its address and its body alike.
     *
     * @param schema the operation's input schema
     * @param input the input, already valid against it and without {@link #problems}
     * @return the input with such numbers of its top level (and of its top-level arrays) made whole;
     *     the same input when it has none
     */
    public static JsonNode canonicalNumbers(JsonNode schema, JsonNode input) {
        JsonNode properties = schema == null ? null : schema.get("properties");
        if (properties == null || !properties.isObject() || !input.isObject()) {
            return input;
        }
        ObjectNode canonical = null;
        for (Map.Entry<String, JsonNode> member : input.properties()) {
            JsonNode property = properties.get(member.getKey());
            if (property == null || !property.isObject()) {
                continue;
            }
            JsonNode value = member.getValue();
            JsonNode whole = null;
            if (integerTyped(property)) {
                whole = whole(value);
            } else if (value.isArray() && integerTyped(property.path("items"))) {
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = whole(value.get(i));
                    if (item != null) {
                        whole = whole == null ? value.deepCopy() : whole;
                        ((ArrayNode) whole).set(i, item);
                    }
                }
            }
            if (whole != null) {
                canonical = canonical == null ? ((ObjectNode) input).deepCopy() : canonical;
                canonical.set(member.getKey(), whole);
            }
        }
        return canonical == null ? input : canonical;
    }

    private static boolean integerTyped(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return false;
        }
        if (type.isString()) {
            return type.asString().equals("integer");
        }
        boolean integer = false;
        for (JsonNode one : type) {
            if (one.asString("").equals("number")) {
                return false;
            }
            integer |= one.asString("").equals("integer");
        }
        return integer;
    }

    /** @return the whole number a decimal node is, {@code null} when it is none or no decimal */
    private static JsonNode whole(JsonNode value) {
        if (!value.isNumber() || value.isIntegralNumber() || tooLong(value)) {
            return null;
        }
        BigDecimal decimal = value.decimalValue();
        if (decimal.signum() != 0 && decimal.stripTrailingZeros().scale() > 0) {
            return null;
        }
        return JsonNodeFactory.instance.numberNode(decimal.toBigIntegerExact());
    }

    private static boolean tooLong(JsonNode value) {
        return value.isNumber() && plainLength(value.decimalValue()) > MAX_NUMBER_CHARACTERS;
    }

    /** The length of {@link BigDecimal#toPlainString()}, without building it (1e999999999 would not fit). */
    private static long plainLength(BigDecimal number) {
        long precision = number.precision();
        long scale = number.scale();
        long length = scale <= 0 ? precision - scale : Math.max(precision, scale + 1) + 1;
        return length + (number.signum() < 0 ? 1 : 0);
    }

    private static boolean plainName(String name) {
        return !name.isEmpty()
                && name.length() <= 64
                && name.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }

    private static boolean scalar(JsonNode value) {
        return value.isString() || value.isNumber() || value.isBoolean();
    }

    private static String textOf(JsonNode input, String field) {
        JsonNode value = input.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
