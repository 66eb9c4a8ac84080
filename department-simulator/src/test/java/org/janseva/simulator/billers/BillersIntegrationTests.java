package org.janseva.simulator.billers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BillersIntegrationTests {

    private static final AtomicInteger CONSUMERS = new AtomicInteger(5_000);

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
    }

    /** A consumer number no other test uses: the billers remember payments. */
    private static String freshConsumer() {
        return "BLR" + CONSUMERS.incrementAndGet() + "1";
    }

    private JsonNode fetch(String biller, String consumer) {
        HttpResponse<String> response = http.postJson(
                "/billers/" + biller + "/bill/fetch",
                "{\"requestId\": \"r1\", \"customerParams\": {\"consumerNumber\": \"" + consumer + "\"}}");
        assertThat(response.statusCode()).isEqualTo(200);
        return TestHttp.json(response);
    }

    private JsonNode pay(String biller, String consumer, String billNumber, String reference, String paise) {
        HttpResponse<String> response = http.postJson(
                "/billers/" + biller + "/bill/payment",
                "{\"requestId\": \"r2\", \"customerParams\": {\"consumerNumber\": \"" + consumer
                        + "\"}, \"billNumber\": \""
                        + billNumber + "\", \"paymentReference\": \"" + reference + "\", \"amount\": \"" + paise
                        + "\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        return TestHttp.json(response);
    }

    @Test
    void shouldGiveTheSameBillForTheSameConsumerUntilItIsPaid() {
        String consumer = freshConsumer();
        JsonNode first = fetch("BESCOM", consumer);
        JsonNode second = fetch("BESCOM", consumer);

        assertThat(first.path("responseCode").asString()).isEqualTo("000");
        JsonNode bill = first.path("billerResponse");
        assertThat(bill.path("billNumber").asString()).startsWith("BESCOM");
        assertThat(bill.path("customerName").asString()).isNotBlank();
        assertThat(bill.path("billAmount").asString()).matches("\\d+");
        assertThat(bill.path("dueDate").asString())
                .isGreaterThan(bill.path("billDate").asString());
        long parts = 0;
        for (JsonNode part : bill.path("amountOptions")) {
            parts += Long.parseLong(part.path("amountValue").asString());
        }
        assertThat(parts).isEqualTo(Long.parseLong(bill.path("billAmount").asString()));
        assertThat(second).isEqualTo(first);
        assertThat(fetch("MSEDCL", consumer)
                        .path("billerResponse")
                        .path("billNumber")
                        .asString())
                .startsWith("MSEDCL");
    }

    @Test
    void shouldSayNoBillDueOrConsumerNotFoundByConsumerNumber() {
        assertThat(fetch("BESCOM", "1234567000").path("responseCode").asString())
                .isEqualTo("BFR004");
        assertThat(fetch("BESCOM", "1234567404").path("responseCode").asString())
                .isEqualTo("BFR001");
        assertThat(fetch("BESCOM", "no!").path("responseCode").asString()).isEqualTo("BFR001");
        assertThat(fetch("DJB", "DL/2024-00017").path("responseCode").asString())
                .as("slashes and hyphens, as the catalogue allows")
                .isEqualTo("000");
    }

    @Test
    void shouldAcceptAPaymentOnceAndThenHaveNoBillDue() {
        String consumer = freshConsumer();
        JsonNode bill = fetch("BESCOM", consumer).path("billerResponse");
        String billNumber = bill.path("billNumber").asString();
        String amount = bill.path("billAmount").asString();

        JsonNode accepted = pay("BESCOM", consumer, billNumber, "PAY-" + consumer, amount);
        JsonNode replayed = pay("BESCOM", consumer, billNumber, "PAY-" + consumer, amount);
        JsonNode another = pay("BESCOM", consumer, billNumber, "PAY-OTHER-" + consumer, amount);

        assertThat(accepted.path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(accepted.path("billerReference").asString()).isNotBlank();
        assertThat(replayed).isEqualTo(accepted);
        assertThat(another.path("status").asString()).isEqualTo("REJECTED");
        assertThat(another.path("responseCode").asString()).isEqualTo("BPR002");
        assertThat(fetch("BESCOM", consumer).path("responseCode").asString()).isEqualTo("BFR004");
    }

    @Test
    void shouldRejectAWrongAmountAndABlockedAccount() {
        String consumer = freshConsumer();
        JsonNode bill = fetch("BESCOM", consumer).path("billerResponse");
        JsonNode wrongAmount = pay("BESCOM", consumer, bill.path("billNumber").asString(), "W-" + consumer, "1");

        assertThat(wrongAmount.path("status").asString()).isEqualTo("REJECTED");
        assertThat(wrongAmount.path("responseCode").asString()).isEqualTo("BPR003");
        assertThat(fetch("BESCOM", consumer).path("responseCode").asString()).isEqualTo("000");

        JsonNode blockedBill = fetch("BESCOM", "55512777").path("billerResponse");
        JsonNode blocked = pay(
                "BESCOM",
                "55512777",
                blockedBill.path("billNumber").asString(),
                "B-55512777",
                blockedBill.path("billAmount").asString());
        assertThat(blocked.path("status").asString()).isEqualTo("REJECTED");
        assertThat(blocked.path("responseCode").asString()).isEqualTo("BPR005");
    }

    @Test
    void shouldHonourTheBillersFaults() {
        http.sendJson("PUT", "/faults/IGL", "{\"down\": true}");
        try {
            HttpResponse<String> response =
                    http.postJson("/billers/IGL/bill/fetch", "{\"customerParams\": {\"consumerNumber\": \"123456\"}}");
            assertThat(response.statusCode()).isEqualTo(503);
        } finally {
            http.sendJson("DELETE", "/faults/IGL", "");
        }
    }
}
