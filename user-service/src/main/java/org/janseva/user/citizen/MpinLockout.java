package org.janseva.user.citizen;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.janseva.platform.web.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Wrong MPINs in a row, counted per mobile number in PostgreSQL (so across instances): after
 * {@code maxFailures} the number is locked for {@code lockDuration}, and while it is locked even
 * the right MPIN is refused.
 *
 * <p>Every number tried is counted, whether it has an account or not. Counting only registered
 * ones made the fifth wrong MPIN answer 423 for them and 401 for everyone else, which told an
 * attacker which numbers are registered; now the two cannot be told apart by their answers. The
 * numbers are stored as an HMAC (see {@code V6__mpin_failures.sql}).
 */
@Component
public class MpinLockout {

    private final JdbcClient jdbc;
    private final MpinProperties properties;
    private final Clock clock;
    private final HmacSha256 key;

    MpinLockout(JdbcClient jdbc, MpinProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
        // a key of its own, derived from the pepper
        this.key = new HmacSha256(properties.checkedPepper()).derive("janseva mpin-failure key");
    }

    /**
     * @param mobileE164 the number a login or an MPIN change is for
     * @throws ApiException 423 {@code ACCOUNT_LOCKED} while the number is locked
     */
    public void checkNotLocked(String mobileE164) {
        Instant now = clock.instant();
        jdbc.sql("select locked_until from mpin_failure where mobile_hmac = ?")
                .param(id(mobileE164))
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant)
                .filter(until -> until.isAfter(now))
                .ifPresent(until -> {
                    throw AccountProblems.accountLocked(Duration.between(now, until));
                });
    }

    /**
     * Counts a wrong MPIN (or one for a number without an account).
     *
     * @return the problem to answer: 423 {@code ACCOUNT_LOCKED} when this failure locks the
     *     number, else 401 {@code INVALID_CREDENTIALS}
     */
    public ApiException recordFailure(String mobileE164) {
        Instant now = clock.instant();
        Timestamp lockedUntil = Timestamp.from(now.plus(properties.lockDuration()));
        int max = properties.maxFailures();
        // the end of the number's lock after this failure, if it has one
        Optional<Timestamp> until = jdbc.sql("""
                        insert into mpin_failure (mobile_hmac, failures, locked_until, last_failed_at)
                        values (?, 1, case when 1 >= ? then ?::timestamptz end, ?)
                        on conflict (mobile_hmac) do update set failures = mpin_failure.failures + 1,
                            locked_until = case when mpin_failure.failures + 1 >= ? then ?::timestamptz
                                else mpin_failure.locked_until end,
                            last_failed_at = excluded.last_failed_at
                        returning locked_until
                        """)
                .params(id(mobileE164), max, lockedUntil, Timestamp.from(now), max, lockedUntil)
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)))
                .single();
        if (until.isPresent() && until.get().toInstant().isAfter(now)) {
            return AccountProblems.accountLocked(properties.lockDuration());
        }
        return AccountProblems.invalidCredentials();
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
}
