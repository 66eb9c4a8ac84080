package org.janseva.catalog.catalogue;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders an operation's stored input schema for a reader: each {@code title} in the reader's
 * language (English when the schema has none in it), the {@code x-title} translations removed.
 */
public final class InputSchemas {

    /** The keyword under which a stored schema keeps the non-English titles. */
    public static final String TITLE_TRANSLATIONS = "x-title";

    private InputSchemas() {}

    /**
     * @param stored the schema as stored
     * @param language the reader's language
     * @return a localised copy; the stored schema is left unchanged
     */
    public static JsonNode localized(JsonNode stored, Language language) {
        JsonNode copy = stored.deepCopy();
        localize(copy, language);
        return copy;
    }

    private static void localize(JsonNode node, Language language) {
        if (node instanceof ObjectNode object) {
            JsonNode translations = object.remove(TITLE_TRANSLATIONS);
            if (translations != null && translations.isObject()) {
                JsonNode translated = translations.get(language.code());
                if (translated != null && translated.isString()) {
                    object.put("title", translated.asString());
                }
            }
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                localize(member.getValue(), language);
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                localize(item, language);
            }
        }
    }
}
