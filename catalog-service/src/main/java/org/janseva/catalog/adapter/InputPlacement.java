package org.janseva.catalog.adapter;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The citizen's values that an operation puts outside the request body, into a path segment or a
 * header, and that the place cannot carry as they are: checked after the input schema and before
 * any department call, by an invocation and by a dry run alike, so that both refuse the same
 * input with the same field errors.
 */
public final class InputPlacement {

    private InputPlacement() {}

    /**
     * @param pathTemplate the operation's path template
     * @param options the operation's options ({@code headers} maps header names to input fields)
     * @param input the input, already valid against the operation's schema
     * @return field errors by input field name, in order: a path value making a {@code .} or
     *     {@code ..} segment ({@link UrlPaths#DOT_SEGMENT_RULE}), then a mapped header value
     *     outside visible ASCII ({@link HeaderRules#MAPPED_VALUE_RULE}); empty when every value
     *     fits its place
     */
    public static Map<String, String> problems(String pathTemplate, Map<String, ?> options, JsonNode input) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (String field : UrlPaths.dotSegmentPlaceholders(pathTemplate, name -> textOf(input, name))) {
            problems.putIfAbsent(field, UrlPaths.DOT_SEGMENT_RULE);
        }
        for (String field : HeaderRules.unsendableMappedInputs(options, name -> textOf(input, name))) {
            problems.putIfAbsent(field, HeaderRules.MAPPED_VALUE_RULE);
        }
        return problems;
    }

    private static String textOf(JsonNode input, String field) {
        JsonNode value = input.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
