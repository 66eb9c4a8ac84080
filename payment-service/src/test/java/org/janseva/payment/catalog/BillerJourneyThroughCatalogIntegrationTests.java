package org.janseva.payment.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.janseva.payment.ledger.LedgerCheck;
import org.janseva.payment.support.CatalogServiceProcess;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.payment.support.PaymentTestEnvironment;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * The biller journey with nothing stubbed between payment-service and the biller:
 * payment-service → the real catalog-service (its invocation API, its {@code bbps-biller}
 * adapter, the shipped catalogue's BESCOM) → the simulator's biller, and the simulator's payment
 * gateway. The other payment tests play catalog-service with {@code CatalogStub}; this one
 * catches a drift between the two services' contract (a bill's field names, the problem codes,
 * the service token and {@code X-On-Behalf-Of}) that the stub would hide.
 *
 * <p>Its payment-service has a database of its own, so that the outbox of the stub-backed context
 * (still alive in Spring's context cache) never confirms these payments with the stub. The
 * simulator's biller is deterministic by consumer number: one ending in {@code 000} has no bill
 * due, {@code 404} is unknown, {@code 777} has a bill whose every payment the biller refuses; a
 * paid bill is no longer due. Each test makes up fresh consumer numbers, as the simulator keeps
 * its books for the whole test JVM.
 */
@EmbeddedPostgresTest(database = "payments_catalog")
@ContextConfiguration(
        initializers = BillerJourneyThroughCatalogIntegrationTests.RealCatalogService.class,
        inheritInitializers = false)
class BillerJourneyThroughCatalogIntegrationTests extends PaymentIntegrationTestBase {

    /** BESCOM's bill service as the shipped catalogue names it (billers.txt: {@code <CODE>-BILL}). */
    private static final String BESCOM_BILL = "BESCOM-BILL";

    @Autowired
    LedgerCheck ledgerCheck;

    /**
     * The payment tests' surroundings with the real catalog-service in place of the stub; it
     * replaces {@link PaymentTestEnvironment} rather than running next to it, as of two
     * initializers setting the catalog's URL the stub's won.
     */
    static class RealCatalogService extends PaymentTestEnvironment {

        @Override
        protected String catalogBaseUrl() {
            return CatalogServiceProcess.get().baseUrl();
        }
    }

    @BeforeEach
    void awaitCatalogService() {
        CatalogServiceProcess.get().awaitReady();
    }

    @Test
    void shouldFetchAndKeepTheBillTheBillerHoldsThroughCatalogService() {
        String citizen = newCitizen();
        String consumer = consumerNumber("1");
        JsonNode held = billerBill(consumer);

        HttpResponse<String> response = fetchBill(citizen, BESCOM_BILL, consumer);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode bill = TestHttp.json(response);
        BigDecimal amount = new BigDecimal(held.path("billAmount").asString()).movePointLeft(2);
        assertThat(bill.path("serviceCode").asString()).isEqualTo(BESCOM_BILL);
        assertThat(bill.path("billerName").asString()).isEqualTo("Bangalore Electricity Supply Company (BESCOM)");
        assertThat(bill.path("billNumber").asString())
                .isEqualTo(held.path("billNumber").asString());
        assertThat(bill.path("customerName").asString())
                .isEqualTo(held.path("customerName").asString());
        assertThat(bill.path("billDate").asString())
                .isEqualTo(held.path("billDate").asString());
        assertThat(bill.path("dueDate").asString())
                .isEqualTo(held.path("dueDate").asString());
        assertThat(bill.path("amount").path("value").asString()).isEqualTo(amount.toPlainString());
        assertThat(bill.path("amount").path("currency").asString()).isEqualTo("INR");
        assertThat(bill.path("status").asString()).isEqualTo("UNPAID");
        // kept for the citizen as the biller answered, its reference included
        assertThat(jdbc.sql("select amount, due_date::text, biller_reference from bill where id = ?")
                        .params(bill.path("billId").asString())
                        .query((rs, i) ->
                                rs.getBigDecimal(1).toPlainString() + " " + rs.getString(2) + " " + rs.getString(3))
                        .single())
                .isEqualTo(amount.toPlainString() + " " + held.path("dueDate").asString() + " FR"
                        + held.path("billNumber").asString());
    }

    /**
     * catalog-service takes a service code in any case; the bill is kept under the catalogue's
     * spelling, so the rules against a second payment see one bill (a bill fetched as
     * "bescom-bill" was another bill, and both were paid and captured).
     */
    @Test
    void shouldKeepABillFetchedWithTheCodeInAnyCaseAsTheSameBillAndTakeOnePaymentOfIt() {
        String citizen = newCitizen();
        String other = newCitizen();
        String consumer = consumerNumber("1");

        JsonNode upper = fetched(fetchBill(citizen, BESCOM_BILL, consumer));
        HttpResponse<String> lowerFetch = fetchBill(citizen, "bescom-bill", consumer);
        assertThat(lowerFetch.statusCode()).as(lowerFetch.body()).isEqualTo(200);
        JsonNode lower = TestHttp.json(lowerFetch);
        assertThat(lower.path("serviceCode").asString()).isEqualTo(BESCOM_BILL);
        assertThat(lower.path("billId").asString())
                .isEqualTo(upper.path("billId").asString());
        JsonNode othersBill = fetched(fetchBill(other, "Bescom-Bill", consumer));
        assertThat(othersBill.path("serviceCode").asString()).isEqualTo(BESCOM_BILL);

        String amount = upper.path("amount").path("value").asString();
        HttpResponse<String> first = pay(
                citizen,
                UUID.randomUUID().toString(),
                paymentBody(upper.path("billId").asString(), amount, "UPI"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertProblem(
                pay(
                        other,
                        UUID.randomUUID().toString(),
                        paymentBody(othersBill.path("billId").asString(), amount, "UPI")),
                409,
                "PAYMENT_IN_PROGRESS");
        assertThat(jdbc.sql("select count(*) from payment where consumer_number = ?")
                        .params(consumer)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void shouldAnswerTheBillersAndTheCataloguesRefusalsAsClearProblems() {
        String citizen = newCitizen();

        assertProblem(fetchBill(citizen, BESCOM_BILL, consumerNumber("000")), 422, "NO_BILL_DUE");
        assertProblem(fetchBill(citizen, BESCOM_BILL, consumerNumber("404")), 404, "CONSUMER_NOT_FOUND");
        // BESCOM's consumer numbers are 6 to 15 letters or digits: catalog-service's schema refuses this one
        JsonNode refused = assertProblem(fetchBill(citizen, BESCOM_BILL, "12-34"), 400, "VALIDATION_FAILED");
        assertThat(refused.path("errors").findValuesAsString("field")).containsExactly("params.consumerNumber");
        assertProblem(fetchBill(citizen, "NO-SUCH-BILLER-BILL", consumerNumber("1")), 404, "SERVICE_NOT_FOUND");
        assertThat(jdbc.sql("select count(*) from bill where citizen_ref = ?")
                        .params(citizen)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void shouldRefuseTheBillOnAChannelOrInACountryTheBillerIsNotOfferedAsCatalogServiceDoes() {
        String citizen = newCitizen();
        String consumer = consumerNumber("1");

        // BESCOM-BILL is offered on android, ios and web, in India
        JsonNode channel = assertProblem(
                fetchBill(citizen, BESCOM_BILL, consumer, "X-Channel", "kaios"), 403, "CHANNEL_NOT_SUPPORTED");
        JsonNode country = assertProblem(
                fetchBill(citizen, BESCOM_BILL, consumer, "X-Country", "US"), 403, "NOT_AVAILABLE_IN_COUNTRY");
        // the same problems as invoking the biller directly gives the citizen
        HttpResponse<String> direct = TestHttp.to(
                        URI.create(CatalogServiceProcess.get().baseUrl()))
                .postJson(
                        "/api/v1/services/" + BESCOM_BILL + "/operations/fetch-bill",
                        "{\"consumerNumber\": \"" + consumer + "\"}",
                        "Authorization",
                        bearer(citizen),
                        "X-Channel",
                        "kaios");
        JsonNode directProblem = assertProblem(direct, 403, "CHANNEL_NOT_SUPPORTED");
        assertThat(channel.path("type").asString())
                .isEqualTo(directProblem.path("type").asString());
        assertThat(channel.path("title").asString())
                .isEqualTo(directProblem.path("title").asString());
        assertThat(channel.path("detail").asString())
                .isEqualTo(directProblem.path("detail").asString());
        assertThat(country.path("detail").asString()).contains("US");
        assertThat(jdbc.sql("select count(*) from bill where citizen_ref = ?")
                        .params(citizen)
                        .query(Long.class)
                        .single())
                .isZero();

        // the defaults (web, India) and a channel it is offered on
        assertThat(fetchBill(citizen, BESCOM_BILL, consumer).statusCode()).isEqualTo(200);
        HttpResponse<String> android =
                fetchBill(citizen, BESCOM_BILL, consumer, "X-Channel", "Android", "X-Country", "in");
        assertThat(android.statusCode()).as(android.body()).isEqualTo(200);
    }

    @Test
    void shouldPayTheBillAndHaveTheBillerConfirmItThroughCatalogService() {
        String citizen = newCitizen();
        String consumer = consumerNumber("1");
        JsonNode bill = fetchedBill(citizen, consumer);
        String amount = bill.path("amount").path("value").asString();

        HttpResponse<String> created = pay(
                citizen,
                UUID.randomUUID().toString(),
                paymentBody(bill.path("billId").asString(), amount, "UPI"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode payment = TestHttp.json(created);
        String paymentId = payment.path("paymentId").asString();
        assertThat(complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL")
                        .statusCode())
                .isEqualTo(200);
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");

        JsonNode paid = payment(citizen, paymentId);
        assertThat(paid.path("billerStatus").asString()).isEqualTo("CONFIRMED");
        assertThat(paid.path("amount").path("value").asString()).isEqualTo(amount);
        assertThat(jdbc.sql("select biller_reference from payment where id = ?")
                        .params(paymentId)
                        .query(String.class)
                        .single())
                .matches("BESCOM[0-9]{10}");
        assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
        // the biller has booked it: the bill is no longer due, there or here
        assertThat(billerFetch(consumer).path("responseCode").asString()).isEqualTo("BFR004");
        assertProblem(fetchBill(citizen, BESCOM_BILL, consumer), 422, "NO_BILL_DUE");
        assertThat(TestHttp.json(http.get(
                                "/api/v1/bills/" + bill.path("billId").asString(), "Authorization", bearer(citizen)))
                        .path("status")
                        .asString())
                .isEqualTo("PAID");
    }

    @Test
    void shouldRefundWhenTheBillerRejectsTheConfirmation() {
        String citizen = newCitizen();
        // the simulator's biller has a bill for this consumer but refuses every payment of it
        JsonNode bill = fetchedBill(citizen, consumerNumber("777"));
        String amount = bill.path("amount").path("value").asString();
        HttpResponse<String> created = pay(
                citizen,
                UUID.randomUUID().toString(),
                paymentBody(bill.path("billId").asString(), amount, "UPI"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String paymentId = TestHttp.json(created).path("paymentId").asString();

        complete(TestHttp.json(created).path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");

        awaitStatus(paymentId, "REFUNDED/FAILED");
        assertThat(payment(citizen, paymentId).path("failureReason").asString()).contains("ACCOUNT_BLOCKED");
        assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
        assertThat(TestHttp.json(http.get(
                                "/api/v1/bills/" + bill.path("billId").asString(), "Authorization", bearer(citizen)))
                        .path("status")
                        .asString())
                .isEqualTo("UNPAID");
    }

    @Test
    void shouldShowTheBillPaidToAnotherCitizenWhoKeptTheSameConsumersBill() {
        String payer = newCitizen();
        String other = newCitizen();
        String consumer = consumerNumber("1");
        JsonNode payersBill = fetchedBill(payer, consumer);
        JsonNode othersBill = fetchedBill(other, consumer);
        assertThat(othersBill.path("billNumber").asString())
                .isEqualTo(payersBill.path("billNumber").asString());
        assertThat(othersBill.path("billId").asString())
                .isNotEqualTo(payersBill.path("billId").asString());
        String amount = payersBill.path("amount").path("value").asString();

        String paymentId = paid(payer, payersBill);
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");

        String othersBillId = othersBill.path("billId").asString();
        assertThat(bill(other, othersBillId).path("status").asString()).isEqualTo("PAID");
        assertProblem(
                pay(other, UUID.randomUUID().toString(), paymentBody(othersBillId, amount, "UPI")),
                409,
                "BILL_ALREADY_PAID");
        // the biller has booked it: nothing is due, and the kept bill still says it is paid
        assertProblem(fetchBill(other, BESCOM_BILL, consumer), 422, "NO_BILL_DUE");
        assertThat(bill(other, othersBillId).path("status").asString()).isEqualTo("PAID");
    }

    @Test
    void shouldShowTheBillUnpaidToEveryCitizenWhoKeptItWhenTheBillerRefusesThePayment() {
        String payer = newCitizen();
        String other = newCitizen();
        // the simulator's biller has a bill for this consumer but refuses every payment of it
        String consumer = consumerNumber("777");
        JsonNode payersBill = fetchedBill(payer, consumer);
        String othersBillId = fetchedBill(other, consumer).path("billId").asString();

        String paymentId = paid(payer, payersBill);
        awaitStatus(paymentId, "REFUNDED/FAILED");

        assertThat(bill(payer, payersBill.path("billId").asString())
                        .path("status")
                        .asString())
                .isEqualTo("UNPAID");
        assertThat(bill(other, othersBillId).path("status").asString()).isEqualTo("UNPAID");
        // and payable again, by either of them
        HttpResponse<String> again = pay(
                other,
                UUID.randomUUID().toString(),
                paymentBody(
                        othersBillId, payersBill.path("amount").path("value").asString(), "UPI"));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    }

    @Test
    void shouldRefuseToPayABillWhoseBillerCatalogServiceSuspendedAfterItWasFetched() {
        // a biller of its own, so that suspending it cannot disturb the other tests' BESCOM
        String service = "MESCOM-BILL";
        String citizen = newCitizen();
        JsonNode bill = fetched(fetchBill(citizen, service, consumerNumber("1")));
        String billId = bill.path("billId").asString();
        String amount = bill.path("amount").path("value").asString();
        String key = UUID.randomUUID().toString();
        try {
            changeStatus(service, "SUSPENDED");

            assertProblem(pay(citizen, key, paymentBody(billId, amount, "UPI")), 404, "SERVICE_NOT_FOUND");
            assertThat(jdbc.sql("select count(*) from payment where citizen_ref = ?")
                            .params(citizen)
                            .query(Long.class)
                            .single())
                    .isZero();
        } finally {
            changeStatus(service, "PUBLISHED");
        }
        HttpResponse<String> created = pay(citizen, key, paymentBody(billId, amount, "UPI"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private void changeStatus(String service, String status) {
        HttpResponse<String> changed = TestHttp.to(
                        URI.create(CatalogServiceProcess.get().baseUrl()))
                .sendJson(
                        "PATCH",
                        "/api/v1/admin/services/" + service,
                        "{\"status\": \"" + status + "\"}",
                        "Authorization",
                        "Bearer " + tokens.adminToken("platform-admin"));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    }

    /** @return the id of a payment of the bill the citizen made and the gateway captured */
    private String paid(String citizen, JsonNode bill) {
        HttpResponse<String> created = pay(
                citizen,
                UUID.randomUUID().toString(),
                paymentBody(
                        bill.path("billId").asString(),
                        bill.path("amount").path("value").asString(),
                        "UPI"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(complete(
                                TestHttp.json(created)
                                        .path("checkout")
                                        .path("orderId")
                                        .asString(),
                                "SUCCESS",
                                "NORMAL")
                        .statusCode())
                .isEqualTo(200);
        return TestHttp.json(created).path("paymentId").asString();
    }

    /** @return a consumer number no other test has used, ending in the simulator's convention */
    private static String consumerNumber(String ending) {
        StringBuilder number = new StringBuilder("9");
        while (number.length() < 12 - ending.length()) {
            number.append(ThreadLocalRandom.current().nextInt(10));
        }
        return number.append(ending).toString();
    }

    /** @return BESCOM's bill of the consumer, fetched through payment-service */
    private JsonNode fetchedBill(String citizen, String consumer) {
        return fetched(fetchBill(citizen, BESCOM_BILL, consumer));
    }

    /** @return the bill of a fetch that must have succeeded (a failed one fails here, not later) */
    private static JsonNode fetched(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response);
    }

    /** @return the bill the simulator's BESCOM holds for the consumer, asked directly */
    private JsonNode billerBill(String consumer) {
        JsonNode answer = billerFetch(consumer);
        assertThat(answer.path("responseCode").asString()).as(answer.toString()).isEqualTo("000");
        return answer.path("billerResponse");
    }

    private JsonNode billerFetch(String consumer) {
        HttpResponse<String> response = simulator.postJson(
                "/billers/BESCOM/bill/fetch",
                "{\"requestId\": \"" + UUID.randomUUID() + "\", \"customerParams\": {\"consumerNumber\": \"" + consumer
                        + "\"}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response);
    }
}
