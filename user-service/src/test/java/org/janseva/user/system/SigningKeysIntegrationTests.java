package org.janseva.user.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.janseva.user.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/** Key rotation on a database of its own: publish first, sign later, keep the old key a while. */
class SigningKeysIntegrationTests {

    static final Duration CACHE = Duration.ofSeconds(60);
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    MutableClock clock = new MutableClock();
    SigningKeys keys;
    SigningKeys otherInstance;
    PGSimpleDataSource dataSource;

    @BeforeEach
    void setUp() {
        SharedEmbeddedPostgres.Server server = SharedEmbeddedPostgres.get();
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl("signing_keys_test"));
        dataSource.setUser(server.username());
        dataSource.setPassword(server.password());
        Flyway.configure().dataSource(dataSource).cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        KeyEncryption encryption = new KeyEncryption("a-test-key-encryption-secret", new SecureRandom());
        keys = new SigningKeys(jdbc, transactions, encryption, clock, Duration.ofDays(90), TOKEN_LIFETIME, CACHE);
        otherInstance =
                new SigningKeys(jdbc, transactions, encryption, clock, Duration.ofDays(90), TOKEN_LIFETIME, CACHE);
    }

    @Test
    void shouldPublishANewKeyBeforeItSignsAndKeepTheOldOneUntilItsTokensExpire() {
        keys.rotateIfDue();
        String first = keys.activeKey().getKeyID();
        assertThat(kids(keys)).containsExactly(first);
        String oldToken = sign(keys);

        keys.rotate();
        List<String> published = kids(keys);
        assertThat(published).hasSize(2).contains(first);
        assertThat(keys.activeKey().getKeyID())
                .as("a new key does not sign at once")
                .isEqualTo(first);

        clock.advance(CACHE.multipliedBy(2).plusSeconds(1));
        keys.reload();
        otherInstance.reload();
        String second = keys.activeKey().getKeyID();
        assertThat(second).isNotEqualTo(first);
        assertThat(otherInstance.activeKey().getKeyID()).isEqualTo(second);
        assertThat(kids(keys)).containsExactlyInAnyOrder(first, second);
        assertThat(decoder(keys).decode(oldToken).getSubject()).isEqualTo("c-1");

        clock.advance(TOKEN_LIFETIME.plusMinutes(6));
        keys.reload();
        assertThat(kids(keys)).containsExactly(second);
    }

    @Test
    void shouldRotateOnlyWhenTheKeyIsDueAndNeverLoseAKeyToAnotherInstance() {
        keys.rotateIfDue();
        otherInstance.rotateIfDue();
        String first = keys.activeKey().getKeyID();
        assertThat(otherInstance.activeKey().getKeyID()).isEqualTo(first);

        clock.advance(Duration.ofDays(89));
        keys.rotateIfDue();
        keys.reload();
        assertThat(kids(keys)).containsExactly(first);

        clock.advance(Duration.ofDays(2));
        keys.rotateIfDue();
        keys.reload();
        assertThat(kids(keys)).hasSize(2);
    }

    @Test
    void shouldReadItsKeysBackOnlyWithTheRightEncryptionSecret() {
        keys.rotateIfDue();
        SigningKeys wrongSecret = new SigningKeys(
                JdbcClient.create(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new KeyEncryption("another-key-encryption-secret", new SecureRandom()),
                clock,
                Duration.ofDays(90),
                TOKEN_LIFETIME,
                CACHE);

        org.assertj.core.api.Assertions.assertThatThrownBy(wrongSecret::activeKey)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key-encryption secret");
    }

    private List<String> kids(SigningKeys source) {
        return source.publishedKeys().getKeys().stream().map(JWK::getKeyID).toList();
    }

    private String sign(SigningKeys source) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject("c-1")
                .issuedAt(now)
                .expiresAt(now.plus(TOKEN_LIFETIME))
                .build();
        return new NimbusJwtEncoder(source.signingSource())
                .encode(JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
                .getTokenValue();
    }

    private static NimbusJwtDecoder decoder(SigningKeys source) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(source)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(jwt -> org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success());
        return decoder;
    }
}
