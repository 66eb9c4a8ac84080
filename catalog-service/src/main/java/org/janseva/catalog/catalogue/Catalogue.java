package org.janseva.catalog.catalogue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.janseva.platform.web.DatabaseUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The catalogue in force on this instance: an immutable {@link CatalogueSnapshot}, loaded at
 * start-up and replaced whole when the {@code catalogue_version} row moves. Every instance polls
 * that row ({@code platform.catalog.refresh-interval}), so an admin change made through any
 * instance is live on all of them within seconds, without a restart. Reads never touch the
 * database.
 */
@Component
public class Catalogue implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(Catalogue.class);

    private final CatalogueRepository repository;
    private final ObjectProvider<CatalogueListener> listeners;
    private final AtomicReference<CatalogueSnapshot> current = new AtomicReference<>();

    Catalogue(CatalogueRepository repository, ObjectProvider<CatalogueListener> listeners) {
        this.repository = repository;
        this.listeners = listeners;
    }

    /** @return the catalogue in force; hold on to it for the whole of one request */
    public CatalogueSnapshot current() {
        CatalogueSnapshot snapshot = current.get();
        if (snapshot == null) {
            throw new IllegalStateException("The catalogue has not been loaded yet");
        }
        return snapshot;
    }

    @Override
    public void afterSingletonsInstantiated() {
        publish(repository.load());
    }

    /**
     * Reloads the catalogue when its version moved since the snapshot in force. Called by the
     * scheduler; code that has just changed the catalogue may call it to see its change at once.
     *
     * @return whether a new snapshot was published
     */
    public synchronized boolean refresh() {
        CatalogueSnapshot snapshot = current.get();
        if (snapshot != null && repository.version() == snapshot.version()) {
            return false;
        }
        publish(repository.load());
        return true;
    }

    @Scheduled(
            fixedDelayString = "${platform.catalog.refresh-interval}",
            initialDelayString = "${platform.catalog.refresh-interval}")
    void poll() {
        try {
            refresh();
        } catch (RuntimeException ex) {
            // the snapshot in force keeps serving; the next poll tries again
            if (DatabaseUnavailable.isCauseOf(ex)) {
                throw ex; // logged by platform-web's ScheduledTaskOutageReporting: a WARN a minute, not one a poll
            }
            log.warn("Could not refresh the catalogue: {}", ex.getMessage());
        }
    }

    private synchronized void publish(CatalogueSnapshot snapshot) {
        long started = System.nanoTime();
        // what is derived from the snapshot (the search index) is made first, and the snapshot is
        // put in force after: never a snapshot in force ahead of its index. Should a listener fail,
        // the snapshot in force stays the one before and the next poll tries again
        List<CatalogueListener> all = listeners.orderedStream().toList();
        for (CatalogueListener listener : all) {
            listener.catalogueChanged(snapshot);
        }
        current.set(snapshot);
        log.info(
                "Catalogue version {} in force: {} entries, {} departments ({} listeners in {} ms)",
                snapshot.version(),
                snapshot.entries().size(),
                snapshot.departments().size(),
                all.size(),
                (System.nanoTime() - started) / 1_000_000);
    }
}
