package org.janseva.adapter.spi;

import java.util.List;
import java.util.Objects;

/**
 * Describes one setting of an adapter type, for validation, for the admin API's
 * {@code GET /api/v1/admin/adapter-types}, and for redaction: a {@link #secret()} setting is
 * encrypted at rest and never returned or logged.
 *
 * @param name the setting's key, dots for nesting, e.g. {@code baseUrl} or {@code auth.apiKey}
 * @param kind its value's kind
 * @param required whether every department of the type must set it (settings required only in
 *     some configurations are checked by {@link DepartmentAdapter#validate})
 * @param secret whether it is a secret (write-only, encrypted at rest)
 * @param description what it means, for integrators
 * @param allowedValues for {@link Kind#ENUM}, the values it may take; empty otherwise
 * @param defaultValue the value used when the setting is absent, as text, or {@code null}
 */
public record SettingDescriptor(
        String name,
        Kind kind,
        boolean required,
        boolean secret,
        String description,
        List<String> allowedValues,
        String defaultValue) {

    /** The kinds of values a setting holds. */
    public enum Kind {
        STRING,
        URL,
        INTEGER,
        BOOLEAN,
        ENUM,
        OBJECT
    }

    public SettingDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        allowedValues = allowedValues == null ? List.of() : List.copyOf(allowedValues);
        if (kind == Kind.ENUM && allowedValues.isEmpty()) {
            throw new IllegalArgumentException("An ENUM setting lists its values: " + name);
        }
    }

    /** @return a required, non-secret setting */
    public static SettingDescriptor required(String name, Kind kind, String description) {
        return new SettingDescriptor(name, kind, true, false, description, List.of(), null);
    }

    /** @return an optional, non-secret setting */
    public static SettingDescriptor optional(String name, Kind kind, String description) {
        return new SettingDescriptor(name, kind, false, false, description, List.of(), null);
    }

    /** @return an optional, non-secret setting with a default value */
    public static SettingDescriptor optional(String name, Kind kind, String description, Object defaultValue) {
        return new SettingDescriptor(name, kind, false, false, description, List.of(), String.valueOf(defaultValue));
    }

    /** @return an enumerated setting with a default value (required when the default is null) */
    public static SettingDescriptor oneOf(String name, List<String> values, String description, String defaultValue) {
        return new SettingDescriptor(name, Kind.ENUM, defaultValue == null, false, description, values, defaultValue);
    }

    /** @return an optional secret setting */
    public static SettingDescriptor secret(String name, String description) {
        return new SettingDescriptor(name, Kind.STRING, false, true, description, List.of(), null);
    }
}
