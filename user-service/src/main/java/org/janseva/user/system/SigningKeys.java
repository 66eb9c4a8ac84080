package org.janseva.user.system;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.janseva.platform.core.logging.LogReasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RSA keys that sign access tokens, kept in the {@code signing_key} table (private parts
 * encrypted) so that every instance signs with the same key and a restart logs nobody out.
 *
 * <p>Rotation without a single refused token: a new key is published in the JWKS at once but
 * signs only after {@code activationDelay} (every instance's and every resource server's cache
 * has seen it by then); the key it replaces stays published until the tokens it signed have
 * expired. This class is the {@link JWKSource} of the JWKS endpoint and of user-service's own
 * token check (public keys only); {@link #signingSource()} is the encoder's.
 *
 * <p>The keys are read again every {@code cacheTtl}. When that read fails (PostgreSQL down or
 * unreachable), the keys read before stay in use, for checking tokens, for the JWKS and for
 * signing: the database's exception made Nimbus take every token user-service had not verified
 * yet for a bad one (401 {@code invalid_token}, found by the outage audit). The read is tried
 * again {@link #RETRY_AFTER} later, with one WARN line per failed read, not on every request,
 * each of which would wait for the pool's connection timeout; while one request reads the table,
 * the others use the kept keys. With no keys read yet, a failed read is a {@link
 * KeySourceException}, which the token check answers 503 {@code AUTHENTICATION_UNAVAILABLE}.
 */
public final class SigningKeys implements JWKSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final long LOCK_KEY = 0x4a616e5365766101L; // "JanSeva" + 1

    /** How long after a failed read of the table the kept keys are used before it is tried again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KeyEncryption encryption;
    private final Clock clock;
    private final Duration rotationPeriod;
    private final Duration activationDelay;
    private final Duration retention;
    private final Duration cacheTtl;
    private final Duration retryAfter;
    private final ReentrantLock reloading = new ReentrantLock();
    private volatile Snapshot snapshot;

    private record StoredKey(String kid, String publicJwk, String privateKey, Instant createdAt) {}

    /** The keys as read at {@code loadedAt}, used until {@code reloadAt}. */
    private record Snapshot(RSAKey active, JWKSet published, Instant loadedAt, Instant reloadAt) {

        Snapshot withReloadAt(Instant at) {
            return new Snapshot(active, published, loadedAt, at);
        }
    }

    SigningKeys(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KeyEncryption encryption,
            Clock clock,
            Duration rotationPeriod,
            Duration tokenLifetime,
            Duration cacheTtl) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.encryption = encryption;
        this.clock = clock;
        this.rotationPeriod = rotationPeriod;
        this.cacheTtl = cacheTtl;
        this.retryAfter = cacheTtl.compareTo(RETRY_AFTER) < 0 ? cacheTtl : RETRY_AFTER;
        // twice the cache lifetime: every instance has reloaded, every JWKS cache can have refetched
        this.activationDelay = cacheTtl.multipliedBy(2);
        // a replaced key's last tokens expire a token lifetime after the switch (plus clock skew)
        this.retention = tokenLifetime.plus(Duration.ofMinutes(5));
    }

    /** Creates the first key if there is none, or a new one if the newest is due for rotation. */
    public void rotateIfDue() {
        createKey(false);
    }

    /** Creates a new key now, whatever the age of the current one (operators, tests). */
    public void rotate() {
        createKey(true);
    }

    /** @return the key that signs tokens now (with its private part) */
    public RSAKey activeKey() {
        return current().active();
    }

    /** @return the public keys a token may be verified with now */
    public JWKSet publishedKeys() {
        return current().published();
    }

    /**
     * @throws KeySourceException when no keys have been loaded and the table cannot be read: Nimbus
     *     and Spring Security take it for keys that are unavailable (503), where the database's
     *     own exception would make the token look bad (401)
     */
    @Override
    public List<JWK> get(JWKSelector jwkSelector, SecurityContext context) throws KeySourceException {
        JWKSet published;
        try {
            published = publishedKeys();
        } catch (DataAccessException ex) {
            throw new KeySourceException("Cannot read the signing keys: " + LogReasons.of(ex), ex);
        }
        return jwkSelector.select(published);
    }

    /** @return a source holding the active key only, for the token encoder */
    public JWKSource<SecurityContext> signingSource() {
        return (selector, context) -> selector.select(new JWKSet(activeKey()));
    }

    /**
     * Forgets the cached keys; the next use reads the table, with nothing to fall back on if it
     * cannot (tests).
     */
    public void reload() {
        snapshot = null;
    }

    private Snapshot current() {
        Snapshot kept = snapshot;
        if (kept == null) {
            Snapshot loaded = load();
            snapshot = loaded;
            return loaded;
        }
        if (clock.instant().isBefore(kept.reloadAt()) || !reloading.tryLock()) {
            // still fresh, or another request is reading the table: the kept keys meanwhile
            return kept;
        }
        try {
            Snapshot latest = snapshot;
            if (latest != null && latest != kept && clock.instant().isBefore(latest.reloadAt())) {
                return latest; // read by another request since
            }
            Snapshot loaded = load();
            snapshot = loaded;
            return loaded;
        } catch (DataAccessException ex) {
            log.warn(
                    "Could not reload the signing keys ({}); using the keys loaded {} s ago, trying again in {} s",
                    LogReasons.of(ex),
                    Duration.between(kept.loadedAt(), clock.instant()).toSeconds(),
                    retryAfter.toSeconds());
            snapshot = kept.withReloadAt(clock.instant().plus(retryAfter));
            return kept;
        } finally {
            reloading.unlock();
        }
    }

    private void createKey(boolean force) {
        Boolean created = transactions.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK_KEY).query().singleRow();
            Instant newest = jdbc.sql("select max(created_at) from signing_key")
                    .query(Timestamp.class)
                    .optional()
                    .map(Timestamp::toInstant)
                    .orElse(null);
            Instant now = clock.instant();
            if (!force && newest != null && newest.plus(rotationPeriod).isAfter(now)) {
                return false;
            }
            RSAKey key = generate();
            jdbc.sql("insert into signing_key (kid, algorithm, public_jwk, private_key, created_at) "
                            + "values (?, 'RS256', ?, ?, ?)")
                    .params(
                            key.getKeyID(),
                            key.toPublicJWK().toJSONString(),
                            encryption.encrypt(key.toJSONString().getBytes(StandardCharsets.UTF_8), key.getKeyID()),
                            Timestamp.from(now))
                    .update();
            log.info("Created signing key {} ({})", key.getKeyID(), newest == null ? "first key" : "rotation");
            return true;
        });
        Snapshot kept = snapshot;
        if (Boolean.TRUE.equals(created) && kept != null) {
            // read again at the next use; the keys before stay in use if that read fails
            snapshot = kept.withReloadAt(Instant.MIN);
        }
    }

    private Snapshot load() {
        List<StoredKey> keys = jdbc.sql(
                        "select kid, public_jwk, private_key, created_at from signing_key order by created_at desc")
                .query((rs, n) -> new StoredKey(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .list();
        if (keys.isEmpty()) {
            throw new IllegalStateException("No signing key exists yet; rotateIfDue() creates the first");
        }
        Instant now = clock.instant();
        // the newest key old enough to be active; the oldest when none is (the very first key)
        int activeIndex = keys.size() - 1;
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i).createdAt().plus(activationDelay).isAfter(now) || i == keys.size() - 1) {
                activeIndex = i;
                break;
            }
        }
        StoredKey active = keys.get(activeIndex);
        Instant activeSince = active.createdAt().plus(activationDelay);
        List<JWK> published = new ArrayList<>();
        for (int i = 0; i <= activeIndex; i++) {
            published.add(parse(keys.get(i).publicJwk()));
        }
        if (activeIndex + 1 < keys.size() && activeSince.plus(retention).isAfter(now)) {
            published.add(parse(keys.get(activeIndex + 1).publicJwk()));
        }
        RSAKey activeKey = (RSAKey)
                parse(new String(encryption.decrypt(active.privateKey(), active.kid()), StandardCharsets.UTF_8));
        return new Snapshot(activeKey, new JWKSet(published), now, now.plus(cacheTtl));
    }

    private static JWK parse(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException ex) {
            throw new IllegalStateException("A stored signing key cannot be read", ex);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException ex) {
            throw new IllegalStateException("Cannot generate an RSA key", ex);
        }
    }
}
