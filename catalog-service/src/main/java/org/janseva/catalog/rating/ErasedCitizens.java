package org.janseva.catalog.rating;

import java.sql.Timestamp;
import java.time.Instant;
import org.janseva.platform.core.web.ProblemCodes;
import org.janseva.platform.web.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The citizens who deleted their account ({@code erased_citizen}). Their access tokens still
 * verify here until they expire, so every write keyed by a citizen asks {@link #refuseIfErased}
 * inside its own transaction, before it writes. Both that and {@link #record} first take a
 * transaction-scoped advisory lock on the citizen, so a write and the erasure never overlap: a
 * write that commits first is erased by the erasure, one that comes after is refused. Reads do
 * not ask: the erasure left nothing of the citizen for them to find.
 */
@Component
class ErasedCitizens {

    /** Keeps these locks apart from any other advisory lock on the same database. */
    private static final String LOCK_SPACE = "citizen-erasure:";

    private final JdbcClient jdbc;

    ErasedCitizens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Refuses the write of an erased citizen, as a token that no longer verifies: 401, {@code
     * invalid_token}. Holds the citizen's lock until the caller's transaction ends.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void refuseIfErased(String citizenId) {
        lock(citizenId);
        boolean erased = jdbc.sql("select exists (select 1 from erased_citizen where citizen_id = ?)")
                .param(citizenId)
                .query(Boolean.class)
                .single();
        if (erased) {
            throw accountDeleted();
        }
    }

    /** Records the erasure (again: the outbox may deliver it twice), holding the citizen's lock. */
    @Transactional(propagation = Propagation.MANDATORY)
    void record(String citizenId, Instant erasedAt) {
        lock(citizenId);
        jdbc.sql("insert into erased_citizen (citizen_id, erased_at) values (?, ?) on conflict do nothing")
                .params(citizenId, Timestamp.from(erasedAt))
                .update();
    }

    private void lock(String citizenId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param(LOCK_SPACE + citizenId)
                .query()
                .singleRow();
    }

    /** What the services answer for a token that does not verify, with why. */
    static ApiException accountDeleted() {
        return new ApiException(
                        HttpStatus.UNAUTHORIZED,
                        ProblemCodes.UNAUTHENTICATED,
                        ProblemCodes.titleForStatus(401),
                        "The account of this token was deleted.")
                .withHeader(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer error=\"invalid_token\", error_description=\"The token is not valid\"");
    }
}
