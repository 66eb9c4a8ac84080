package org.janseva.user.erasure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.janseva.platform.security.PlatformScopes;
import org.janseva.platform.security.PlatformSecurityProperties;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * user-service's own token (subject {@code user-service}) for its erasure fan-out: scope
 * {@code erasure} and nothing else, which the other services' erasure endpoints need and no
 * registered client gets by default (least privilege: not scope {@code service}, which would
 * reach every {@code /internal} endpoint and act for any citizen). It is the issuer, so it signs
 * the token itself with the active key instead of asking its own token endpoint; the token is
 * otherwise the same as any client's.
 */
@Component
class SelfServiceToken {

    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final JwtEncoder encoder;
    private final PlatformSecurityProperties security;
    private final Clock clock;
    private volatile String token;
    private volatile Instant renewAt = Instant.MIN;

    SelfServiceToken(JwtEncoder encoder, PlatformSecurityProperties security, Clock clock) {
        this.encoder = encoder;
        this.security = security;
        this.clock = clock;
    }

    synchronized String get() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(renewAt)) {
            JwtClaimsSet claims = JwtClaimsSet.builder()
                    .issuer(security.issuer())
                    .subject("user-service")
                    .audience(List.of(security.audience()))
                    .issuedAt(now)
                    .notBefore(now)
                    .expiresAt(now.plus(LIFETIME))
                    .claim("scope", List.of(PlatformScopes.ERASURE))
                    .build();
            token = encoder.encode(JwtEncoderParameters.from(
                            JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                    .getTokenValue();
            renewAt = now.plus(LIFETIME).minusSeconds(60);
        }
        return token;
    }
}
