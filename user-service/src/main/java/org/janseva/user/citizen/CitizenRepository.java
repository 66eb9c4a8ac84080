package org.janseva.user.citizen;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code citizen} table. */
@Repository
public class CitizenRepository {

    private static final String COLUMNS = "id, mobile_e164, name, email, gender, date_of_birth, preferred_language, "
            + "state, mpin_hash, status, created_at";

    private final JdbcClient jdbc;

    CitizenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Citizen> findActiveByMobile(String mobileE164) {
        return jdbc.sql("select " + COLUMNS + " from citizen where mobile_e164 = ? and status = 'ACTIVE'")
                .param(mobileE164)
                .query(CitizenRepository::map)
                .optional();
    }

    public Optional<Citizen> findActiveById(String id) {
        return jdbc.sql("select " + COLUMNS + " from citizen where id = ? and status = 'ACTIVE'")
                .param(id)
                .query(CitizenRepository::map)
                .optional();
    }

    /**
     * Reads an active account and locks its row until the transaction ends ({@code for no key
     * update}: other writers of the row wait, readers and the foreign keys pointing at it do not).
     */
    public Optional<Citizen> lockActiveById(String id) {
        return jdbc.sql("select " + COLUMNS + " from citizen where id = ? and status = 'ACTIVE' for no key update")
                .param(id)
                .query(CitizenRepository::map)
                .optional();
    }

    /**
     * Reads an active account and share-locks its row until the transaction ends: a login being
     * saved waits for an erasure, an MPIN reset or an MPIN change of the account to commit (they
     * update the row), and they wait for it, so the login sees their result or is ended by them.
     */
    public Optional<Citizen> shareLockActiveById(String id) {
        return jdbc.sql("select " + COLUMNS + " from citizen where id = ? and status = 'ACTIVE' for share")
                .param(id)
                .query(CitizenRepository::map)
                .optional();
    }

    public boolean existsActiveById(String id) {
        return jdbc.sql("select count(*) from citizen where id = ? and status = 'ACTIVE'")
                        .param(id)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** @return the preferred language of the active account of this number, empty when it has none */
    public Optional<String> preferredLanguageOfActive(String mobileE164) {
        return jdbc.sql("select preferred_language from citizen where mobile_e164 = ? and status = 'ACTIVE'")
                .param(mobileE164)
                .query(String.class)
                .optional();
    }

    public boolean existsActiveByMobile(String mobileE164) {
        return jdbc.sql("select count(*) from citizen where mobile_e164 = ? and status = 'ACTIVE'")
                        .param(mobileE164)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /**
     * @return {@code false} when the mobile was taken meanwhile (unique index)
     */
    public boolean insert(Citizen citizen, Instant now) {
        int rows = jdbc.sql("""
                        insert into citizen (id, mobile_e164, name, email, gender, date_of_birth, preferred_language,
                            state, mpin_hash, status, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)
                        on conflict do nothing
                        """)
                .params(
                        citizen.id(),
                        citizen.mobileE164(),
                        citizen.name(),
                        citizen.email(),
                        citizen.gender(),
                        citizen.dateOfBirth(),
                        citizen.preferredLanguage(),
                        citizen.state(),
                        citizen.mpinHash(),
                        Timestamp.from(now),
                        Timestamp.from(now))
                .update();
        return rows == 1;
    }

    public void updateMpin(String id, String mpinHash, Instant now) {
        jdbc.sql("update citizen set mpin_hash = ?, updated_at = ? where id = ?")
                .params(mpinHash, Timestamp.from(now), id)
                .update();
    }

    public void updateProfile(Citizen c, Instant now) {
        jdbc.sql("""
                        update citizen set name = ?, email = ?, gender = ?, date_of_birth = ?, preferred_language = ?,
                            state = ?, updated_at = ? where id = ? and status = 'ACTIVE'
                        """)
                .params(
                        c.name(),
                        c.email(),
                        c.gender(),
                        c.dateOfBirth(),
                        c.preferredLanguage(),
                        c.state(),
                        Timestamp.from(now),
                        c.id())
                .update();
    }

    /**
     * Erases the personal data of an account (DPDP Act): the row stays as a pseudonymous id.
     *
     * @return whether an active account was erased
     */
    public boolean erase(String id, Instant now) {
        return jdbc.sql("""
                        update citizen set mobile_e164 = null, name = null, email = null, gender = null,
                            date_of_birth = null, state = null, mpin_hash = null, status = 'ERASED', erased_at = ?,
                            updated_at = ?
                        where id = ? and status = 'ACTIVE'
                        """)
                        .params(Timestamp.from(now), Timestamp.from(now), id)
                        .update()
                == 1;
    }

    private static Citizen map(ResultSet rs, int row) throws SQLException {
        java.sql.Date dob = rs.getDate("date_of_birth");
        return new Citizen(
                rs.getString("id"),
                rs.getString("mobile_e164"),
                rs.getString("name"),
                rs.getString("email"),
                rs.getString("gender"),
                dob == null ? null : dob.toLocalDate(),
                rs.getString("preferred_language"),
                rs.getString("state"),
                rs.getString("mpin_hash"),
                rs.getString("status"),
                rs.getTimestamp("created_at").toInstant());
    }
}
