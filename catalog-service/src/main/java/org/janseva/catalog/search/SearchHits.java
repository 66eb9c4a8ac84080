package org.janseva.catalog.search;

import java.util.List;

/**
 * A page of search results, best first.
 *
 * @param entries the entries of the page asked for
 * @param total how many entries match in all
 */
public record SearchHits(List<org.janseva.catalog.catalogue.CatalogueEntry> entries, int total) {

    public SearchHits {
        entries = List.copyOf(entries);
    }
}
