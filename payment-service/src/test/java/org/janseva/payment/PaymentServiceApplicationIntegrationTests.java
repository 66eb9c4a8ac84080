package org.janseva.payment;

import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import org.janseva.payment.support.PaymentServiceTest;
import org.janseva.platform.test.AbstractDatabaseServiceIntegrationTests;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.Test;

@PaymentServiceTest
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
        // the webhook is not behind the token check: its own signature check refuses it
        assertProblem(http.postJson("/api/v1/payments/webhooks/pg", "{}"), 401, "WEBHOOK_SIGNATURE_INVALID");
    }

    @Test
    void shouldKeepInternalEndpointsToServiceTokens() {
        assertProblem(
                http.postJson("/internal/v1/citizens/c-1/erasure", "", "Authorization", authorization()),
                403,
                "FORBIDDEN");
    }

    @Test
    void shouldDocumentThePaymentApiWithItsIdempotencyKeyAndNoInternalParameters() {
        tools.jackson.databind.JsonNode docs = org.janseva.platform.test.TestHttp.json(http.get("/v3/api-docs"));
        tools.jackson.databind.JsonNode create =
                docs.path("paths").path("/api/v1/payments").path("post");

        org.assertj.core.api.Assertions.assertThat(create.path("parameters").findValuesAsString("name"))
                .containsExactly("Idempotency-Key");
        org.assertj.core.api.Assertions.assertThat(
                        create.path("responses").path("201").toString())
                .contains("PaymentCreatedView");
        org.assertj.core.api.Assertions.assertThat(docs.toString()).doesNotContain("\"caller\"");
        org.assertj.core.api.Assertions.assertThat(docs.path("paths").has("/api/v1/payments/webhooks/{gateway}"))
                .isTrue();
    }
}
