package org.janseva.user.citizen;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.janseva.platform.web.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wrong MPINs in a row, counted per mobile number in PostgreSQL (so across instances): after
 * {@code maxFailures} the number is locked for {@code lockDuration}, and while it is locked even
 * the right MPIN is refused.
 *
 * <p>An attempt is counted as a wrong MPIN before its MPIN is checked, in one statement that also
 * refuses it when the number is locked, and the attempt that makes the count reach the limit sets
 * the lock there and then. Checking the lock first and counting after the check (Argon2 queues for
 * up to 2 s) let parallel guesses all pass the check before the fifth failure was written: 24 at
 * once got 10 checked, and a right MPIN that had passed the check got tokens after the number had
 * locked. Now at most {@code maxFailures} checks run per lock, whatever the concurrency and the
 * number of instances: the others are refused 423 at once. A right MPIN then takes its count back
 * and clears the number, unless another attempt locked it meanwhile (423 then: no tokens); a check
 * that could not run (503 {@code LOGIN_BUSY}) gives its count back.
 *
 * <p>Every number tried is counted, whether it has an account or not. Counting only registered
 * ones made the fifth wrong MPIN answer 423 for them and 401 for everyone else, which told an
 * attacker which numbers are registered; now the two cannot be told apart by their answers. The
 * numbers are stored as an HMAC (see {@code V6__mpin_failures.sql}).
 */
@Component
public class MpinLockout {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MpinProperties properties;
    private final Clock clock;
    private final HmacSha256 key;

    MpinLockout(JdbcClient jdbc, TransactionTemplate transactions, MpinProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        // a key of its own, derived from the pepper
        this.key = new HmacSha256(properties.checkedPepper()).derive("janseva mpin-failure key");
    }

    /**
     * Checks an MPIN for a number under its lockout. Call it outside any transaction: the attempt's
     * count must be seen by every other attempt before the check runs.
     *
     * @param mobileE164 the number a login or an MPIN change is for
     * @param check the check itself (the Argon2 work), {@code true} when the MPIN is right; run only
     *     when the number is not locked
     * @throws ApiException 423 {@code ACCOUNT_LOCKED} while the number is locked (also when the
     *     check was right but another attempt locked the number while it ran), 401
     *     {@code INVALID_CREDENTIALS} for a wrong MPIN that leaves it unlocked, or what the check
     *     threw (its count given back)
     */
    public void verify(String mobileE164, BooleanSupplier check) {
        verify(mobileE164, check, AccountProblems::invalidCredentials);
    }

    /**
     * {@link #verify(String, BooleanSupplier)} for a signed-in citizen's MPIN (an MPIN change, an
     * erasure), where a wrong MPIN is not a failed login: it is counted and locks alike, but is
     * answered with {@code wrongMpin} instead of the login's 401.
     *
     * @param wrongMpin the problem for a wrong MPIN that leaves the number unlocked
     */
    public void verify(String mobileE164, BooleanSupplier check, Supplier<ApiException> wrongMpin) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("An MPIN check must not run inside a transaction");
        }
        String id = id(mobileE164);
        Instant ownLock = begin(id);
        boolean right;
        try {
            right = check.getAsBoolean();
        } catch (RuntimeException | Error ex) {
            giveBack(id, ownLock);
            throw ex;
        }
        if (!right) {
            throw afterFailure(id, wrongMpin);
        }
        succeed(id, ownLock);
    }

    /**
     * Counts an attempt as a wrong MPIN, locking the number when the count reaches the limit.
     *
     * @return the lock this attempt set, or {@code null}
     * @throws ApiException 423 {@code ACCOUNT_LOCKED} while the number is locked (nothing counted)
     */
    private Instant begin(String id) {
        for (int tries = 0; tries < 3; tries++) {
            Instant now = clock.instant();
            // a count whose last failure is older than forget-failures-after starts afresh (the
            // housekeeping deletes such rows too, but only hourly)
            String count = "case when mpin_failure.last_failed_at < :forgetBefore then 1"
                    + " else mpin_failure.failures + 1 end";
            Optional<Counted> attempt = jdbc.sql("""
                            insert into mpin_failure (mobile_hmac, failures, locked_until, last_failed_at)
                            values (:id, 1, case when 1 >= :max then cast(:lockedUntil as timestamptz) end, :now)
                            on conflict (mobile_hmac) do update set failures = %s,
                                locked_until = case when %s >= :max then cast(:lockedUntil as timestamptz)
                                    else mpin_failure.locked_until end,
                                last_failed_at = excluded.last_failed_at
                            where mpin_failure.locked_until is null or mpin_failure.locked_until <= :now
                            returning failures, locked_until
                            """.formatted(count, count))
                    .param("id", id)
                    .param("max", properties.maxFailures())
                    .param("lockedUntil", Timestamp.from(now.plus(properties.lockDuration())))
                    .param("now", Timestamp.from(now))
                    .param("forgetBefore", Timestamp.from(now.minus(properties.forgetFailuresAfter())))
                    .query((rs, n) -> {
                        Timestamp until = rs.getTimestamp("locked_until");
                        return new Counted(rs.getInt("failures"), until == null ? null : until.toInstant());
                    })
                    .optional();
            if (attempt.isPresent()) {
                Counted counted = attempt.get();
                return counted.failures() >= properties.maxFailures() ? counted.lockedUntil() : null;
            }
            // locked: nothing was counted
            Optional<Instant> until = lockedUntil(id, now);
            if (until.isPresent()) {
                throw AccountProblems.accountLocked(Duration.between(now, until.get()));
            }
            // the lock ended or was lifted between the two statements: count again
        }
        throw AccountProblems.accountLocked(Duration.ofSeconds(1));
    }

    /** @return the problem to answer for a wrong MPIN: 423 when the number is locked now, else {@code wrongMpin} */
    private ApiException afterFailure(String id, Supplier<ApiException> wrongMpin) {
        Instant now = clock.instant();
        return lockedUntil(id, now)
                .map(until -> AccountProblems.accountLocked(Duration.between(now, until)))
                .orElseGet(wrongMpin);
    }

    /**
     * The MPIN was right: forgets the number's wrong MPINs, unless another attempt locked it while
     * this one was checked (under the row's lock, so that none does while this decides).
     */
    private void succeed(String id, Instant ownLock) {
        ApiException refusal = transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<Optional<Timestamp>> row = jdbc.sql(
                            "select locked_until from mpin_failure where mobile_hmac = ? for update")
                    .param(id)
                    .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)))
                    .optional();
            Optional<Instant> until = row.flatMap(lock -> lock.map(Timestamp::toInstant));
            if (until.isPresent() && until.get().isAfter(now) && !until.get().equals(ownLock)) {
                return AccountProblems.accountLocked(Duration.between(now, until.get()));
            }
            if (row.isPresent()) {
                jdbc.sql("delete from mpin_failure where mobile_hmac = ?")
                        .param(id)
                        .update();
            }
            return null;
        });
        if (refusal != null) {
            throw refusal;
        }
    }

    /** The check did not run: takes back the attempt's count and the lock it set. */
    private void giveBack(String id, Instant ownLock) {
        if (ownLock == null) {
            jdbc.sql("update mpin_failure set failures = greatest(failures - 1, 0) where mobile_hmac = ?")
                    .param(id)
                    .update();
            return;
        }
        jdbc.sql("""
                        update mpin_failure set failures = greatest(failures - 1, 0),
                            locked_until = case when locked_until = ? then null else locked_until end
                        where mobile_hmac = ?
                        """).params(Timestamp.from(ownLock), id).update();
    }

    private Optional<Instant> lockedUntil(String id, Instant now) {
        return jdbc.sql("select locked_until from mpin_failure where mobile_hmac = ? and locked_until > ?")
                .params(id, Timestamp.from(now))
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    /** Forgets the number's wrong MPINs and lifts its lock: the phone or the MPIN was proven. */
    public void clear(String mobileE164) {
        jdbc.sql("delete from mpin_failure where mobile_hmac = ?")
                .param(id(mobileE164))
                .update();
    }

    private String id(String mobileE164) {
        return key.hex(mobileE164);
    }

    private record Counted(int failures, Instant lockedUntil) {}
}
