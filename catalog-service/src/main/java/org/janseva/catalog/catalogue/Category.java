package org.janseva.catalog.catalogue;

import java.util.List;
import java.util.Map;

/**
 * A category of services (Health, Electricity, Indian Culture, ...).
 *
 * @param code the stable lower-case code, e.g. {@code electricity}
 * @param position the order categories are listed in
 * @param name the name per language
 * @param synonyms search terms for every service of the category, per language
 */
public record Category(String code, int position, LocalizedText name, Map<Language, List<String>> synonyms) {

    public Category {
        synonyms = Map.copyOf(synonyms);
    }
}
