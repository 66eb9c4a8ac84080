package org.janseva.catalog.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.janseva.catalog.catalogue.CatalogueListener;
import org.janseva.catalog.catalogue.CatalogueSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Search over the catalogue in force: a {@link SearchIndex} rebuilt on the catalogue's refresh
 * thread whenever a new snapshot is published (at start-up, and within seconds of any change on
 * any instance) and swapped whole, so a query always sees one complete index and never waits for
 * a rebuild. The Latin keys of tokens are carried from one index to the next, and those of query
 * tokens the index has never seen are kept in a bounded cache: ICU transliteration stays off the
 * hot path.
 */
@Component
public class CatalogueSearch implements CatalogueListener {

    private static final Logger log = LoggerFactory.getLogger(CatalogueSearch.class);

    private final LatinKeys latin = new LatinKeys();
    private final AtomicReference<SearchIndex> index = new AtomicReference<>();
    private final Cache<String, List<String>> queryKeys =
            Caffeine.newBuilder().maximumSize(50_000).build();

    @Override
    public void catalogueChanged(CatalogueSnapshot snapshot) {
        long started = System.nanoTime();
        SearchIndex previous = index.get();
        SearchIndex rebuilt =
                SearchIndex.build(snapshot, latin, previous == null ? java.util.Map.of() : previous.keys());
        index.set(rebuilt);
        log.info(
                "Search index for catalogue version {}: {} entries, {} terms, built in {} ms",
                rebuilt.version(),
                rebuilt.size(),
                rebuilt.terms(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * @param query the citizen's text
     * @param filter the reader and the list's filters
     * @param offset matches to skip
     * @param limit matches to return at most
     * @return the page of matches, best first
     */
    public SearchHits search(String query, SearchFilter filter, int offset, int limit) {
        SearchIndex current = index.get();
        if (current == null) {
            throw new IllegalStateException("The search index has not been built yet");
        }
        return current.search(query, filter, offset, limit, token -> queryKeys.get(token, latin::of));
    }
}
