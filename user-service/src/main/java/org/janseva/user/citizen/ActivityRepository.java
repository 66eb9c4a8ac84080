package org.janseva.user.citizen;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Favourites and recent services. */
@Repository
public class ActivityRepository {

    /** How many recent services are kept and shown per citizen. */
    static final int RECENT_KEPT = 20;

    private final JdbcClient jdbc;

    ActivityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Entry(String serviceCode, OffsetDateTime at) {}

    List<Entry> favourites(String citizenId) {
        return jdbc.sql("select service_code, added_at from favourite where citizen_id = ? order by added_at desc")
                .param(citizenId)
                .query((rs, n) -> new Entry(rs.getString(1), at(rs.getTimestamp(2))))
                .list();
    }

    int countFavourites(String citizenId) {
        return jdbc.sql("select count(*) from favourite where citizen_id = ?")
                .param(citizenId)
                .query(Integer.class)
                .single();
    }

    /**
     * Adds a favourite of an active account. The citizen's row is share-locked while the row is
     * written, so an erasure running at the same moment either waits and deletes it, or commits
     * first and nothing is written.
     */
    void addFavourite(String citizenId, String serviceCode, Instant now) {
        jdbc.sql("""
                        insert into favourite (citizen_id, service_code, added_at)
                        select id, ?, ? from citizen where id = ? and status = 'ACTIVE' for share
                        on conflict do nothing
                        """).params(serviceCode, Timestamp.from(now), citizenId).update();
    }

    void removeFavourite(String citizenId, String serviceCode) {
        jdbc.sql("delete from favourite where citizen_id = ? and service_code = ?")
                .params(citizenId, serviceCode)
                .update();
    }

    List<Entry> recent(String citizenId) {
        return jdbc.sql("select service_code, used_at from recent_service where citizen_id = ? "
                        + "order by used_at desc limit " + RECENT_KEPT)
                .param(citizenId)
                .query((rs, n) -> new Entry(rs.getString(1), at(rs.getTimestamp(2))))
                .list();
    }

    /**
     * Records a use; an account that does not exist (or is erased) is silently ignored. The share
     * lock keeps a concurrent erasure from missing the row, as in {@link #addFavourite}.
     */
    void recordUse(String citizenId, String serviceCode, Instant now) {
        int rows = jdbc.sql("""
                        insert into recent_service (citizen_id, service_code, used_at)
                        select id, ?, ? from citizen where id = ? and status = 'ACTIVE' for share
                        on conflict (citizen_id, service_code) do update set used_at = greatest(
                            recent_service.used_at, excluded.used_at)
                        """)
                .params(serviceCode, Timestamp.from(now), citizenId)
                .update();
        if (rows > 0) {
            jdbc.sql("""
                            delete from recent_service where citizen_id = ? and service_code not in (
                                select service_code from recent_service where citizen_id = ?
                                order by used_at desc limit ?)
                            """).params(citizenId, citizenId, RECENT_KEPT).update();
        }
    }

    /** Forgets everything a citizen did (erasure). */
    public void forget(String citizenId) {
        jdbc.sql("delete from favourite where citizen_id = ?").param(citizenId).update();
        jdbc.sql("delete from recent_service where citizen_id = ?")
                .param(citizenId)
                .update();
    }

    private static OffsetDateTime at(Timestamp timestamp) {
        return timestamp.toInstant().atOffset(ZoneOffset.UTC);
    }
}
