package org.janseva.user.citizen;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Favourites and recent services. */
@Repository
public class ActivityRepository {

    /** How many recent services are kept and shown per citizen. */
    static final int RECENT_KEPT = 20;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    ActivityRepository(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    record Entry(String serviceCode, OffsetDateTime at) {}

    List<Entry> favourites(String citizenId) {
        return jdbc.sql("select service_code, added_at from favourite where citizen_id = ? order by added_at desc")
                .param(citizenId)
                .query((rs, n) -> new Entry(rs.getString(1), at(rs.getTimestamp(2))))
                .list();
    }

    boolean isFavourite(String citizenId, String serviceCode) {
        return jdbc.sql("select exists (select 1 from favourite where citizen_id = ? and service_code = ?)")
                .params(citizenId, serviceCode)
                .query(Boolean.class)
                .single();
    }

    /** What {@link #addFavourite} did. */
    enum Added {
        ADDED,
        /** It was a favourite already: nothing changed. */
        ALREADY,
        /** The citizen has the most favourites there may be, and this is not one: nothing changed. */
        LIMIT_REACHED,
        /** The account is not (or no longer) active: nothing changed. */
        NO_ACCOUNT
    }

    /**
     * Adds a favourite of an active account, unless the citizen has {@code max} already.
     *
     * <p>The citizen's row is locked first ({@code for no key update}, until the commit), so one
     * citizen's adds run one at a time and each counts what the one before it added. A single
     * {@code insert ... where (select count(*) ...) < max} would not do: under READ COMMITTED its
     * count reads the snapshot taken when the statement began, before it waited for any lock, so
     * two of them at {@code max - 1} both insert. The lock also keeps an erasure from missing the
     * row: one running at the same moment either waits and then deletes it, or commits first and
     * nothing is written.
     */
    Added addFavourite(String citizenId, String serviceCode, Instant now, int max) {
        return transactions.execute(status -> {
            boolean active = jdbc.sql("select id from citizen where id = ? and status = 'ACTIVE' for no key update")
                    .param(citizenId)
                    .query(String.class)
                    .optional()
                    .isPresent();
            if (!active) {
                return Added.NO_ACCOUNT;
            }
            if (isFavourite(citizenId, serviceCode)) {
                return Added.ALREADY;
            }
            int count = jdbc.sql("select count(*) from favourite where citizen_id = ?")
                    .param(citizenId)
                    .query(Integer.class)
                    .single();
            if (count >= max) {
                return Added.LIMIT_REACHED;
            }
            int rows = jdbc.sql("insert into favourite (citizen_id, service_code, added_at) values (?, ?, ?)"
                            + " on conflict do nothing")
                    .params(citizenId, serviceCode, Timestamp.from(now))
                    .update();
            return rows == 1 ? Added.ADDED : Added.ALREADY;
        });
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
     * lock keeps a concurrent erasure from missing the row: one running at the same moment either
     * waits and then deletes it, or commits first and nothing is written.
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
