package org.janseva.catalog.search;

import java.util.List;
import java.util.function.Function;
import org.janseva.catalog.catalogue.CatalogueSnapshot;

/**
 * A catalogue snapshot and the search index made from it, published together as one reference
 * ({@link CatalogueSearch#current()}). A request that takes both from one of these lists,
 * searches and tags its answer at one catalogue version, whatever swap happens meanwhile; taking
 * the snapshot from {@link org.janseva.catalog.catalogue.Catalogue} and the index from elsewhere
 * could pair a new version's tag with an old index's answer.
 */
public final class IndexedCatalogue {

    private final CatalogueSnapshot snapshot;
    private final SearchIndex index;
    private final Function<String, List<String>> keysOfNewToken;

    IndexedCatalogue(CatalogueSnapshot snapshot, SearchIndex index, Function<String, List<String>> keysOfNewToken) {
        if (index.version() != snapshot.version()) {
            throw new IllegalArgumentException("An index of version " + index.version()
                    + " cannot be published with the catalogue of version " + snapshot.version());
        }
        this.snapshot = snapshot;
        this.index = index;
        this.keysOfNewToken = keysOfNewToken;
    }

    /** @return the catalogue the index was made from */
    public CatalogueSnapshot snapshot() {
        return snapshot;
    }

    /** @return the catalogue version of both the snapshot and its index */
    public long version() {
        return snapshot.version();
    }

    SearchIndex index() {
        return index;
    }

    /**
     * @param query the citizen's text
     * @param filter the reader and the list's filters
     * @param offset matches to skip
     * @param limit matches to return at most
     * @return the page of matches in this snapshot, best first
     */
    public SearchHits search(String query, SearchFilter filter, int offset, int limit) {
        return index.search(query, filter, offset, limit, keysOfNewToken);
    }
}
