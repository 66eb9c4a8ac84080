package org.janseva.adapter.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A department's adapter settings: a JSON-like tree (strings, numbers, booleans, lists and
 * nested maps) with secrets already decrypted and endpoint aliases resolved. Keys with dots address nested maps:
 * {@code auth.apiKey} is {@code settings.get("auth").get("apiKey")}.
 *
 * @param departmentCode the department these settings belong to
 * @param values the settings tree, unmodifiable
 */
public record AdapterSettings(String departmentCode, Map<String, Object> values) {

    public AdapterSettings {
        values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * @param path a key, dots for nesting
     * @return the value there, if any
     */
    public Optional<Object> find(String path) {
        Object current = values;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            current = map.get(part);
        }
        return Optional.ofNullable(current);
    }

    /** @return the value at the path as text, if any */
    public Optional<String> string(String path) {
        return find(path).map(String::valueOf);
    }

    /** @return the value at the path as an integer, or the default when absent */
    public int integer(String path, int defaultValue) {
        return find(path)
                .map(v -> v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v)))
                .orElse(defaultValue);
    }

    /** @return the value at the path as a boolean, or the default when absent */
    public boolean bool(String path, boolean defaultValue) {
        return find(path)
                .map(v -> v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v)))
                .orElse(defaultValue);
    }

    /** @return the nested map at the path, empty when absent */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String path) {
        return find(path)
                .filter(Map.class::isInstance)
                .map(v -> (Map<String, Object>) v)
                .orElse(Map.of());
    }

    /**
     * Never prints the values: settings hold decrypted secrets, and a stray log line must not leak
     * them. Only the department and the top-level keys are shown.
     */
    @Override
    public String toString() {
        return "AdapterSettings[department=" + departmentCode + ", keys=" + values.keySet() + "]";
    }
}
