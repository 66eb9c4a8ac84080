package org.janseva.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.janseva.payment.support.PaymentServiceTest;
import org.janseva.platform.test.AbstractDatabaseServiceIntegrationTests;
import org.janseva.platform.test.OpenApiAssertions;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

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
    void shouldDocumentEveryProblemEachEndpointAnswersAsProblemJson() {
        JsonNode paths = OpenApiAssertions.everyPath(http);
        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        expected.put(
                "post /api/v1/bills/fetch",
                Map.of(
                        "400", "VALIDATION_FAILED",
                        "401", "UNAUTHENTICATED",
                        "403", "CHANNEL_NOT_SUPPORTED NOT_AVAILABLE_IN_COUNTRY FORBIDDEN",
                        "404", "SERVICE_NOT_FOUND CONSUMER_NOT_FOUND",
                        "422", "NO_BILL_DUE",
                        "502", "DEPARTMENT_ERROR",
                        "503", "DEPARTMENT_UNAVAILABLE",
                        "504", "DEPARTMENT_TIMEOUT"));
        expected.put(
                "get /api/v1/bills/{billId}",
                Map.of("401", "UNAUTHENTICATED", "403", "FORBIDDEN", "404", "BILL_NOT_FOUND"));
        expected.put(
                "post /api/v1/payments",
                Map.of(
                        "400", "VALIDATION_FAILED Idempotency-Key",
                        "401", "UNAUTHENTICATED",
                        "403", "FORBIDDEN",
                        "404", "BILL_NOT_FOUND SERVICE_NOT_FOUND",
                        "409", "IDEMPOTENCY_IN_PROGRESS BILL_ALREADY_PAID PAYMENT_IN_PROGRESS",
                        "422", "IDEMPOTENCY_KEY_REUSED AMOUNT_MISMATCH",
                        "502", "PAYMENT_NOT_STARTED",
                        "503", "PAYMENT_GATEWAY_UNAVAILABLE DEPARTMENT_UNAVAILABLE"));
        expected.put(
                "get /api/v1/payments",
                Map.of("400", "VALIDATION_FAILED", "401", "UNAUTHENTICATED", "403", "FORBIDDEN"));
        expected.put(
                "get /api/v1/payments/{paymentId}",
                Map.of("401", "UNAUTHENTICATED", "403", "FORBIDDEN", "404", "PAYMENT_NOT_FOUND"));
        expected.put(
                "get /api/v1/payments/{paymentId}/receipt",
                Map.of(
                        "401", "UNAUTHENTICATED",
                        "403", "FORBIDDEN",
                        "404", "PAYMENT_NOT_FOUND",
                        "406", "NOT_ACCEPTABLE",
                        "409", "RECEIPT_NOT_AVAILABLE"));
        expected.put(
                "post /api/v1/payments/webhooks/{gateway}",
                Map.of(
                        "400", "VALIDATION_FAILED",
                        "401", "WEBHOOK_SIGNATURE_INVALID",
                        "404", "GATEWAY_NOT_FOUND",
                        "415", "UNSUPPORTED_MEDIA_TYPE"));
        expected.put(
                "post /internal/v1/citizens/{citizenId}/erasure", Map.of("401", "UNAUTHENTICATED", "403", "FORBIDDEN"));
        expected.put("post /internal/v1/reconciliation/runs", Map.of("401", "UNAUTHENTICATED", "403", "FORBIDDEN"));
        expected.put(
                "get /internal/v1/reconciliation/reports/{gateway}/{day}",
                Map.of("400", "VALIDATION_FAILED", "401", "UNAUTHENTICATED", "403", "FORBIDDEN"));
        expected.put("get /internal/v1/ledger/check", Map.of("401", "UNAUTHENTICATED", "403", "FORBIDDEN"));
        expected.put(
                "get /internal/v1/reconciliation/findings",
                Map.of("400", "VALIDATION_FAILED", "401", "UNAUTHENTICATED", "403", "FORBIDDEN"));
        expected.put(
                "post /internal/v1/reconciliation/findings/{id}/resolution",
                Map.of(
                        "400", "VALIDATION_FAILED",
                        "401", "UNAUTHENTICATED",
                        "403", "FORBIDDEN",
                        "404", "FINDING_NOT_FOUND",
                        "409", "FINDING_ALREADY_RESOLVED"));

        SoftAssertions softly = new SoftAssertions();
        OpenApiAssertions.assertDocumentedProblems(softly, paths, expected);
        softly.assertAll();
        assertThat(paths.path("/api/v1/bills/fetch")
                        .path("post")
                        .path("parameters")
                        .findValuesAsString("name"))
                .containsExactlyInAnyOrder("X-Channel", "X-Country");
        assertThat(paths.path("/api/v1/payments/{paymentId}/receipt")
                        .path("get")
                        .path("responses")
                        .path("200")
                        .path("content")
                        .has("application/pdf"))
                .isTrue();
    }

    @Test
    void shouldNameTheGatewayAsTheServerOfItsPublicDocument(@Value("${platform.security.issuer}") String issuer) {
        OpenApiAssertions.assertPublicDocumentNamesTheGateway(http, issuer, applicationName);
    }

    @Test
    void shouldDeclareTheBearerTokenOnEveryOperationThatNeedsOne() {
        JsonNode paths = OpenApiAssertions.everyPath(http);

        assertThat(OpenApiAssertions.security(paths, "post /api/v1/payments/webhooks/{gateway}"))
                .isEmpty();
        assertThat(OpenApiAssertions.security(paths, "post /api/v1/bills/fetch"))
                .isEqualTo("bearer [citizen]");
        assertThat(OpenApiAssertions.security(paths, "post /api/v1/payments")).isEqualTo("bearer [citizen]");
        assertThat(OpenApiAssertions.security(paths, "get /api/v1/payments/{paymentId}/receipt"))
                .isEqualTo("bearer [citizen]");
        // the operators' endpoints: an operator's token (admin) or a service's
        assertThat(OpenApiAssertions.security(paths, "post /internal/v1/reconciliation/runs"))
                .isEqualTo("bearer [admin, service]");
        assertThat(OpenApiAssertions.security(paths, "post /internal/v1/reconciliation/findings/{id}/resolution"))
                .isEqualTo("bearer [admin, service]");
        assertThat(OpenApiAssertions.security(paths, "get /internal/v1/ledger/check"))
                .isEqualTo("bearer [admin, service]");
        assertThat(OpenApiAssertions.security(paths, "post /internal/v1/citizens/{citizenId}/erasure"))
                .isEqualTo("bearer [erasure]");
        OpenApiAssertions.assertDocumentedSecurityHolds(http);
    }

    @Test
    void shouldDocumentItsInternalEndpointsOnlyInTheInternalDocument() {
        OpenApiAssertions.assertInternalEndpointsOnlyInTheInternalDocument(
                http,
                "/internal/v1/citizens/{citizenId}/erasure",
                "/internal/v1/reconciliation/runs",
                "/internal/v1/reconciliation/reports/{gateway}/{day}",
                "/internal/v1/reconciliation/findings",
                "/internal/v1/reconciliation/findings/{id}/resolution",
                "/internal/v1/ledger/check");
    }

    @Test
    void shouldDocumentThePaymentApiWithItsIdempotencyKeyAndNoInternalParameters() {
        tools.jackson.databind.JsonNode docs = org.janseva.platform.test.TestHttp.json(http.get("/v3/api-docs"));
        tools.jackson.databind.JsonNode create =
                docs.path("paths").path("/api/v1/payments").path("post");

        org.assertj.core.api.Assertions.assertThat(create.path("parameters").findValuesAsString("name"))
                .containsExactly("Idempotency-Key");
        // the header as documented: required (a missing one is a 400), a string, in the header
        org.assertj.core.api.Assertions.assertThat(
                        create.path("parameters").get(0).toString())
                .isEqualTo("{\"name\":\"Idempotency-Key\",\"in\":\"header\",\"description\":\"1-64 printable"
                        + " characters, unique per payment attempt; sent once\",\"required\":true,\"schema\":"
                        + "{\"type\":\"string\"}}");
        org.assertj.core.api.Assertions.assertThat(
                        create.path("responses").path("201").toString())
                .contains("PaymentCreatedView");
        org.assertj.core.api.Assertions.assertThat(docs.toString()).doesNotContain("\"caller\"");
        org.assertj.core.api.Assertions.assertThat(docs.path("paths").has("/api/v1/payments/webhooks/{gateway}"))
                .isTrue();
    }

    @Test
    void shouldDocumentTheWebhooksSignatureHeaderAndNoMadeUpHeadersParameter() {
        tools.jackson.databind.JsonNode docs = org.janseva.platform.test.TestHttp.json(http.get("/v3/api-docs"));
        tools.jackson.databind.JsonNode webhook =
                docs.path("paths").path("/api/v1/payments/webhooks/{gateway}").path("post");

        tools.jackson.databind.JsonNode parameters = webhook.path("parameters");
        org.assertj.core.api.Assertions.assertThat(parameters.findValuesAsString("name"))
                .containsExactlyInAnyOrder("gateway", "X-PG-Signature");
        for (tools.jackson.databind.JsonNode parameter : parameters) {
            if (parameter.path("name").asString().equals("X-PG-Signature")) {
                org.assertj.core.api.Assertions.assertThat(parameter.path("in").asString())
                        .isEqualTo("header");
                org.assertj.core.api.Assertions.assertThat(
                                parameter.path("schema").path("type").asString())
                        .isEqualTo("string");
            }
        }
        org.assertj.core.api.Assertions.assertThat(webhook.toString()).doesNotContain("HttpHeaders");
        org.assertj.core.api.Assertions.assertThat(webhook.path("responses").has("415"))
                .isTrue();
        // the body is the gateway's JSON event, not a base64 string of any media type
        tools.jackson.databind.JsonNode content = webhook.path("requestBody").path("content");
        org.assertj.core.api.Assertions.assertThat(content.propertyNames()).containsExactly("application/json");
        org.assertj.core.api.Assertions.assertThat(content.path("application/json")
                        .path("schema")
                        .path("type")
                        .asString())
                .isEqualTo("object");
    }

    /**
     * Its answers were documented as {@code *}{@code /*}: each names its media type, JSON but for the
     * PDF receipt (and the problems).
     */
    @Test
    void shouldNameTheMediaTypeOfEveryAnswer() {
        OpenApiAssertions.assertEveryAnswerNamesItsMediaType(http);
        JsonNode paths = OpenApiAssertions.everyPath(http);
        Map<String, String> successes = Map.of(
                "get /api/v1/payments", "application/json",
                "post /api/v1/payments", "application/json",
                "get /api/v1/payments/{paymentId}", "application/json",
                "get /api/v1/payments/{paymentId}/receipt", "application/pdf",
                "post /api/v1/payments/webhooks/{gateway}", "application/json",
                "post /api/v1/bills/fetch", "application/json",
                "get /api/v1/bills/{billId}", "application/json",
                "get /internal/v1/ledger/check", "application/json");
        successes.forEach((operation, mediaType) -> OpenApiAssertions.responses(paths, operation).properties().stream()
                .filter(response -> response.getKey().startsWith("2"))
                .forEach(response -> assertThat(
                                response.getValue().path("content").propertyNames())
                        .as(operation)
                        .containsExactly(mediaType)));
    }
}
