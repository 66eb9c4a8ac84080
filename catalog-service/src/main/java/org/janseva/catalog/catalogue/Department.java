package org.janseva.catalog.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A department (or biller) and its adapter instance.
 *
 * @param code the stable upper-case code, e.g. {@code EPFO} or {@code BESCOM}
 * @param type central, state or utility
 * @param stateCode the state of a state department (and of a biller, when it belongs to one)
 * @param name the name per language
 * @param synonyms search terms per language that find every service of the department (a search
 *     ranks them below the service's own name and synonyms)
 * @param adapterType the adapter type key, e.g. {@code rest-json} or {@code bbps-biller}
 * @param adapterSettings the adapter settings as stored: endpoint aliases such as
 *     {@code {{simulator}}} unresolved (see {@link EndpointAliases}) and secrets as the adapter
 *     layer stored them (encrypted)
 * @param updatedAt when the department was last changed
 */
public record Department(
        String code,
        CatalogueType type,
        String stateCode,
        LocalizedText name,
        Map<Language, List<String>> synonyms,
        String adapterType,
        Map<String, Object> adapterSettings,
        Instant updatedAt) {

    public Department {
        synonyms = Map.copyOf(synonyms);
    }

    /** @return the state code, empty for a central department */
    public Optional<String> state() {
        return Optional.ofNullable(stateCode);
    }
}
