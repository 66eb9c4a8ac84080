package org.janseva.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The token verifier against a JWKS served over real HTTP (a test issuer of its own per test, so
 * the fetches counted are this verifier's alone): tokens naming made-up key ids do not make it
 * fetch the JWKS again and again, and a real key rotation is still picked up once the cooldown
 * has passed.
 */
class TokenVerifierIntegrationTests {

    final TestTokenIssuer issuer = TestTokenIssuer.start();

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void shouldFetchTheJwksAtMostTwicePerCooldownWhateverKeyIdsTokensName() {
        TokenVerifier verifier = verifier(Duration.ofSeconds(30));
        assertThat(verifier.verify(issuer.citizenToken("c-1")).block()).isNotNull();

        for (int i = 0; i < 50; i++) {
            assertRefused(verifier, issuer.unknownKidToken("c-1"));
        }

        // the first fetch and one more for the first unknown key id; the other 49 refused without
        assertThat(issuer.jwksRequests()).isEqualTo(2);
        // a token with a known key id still verifies
        assertThat(verifier.verify(issuer.citizenToken("c-2")).block()).isNotNull();
    }

    @Test
    void shouldPickUpARotatedKeyOnceTheCooldownHasPassed() throws InterruptedException {
        Duration cooldown = Duration.ofSeconds(3);
        TokenVerifier verifier = verifier(cooldown);
        String rotated = issuer.nextKeyToken("c-rotated");
        assertThat(verifier.verify(issuer.citizenToken("c-1")).block()).isNotNull();
        assertRefused(verifier, issuer.unknownKidToken("c-1"));
        assertThat(issuer.jwksRequests()).isEqualTo(2);

        issuer.publishNextKey();

        // inside the cooldown the new key id is one more unknown one: refused, nothing fetched
        assertRefused(verifier, rotated);
        assertThat(issuer.jwksRequests()).isEqualTo(2);
        // once it has passed, the next try fetches the JWKS with the new key, once
        long deadline = System.nanoTime() + cooldown.plusSeconds(5).toNanos();
        GatewayCaller caller = null;
        while (caller == null && System.nanoTime() < deadline) {
            Thread.sleep(200);
            try {
                caller = verifier.verify(rotated).block();
            } catch (RuntimeException refused) {
                // still inside the cooldown
            }
        }
        assertThat(caller).isNotNull();
        assertThat(caller.subject()).isEqualTo("c-rotated");
        assertThat(issuer.jwksRequests()).isEqualTo(3);
    }

    private TokenVerifier verifier(Duration cooldown) {
        return new TokenVerifier(
                issuer.jwkSetUri().toString(),
                new GatewayAuthProperties.Tokens(
                        TestTokenIssuer.ISSUER,
                        TestTokenIssuer.AUDIENCE,
                        null,
                        Duration.ofMinutes(5),
                        Duration.ofHours(1),
                        null,
                        new GatewayAuthProperties.Client(null, null, null, "revocations")),
                new GatewayAuthProperties(
                        true, List.of(), List.of(), 1_000, Duration.ofSeconds(30), cooldown, Duration.ofSeconds(5)),
                new RevokedTokens(Duration.ofSeconds(30)));
    }

    private static void assertRefused(TokenVerifier verifier, String token) {
        assertThatThrownBy(() -> verifier.verify(token).block()).isInstanceOf(RuntimeException.class);
    }
}
