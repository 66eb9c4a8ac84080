package org.janseva.platform.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Stands in for user-service's authorization server in a service's tests: an RSA key, its JWKS
 * served over real HTTP ({@code GET /oauth2/jwks} on a {@link StubHttpServer}), a token endpoint
 * answering {@code client_credentials} with a service token, and access tokens minted with the
 * subject, scopes, lifetime, issuer and audience a test chooses, plus the deliberately bad ones
 * a resource server must refuse (unsigned, another key, an unknown key id, tampered, expired,
 * wrong issuer or audience), and a key rotation ({@link #publishNextKey()}). It also answers
 * user-service's list of revoked tokens ({@code GET /internal/v1/revocations}, which the gateway
 * polls) with an empty page; a test lists revocations with {@code server().on(...)}.
 *
 * <p>Most tests use {@link #shared()} through {@link WithTestTokenIssuer}, which points
 * {@code platform.security.*} at it:
 *
 * <pre>
 * &#64;WithTestTokenIssuer
 * &#64;SpringBootTest(webEnvironment = RANDOM_PORT)
 * class RatingIntegrationTests {
 *     TestTokenIssuer tokens = TestTokenIssuer.shared();
 *     ... http.get("/api/v1/...", "Authorization", tokens.bearer(tokens.citizenToken("c-1")));
 * }
 * </pre>
 */
public final class TestTokenIssuer implements AutoCloseable {

    /** The {@code iss} of the tokens (what {@code platform.security.issuer} is set to). */
    public static final String ISSUER = "http://issuer.janseva.test";

    /** The {@code aud} of the tokens (the platform's audience). */
    public static final String AUDIENCE = "janseva";

    /** An answer of {@code GET /internal/v1/revocations} listing nothing. */
    public static final String NO_REVOCATIONS = "{\"items\": [], \"next\": \"0\", \"more\": false}";

    private static final String JWKS_PATH = "/oauth2/jwks";
    private static final String REVOCATIONS_PATH = "/internal/v1/revocations";

    private static final Object LOCK = new Object();
    private static volatile TestTokenIssuer shared;

    private final RSAKey key;
    private final RSAKey otherKey;
    private final StubHttpServer server;
    private volatile RSAKey nextKey;

    private TestTokenIssuer() {
        this.key = generate("test-key-1");
        this.otherKey = generate("test-key-1"); // same kid, other key: only the signature differs
        this.server = StubHttpServer.start();
        server.on("GET", JWKS_PATH, Answer.json(new JWKSet(key.toPublicJWK()).toString()));
        String serviceToken = token().subject("test-service")
                .scopes("service")
                .expiresIn(Duration.ofDays(1))
                .sign();
        server.on(
                "POST",
                "/oauth2/token",
                Answer.json("{\"access_token\":\"" + serviceToken
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":86400,\"scope\":\"service\"}"));
        server.on("GET", REVOCATIONS_PATH, Answer.json(NO_REVOCATIONS));
    }

    /** @return a new issuer with its own key and server; close it when done */
    public static TestTokenIssuer start() {
        return new TestTokenIssuer();
    }

    /** @return the issuer shared by the whole test JVM, started on first use */
    public static TestTokenIssuer shared() {
        TestTokenIssuer current = shared;
        if (current == null) {
            synchronized (LOCK) {
                if (shared == null) {
                    shared = new TestTokenIssuer();
                    Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-token-issuer-stop"));
                }
                current = shared;
            }
        }
        return current;
    }

    /** @return the URL of the JWKS */
    public URI jwkSetUri() {
        return server.baseUri().resolve("/oauth2/jwks");
    }

    /** @return how many times the JWKS has been fetched since the stub's requests were last cleared */
    public long jwksRequests() {
        return server.requests().stream()
                .filter(r -> r.path().equals(JWKS_PATH))
                .count();
    }

    /** @return the URL of the token endpoint (answers every request with a service token) */
    public URI tokenUri() {
        return server.baseUri().resolve("/oauth2/token");
    }

    /** @return the URL of the list of revoked tokens (answers {@link #NO_REVOCATIONS} until told otherwise) */
    public URI revocationsUri() {
        return server.baseUri().resolve(REVOCATIONS_PATH);
    }

    /** @return the stub server, to add answers or inspect requests */
    public StubHttpServer server() {
        return server;
    }

    /**
     * @return the properties that point a service's resource-server support at this issuer
     *     (its service-token client at this token endpoint, and the gateway's poll of revoked
     *     tokens at this server)
     */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("platform.security.issuer", ISSUER);
        properties.put("platform.security.audience", AUDIENCE);
        properties.put("platform.security.jwk-set-uri", jwkSetUri().toString());
        properties.put("platform.security.client.token-uri", tokenUri().toString());
        properties.put("platform.security.revocations-uri", revocationsUri().toString());
        return properties;
    }

    /** Registers {@link #properties()} from a {@code @DynamicPropertySource} method. */
    public void registerProperties(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** @return {@code "Bearer " + token} */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** @return a builder for a valid token (10 minutes, this issuer, the platform audience) */
    public TokenBuilder token() {
        return new TokenBuilder();
    }

    /** @return a valid citizen token (scope {@code citizen}) */
    public String citizenToken(String citizenId) {
        return token().subject(citizenId).scopes("citizen").sign();
    }

    /** @return a valid service token (scope {@code service}) for a client */
    public String serviceToken(String clientId) {
        return token().subject(clientId).scopes("service").sign();
    }

    /** @return a valid admin token (scope {@code admin}) for a client */
    public String adminToken(String clientId) {
        return token().subject(clientId).scopes("admin").sign();
    }

    /** @return a citizen token that expired an hour ago */
    public String expiredToken(String citizenId) {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return token().subject(citizenId)
                .scopes("citizen")
                .issuedAt(past)
                .expiresAt(past.plus(Duration.ofMinutes(15)))
                .sign();
    }

    /** @return a citizen token whose {@code iss} is another issuer */
    public String wrongIssuerToken(String citizenId) {
        return token().subject(citizenId)
                .scopes("citizen")
                .issuer("https://evil.example")
                .sign();
    }

    /** @return a citizen token for another audience */
    public String wrongAudienceToken(String citizenId) {
        return token().subject(citizenId)
                .scopes("citizen")
                .audience("some-other-api")
                .sign();
    }

    /** @return a well-formed token signed by a key the JWKS does not hold (same {@code kid}) */
    public String otherKeyToken(String citizenId) {
        return token().subject(citizenId).scopes("citizen").signWith(otherKey);
    }

    /**
     * @return a well-formed citizen token whose {@code kid} names no key of the JWKS, a new one at
     *     each call (as someone would make up to have the verifier fetch the JWKS again)
     */
    public String unknownKidToken(String citizenId) {
        return token().subject(citizenId).scopes("citizen").signWith(otherKey, "unknown-" + UUID.randomUUID());
    }

    /**
     * @return a valid citizen token signed by the issuer's next key, which the JWKS holds only
     *     after {@link #publishNextKey()} (a key rotation, as user-service does it)
     */
    public String nextKeyToken(String citizenId) {
        return token().subject(citizenId).scopes("citizen").signWith(nextKey());
    }

    /** Starts a key rotation: the JWKS holds the next key (a new {@code kid}) next to the current one. */
    public void publishNextKey() {
        server.on(
                "GET",
                JWKS_PATH,
                Answer.json(new JWKSet(List.<JWK>of(key.toPublicJWK(), nextKey().toPublicJWK())).toString()));
    }

    private RSAKey nextKey() {
        RSAKey next = nextKey;
        if (next == null) {
            synchronized (this) {
                if (nextKey == null) {
                    nextKey = generate("test-key-2");
                }
                next = nextKey;
            }
        }
        return next;
    }

    /** @return an unsigned token ({@code alg: none}) claiming scope {@code admin} */
    public String unsignedToken(String subject) {
        return new PlainJWT(token().subject(subject).scopes("admin").claims()).serialize();
    }

    /**
     * @return a citizen token whose payload was changed after signing (its scope raised to
     *     {@code admin}), with the original signature
     */
    public String tamperedToken(String citizenId) {
        String[] parts = citizenToken(citizenId).split("\\.");
        String forged = token().subject(citizenId).scopes("admin").claims().toString();
        parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8));
        return String.join(".", parts);
    }

    @Override
    public void close() {
        server.close();
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A token under construction; every value has a valid default. */
    public final class TokenBuilder {

        private String subject = "citizen-" + UUID.randomUUID();
        private List<String> scopes = List.of("citizen");
        private String issuer = ISSUER;
        private List<String> audience = List.of(AUDIENCE);
        private Instant issuedAt = Instant.now();
        private Instant expiresAt;
        private Duration lifetime = Duration.ofMinutes(10);
        private final Map<String, Object> extra = new LinkedHashMap<>();

        private TokenBuilder() {}

        public TokenBuilder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public TokenBuilder scopes(String... scopes) {
            this.scopes = List.of(scopes);
            return this;
        }

        public TokenBuilder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public TokenBuilder audience(String... audience) {
            this.audience = List.of(audience);
            return this;
        }

        public TokenBuilder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        public TokenBuilder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public TokenBuilder expiresIn(Duration lifetime) {
            this.lifetime = lifetime;
            this.expiresAt = null;
            return this;
        }

        public TokenBuilder claim(String name, Object value) {
            extra.put(name, value);
            return this;
        }

        /** @return the claims as they would be signed */
        public JWTClaimsSet claims() {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .subject(subject)
                    .issuer(issuer)
                    .audience(audience)
                    .issueTime(Date.from(issuedAt))
                    .notBeforeTime(Date.from(issuedAt))
                    .expirationTime(Date.from(expiresAt != null ? expiresAt : issuedAt.plus(lifetime)))
                    .jwtID(UUID.randomUUID().toString())
                    .claim("scope", scopes);
            extra.forEach(claims::claim);
            return claims.build();
        }

        /** @return the token, signed RS256 with the issuer's key */
        public String sign() {
            return signWith(key);
        }

        private String signWith(RSAKey signingKey) {
            return signWith(signingKey, signingKey.getKeyID());
        }

        private String signWith(RSAKey signingKey, String keyId) {
            try {
                SignedJWT jwt = new SignedJWT(
                        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims());
                jwt.sign(new RSASSASigner(signingKey));
                return jwt.serialize();
            } catch (JOSEException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }
}
