package org.janseva.payment.erasure;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
 * verify here until they expire, and a bill or a payment written with one after the erasure would
 * stay under the citizen's id for good, so the citizen's writes ask here first, inside their
 * transaction, and are refused with {@link #accountDeleted()}. Reads do not ask: the erasure left
 * nothing under the citizen's id for them to find.
 *
 * <p>A write and the erasure never overlap. A bill being kept takes the citizen's advisory lock
 * ({@link #refuseIfErased}), as the erasure does ({@link #record}): a bill kept first is
 * pseudonymised by the erasure, one kept after is refused. A payment needs no lock of its own: it
 * locks the citizen's bill ({@code FOR UPDATE}) before it writes anything that stays, and the
 * erasure pseudonymises the bills before the payments and the idempotency records, so either the
 * erasure waits for the payment's commit and then finds it, or the payment waits for the
 * erasure's and then finds no bill of the citizen ({@link #isErased} then says why).
 */
@Component
public class ErasedCitizens {

    /** Keeps these locks apart from any other advisory lock on the same database. */
    private static final String LOCK_SPACE = "citizen-erasure:";

    private final JdbcClient jdbc;

    ErasedCitizens(JdbcClient jdbc) {
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
    void record(String citizenId, Instant erasedAt) {
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
