package org.janseva.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * An {@code Accept} that refuses JSON is a 406 before anything changes: a payment's answer (its
 * content type set by the handler) was written whatever Accept said, a bill fetch's 406 came once
 * the biller had been asked and the bill kept, a reconciliation run's once it had run.
 */
class NotAcceptableIntegrationTests extends PaymentIntegrationTestBase {

    private static final String XML = "application/xml";

    @Autowired
    MeterRegistry meters;

    @Test
    void shouldRefuseAPaymentWhoseAcceptRefusesJsonWithoutStoringItOrTakingTheKey() {
        String citizen = newCitizen();
        String billId = billFor(citizen, newBiller("410.00"));
        String key = UUID.randomUUID().toString();
        String body = paymentBody(billId, "410.00", "UPI");

        for (String accept : List.of(XML, "text/html", "application/json;q=0, text/plain")) {
            assertProblem(pay(citizen, key, body, accept), 406, "NOT_ACCEPTABLE");
        }

        assertThat(payments(billId)).isZero();
        assertThat(jdbc.sql("select count(*) from idempotency_record where citizen_ref = ?")
                        .param(citizen)
                        .query(Long.class)
                        .single())
                .isZero();
        HttpResponse<String> created = pay(citizen, key, body, "application/json, application/problem+json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(payments(billId)).isOne();
    }

    @Test
    void shouldAnswerTheReadsInJsonOrRefuseThemNeverLabelThemAProblem() {
        String citizen = newCitizen();
        String billId = billFor(citizen, newBiller("120.00"));
        String paymentId = TestHttp.json(pay(
                        citizen,
                        UUID.randomUUID().toString(),
                        paymentBody(billId, "120.00", "UPI"),
                        "application/json"))
                .path("paymentId")
                .asString();
        for (String path : List.of("/api/v1/payments", "/api/v1/payments/" + paymentId, "/api/v1/bills/" + billId)) {
            // an answer is no problem document: that Accept alone takes no answer of these
            for (String accept : List.of("application/problem+json", XML)) {
                assertProblem(
                        http.get(path, "Authorization", bearer(citizen), "Accept", accept), 406, "NOT_ACCEPTABLE");
            }
            HttpResponse<String> answer = http.get(
                    path, "Authorization", bearer(citizen), "Accept", "application/json, application/problem+json");
            assertThat(answer.statusCode()).as("%s: %s", path, answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
        }
    }

    @Test
    void shouldRefuseABillFetchWhoseAcceptRefusesJsonWithoutAskingTheBillerOrKeepingTheBill() {
        String citizen = newCitizen();
        String service = newBiller("99.00");

        assertProblem(fetchBill(citizen, service, "1234567890", "Accept", XML), 406, "NOT_ACCEPTABLE");

        assertThat(catalog.server().requests()).noneMatch(r -> r.path().endsWith(service + "/operations/fetch-bill"));
        assertThat(bills(citizen)).isZero();
        for (String accept : List.of("*/*", "application/*", "application/json, application/problem+json")) {
            HttpResponse<String> fetched = fetchBill(citizen, service, "1234567890", "Accept", accept);
            assertThat(fetched.statusCode())
                    .as("%s: %s", accept, fetched.body())
                    .isEqualTo(200);
            assertThat(fetched.headers().firstValue("Content-Type")).hasValue("application/json");
        }
        assertThat(bills(citizen)).isOne();
    }

    @Test
    void shouldRefuseAReconciliationRunWhoseAcceptRefusesJsonWithoutRunningIt() {
        String operator = "Bearer " + tokens.serviceToken("platform-admin");
        double runs = completedRuns();

        assertProblem(
                http.postJson("/internal/v1/reconciliation/runs", "", "Authorization", operator, "Accept", XML),
                406,
                "NOT_ACCEPTABLE");

        assertThat(completedRuns()).isEqualTo(runs);
        HttpResponse<String> run = http.postJson("/internal/v1/reconciliation/runs", "", "Authorization", operator);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(completedRuns()).isEqualTo(runs + 1);
    }

    /** The receipt is a PDF, asked for as one: it declares no JSON and keeps answering. */
    @Test
    void shouldStillAnswerTheReceiptToAnAcceptOfPdf() throws IOException, InterruptedException {
        String citizen = newCitizen();
        JsonNode payment = newPayment(citizen, newBiller("75.00"), "75.00");
        String paymentId = payment.path("paymentId").asString();
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");

        HttpResponse<byte[]> receipt = HttpClient.newHttpClient()
                .send(
                        http.request("/api/v1/payments/" + paymentId + "/receipt")
                                .header("Authorization", bearer(citizen))
                                .header("Accept", "application/pdf")
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());

        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(new String(receipt.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        assertThat(TestHttp.json(http.get(
                                "/api/v1/payments/" + paymentId, "Authorization", bearer(citizen), "Accept", "*/*"))
                        .path("status")
                        .asString())
                .isEqualTo("SUCCESS");
    }

    /**
     * The receipt is a PDF only: an Accept that refuses PDF is the 406 problem every endpoint
     * answers such an Accept with. It was answered a PDF whatever Accept said.
     */
    @Test
    void shouldRefuseTheReceiptToAnAcceptThatRefusesPdf() throws IOException, InterruptedException {
        String citizen = newCitizen();
        JsonNode payment = newPayment(citizen, newBiller("85.00"), "85.00");
        String paymentId = payment.path("paymentId").asString();
        String receipt = "/api/v1/payments/" + paymentId + "/receipt";
        // a problem is a problem whatever Accept said: the payment is not SUCCESS yet
        assertProblem(
                http.get(receipt, "Authorization", bearer(citizen), "Accept", "application/pdf"),
                409,
                "RECEIPT_NOT_AVAILABLE");
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");

        JsonNode usual = assertProblem(
                http.get("/api/v1/payments", "Authorization", bearer(citizen), "Accept", XML), 406, "NOT_ACCEPTABLE");
        for (String accept : List.of("application/json", "application/problem+json", XML, "text/html")) {
            JsonNode problem = assertProblem(
                    http.get(receipt, "Authorization", bearer(citizen), "Accept", accept), 406, "NOT_ACCEPTABLE");
            assertThat(problem.propertyNames()).as(accept).containsExactlyInAnyOrderElementsOf(usual.propertyNames());
            assertThat(problem.path("title").asString())
                    .as(accept)
                    .isEqualTo(usual.path("title").asString());
            assertThat(problem.path("detail").asString())
                    .as(accept)
                    .isEqualTo(usual.path("detail").asString());
        }
        // another citizen's payment is refused by Accept alike: nothing is looked up first
        assertProblem(
                http.get(receipt, "Authorization", bearer(newCitizen()), "Accept", "application/json"),
                406,
                "NOT_ACCEPTABLE");

        for (String accept : Arrays.asList(
                "application/pdf", "*/*", "application/*", "application/json, application/pdf;q=0.5", null)) {
            HttpRequest.Builder request = http.request(receipt).header("Authorization", bearer(citizen));
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<byte[]> answer =
                    HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.statusCode()).as(String.valueOf(accept)).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .as(String.valueOf(accept))
                    .hasValue("application/pdf");
            assertThat(new String(answer.body(), 0, 5, StandardCharsets.US_ASCII))
                    .as(String.valueOf(accept))
                    .isEqualTo("%PDF-");
        }
    }

    private HttpResponse<String> pay(String citizen, String key, String body, String accept) {
        return http.postJson(
                "/api/v1/payments", body, "Authorization", bearer(citizen), "Idempotency-Key", key, "Accept", accept);
    }

    private long payments(String billId) {
        return jdbc.sql("select count(*) from payment where bill_id = ?")
                .param(billId)
                .query(Long.class)
                .single();
    }

    private long bills(String citizen) {
        return jdbc.sql("select count(*) from bill where citizen_ref = ?")
                .param(citizen)
                .query(Long.class)
                .single();
    }

    private double completedRuns() {
        Counter counter = meters.find("janseva.payments.reconciliation.runs")
                .tag("result", "completed")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
