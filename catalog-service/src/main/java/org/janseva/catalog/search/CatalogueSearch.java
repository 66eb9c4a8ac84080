package org.janseva.catalog.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Map;
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
    private final AtomicReference<Indexed> index = new AtomicReference<>();

    /** The index in force and the snapshot it was made for. */
    private record Indexed(CatalogueSnapshot snapshot, SearchIndex index) {}

    private final Cache<String, List<String>> queryKeys =
            Caffeine.newBuilder().maximumSize(50_000).build();

    @Override
    public void catalogueChanged(CatalogueSnapshot snapshot) {
        long started = System.nanoTime();
        Indexed previous = index.get();
        SearchIndex reused = previous == null
                ? null
                : previous.index().reusedFor(snapshot, previous.snapshot()).orElse(null);
        SearchIndex current = reused != null
                ? reused
                : SearchIndex.build(
                        snapshot,
                        latin,
                        previous == null ? Map.of() : previous.index().keys());
        index.set(new Indexed(snapshot, current));
        log.info(
                "Search index for catalogue version {}: {} entries, {} terms, {} in {} ms",
                current.version(),
                current.size(),
                current.terms(),
                reused != null ? "nothing searchable changed, terms kept" : "rebuilt",
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
        Indexed current = index.get();
        if (current == null) {
            throw new IllegalStateException("The search index has not been built yet");
        }
        return current.index().search(query, filter, offset, limit, token -> queryKeys.get(token, latin::of));
    }
}
