package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway's key set follows user-service's JWKS as the services' does: a real gateway, the
 * JWKS served over real HTTP by a stub whose keys each test sets, with the key set's time to live
 * cut from 5 minutes to 2 s and the re-fetch cooldown from 30 s to 1 s. A key withdrawn from the
 * JWKS is refused once the set is renewed, for tokens in the verified-token cache too; tokens of
 * known keys are still accepted through an outage of the JWKS; made-up key ids still cause at
 * most two fetches per cooldown. Each test signs with keys of its own, so none depends on what
 * another left in the gateway's set.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "platform.security.jwk-set-cache-ttl=2s",
            "platform.security.jwk-set-outage-tolerance=1m",
            "platform.gateway.auth.jwks-refetch-cooldown=1s"
        })
@ExtendWith(OutputCaptureExtension.class)
class GatewaySigningKeysIntegrationTests {

    private static final String JWKS = "/oauth2/jwks";

    private static final Duration CACHE_TTL = Duration.ofSeconds(2);

    private static final Duration COOLDOWN = Duration.ofSeconds(1);

    /** Far longer than any wait here should take: the set renewed after its 2 s, on a busy machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static final StubHttpServer backend = StubHttpServer.start().otherwise(Answer.json("{\"ok\": true}"));

    /** This class's own issuer: the JWKS fetches counted are this gateway's alone. */
    static final TestTokenIssuer issuer = TestTokenIssuer.start();

    @LocalServerPort
    int port;

    TestHttp http;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        issuer.registerProperties(registry);
        registry.add("platform.services.catalog", () -> backend.baseUri().toString());
        registry.add("platform.services.user", () -> backend.baseUri().toString());
        registry.add("platform.services.payment", () -> backend.baseUri().toString());
    }

    @AfterAll
    static void stop() {
        backend.close();
        issuer.close();
    }

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
    }

    @AfterEach
    void jwksBack() {
        // no test leaves the JWKS failing for the next
        publish(generate());
    }

    @Test
    void shouldRefuseTokensOfAWithdrawnKeyOnceTheKeySetIsRenewedCachedOnesIncluded() {
        RSAKey withdrawn = generate();
        RSAKey kept = generate();
        publish(withdrawn, kept);
        String cached = token(withdrawn, "c-withdrawn");
        // the gateway learns of the keys (a fetch for their unknown key id, once the cooldown allows)
        assertThat(until(() -> me(cached), ok()))
                .as("accepted before the withdrawal")
                .isEqualTo(200);
        assertThat(me(cached).statusCode())
                .as("now from the verified-token cache")
                .isEqualTo(200);

        publish(kept);

        // the same token, answered from the cache until the set is renewed (2 s), then refused
        HttpResponse<String> refused = untilResponse(() -> me(cached), response -> response.statusCode() == 401);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertInvalidToken(refused);
        // a token of the withdrawn key the gateway has not seen yet: refused as well
        HttpResponse<String> fresh = me(token(withdrawn, "c-withdrawn-new"));
        assertInvalidToken(fresh);
        // and the cached token stays refused
        assertInvalidToken(me(cached));
        // the key still published signs tokens the gateway accepts
        assertThat(me(token(kept, "c-kept")).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldKeepAcceptingTokensOfKnownKeysThroughAnOutageOfTheJwks(CapturedOutput output) {
        RSAKey key = generate();
        publish(key);
        String cached = token(key, "c-outage");
        assertThat(until(() -> me(cached), ok())).isEqualTo(200);

        issuer.server().on("GET", JWKS, new Answer(500, "text/html", "<html>Internal error</html>", 0, Map.of()));
        issuer.server().clearRequests();

        // the set's time is up and the gateway tries to renew it: the fetch fails
        assertThat(untilCount(() -> issuer.server().arrivals("GET", JWKS), arrivals -> arrivals > 0))
                .isPositive();
        // tokens of the key fetched before are still accepted, cached or new to the gateway
        assertThat(me(cached).statusCode()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = me(token(key, "c-during-" + i));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        // and past another period of the set (another failed fetch), still
        int tried = issuer.server().arrivals("GET", JWKS);
        assertThat(untilCount(() -> issuer.server().arrivals("GET", JWKS), arrivals -> arrivals > tried))
                .isGreaterThan(tried);
        assertThat(me(token(key, "c-later")).statusCode()).isEqualTo(200);
        assertThat(me(cached).statusCode()).isEqualTo(200);
        // one short WARN per failed fetch, no stack trace
        List<String> warnings = output.getOut()
                .lines()
                .filter(line -> line.contains("\"level\":\"WARN\"")
                        && line.contains("Could not fetch user-service's keys")
                        && line.contains("checking tokens against the keys fetched before"))
                .toList();
        assertThat(warnings).isNotEmpty();
        assertThat(warnings.get(0))
                .contains("(JWKSetRetrievalException: ")
                .contains("HTTP response code: 500")
                .contains("for at most");
        assertThat(warnings.size()).isLessThanOrEqualTo(issuer.server().arrivals("GET", JWKS));
        assertThat(output.getOut()).doesNotContain("\"level\":\"ERROR\"");
    }

    @Test
    void shouldFetchTheJwksAtMostTwicePerCooldownForMadeUpKeyIdsWhileFollowingAWithdrawal() {
        RSAKey withdrawn = generate();
        RSAKey kept = generate();
        publish(withdrawn, kept);
        String cached = token(withdrawn, "c-made-up");
        assertThat(until(() -> me(cached), ok())).isEqualTo(200);
        publish(kept);
        issuer.server().clearRequests();
        long started = System.nanoTime();

        int madeUp = 0;
        boolean withdrawalSeen = false;
        long deadline = started + PATIENCE.toNanos();
        while ((madeUp < 100 || !withdrawalSeen) && System.nanoTime() < deadline) {
            assertProblem(
                    http.get(
                            "/api/v1/users/me", "Authorization", TestTokenIssuer.bearer(issuer.unknownKidToken("c-1"))),
                    401,
                    "UNAUTHENTICATED");
            madeUp++;
            if (!withdrawalSeen && me(cached).statusCode() == 401) {
                withdrawalSeen = true;
            }
        }
        // the windows opened since, and the one open when the count began
        long windows = Duration.ofNanos(System.nanoTime() - started).toMillis() / COOLDOWN.toMillis() + 2;

        assertThat(withdrawalSeen)
                .as("the cached token of the withdrawn key refused")
                .isTrue();
        assertThat(madeUp).isGreaterThanOrEqualTo(100);
        // every fetch goes through the rate limit, the set's renewals too: two per cooldown at most
        assertThat((long) issuer.server().arrivals("GET", JWKS)).isLessThanOrEqualTo(2 * windows);
        assertThat(me(token(kept, "c-kept-2")).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> me(String token) {
        return http.get("/api/v1/users/me", "Authorization", TestTokenIssuer.bearer(token));
    }

    private static Predicate<Integer> ok() {
        return status -> status == 200;
    }

    /** Asks again (every 100 ms) until the answer's status passes, for at most {@link #PATIENCE}. */
    private static int until(Supplier<HttpResponse<String>> request, Predicate<Integer> done) {
        return untilResponse(request, response -> done.test(response.statusCode()))
                .statusCode();
    }

    private static HttpResponse<String> untilResponse(
            Supplier<HttpResponse<String>> request, Predicate<HttpResponse<String>> done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        HttpResponse<String> response = request.get();
        while (!done.test(response) && System.nanoTime() < deadline) {
            pause();
            response = request.get();
        }
        return response;
    }

    private static int untilCount(IntSupplier value, IntPredicate done) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int current = value.getAsInt();
        while (!done.test(current) && System.nanoTime() < deadline) {
            pause();
            current = value.getAsInt();
        }
        return current;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void assertInvalidToken(HttpResponse<String> response) {
        assertProblem(response, 401, "UNAUTHENTICATED");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));
    }

    private static void publish(RSAKey... keys) {
        List<JWK> published =
                Arrays.stream(keys).map(k -> (JWK) k.toPublicJWK()).toList();
        issuer.server().on("GET", JWKS, Answer.json(new JWKSet(published).toString()));
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** @return a valid citizen token (10 minutes) signed with the key, naming it */
    private static String token(RSAKey key, String citizenId) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    issuer.token().subject(citizenId).scopes("citizen").claims());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
