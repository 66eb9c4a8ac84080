package org.janseva.catalog.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.janseva.catalog.catalogue.Language;
import org.janseva.platform.web.FieldErrorView;
import tools.jackson.databind.JsonNode;

/**
 * Reads an admin request's JSON field by field and collects what is wrong with each, so that one
 * answer names every bad field ({@code errors: [{field, message}]}) instead of the first. Messages
 * say what is expected; they never repeat the value given (it may be a secret).
 */
final class RequestFields {

    private final List<FieldErrorView> errors = new ArrayList<>();

    void error(String field, String message) {
        FieldErrorView error = new FieldErrorView(field, message);
        // one rule checked twice (by the admin API and by the adapter type, for a stored operation)
        // is told once
        if (!errors.contains(error)) {
            errors.add(error);
        }
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<FieldErrorView> errors() {
        return List.copyOf(errors);
    }

    /** Names every member of the object that is not among the known ones. */
    void onlyKnown(JsonNode object, String prefix, Set<String> known) {
        if (object == null || !object.isObject()) {
            return;
        }
        for (String name : object.propertyNames()) {
            if (!known.contains(name)) {
                error(join(prefix, name), "is not a field here; known fields: " + new java.util.TreeSet<>(known));
            }
        }
    }

    /**
     * @return the text, or {@code null} (with an error when required) when it is absent, not a
     *     string, blank, too long or off the pattern
     */
    String text(
            JsonNode parent,
            String name,
            String field,
            boolean required,
            int maxLength,
            Pattern pattern,
            String patternRule) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            error(field, "must be a non-empty string");
            return null;
        }
        String value = node.asString();
        if (characters(value) > maxLength) {
            error(field, "must be at most " + maxLength + " characters");
            return null;
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            error(field, patternRule);
            return null;
        }
        return value;
    }

    /** @return the text's length in characters (code points: an emoji is one), as a reader counts */
    private static int characters(String value) {
        return value.codePointCount(0, value.length());
    }

    /**
     * A text per language, {@code {"en": "...", "hi": "..."}}: English required, the other 12
     * languages optional, each a non-empty string.
     *
     * @return the texts by language code, or {@code null} when absent or wrong
     */
    Map<String, String> localized(JsonNode parent, String name, String field, boolean required, int maxLength) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                error(field, "is required: an object of texts by language, with at least \"en\"");
            }
            return null;
        }
        if (!node.isObject()) {
            error(field, "must be an object of texts by language, e.g. {\"en\": \"...\", \"hi\": \"...\"}");
            return null;
        }
        Map<String, String> texts = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            String language = member.getKey();
            if (Language.of(language).filter(l -> l.code().equals(language)).isEmpty()) {
                error(
                        join(field, language),
                        "is not one of the 13 language codes (en hi as bn gu kn ml mr or pa ta te ur)");
                ok = false;
            } else if (!member.getValue().isString()
                    || member.getValue().asString().isBlank()) {
                error(join(field, language), "must be a non-empty string");
                ok = false;
            } else if (characters(member.getValue().asString()) > maxLength) {
                error(join(field, language), "must be at most " + maxLength + " characters");
                ok = false;
            } else {
                texts.put(language, member.getValue().asString().strip());
            }
        }
        if (!node.has("en")) {
            error(join(field, "en"), "is required (English is every text's fallback)");
            ok = false;
        }
        return ok ? texts : null;
    }

    /** @return the boolean, or {@code null} (with an error when required) */
    Boolean bool(JsonNode parent, String name, String field, boolean required) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                error(field, "is required (true or false)");
            }
            return null;
        }
        if (!node.isBoolean()) {
            error(field, "must be true or false");
            return null;
        }
        return node.asBoolean();
    }

    /** @return the whole number within the bounds, or {@code null} */
    Integer integer(JsonNode parent, String name, String field, int min, int max) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            error(field, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return node.asInt();
    }

    /** @return the distinct strings of a non-empty array, each accepted by the check, or {@code null} */
    List<String> strings(
            JsonNode parent,
            String name,
            String field,
            boolean required,
            java.util.function.Predicate<String> check,
            String rule) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                error(field, "is required: " + rule);
            }
            return null;
        }
        if (!node.isArray() || node.isEmpty()) {
            error(field, "must be a non-empty array: " + rule);
            return null;
        }
        Set<String> values = new LinkedHashSet<>();
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isString() || !check.test(item.asString())) {
                error(field + "[" + i + "]", rule);
                ok = false;
            } else {
                values.add(item.asString());
            }
        }
        return ok ? List.copyOf(values) : null;
    }

    /** @return the member if it is an object, empty (with an error when present but not one) */
    Optional<JsonNode> object(JsonNode parent, String name, String field, boolean required) {
        JsonNode node = parent == null ? null : parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                error(field, "is required (an object)");
            }
            return Optional.empty();
        }
        if (!node.isObject()) {
            error(field, "must be an object");
            return Optional.empty();
        }
        return Optional.of(node);
    }

    static String join(String prefix, String name) {
        return prefix == null || prefix.isEmpty() ? name : prefix + "." + name;
    }
}
