package org.janseva.catalog.catalogue;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One thing a citizen (or one of our services) can do with a catalogue entry.
 *
 * @param code the operation's code, unique within its entry, e.g. {@code passbook}, {@code fetch-bill}
 * @param name the name per language
 * @param httpMethod the HTTP method the department expects (for HTTP adapter types)
 * @param pathTemplate the path relative to the department's {@code baseUrl}, {@code {placeholders}}
 *     filled from the input
 * @param inputSchema the JSON Schema (2020-12) of the input as stored: each property's
 *     {@code title} is English, {@code x-title} holds the other languages, {@code examples} the
 *     values the simulator answers; {@link InputSchemas#localized} renders it for a reader
 * @param responseMapping output field to JSON pointer into the department's answer, in the order
 *     the integrator wrote them (the order of the answer's fields); empty passes the answer on as it is
 * @param idempotent whether the call may be retried
 * @param cacheTtl how long an answer may be served from cache; {@code null} when never cached
 * @param visibility who may see and call it
 * @param options further per-operation settings of the adapter type
 */
public record Operation(
        String code,
        LocalizedText name,
        String httpMethod,
        String pathTemplate,
        JsonNode inputSchema,
        Map<String, String> responseMapping,
        boolean idempotent,
        Duration cacheTtl,
        Visibility visibility,
        Map<String, Object> options) {

    public Operation {
        // in the integrator's order, which citizens' data keeps (Map.copyOf's order changes per JVM)
        responseMapping = Collections.unmodifiableMap(new LinkedHashMap<>(responseMapping));
        options = Map.copyOf(options);
    }

    /** @return how long an answer may be cached, empty when never */
    public Optional<Duration> cacheTimeToLive() {
        return Optional.ofNullable(cacheTtl);
    }

    /** @return whether citizens see it in the catalogue and may call it */
    public boolean citizenVisible() {
        return visibility == Visibility.CITIZEN;
    }
}
