package org.janseva.platform.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the Java property path of a validation error ({@code refreshToken},
 * {@code items[0].unitPrice}) into the path of the JSON the client sent ({@code refresh_token}),
 * so that {@code errors[].field} names what the client can see: a property renamed with
 * {@link JsonProperty} is named by its JSON name.
 */
final class JsonFieldNames {

    /** A path segment: a property name, then any index or key, e.g. {@code items[0]}. */
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[]+)((?:\\[[^\\]]*\\])*)");

    private JsonFieldNames() {}

    /**
     * @param type the class of the validated object (the request body), or null
     * @param path the Java property path Bean Validation reported
     * @return the same path with every renamed property under its JSON name
     */
    static String of(Class<?> type, String path) {
        if (type == null || path == null || path.isEmpty()) {
            return path;
        }
        StringBuilder json = new StringBuilder();
        Class<?> current = type;
        for (String segment : path.split("\\.")) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                return path;
            }
            String name = m.group(1);
            String indexes = m.group(2);
            Field field = current == null ? null : field(current, name);
            json.append(json.isEmpty() ? "" : ".").append(jsonName(field, name)).append(indexes);
            current = field == null ? null : elementType(field, !indexes.isEmpty());
        }
        return json.toString();
    }

    /** A record component's {@link JsonProperty} is on its field too (the annotation targets fields). */
    private static String jsonName(Field field, String name) {
        JsonProperty property = field == null ? null : field.getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : name;
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException ex) {
                // look further up
            }
        }
        return null;
    }

    /** @return the class of the value, or of its elements when the path indexes into it */
    private static Class<?> elementType(Field field, boolean indexed) {
        Class<?> raw = field.getType();
        if (!indexed) {
            return raw;
        }
        if (raw.isArray()) {
            return raw.getComponentType();
        }
        if ((Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw))
                && field.getGenericType() instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            Type element = arguments[arguments.length - 1];
            return element instanceof Class<?> c ? c : null;
        }
        return null;
    }
}
