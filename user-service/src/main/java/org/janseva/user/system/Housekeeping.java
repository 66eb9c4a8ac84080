package org.janseva.user.system;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.janseva.user.citizen.MpinProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes what has no use any more: OTP challenges after a day (their send limits count one
 * hour), wrong-MPIN counts of numbers without a failure for {@code forget-failures-after} and no
 * lock running (every number ever tried has one, registered or not), logins whose tokens have all
 * expired, records of rotated refresh tokens older than a refresh token can live, and token
 * revocations an hour after the last token they revoke has expired (the gateway is no longer
 * told of them by then). One instance at a time (advisory lock); hourly.
 */
@Component
class Housekeeping {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    private static final long LOCK_KEY = 0x4a616e5365766103L;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuthorizationServerProperties properties;
    private final MpinProperties mpinProperties;
    private final Clock clock;

    Housekeeping(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            AuthorizationServerProperties properties,
            MpinProperties mpinProperties,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.mpinProperties = mpinProperties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
    void clean() {
        transactions.executeWithoutResult(status -> {
            boolean mine = jdbc.sql("select pg_try_advisory_xact_lock(?)")
                    .param(LOCK_KEY)
                    .query(Boolean.class)
                    .single();
            if (!mine) {
                return;
            }
            Instant now = clock.instant();
            int otps = jdbc.sql("delete from otp_challenge where created_at < ?")
                    .param(Timestamp.from(now.minus(Duration.ofDays(1))))
                    .update();
            int mpinFailures = jdbc.sql("""
                            delete from mpin_failure where last_failed_at < ?
                              and (locked_until is null or locked_until <= ?)
                            """)
                    .params(Timestamp.from(now.minus(mpinProperties.forgetFailuresAfter())), Timestamp.from(now))
                    .update();
            int logins = jdbc.sql("""
                            delete from oauth2_authorization
                            where (access_token_expires_at is null or access_token_expires_at < ?)
                              and (refresh_token_expires_at is null or refresh_token_expires_at < ?)
                            """)
                    .params(Timestamp.from(now.minus(Duration.ofHours(1))), Timestamp.from(now))
                    .update();
            int rotated = jdbc.sql("delete from rotated_refresh_token where rotated_at < ?")
                    .param(Timestamp.from(now.minus(properties.refreshTokenTtl())))
                    .update();
            int revocations = jdbc.sql("delete from token_revocation where revoked_at < ?")
                    .param(Timestamp.from(now.minus(properties.accessTokenTtl()).minus(Duration.ofHours(1))))
                    .update();
            log.info(
                    "Housekeeping removed {} OTP challenges, {} wrong-MPIN counts, {} expired logins, {} rotated tokens,"
                            + " {} token revocations",
                    otps,
                    mpinFailures,
                    logins,
                    rotated,
                    revocations);
        });
    }
}
