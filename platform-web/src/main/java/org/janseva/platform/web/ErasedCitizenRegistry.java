package org.janseva.platform.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.janseva.platform.core.web.ProblemCodes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The citizens who deleted their account, in a service that keeps something of citizens (the
 * service's {@code erased_citizen} table: {@code citizen_id}, {@code erased_at}). Their access
 * tokens still verify at the service until they expire, so each write keyed by a citizen asks
 * {@link #refuseIfErased} inside its own transaction before it writes, and is refused with
 * {@link #accountDeleted()}. Both that and {@link #record} first take a transaction-scoped advisory
 * lock on the citizen, so a write and the erasure never overlap: a write that commits first is
 * erased by the erasure, one that comes after is refused. Reads do not ask: the erasure left
 * nothing of the citizen for them to find. Each service subclasses it as a bean.
 */
public class ErasedCitizenRegistry {

    /** Keeps these locks apart from any other advisory lock on the same database. */
    private static final String LOCK_SPACE = "citizen-erasure:";

    private final JdbcClient jdbc;

    protected ErasedCitizenRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Refuses the write of an erased citizen; holds the citizen's lock until the caller's
     * transaction ends.
     *
     * @throws ApiException 401 {@code UNAUTHENTICATED}, as for a token that no longer verifies
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void refuseIfErased(String citizenId) {
        lock(citizenId);
        if (isErased(citizenId)) {
            throw accountDeleted();
        }
    }

    /**
     * @return whether the citizen's erasure has been recorded (committed); without the lock, so
     *     only for a write that is ordered against the erasure otherwise, or for an early refusal
     */
    public boolean isErased(String citizenId) {
        return jdbc.sql("select exists (select 1 from erased_citizen where citizen_id = ?)")
                .param(citizenId)
                .query(Boolean.class)
                .single();
    }

    /** Records the erasure (again: the outbox may deliver it twice), holding the citizen's lock. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String citizenId, Instant erasedAt) {
        lock(citizenId);
        jdbc.sql("insert into erased_citizen (citizen_id, erased_at) values (?, ?) on conflict do nothing")
                .params(citizenId, OffsetDateTime.ofInstant(erasedAt, ZoneOffset.UTC))
                .update();
    }

    private void lock(String citizenId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param(LOCK_SPACE + citizenId)
                .query()
                .singleRow();
    }

    /** @return the answer to a write with the token of a deleted account, as to a token that does not verify */
    public static ApiException accountDeleted() {
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
