package org.janseva.user.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import org.janseva.user.system.AuthorizationServerProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Access tokens that must no longer be accepted although they have not expired (table
 * {@code token_revocation}). Ending a login kills its refresh tokens at once, but its access
 * tokens are JWTs that verify until their {@code exp}: the gateway polls this list
 * ({@code GET /internal/v1/revocations}) and refuses them. A login is revoked by its id (the
 * {@code sid} claim of each of its access tokens); an erased citizen as of a time (every token
 * issued to them before it).
 *
 * <p>Writers take one advisory lock from their insert until their commit, so ids are handed out
 * in commit order and a reader's cursor on the id never skips a row that committed after a higher
 * one. Revocations are rare next to logins and refreshes (a logout, a reused refresh token, an MPIN
 * reset, an erasure), and each holds the lock for an insert and a commit.
 */
@Component
class Revocations {

    /** Why tokens were revoked (for the reader's logs and metrics). */
    enum Reason {
        LOGOUT,
        REFRESH_TOKEN_REUSED,
        ALL_LOGINS_ENDED,
        ACCOUNT_ERASED,
        /** {@code POST /oauth2/revoke} (RFC 7009) of a login's refresh token or of an access token. */
        TOKEN_REVOKED
    }

    /** The most revocations one page holds. */
    static final int PAGE_SIZE = 500;

    /**
     * How long past the access-token lifetime a revocation is still listed: the gateway accepts a
     * token up to its clock skew (30 s) after {@code exp}, and the instances' clocks differ a little.
     */
    static final Duration LISTED_BEYOND_TOKEN_LIFETIME = Duration.ofMinutes(2);

    private static final long WRITER_LOCK_KEY = 0x4a616e5365766104L;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Duration accessTokenTtl;
    private final Clock clock;

    Revocations(
            JdbcClient jdbc, TransactionTemplate transactions, AuthorizationServerProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.accessTokenTtl = properties.accessTokenTtl();
        this.clock = clock;
    }

    /**
     * Revokes every access token of the logins; joins the caller's transaction, if any, and holds
     * the writers' lock until it ends, so call it last in the transaction.
     */
    void revokeLogins(String citizenId, Collection<String> loginIds, Reason reason) {
        if (loginIds.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        transactions.executeWithoutResult(status -> {
            lockWriters();
            for (String loginId : loginIds) {
                jdbc.sql("INSERT INTO token_revocation (login_id, citizen_id, reason, revoked_at) VALUES (?, ?, ?, ?)")
                        .params(loginId, citizenId, reason.name(), now)
                        .update();
            }
        });
    }

    /**
     * Revokes one access token by its {@code jti}; like {@link #revokeLogins}, call it last in the
     * transaction.
     *
     * @param subject the token's subject (a citizen's id, or a machine client's id)
     */
    void revokeToken(String subject, String tokenId, Reason reason) {
        Timestamp now = Timestamp.from(clock.instant());
        transactions.executeWithoutResult(status -> {
            lockWriters();
            jdbc.sql("INSERT INTO token_revocation (token_id, citizen_id, reason, revoked_at) VALUES (?, ?, ?, ?)")
                    .params(tokenId, subject, reason.name(), now)
                    .update();
        });
    }

    /**
     * Revokes every access token issued to the citizen until now, whatever its login; like
     * {@link #revokeLogins}, call it last in the transaction.
     */
    void revokeCitizen(String citizenId, Reason reason) {
        Instant now = clock.instant();
        // iat has whole seconds: a token minted earlier in this second has an iat before the next
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        transactions.executeWithoutResult(status -> {
            lockWriters();
            jdbc.sql("INSERT INTO token_revocation (citizen_id, not_before, reason, revoked_at) VALUES (?, ?, ?, ?)")
                    .params(citizenId, Timestamp.from(notBefore), reason.name(), Timestamp.from(now))
                    .update();
        });
    }

    /**
     * @param after the id of the last revocation the reader has (0 for none)
     * @return the revocations after it whose tokens may still be unexpired, oldest first, at most
     *     {@link #PAGE_SIZE}
     */
    Page after(long after) {
        Instant oldest = clock.instant().minus(accessTokenTtl).minus(LISTED_BEYOND_TOKEN_LIFETIME);
        List<Revocation> rows = jdbc.sql("""
                        SELECT id, login_id, token_id, citizen_id, not_before, reason, revoked_at FROM token_revocation
                        WHERE id > ? AND revoked_at > ? ORDER BY id LIMIT ?
                        """)
                .params(after, Timestamp.from(oldest), PAGE_SIZE + 1)
                .query(this::revocation)
                .list();
        boolean more = rows.size() > PAGE_SIZE;
        List<Revocation> page = more ? rows.subList(0, PAGE_SIZE) : rows;
        long next = page.isEmpty() ? after : page.get(page.size() - 1).id();
        return new Page(List.copyOf(page), next, more);
    }

    /** One transaction at a time between the insert and the commit: ids in commit order. */
    private void lockWriters() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)")
                .param(WRITER_LOCK_KEY)
                .query()
                .singleRow();
    }

    private Revocation revocation(ResultSet rs, int row) throws SQLException {
        Instant revokedAt = rs.getTimestamp("revoked_at").toInstant();
        Timestamp notBefore = rs.getTimestamp("not_before");
        String loginId = rs.getString("login_id");
        String tokenId = rs.getString("token_id");
        // every token a revocation covers was issued before it (or before its not-before)
        Instant expiresAt = (notBefore == null ? revokedAt : notBefore.toInstant()).plus(accessTokenTtl);
        return new Revocation(
                rs.getLong("id"),
                loginId,
                tokenId,
                notBefore != null ? rs.getString("citizen_id") : null,
                notBefore == null ? null : notBefore.toInstant(),
                rs.getString("reason"),
                revokedAt,
                expiresAt);
    }

    /**
     * A revocation: of a login ({@code loginId}), of one access token ({@code tokenId}, its
     * {@code jti}) or of a citizen's tokens issued before {@code notBefore} ({@code citizenId}).
     *
     * @param expiresAt when every token it revokes has expired
     */
    record Revocation(
            long id,
            String loginId,
            String tokenId,
            String citizenId,
            Instant notBefore,
            String reason,
            Instant revokedAt,
            Instant expiresAt) {}

    /**
     * @param next the cursor to ask with next
     * @param more whether more revocations follow at once
     */
    record Page(List<Revocation> revocations, long next, boolean more) {}
}
