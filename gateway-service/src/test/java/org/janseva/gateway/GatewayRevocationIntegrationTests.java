package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Revoked access tokens at the gateway: user-service's list of revocations is the test issuer's
 * stub ({@code GET /internal/v1/revocations}, read with the service token its token endpoint
 * gives), the backend a real HTTP stub. A token of a login the list names, or of a citizen erased
 * after it was issued, is refused from the next poll on, cached or not; every other token still
 * passes, and the gateway goes on with what it knows when user-service fails.
 */
@WithTestTokenIssuer
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "platform.security.client.secret=test-gateway-secret",
            "platform.gateway.auth.revocations-poll-interval=" + GatewayRevocationIntegrationTests.POLL_MILLIS + "ms",
            "platform.gateway.rate-limit.authenticated-rate=1000",
            "platform.gateway.rate-limit.authenticated-burst=1000"
        })
class GatewayRevocationIntegrationTests {

    static final long POLL_MILLIS = 300;
    static final String REVOCATIONS = "/internal/v1/revocations";

    static final StubHttpServer backend = StubHttpServer.start().otherwise(Answer.json("{\"ok\": true}"));
    static final TestTokenIssuer tokens = TestTokenIssuer.shared();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    TestHttp http;

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("platform.services.catalog", () -> backend.baseUri().toString());
        registry.add("platform.services.user", () -> backend.baseUri().toString());
        registry.add("platform.services.payment", () -> backend.baseUri().toString());
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
    }

    @AfterEach
    void listNothing() {
        tokens.server().on("GET", REVOCATIONS, Answer.json(TestTokenIssuer.NO_REVOCATIONS));
    }

    @Test
    void shouldRefuseEveryTokenOfARevokedLoginWithinThePollIntervalAndPassTheOthers() {
        String citizen = "citizen-" + UUID.randomUUID();
        String login = UUID.randomUUID().toString();
        String first = loginToken(citizen, login);
        String refreshed = loginToken(citizen, login);
        String otherLogin = loginToken(citizen, UUID.randomUUID().toString());
        String noLogin = tokens.citizenToken(citizen);
        for (String token : new String[] {first, refreshed, otherLogin, noLogin}) {
            // verified, and now in the verified-token cache
            assertThat(me(token).statusCode()).isEqualTo(200);
        }

        Instant listed = Instant.now();
        list("{\"sid\": \"" + login + "\", \"reason\": \"REFRESH_TOKEN_REUSED\", \"revokedAt\": \"" + listed
                + "\", \"expiresAt\": \"" + listed.plus(Duration.ofMinutes(15)) + "\"}");
        awaitCompletePoll();

        assertThat(Duration.between(listed, Instant.now())).isLessThan(Duration.ofMillis(POLL_MILLIS * 2 + 2_000));
        backend.clearRequests();
        for (String token : new String[] {first, refreshed}) {
            HttpResponse<String> refused = me(token);
            assertProblem(refused, 401, "UNAUTHENTICATED");
            assertThat(refused.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        }
        assertThat(backend.requests()).isEmpty();
        assertThat(me(otherLogin).statusCode()).isEqualTo(200);
        assertThat(me(noLogin).statusCode()).isEqualTo(200);
        // public routes still answer a revoked token's holder, as anyone without a token
        assertThat(http.get("/api/v1/catalog/services", "Authorization", TestTokenIssuer.bearer(first))
                        .statusCode())
                .isEqualTo(200);
        assertThat(meters.get("janseva.gateway.revocations.refused")
                        .functionCounter()
                        .count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldRefuseATokenRevokedAtTheAuthorizationServerAndPassTheOthers() {
        // POST /oauth2/revoke of an access token: user-service lists that token alone, by its jti
        String revokedId = UUID.randomUUID().toString();
        String admin = tokens.token()
                .subject("platform-admin")
                .scopes("admin")
                .claim("jti", revokedId)
                .sign();
        String sameClient = tokens.token()
                .subject("platform-admin")
                .scopes("admin")
                .claim("jti", UUID.randomUUID().toString())
                .sign();
        assertThat(adapterTypes(admin).statusCode()).isEqualTo(200);
        assertThat(adapterTypes(sameClient).statusCode()).isEqualTo(200);

        Instant listed = Instant.now();
        list("{\"jti\": \"" + revokedId + "\", \"reason\": \"TOKEN_REVOKED\", \"revokedAt\": \"" + listed
                + "\", \"expiresAt\": \"" + listed.plus(Duration.ofMinutes(15)) + "\"}");
        awaitCompletePoll();

        assertProblem(adapterTypes(admin), 401, "UNAUTHENTICATED");
        assertThat(adapterTypes(sameClient).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseTheTokensAnErasedCitizenWasIssuedBeforeTheErasure() {
        String citizen = "citizen-" + UUID.randomUUID();
        Instant now = Instant.now();
        String before = tokens.token()
                .subject(citizen)
                .scopes("citizen")
                .claim("sid", UUID.randomUUID().toString())
                .issuedAt(now.minusSeconds(60))
                .sign();
        String serviceToken = tokens.serviceToken("catalog-service");
        assertThat(me(before).statusCode()).isEqualTo(200);

        Instant notBefore = now.minusSeconds(10);
        list("{\"citizenId\": \"" + citizen + "\", \"notBefore\": \"" + notBefore
                + "\", \"reason\": \"ACCOUNT_ERASED\", \"revokedAt\": \"" + notBefore + "\", \"expiresAt\": \""
                + notBefore.plus(Duration.ofMinutes(15)) + "\"}");
        awaitCompletePoll();

        assertProblem(me(before), 401, "UNAUTHENTICATED");
        // issued after the cut-off, or someone else's: not revoked
        String after =
                tokens.token().subject(citizen).scopes("citizen").issuedAt(now).sign();
        assertThat(me(after).statusCode()).isEqualTo(200);
        assertThat(me(serviceToken).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldGoOnWithWhatItKnowsWhileUserServiceFails() {
        String citizen = "citizen-" + UUID.randomUUID();
        String revokedLogin = UUID.randomUUID().toString();
        String revoked = loginToken(citizen, revokedLogin);
        String valid = loginToken(citizen, UUID.randomUUID().toString());
        Instant now = Instant.now();
        list("{\"sid\": \"" + revokedLogin + "\", \"reason\": \"LOGOUT\", \"revokedAt\": \"" + now
                + "\", \"expiresAt\": \"" + now.plus(Duration.ofMinutes(15)) + "\"}");
        awaitCompletePoll();
        double failuresBefore = failedPolls();

        tokens.server().on("GET", REVOCATIONS, Answer.json(503, "{\"code\": \"UNAVAILABLE\"}"));
        await(() -> failedPolls() >= failuresBefore + 2, "two failed polls");

        assertProblem(me(revoked), 401, "UNAUTHENTICATED");
        assertThat(me(valid).statusCode()).isEqualTo(200);
        assertThat(meters.get("janseva.gateway.revocations.age").gauge().value())
                .isGreaterThan(0);

        // an answer that is not a page of revocations is a failure too, not an empty list
        tokens.server().on("GET", REVOCATIONS, Answer.json("{\"ok\": true}"));
        double failuresNow = failedPolls();
        await(() -> failedPolls() >= failuresNow + 2, "two more failed polls");
        assertProblem(me(revoked), 401, "UNAUTHENTICATED");
    }

    /**
     * The gateway faces the internet: it asks for scope {@code revocations} alone, all its client
     * is registered with at user-service, and never for scope {@code service}, whose token reached
     * every {@code /internal} endpoint, acted for any citizen and confirmed payments at billers.
     */
    @Test
    void shouldAskForScopeRevocationsAloneWhenItFetchesItsToken() {
        awaitCompletePoll();

        List<StubHttpServer.Recorded> asked = tokens.server().requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/oauth2/token"))
                .toList();
        assertThat(asked)
                .isNotEmpty()
                .allSatisfy(request ->
                        assertThat(request.body()).isEqualTo("grant_type=client_credentials&scope=revocations"));
        assertThat(tokens.server().requests().stream()
                        .filter(r -> r.path().equals(REVOCATIONS))
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .header("Authorization"))
                .startsWith("Bearer ");
    }

    private String loginToken(String citizen, String login) {
        return tokens.token()
                .subject(citizen)
                .scopes("citizen")
                .claim("sid", login)
                .sign();
    }

    private HttpResponse<String> adapterTypes(String token) {
        return http.get("/api/v1/admin/adapter-types", "Authorization", TestTokenIssuer.bearer(token));
    }

    private HttpResponse<String> me(String token) {
        return http.get("/api/v1/users/me", "Authorization", TestTokenIssuer.bearer(token));
    }

    private static void list(String item) {
        tokens.server()
                .on("GET", REVOCATIONS, Answer.json("{\"items\": [" + item + "], \"next\": \"1\", \"more\": false}"));
    }

    /** Waits until a poll that began after the answer changed has ended (polls run one after another). */
    private static void awaitCompletePoll() {
        int seen = tokens.server().arrivals("GET", REVOCATIONS);
        await(() -> tokens.server().arrivals("GET", REVOCATIONS) >= seen + 2, "a complete poll");
    }

    private double failedPolls() {
        return meters.get("janseva.gateway.revocations.polls")
                .tag("outcome", "failure")
                .counter()
                .count();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }
}
