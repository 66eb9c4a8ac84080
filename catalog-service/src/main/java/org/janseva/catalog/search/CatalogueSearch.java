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
 * any instance) and swapped whole together with its snapshot ({@link IndexedCatalogue}), so a
 * query always sees one complete index, of the same version as the snapshot it is read with, and
 * never waits for a rebuild. The Latin keys of tokens are carried from one index to the next, and those of query
 * tokens the index has never seen are kept in a bounded cache: ICU transliteration stays off the
 * hot path.
 */
@Component
public class CatalogueSearch implements CatalogueListener {

    private static final Logger log = LoggerFactory.getLogger(CatalogueSearch.class);

    private final LatinKeys latin = new LatinKeys();
    private final AtomicReference<IndexedCatalogue> current = new AtomicReference<>();

    private final Cache<String, List<String>> queryKeys =
            Caffeine.newBuilder().maximumSize(50_000).build();

    @Override
    public void catalogueChanged(CatalogueSnapshot snapshot) {
        long started = System.nanoTime();
        IndexedCatalogue previous = current.get();
        SearchIndex reused = previous == null
                ? null
                : previous.index().reusedFor(snapshot, previous.snapshot()).orElse(null);
        SearchIndex index = reused != null
                ? reused
                : SearchIndex.build(
                        snapshot,
                        latin,
                        previous == null ? Map.of() : previous.index().keys());
        current.set(new IndexedCatalogue(snapshot, index, this::keysOfNewToken));
        log.info(
                "Search index for catalogue version {}: {} entries, {} terms, {} in {} ms",
                index.version(),
                index.size(),
                index.terms(),
                reused != null ? "nothing searchable changed, terms kept" : "rebuilt",
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * @return the snapshot in force for search and its index, as one reference: list, search and
     *     tag an answer from it, so that all three are of one catalogue version
     */
    public IndexedCatalogue current() {
        IndexedCatalogue indexed = current.get();
        if (indexed == null) {
            throw new IllegalStateException("The search index has not been built yet");
        }
        return indexed;
    }

    private List<String> keysOfNewToken(String token) {
        return queryKeys.get(token, latin::of);
    }
}
