package org.janseva.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import org.janseva.platform.test.AbstractDatabaseServiceIntegrationTests;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@EmbeddedPostgresTest(database = "payments")
@WithTestTokenIssuer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PaymentServiceApplicationIntegrationTests extends AbstractDatabaseServiceIntegrationTests {

    static final TestTokenIssuer tokens = TestTokenIssuer.shared();

    @Override
    protected String authorization() {
        return TestTokenIssuer.bearer(tokens.citizenToken("citizen-1"));
    }

    @Test
    void shouldNeedATokenForPaymentsButNotForTheGatewaysWebhook() {
        assertProblem(http.get("/api/v1/payments"), 401, "UNAUTHENTICATED");
        assertProblem(
                http.get("/api/v1/payments", "Authorization", "Bearer " + tokens.expiredToken("citizen-1")),
                401,
                "UNAUTHENTICATED");
        // no webhook handler yet: anything but 401 shows it is not behind the token check
        assertThat(http.postJson("/api/v1/payments/webhooks/pg", "{}").statusCode())
                .isNotEqualTo(401);
    }

    @Test
    void shouldKeepInternalEndpointsToServiceTokens() {
        assertProblem(
                http.postJson("/internal/v1/citizens/c-1/erasure", "", "Authorization", authorization()),
                403,
                "FORBIDDEN");
    }
}
