package org.janseva.user.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.janseva.user.MutableClock;
import org.janseva.user.UserServiceTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
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
    AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void setUp() {
        SharedEmbeddedPostgres.Server server = SharedEmbeddedPostgres.get();
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.jdbcUrl("signing_keys_test"));
        dataSource.setUser(server.username());
        dataSource.setPassword(server.password());
        Flyway.configure().dataSource(dataSource).cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource).load().migrate();
        // counts the reads of the table (each takes a connection)
        DataSource counted = new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                connections.incrementAndGet();
                return super.getConnection();
            }
        };
        JdbcClient jdbc = JdbcClient.create(counted);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(counted));
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

        assertThatThrownBy(wrongSecret::activeKey)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key-encryption secret");
    }

    @Test
    void shouldKeepTheKeysItReadWhileTheTableCannotBeReadAndTryAgainAFewSecondsLater() throws Exception {
        keys.rotateIfDue();
        RSAKey active = keys.activeKey();
        List<String> published = kids(keys);
        rename("signing_key", "signing_key_away");
        clock.advance(CACHE.plusSeconds(1));

        connections.set(0);
        assertThat(keys.activeKey()).isEqualTo(active);
        assertThat(kids(keys)).isEqualTo(published);
        assertThat(keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null))
                .extracting(JWK::getKeyID)
                .isEqualTo(published);
        assertThat(connections).as("one failed read, not one per use").hasValue(1);

        clock.advance(SigningKeys.RETRY_AFTER.minusSeconds(1));
        keys.activeKey();
        assertThat(connections).hasValue(1);
        clock.advance(Duration.ofSeconds(2));
        keys.activeKey();
        assertThat(connections).as("tried again after a few seconds").hasValue(2);

        rename("signing_key_away", "signing_key");
        clock.advance(SigningKeys.RETRY_AFTER.plusSeconds(1));
        connections.set(0);
        assertThat(keys.activeKey()).isEqualTo(active);
        keys.activeKey();
        assertThat(connections)
                .as("read once the table is back, then kept for the cache's time")
                .hasValue(1);
        keys.rotate();
        assertThat(kids(keys)).as("a new key is read at the next use").hasSize(2);
    }

    @Test
    void shouldAnswerAKeySourceExceptionWhenNoKeysWereReadAndTheTableCannotBe() throws Exception {
        keys.rotateIfDue();
        String token = sign(otherInstance);
        rename("signing_key", "signing_key_away");

        assertThatThrownBy(() -> keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null))
                .isInstanceOf(KeySourceException.class)
                .hasMessageStartingWith("Cannot read the signing keys: BadSqlGrammarException: ")
                .hasMessageContaining("signing_key");
        assertThatThrownBy(() -> decoder(keys).decode(token))
                .as("a token that cannot be checked is not a bad token")
                .isExactlyInstanceOf(JwtException.class);
        rename("signing_key_away", "signing_key");
    }

    @Test
    void shouldLetOneCallerWaitForTheTableAndTheOthersUseTheKeptKeys() throws Exception {
        keys.rotateIfDue();
        RSAKey active = keys.activeKey();
        clock.advance(CACHE.plusSeconds(1));
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            locker.createStatement().execute("lock table signing_key in access exclusive mode");
            Future<RSAKey> waiting = readers.submit(keys::activeKey);
            UserServiceTestSupport.awaitWaiting(dataSource, 1);

            try {
                assertThat(readers.submit(keys::activeKey).get(5, TimeUnit.SECONDS))
                        .as("not waiting for the table")
                        .isEqualTo(active);
                assertThat(waiting).isNotDone();
            } finally {
                locker.rollback();
            }
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo(active);
        } finally {
            readers.shutdownNow();
        }
    }

    /** Renames the key table on a connection of its own (the keys' reads then fail). */
    private void rename(String from, String to) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("alter table " + from + " rename to " + to);
        }
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
