package org.janseva.catalog.search;

import org.janseva.catalog.catalogue.CatalogueEntry;
import org.janseva.catalog.catalogue.CatalogueType;
import org.janseva.catalog.catalogue.Channel;

/**
 * What a listing or a search is restricted to: always the reader's channel and country (only
 * PUBLISHED entries are ever listed), and optionally a type, category, department or state.
 *
 * @param channel the reader's channel
 * @param country the reader's country (ISO 3166-1 alpha-2, upper case)
 * @param type only entries of this type, or null
 * @param category only entries of this category code, or null
 * @param department only entries of this department code, or null
 * @param state only entries whose department is in this state, or null
 */
public record SearchFilter(
        Channel channel, String country, CatalogueType type, String category, String department, String state) {

    /** @return a filter on the channel and country only */
    public static SearchFilter of(Channel channel, String country) {
        return new SearchFilter(channel, country, null, null, null, null);
    }

    /** @return whether the entry is listed under this filter */
    public boolean matches(CatalogueEntry entry) {
        return entry.published()
                && entry.offeredOn(channel)
                && entry.offeredIn(country)
                && (type == null || entry.type() == type)
                && (category == null || entry.categoryCode().equals(category))
                && (department == null || entry.department().code().equals(department))
                && (state == null || state.equals(entry.department().stateCode()));
    }
}
