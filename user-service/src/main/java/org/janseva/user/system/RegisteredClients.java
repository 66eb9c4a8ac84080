package org.janseva.user.system;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.janseva.platform.security.PlatformScopes;
import org.janseva.user.auth.LoginGrantTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Makes the {@code oauth2_registered_client} table say what the configuration says: the apps'
 * client {@code janseva-app} (citizen logins) and every machine client with a secret, and no
 * other client. Runs at start, after Flyway; secrets are stored as hashes.
 */
final class RegisteredClients {

    private static final Logger log = LoggerFactory.getLogger(RegisteredClients.class);

    private final RegisteredClientRepository repository;
    private final JdbcClient jdbc;
    private final AuthorizationServerProperties properties;
    private final PasswordEncoder secrets = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final SecureRandom random;

    RegisteredClients(
            RegisteredClientRepository repository,
            JdbcClient jdbc,
            AuthorizationServerProperties properties,
            SecureRandom random) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.properties = properties;
        this.random = random;
    }

    void synchronise() {
        Set<String> wanted = new HashSet<>();
        repository.save(appClient());
        wanted.add(LoginGrantTypes.APP_CLIENT_ID);
        List<String> registered = new ArrayList<>();
        for (Map.Entry<String, AuthorizationServerProperties.MachineClient> entry :
                properties.clients().entrySet()) {
            AuthorizationServerProperties.MachineClient client = entry.getValue();
            if (client.secret() == null || client.secret().isBlank()) {
                log.warn("Machine client {} has no secret configured; it is not registered", entry.getKey());
                continue;
            }
            repository.save(machineClient(entry.getKey(), client));
            wanted.add(entry.getKey());
            registered.add(entry.getKey());
        }
        List<String> stale =
                jdbc.sql("select client_id from oauth2_registered_client").query(String.class).list().stream()
                        .filter(id -> !wanted.contains(id))
                        .toList();
        for (String clientId : stale) {
            jdbc.sql("delete from oauth2_registered_client where client_id = ?")
                    .param(clientId)
                    .update();
        }
        log.info(
                "Registered clients: {} and machine clients {}; removed {}",
                LoginGrantTypes.APP_CLIENT_ID,
                registered,
                stale);
    }

    private RegisteredClient appClient() {
        String secret = properties.appClientSecret();
        if (secret == null || secret.isBlank()) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        return RegisteredClient.withId(LoginGrantTypes.APP_CLIENT_ID)
                .clientId(LoginGrantTypes.APP_CLIENT_ID)
                .clientName("Jan Seva apps (Android, iOS, web, KaiOS)")
                .clientSecret(secrets.encode(secret))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(LoginGrantTypes.OTP)
                .authorizationGrantType(LoginGrantTypes.MPIN)
                // for the logins' refresh tokens and Logins.refresh (the library's provider checks
                // it); /oauth2/token itself does not offer the grant (AuthorizationServerConfiguration)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .scope(PlatformScopes.CITIZEN)
                .clientSettings(ClientSettings.builder()
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(properties.accessTokenTtl())
                        .refreshTokenTimeToLive(properties.refreshTokenTtl())
                        .reuseRefreshTokens(false)
                        .build())
                .build();
    }

    private RegisteredClient machineClient(String clientId, AuthorizationServerProperties.MachineClient client) {
        return RegisteredClient.withId(clientId)
                .clientId(clientId)
                .clientName(clientId)
                .clientSecret(secrets.encode(client.secret()))
                // Basic only (docs/security.md): a secret in the form body ends up in more logs
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scopes(scopes -> scopes.addAll(client.scopes()))
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(properties.accessTokenTtl())
                        .build())
                .build();
    }
}
