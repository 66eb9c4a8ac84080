package org.janseva.catalog.rating;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.janseva.platform.web.DatabaseUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The ratings every catalogue entry shows, held in memory like the catalogue itself: the
 * {@code rating_summary} table (kept by a trigger in each rating's transaction) is read whole
 * when {@code rating_version} moves, which every instance polls. Reads never touch the database.
 */
@Component
public class Ratings implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(Ratings.class);

    /** A version of all summaries. */
    private record Snapshot(long version, Map<String, RatingSummary> byEntry) {}

    private final JdbcClient jdbc;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();

    Ratings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param entryCode a catalogue entry's code
     * @return its ratings, {@link RatingSummary#NONE} when it has none
     */
    public RatingSummary of(String entryCode) {
        return snapshot().byEntry().getOrDefault(entryCode, RatingSummary.NONE);
    }

    /** @return the version of the ratings in force; it moves with every rating */
    public long version() {
        return snapshot().version();
    }

    @Override
    public void afterSingletonsInstantiated() {
        current.set(load());
    }

    /**
     * Reloads the summaries when their version moved.
     *
     * @return whether new summaries were loaded
     */
    public synchronized boolean refresh() {
        Snapshot snapshot = current.get();
        long version = jdbc.sql("select version from rating_version where id = 1")
                .query(Long.class)
                .single();
        if (snapshot != null && snapshot.version() == version) {
            return false;
        }
        current.set(load());
        return true;
    }

    @Scheduled(
            fixedDelayString = "${platform.catalog.refresh-interval}",
            initialDelayString = "${platform.catalog.refresh-interval}")
    void poll() {
        try {
            refresh();
        } catch (RuntimeException ex) {
            if (DatabaseUnavailable.isCauseOf(ex)) {
                throw ex; // logged by platform-web's ScheduledTaskOutageReporting: a WARN a minute, not one a poll
            }
            log.warn("Could not refresh the ratings: {}", ex.getMessage());
        }
    }

    private Snapshot snapshot() {
        Snapshot snapshot = current.get();
        if (snapshot == null) {
            throw new IllegalStateException("The ratings have not been loaded yet");
        }
        return snapshot;
    }

    private Snapshot load() {
        // one statement: the version and the summaries it covers are read together
        Map<String, RatingSummary> byEntry = new HashMap<>();
        long[] version = {0};
        jdbc.sql("""
                        select v.version, s.entry_code, s.star_sum, s.count
                        from rating_version v left join rating_summary s on s.count > 0
                        where v.id = 1""").query(rs -> {
            version[0] = rs.getLong("version");
            String entry = rs.getString("entry_code");
            if (entry != null) {
                byEntry.put(entry, RatingSummary.of(rs.getLong("star_sum"), rs.getInt("count")));
            }
        });
        return new Snapshot(version[0], Map.copyOf(byEntry));
    }
}
