package org.janseva.adapter.spi;

import java.util.List;
import java.util.Objects;

/**
 * Describes one setting of an adapter type, for validation, for the admin API's
 * {@code GET /api/v1/admin/adapter-types}, and for redaction: a {@link #secret()} setting is
 * encrypted at rest and never returned or logged.
 *
 * @param name the setting's key, e.g. {@code baseUrl} or {@code auth.apiKey}
 * @param kind its value's kind
 * @param required whether a department must set it
 * @param secret whether it is a secret (write-only)
 * @param description what it means, for integrators
 * @param allowedValues for {@link Kind#ENUM}, the values it may take; empty otherwise
 */
public record SettingDescriptor(
        String name, Kind kind, boolean required, boolean secret, String description, List<String> allowedValues) {

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
    }

    /** @return a required, non-secret setting */
    public static SettingDescriptor required(String name, Kind kind, String description) {
        return new SettingDescriptor(name, kind, true, false, description, List.of());
    }

    /** @return an optional, non-secret setting */
    public static SettingDescriptor optional(String name, Kind kind, String description) {
        return new SettingDescriptor(name, kind, false, false, description, List.of());
    }

    /** @return an optional secret setting */
    public static SettingDescriptor secret(String name, String description) {
        return new SettingDescriptor(name, Kind.STRING, false, true, description, List.of());
    }
}
