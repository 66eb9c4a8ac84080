package org.janseva.user.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The authorization server's settings ({@code platform.user.authorization-server.*}). The issuer
 * is {@code platform.security.issuer}, shared with every resource server.
 *
 * @param accessTokenTtl lifetime of access tokens (at most 15 minutes)
 * @param refreshTokenTtl lifetime of a login's refresh token
 * @param keyEncryptionSecret the secret that encrypts the persisted signing keys (from the
 *     environment; only the local profile has a default)
 * @param keyRotationPeriod how long a signing key signs before a new one replaces it
 * @param keyCacheTtl how long an instance trusts its cached copy of the key table
 * @param appClientSecret the secret of the apps' client {@code janseva-app}; empty means a random
 *     one (the apps use the JSON endpoints, which authenticate the client themselves)
 * @param clients the machine clients ({@code client_credentials}), by client id; a client whose
 *     secret is empty is not registered. Clients not listed are removed at start.
 */
@Validated
@ConfigurationProperties("platform.user.authorization-server")
public record AuthorizationServerProperties(
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        String keyEncryptionSecret,
        @DefaultValue("90d") Duration keyRotationPeriod,
        @DefaultValue("60s") Duration keyCacheTtl,
        String appClientSecret,
        @DefaultValue({}) Map<String, @Valid MachineClient> clients) {

    public AuthorizationServerProperties {
        if (accessTokenTtl.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("access tokens live at most 15 minutes, not " + accessTokenTtl);
        }
    }

    /**
     * A machine client.
     *
     * @param secret its secret; empty means "not registered here"
     * @param scopes the scopes it may obtain
     */
    public record MachineClient(String secret, @NotEmpty Set<String> scopes) {}
}
