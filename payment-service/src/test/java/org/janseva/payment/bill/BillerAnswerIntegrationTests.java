package org.janseva.payment.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.UUID;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a bill fetch keeps: only a bill of a utility biller's service, and only one that can be
 * paid. Anything else the biller answers is its 502, never a 500, and nothing is kept.
 */
class BillerAnswerIntegrationTests extends PaymentIntegrationTestBase {

    private static String newCode() {
        return "TEST-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private static String bill(String amount) {
        return "{\"billNumber\": \"B-1001\", \"customerName\": \"Asha Devi\", \"billDate\": \"2026-11-01\","
                + " \"dueDate\": \"2026-11-30\", \"amount\": " + amount + "}";
    }

    private long kept(String serviceCode) {
        return jdbc.sql("select count(*) from bill where upper(service_code) = ?")
                .params(serviceCode)
                .query(Long.class)
                .single();
    }

    @Test
    void shouldAnswer502AndKeepNothingWhenTheBillersAnswerIsNotAPayableBill() {
        String citizen = newCitizen();
        String[] notPayable = {
            // the amount: missing, not a number, fractions of a paisa, zero or less, more than a payment carries
            "{\"billNumber\": \"B-1\", \"dueDate\": \"2026-11-30\"}",
            bill("{\"currency\": \"INR\"}"),
            bill("{\"value\": \"abc\", \"currency\": \"INR\"}"),
            bill("{\"value\": \"\", \"currency\": \"INR\"}"),
            bill("{\"value\": {\"rupees\": 1}, \"currency\": \"INR\"}"),
            bill("{\"value\": \"1e3\", \"currency\": \"INR\"}"),
            bill("{\"value\": \"12.345\", \"currency\": \"INR\"}"),
            bill("{\"value\": \"0.00\", \"currency\": \"INR\"}"),
            bill("{\"value\": \"-250.00\", \"currency\": \"INR\"}"),
            bill("{\"value\": \"1000000000000.00\", \"currency\": \"INR\"}"),
            bill("{\"value\": \"99999999999999999999999.00\", \"currency\": \"INR\"}"),
            bill("{\"value\": 1e400, \"currency\": \"INR\"}"),
            bill("{\"value\": \"250.00\", \"currency\": \"USD\"}"),
            bill("{\"value\": \"250.00\", \"currency\": null}"),
            // the dates and the bill number
            bill("{\"value\": \"250.00\", \"currency\": \"INR\"}").replace("2026-11-30", "30/11/2026"),
            bill("{\"value\": \"250.00\", \"currency\": \"INR\"}").replace("2026-11-01", "2026-02-30"),
            bill("{\"value\": \"250.00\", \"currency\": \"INR\"}").replace("\"B-1001\"", "\"\""),
            bill("{\"value\": \"250.00\", \"currency\": \"INR\"}").replace("\"B-1001\"", "{\"no\": 1}"),
            bill("{\"value\": \"250.00\", \"currency\": \"INR\"}").replace("\"B-1001\"", "\"B-10\\u000001\""),
            bill("{\"value\": \"250.00\", \"currency\": \"INR\"}").replace("\"B-1001\"", "\"" + "B".repeat(201) + "\""),
            bill("{\"value\": \"250.00\", \"currency\": \"INR\"}").replace("Asha Devi", "Asha\\u0000Devi"),
            "\"a bill\"",
            "null"
        };
        for (String data : notPayable) {
            String service = newCode();
            catalog.fetchAnswer(service, data);

            JsonNode refused = assertProblem(fetchBill(citizen, service, "1234567890"), 502, "DEPARTMENT_ERROR");

            assertThat(refused.path("detail").asString()).as(data).contains("not a payable bill");
            assertThat(kept(service)).as(data).isZero();
        }
        // a 2xx that is not JSON at all
        String garbled = newCode();
        catalog.published(garbled);
        catalog.server()
                .on(
                        "POST",
                        "/api/v1/services/" + garbled + "/operations/fetch-bill",
                        new StubHttpServer.Answer(200, "text/html", "<html>maintenance</html>", 0, java.util.Map.of()));
        assertProblem(fetchBill(citizen, garbled, "1234567890"), 502, "DEPARTMENT_ERROR");
        assertThat(kept(garbled)).isZero();
    }

    @Test
    void shouldKeepABillWhoseAmountIsWholePaiseHoweverTheBillerWritesIt() {
        String citizen = newCitizen();
        String[][] payable = {
            {"{\"value\": \"12.340\", \"currency\": \"INR\"}", "12.34"},
            {"{\"value\": 250.5, \"currency\": \"INR\"}", "250.50"},
            {"{\"value\": \"7\"}", "7.00"},
            {"{\"value\": \"999999999999.99\", \"currency\": \"INR\"}", "999999999999.99"}
        };
        for (String[] amount : payable) {
            String service = newCode();
            catalog.fetchAnswer(service, bill(amount[0]));

            HttpResponse<String> fetched = fetchBill(citizen, service, "1234567890");

            assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
            assertThat(TestHttp.json(fetched).path("amount").path("value").asString())
                    .isEqualTo(amount[1]);
        }
    }

    @Test
    void shouldRefuseToFetchABillOfAServiceThatIsNotAUtilityBillersWithoutAskingIt() {
        String citizen = newCitizen();
        // a CENTRAL service with an operation coded fetch-bill whose answer maps to a bill's fields:
        // it could be paid, but it has no confirm-payment and the money would wait in clearing
        String central = newBiller("500.00");
        catalog.published(central, "CENTRAL", "Ministry of Something");
        // a utility service that does not offer fetch-bill to citizens
        String noFetch = newBiller("500.00");
        catalog.entry(
                noFetch,
                StubHttpServer.Answer.json(
                        "{\"code\": \"" + noFetch + "\", \"type\": \"UTILITY\", \"operations\": []}"));

        for (String service : new String[] {central, noFetch}) {
            JsonNode refused = assertProblem(fetchBill(citizen, service, "1234567890"), 404, "SERVICE_NOT_FOUND");

            assertThat(refused.path("detail").asString()).contains("No published biller service " + service);
            assertThat(catalog.server().arrivals("POST", "/api/v1/services/" + service + "/operations/fetch-bill"))
                    .as("the service was not asked")
                    .isZero();
            assertThat(kept(service)).isZero();
        }
        // a utility biller's service is fetched
        HttpResponse<String> fetched = fetchBill(citizen, newBiller("500.00"), "1234567890");
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
    }
}
