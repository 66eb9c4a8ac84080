package org.janseva.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The access tokens that verify but must be refused, as user-service last listed them
 * ({@link RevocationPoller}): the logins ended (logout, a reused refresh token, an MPIN reset),
 * whose tokens carry their id in the {@code sid} claim, single access tokens revoked at the
 * authorization server ({@code POST /oauth2/revoke}), named by their {@code jti}, and the citizens
 * erased, whose tokens issued before a time are all refused. Each entry is kept until the last token it covers has
 * expired (plus the clock skew the token check allows), so the sets hold the revocations of the
 * last quarter of an hour only. Asked on every request with a token: three map lookups at most.
 */
final class RevokedTokens {

    private record Cutoff(Instant notBefore, Instant forgetAt) {}

    private final Map<String, Instant> logins = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Cutoff> citizens = new ConcurrentHashMap<>();
    private final Duration clockSkew;
    private final LongAdder refused = new LongAdder();

    /** @param clockSkew how long after its {@code exp} the token check still accepts a token */
    RevokedTokens(Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    /**
     * @param sid the token's {@code sid} claim (its login), or {@code null}
     * @param jti the token's {@code jti} claim, or {@code null}
     * @param subject the token's subject
     * @param issuedAt the token's {@code iat}, or {@code null}
     * @return whether the token is revoked (and counted as refused if it is)
     */
    boolean isRevoked(String sid, String jti, String subject, Instant issuedAt) {
        boolean revoked = sid != null && logins.containsKey(sid);
        if (!revoked && jti != null && !tokens.isEmpty()) {
            revoked = tokens.containsKey(jti);
        }
        if (!revoked && !citizens.isEmpty()) {
            Cutoff cutoff = citizens.get(subject);
            // a token without iat cannot show that it was issued after the cutoff
            revoked = cutoff != null && (issuedAt == null || issuedAt.isBefore(cutoff.notBefore()));
        }
        if (revoked) {
            refused.increment();
        }
        return revoked;
    }

    /**
     * Revokes every token of a login.
     *
     * @param expiresAt when the last of them expires
     */
    void revokeLogin(String sid, Instant expiresAt) {
        logins.merge(sid, expiresAt.plus(clockSkew), RevokedTokens::later);
    }

    /**
     * Revokes one token.
     *
     * @param expiresAt when it expires at the latest
     */
    void revokeToken(String jti, Instant expiresAt) {
        tokens.merge(jti, expiresAt.plus(clockSkew), RevokedTokens::later);
    }

    /**
     * Revokes every token of a citizen issued before {@code notBefore}.
     *
     * @param expiresAt when the last of them expires
     */
    void revokeCitizen(String citizenId, Instant notBefore, Instant expiresAt) {
        Cutoff cutoff = new Cutoff(notBefore, expiresAt.plus(clockSkew));
        citizens.merge(
                citizenId,
                cutoff,
                (a, b) -> new Cutoff(later(a.notBefore(), b.notBefore()), later(a.forgetAt(), b.forgetAt())));
    }

    /** Forgets the revocations whose tokens have all expired. */
    void forgetExpired(Instant now) {
        logins.values().removeIf(forgetAt -> forgetAt.isBefore(now));
        tokens.values().removeIf(forgetAt -> forgetAt.isBefore(now));
        citizens.values().removeIf(cutoff -> cutoff.forgetAt().isBefore(now));
    }

    /** @return how many logins, tokens and citizens are revoked now */
    int size() {
        return logins.size() + tokens.size() + citizens.size();
    }

    /** @return how many tokens were refused as revoked so far */
    long refused() {
        return refused.sum();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
