package org.janseva.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.janseva.payment.ledger.LedgerCheck;
import org.janseva.payment.support.CatalogStub;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

@ExtendWith(OutputCaptureExtension.class)
class PaymentJourneyIntegrationTests extends PaymentIntegrationTestBase {

    @Autowired
    LedgerCheck ledgerCheck;

    @Test
    void shouldFetchAndKeepABillThroughTheCatalogWithTheServiceToken() {
        String citizen = newCitizen();
        String service = newBiller("1234.50");

        HttpResponse<String> response = fetchBill(citizen, service, "1234567890");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode bill = TestHttp.json(response);
        assertThat(bill.path("billId").asString()).startsWith("bill-");
        assertThat(bill.path("serviceCode").asString()).isEqualTo(service);
        assertThat(bill.path("billerName").asString()).isEqualTo("Bangalore Electricity Supply Company");
        assertThat(bill.path("customerName").asString()).isEqualTo("Asha Devi");
        assertThat(bill.path("billNumber").asString()).isEqualTo("BILL-" + service);
        assertThat(bill.path("dueDate").asString()).isEqualTo("2026-11-30");
        assertThat(bill.path("amount").path("value").asString()).isEqualTo("1234.50");
        assertThat(bill.path("amount").path("currency").asString()).isEqualTo("INR");
        assertThat(bill.path("status").asString()).isEqualTo("UNPAID");

        StubHttpServer.Recorded call = catalog.server().requests().stream()
                .filter(r -> r.path().endsWith(service + "/operations/fetch-bill"))
                .findFirst()
                .orElseThrow();
        assertThat(call.header("X-On-Behalf-Of")).isEqualTo(citizen);
        assertThat(call.header("Authorization")).startsWith("Bearer ey");
        assertThat(call.body()).contains("\"consumerNumber\":\"1234567890\"");

        // the same bill fetched again is the same kept bill
        assertThat(TestHttp.json(fetchBill(citizen, service, "1234567890"))
                        .path("billId")
                        .asString())
                .isEqualTo(bill.path("billId").asString());
    }

    @Test
    void shouldPassTheCitizensRequestIdOnToCatalogService() {
        String citizen = newCitizen();
        String service = newBiller("251.00");

        HttpResponse<String> fetched = fetchBill(citizen, service, "1234567890", "X-Request-Id", "bill-req-7f3a");
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);

        // the published check and the fetch itself: catalog-service's log lines and the biller's
        // request carry the id the citizen's app quotes
        List<StubHttpServer.Recorded> calls = catalog.server().requests().stream()
                .filter(r -> r.path().contains(service))
                .toList();
        assertThat(calls)
                .extracting(StubHttpServer.Recorded::path)
                .contains("/api/v1/services/" + service + "/operations/fetch-bill");
        assertThat(calls)
                .allSatisfy(call -> assertThat(call.header("X-Request-Id")).isEqualTo("bill-req-7f3a"));
    }

    @Test
    void shouldPassTheCitizensChannelAndCountryOnToTheBillFetchButNotToTheConfirmation() {
        String citizen = newCitizen();
        String service = newBiller("250.00");

        HttpResponse<String> fetched =
                fetchBill(citizen, service, "1234567890", "X-Channel", "KaiOS", "X-Country", "gb");
        assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
        assertThat(lastFetch(service).header("X-Channel")).isEqualTo("kaios");
        assertThat(lastFetch(service).header("X-Country")).isEqualTo("GB");
        fetchBill(citizen, service, "1234567890");
        assertThat(lastFetch(service).header("X-Channel")).isEqualTo("web");
        assertThat(lastFetch(service).header("X-Country")).isEqualTo("IN");

        // only valid values travel on: anything else is the citizen's 400, and the biller is not asked
        long fetches = fetches(service).size();
        JsonNode refused = assertProblem(
                fetchBill(citizen, service, "1234567890", "X-Channel", "fax", "X-Country", "USA"),
                400,
                "VALIDATION_FAILED");
        assertThat(refused.path("errors").findValuesAsString("field")).containsExactly("X-Channel", "X-Country");
        // two letters that name no country (Britain is GB)
        assertThat(assertProblem(fetchBill(citizen, service, "1234567890", "X-Country", "UK"), 400, "VALIDATION_FAILED")
                        .path("errors")
                        .findValuesAsString("field"))
                .containsExactly("X-Country");
        assertThat(fetches(service)).hasSize((int) fetches);

        // the confirmation is the platform's own call: it names no channel or country
        JsonNode payment = newPayment(citizen, service, "250.00");
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        awaitStatus(payment.path("paymentId").asString(), "SUCCESS/CONFIRMED");
        assertThat(catalog.confirmations(service)).hasSize(1);
        assertThat(catalog.confirmations(service).get(0).header("X-Channel")).isNull();
        assertThat(catalog.confirmations(service).get(0).header("X-Country")).isNull();
    }

    private List<StubHttpServer.Recorded> fetches(String service) {
        return catalog.server().requests().stream()
                .filter(r -> r.path().endsWith(service + "/operations/fetch-bill"))
                .toList();
    }

    private StubHttpServer.Recorded lastFetch(String service) {
        List<StubHttpServer.Recorded> fetches = fetches(service);
        assertThat(fetches).isNotEmpty();
        return fetches.get(fetches.size() - 1);
    }

    @Test
    void shouldAnswerClearProblemsWhenNoBillIsDueOrTheConsumerIsUnknown() {
        String citizen = newCitizen();
        String noBill = "TEST-NOBILL-" + UUID.randomUUID().toString().substring(0, 6);
        String unknown = "TEST-UNKNOWN-" + UUID.randomUUID().toString().substring(0, 6);
        catalog.fetchProblem(noBill, 422, "NO_BILL_DUE");
        catalog.fetchProblem(unknown, 404, "CONSUMER_NOT_FOUND");

        assertProblem(fetchBill(citizen, noBill, "111"), 422, "NO_BILL_DUE");
        assertProblem(fetchBill(citizen, unknown, "222"), 404, "CONSUMER_NOT_FOUND");
        String strict = "TEST-STRICT-" + UUID.randomUUID().toString().substring(0, 6);
        catalog.fetchRefusedInput(strict, "consumerNumber", "does not match the regex pattern ^[0-9]{10}$");
        JsonNode refused = assertProblem(fetchBill(citizen, strict, "12-34"), 400, "VALIDATION_FAILED");
        assertThat(refused.path("errors").get(0).path("field").asString()).isEqualTo("params.consumerNumber");
        assertThat(refused.path("errors").get(0).path("message").asString()).contains("^[0-9]{10}$");
        assertProblem(
                http.postJson(
                        "/api/v1/bills/fetch",
                        "{\"serviceCode\": \"X\", \"params\": {}}",
                        "Authorization",
                        bearer(citizen)),
                400,
                "VALIDATION_FAILED");
    }

    @Test
    void shouldRefuseBillsAndPaymentsWithoutACitizenToken() {
        assertProblem(http.get("/api/v1/payments"), 401, "UNAUTHENTICATED");
        assertProblem(
                http.get("/api/v1/payments", "Authorization", "Bearer " + tokens.serviceToken("catalog-service")),
                403,
                "FORBIDDEN");
        assertProblem(
                http.get("/api/v1/payments", "Authorization", "Bearer " + tokens.expiredToken("someone")),
                401,
                "UNAUTHENTICATED");
    }

    @Test
    void shouldPayABillOnceThenConfirmItWithTheBillerAndBalanceTheLedger() {
        String citizen = newCitizen();
        String service = newBiller("1234.50");
        String billId = billFor(citizen, service);
        String body = paymentBody(billId, "1234.50", "UPI");
        String key = UUID.randomUUID().toString();

        HttpResponse<String> created = pay(citizen, key, body);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Idempotent-Replayed")).isEmpty();
        JsonNode payment = TestHttp.json(created);
        String paymentId = payment.path("paymentId").asString();
        String orderId = payment.path("checkout").path("orderId").asString();
        assertThat(payment.path("status").asString()).isEqualTo("PENDING");
        assertThat(payment.path("billId").asString()).isEqualTo(billId);
        assertThat(payment.path("amount").path("value").asString()).isEqualTo("1234.50");
        assertThat(payment.path("method").asString()).isEqualTo("UPI");
        assertThat(payment.path("checkout").path("url").asString())
                .isEqualTo(simulator
                        .request("/pg/checkout/" + orderId)
                        .build()
                        .uri()
                        .toString());
        assertThat(payment.path("createdAt").asString()).isNotBlank();

        HttpResponse<String> replay = pay(citizen, key, body);
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(replay.body()).isEqualTo(created.body());

        // a second tap with a new key: refused, naming the pending payment so that its checkout can be reopened
        JsonNode inProgress =
                assertProblem(pay(citizen, UUID.randomUUID().toString(), body), 409, "PAYMENT_IN_PROGRESS");
        assertThat(inProgress.path("paymentId").asString()).isEqualTo(paymentId);
        assertThat(payment(citizen, paymentId).path("checkout").path("orderId").asString())
                .isEqualTo(orderId);

        assertThat(complete(orderId, "SUCCESS", "NORMAL").statusCode()).isEqualTo(200);
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");

        JsonNode paid = payment(citizen, paymentId);
        assertThat(paid.path("createdAt").asString())
                .isEqualTo(payment.path("createdAt").asString());
        assertThat(paid.path("status").asString()).isEqualTo("SUCCESS");
        assertThat(paid.path("billerStatus").asString()).isEqualTo("CONFIRMED");
        assertThat(TestHttp.json(http.get("/api/v1/bills/" + billId, "Authorization", bearer(citizen)))
                        .path("status")
                        .asString())
                .isEqualTo("PAID");
        assertThat(catalog.confirmations(service)).hasSize(1);
        assertThat(catalog.confirmations(service).get(0).body())
                .contains("\"paymentReference\":\"" + paymentId + "\"")
                .contains("\"amount\":{\"value\":\"1234.50\",\"currency\":\"INR\"}");
        assertThat(assertProblem(pay(citizen, UUID.randomUUID().toString(), body), 409, "BILL_ALREADY_PAID")
                        .path("paymentId")
                        .asString())
                .isEqualTo(paymentId);

        LedgerCheck.Result check = ledgerCheck.check(paymentId);
        assertThat(check.balanced()).as(check.toString()).isTrue();
        assertThat(jdbc.sql("select account, sum(amount) from ledger_entry where payment_id = ? group by account"
                                + " having sum(amount) <> 0 order by account")
                        .params(paymentId)
                        .query((rs, i) ->
                                rs.getString(1) + "=" + rs.getBigDecimal(2).toPlainString())
                        .list())
                .containsExactly("BILLER_PAYABLE=1234.50", "CITIZEN=-1234.50");
    }

    @Test
    void shouldRefuseAKeyReusedWithAnotherBodyAMissingOrMalformedKeyAndAWrongAmount() {
        String citizen = newCitizen();
        String service = newBiller("500.00");
        String billId = billFor(citizen, service);
        String key = UUID.randomUUID().toString();

        assertProblem(pay(citizen, key, paymentBody(billId, "499.00", "UPI")), 422, "AMOUNT_MISMATCH");
        assertThat(pay(citizen, key, paymentBody(billId, "500.00", "UPI")).statusCode())
                .isEqualTo(201);
        assertProblem(pay(citizen, key, paymentBody(billId, "500.00", "CARD")), 422, "IDEMPOTENCY_KEY_REUSED");

        JsonNode missing =
                assertProblem(pay(citizen, null, paymentBody(billId, "500.00", "UPI")), 400, "VALIDATION_FAILED");
        assertThat(missing.path("errors").findValuesAsString("field")).containsExactly("Idempotency-Key");
        assertProblem(pay(citizen, "k".repeat(65), paymentBody(billId, "500.00", "UPI")), 400, "VALIDATION_FAILED");
        assertProblem(pay(citizen, "   ", paymentBody(billId, "500.00", "UPI")), 400, "VALIDATION_FAILED");
        assertProblem(
                pay(citizen, UUID.randomUUID().toString(), "{\"billId\": \"" + billId + "\"}"),
                400,
                "VALIDATION_FAILED");
        assertThat(jdbc.sql("select count(*) from payment where bill_id = ?")
                        .params(billId)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    /**
     * Two Idempotency-Key headers are one malformed key, not "a,b": Spring joins repeated headers
     * with a comma, and the payment used to be created under a key the client never sent, which a
     * retry carrying either value did not match (409 PAYMENT_IN_PROGRESS instead of the replay).
     */
    @Test
    void shouldRefuseTwoIdempotencyKeysAndStoreNothing() {
        String citizen = newCitizen();
        String service = newBiller("75.00");
        String billId = billFor(citizen, service);
        String first = "k-" + UUID.randomUUID();
        String second = "k-" + UUID.randomUUID();

        JsonNode twice = assertProblem(
                http.postJson(
                        "/api/v1/payments",
                        paymentBody(billId, "75.00", "UPI"),
                        "Authorization",
                        bearer(citizen),
                        "Idempotency-Key",
                        first,
                        "Idempotency-Key",
                        second),
                400,
                "VALIDATION_FAILED");
        assertThat(twice.path("errors").findValuesAsString("field")).containsExactly("Idempotency-Key");
        assertThat(twice.path("errors").findValuesAsString("message")).containsExactly("must be sent once");
        assertThat(jdbc.sql("select count(*) from payment where bill_id = ?")
                        .params(billId)
                        .query(Long.class)
                        .single())
                .isZero();

        // the same request with one of the keys is a new payment, and its retry the replay
        HttpResponse<String> created = pay(citizen, first, paymentBody(billId, "75.00", "UPI"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> replayed = pay(citizen, first, paymentBody(billId, "75.00", "UPI"));
        assertThat(replayed.statusCode()).isEqualTo(201);
        assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        // stored under the key sent
        assertThat(jdbc.sql("select idem_key from payment where bill_id = ?")
                        .params(billId)
                        .query(String.class)
                        .single())
                .isEqualTo(first);
    }

    @Test
    void shouldHideEveryBillPaymentAndReceiptOfAnotherCitizen() {
        String owner = newCitizen();
        String intruder = newCitizen();
        String service = newBiller("42.00");
        JsonNode payment = newPayment(owner, service, "42.00");
        String paymentId = payment.path("paymentId").asString();
        String billId = payment.path("billId").asString();
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");
        assertThat(http.get("/api/v1/payments/" + paymentId + "/receipt", "Authorization", bearer(owner))
                        .statusCode())
                .isEqualTo(200);

        assertProblem(
                http.get("/api/v1/payments/" + paymentId, "Authorization", bearer(intruder)), 404, "PAYMENT_NOT_FOUND");
        assertProblem(
                http.get("/api/v1/payments/" + paymentId + "/receipt", "Authorization", bearer(intruder)),
                404,
                "PAYMENT_NOT_FOUND");
        assertProblem(http.get("/api/v1/bills/" + billId, "Authorization", bearer(intruder)), 404, "BILL_NOT_FOUND");
        assertProblem(
                pay(intruder, UUID.randomUUID().toString(), paymentBody(billId, "42.00", "UPI")),
                404,
                "BILL_NOT_FOUND");
        JsonNode list = TestHttp.json(http.get("/api/v1/payments", "Authorization", bearer(intruder)));
        assertThat(list.path("items")).isEmpty();
        assertThat(list.path("page").path("totalElements").asLong()).isZero();
    }

    @Test
    void shouldListTheCitizensOwnPaymentsNewestFirstInPages() {
        String citizen = newCitizen();
        String first = newPayment(citizen, newBiller("10.00"), "10.00")
                .path("paymentId")
                .asString();
        String second = newPayment(citizen, newBiller("20.00"), "20.00")
                .path("paymentId")
                .asString();

        JsonNode page = TestHttp.json(http.get("/api/v1/payments?page=0&size=1", "Authorization", bearer(citizen)));

        assertThat(page.path("items").findValuesAsString("paymentId")).containsExactly(second);
        assertThat(page.path("page").path("totalElements").asLong()).isEqualTo(2);
        assertThat(page.path("page").path("totalPages").asLong()).isEqualTo(2);
        JsonNode next = TestHttp.json(http.get("/api/v1/payments?page=1&size=1", "Authorization", bearer(citizen)));
        assertThat(next.path("items").findValuesAsString("paymentId")).containsExactly(first);
        assertProblem(
                http.get("/api/v1/payments?size=101", "Authorization", bearer(citizen)), 400, "VALIDATION_FAILED");
    }

    @Test
    void shouldRefundAutomaticallyWhenTheBillerRefusesForGood() {
        String citizen = newCitizen();
        String service = newBiller("300.00");
        catalog.confirm(service, StubHttpServer.Answer.json(CatalogStub.confirmation("REJECTED", "ACCOUNT_CLOSED")));
        JsonNode payment = newPayment(citizen, service, "300.00");
        String paymentId = payment.path("paymentId").asString();

        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");

        awaitStatus(paymentId, "REFUNDED/FAILED");
        JsonNode refunded = payment(citizen, paymentId);
        assertThat(refunded.path("failureReason").asString()).contains("ACCOUNT_CLOSED");
        assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
        assertThat(TestHttp.json(http.get(
                                "/api/v1/bills/" + payment.path("billId").asString(), "Authorization", bearer(citizen)))
                        .path("status")
                        .asString())
                .isEqualTo("UNPAID");
        assertProblem(
                http.get("/api/v1/payments/" + paymentId + "/receipt", "Authorization", bearer(citizen)),
                409,
                "RECEIPT_NOT_AVAILABLE");
    }

    @Test
    void shouldShowTheBillPaidToEveryCitizenWhoKeptItThenUnpaidAgainWhenTheBillerRefusesThePayment() {
        String payer = newCitizen();
        String other = newCitizen();
        String service = newBiller("410.00");
        // the biller is not reached for now: the payment stays SUCCESS with its confirmation pending
        catalog.confirm(service, StubHttpServer.Answer.json(503, "{\"code\": \"DEPARTMENT_UNAVAILABLE\"}"));
        String payersBill = billFor(payer, service);
        String othersBill = billFor(other, service);
        assertThat(othersBill).isNotEqualTo(payersBill);
        assertThat(bill(other, othersBill).path("billNumber").asString())
                .isEqualTo(bill(payer, payersBill).path("billNumber").asString());

        JsonNode payment =
                TestHttp.json(pay(payer, UUID.randomUUID().toString(), paymentBody(payersBill, "410.00", "UPI")));
        String paymentId = payment.path("paymentId").asString();
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCESS/PENDING");
        await(
                "the confirmation parked",
                () -> Boolean.TRUE.equals(
                        jdbc.sql("select parked from outbox where payment_id = ? and kind = 'CONFIRM_BILLER'")
                                .params(paymentId)
                                .query(Boolean.class)
                                .optional()
                                .orElse(false)));

        // one biller bill, one payment: paid for each citizen who kept it, as paying it again says
        assertThat(bill(payer, payersBill).path("status").asString()).isEqualTo("PAID");
        assertThat(bill(other, othersBill).path("status").asString()).isEqualTo("PAID");
        assertProblem(
                pay(other, UUID.randomUUID().toString(), paymentBody(othersBill, "410.00", "UPI")),
                409,
                "BILL_ALREADY_PAID");
        // also for a citizen who keeps it only now (the biller still answers the bill until it is told)
        String late = newCitizen();
        HttpResponse<String> lateFetch = fetchBill(late, service, "1234567890");
        assertThat(lateFetch.statusCode()).as(lateFetch.body()).isEqualTo(200);
        assertThat(TestHttp.json(lateFetch).path("status").asString()).isEqualTo("PAID");
        String latesBill = TestHttp.json(lateFetch).path("billId").asString();

        // the biller refuses for good: the payment is refunded, the bill is unpaid again for all of them
        catalog.confirm(service, StubHttpServer.Answer.json(CatalogStub.confirmation("REJECTED", "ACCOUNT_CLOSED")));
        // as the reconciliation job does for a parked confirmation
        jdbc.sql("update outbox set parked = false, attempts = 0, available_at = now()"
                        + " where payment_id = ? and kind = 'CONFIRM_BILLER'")
                .params(paymentId)
                .update();
        awaitStatus(paymentId, "REFUNDED/FAILED");
        assertThat(bill(payer, payersBill).path("status").asString()).isEqualTo("UNPAID");
        assertThat(bill(other, othersBill).path("status").asString()).isEqualTo("UNPAID");
        assertThat(bill(late, latesBill).path("status").asString()).isEqualTo("UNPAID");
        HttpResponse<String> again =
                pay(other, UUID.randomUUID().toString(), paymentBody(othersBill, "410.00", "CARD"));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    }

    /**
     * A bill kept before codes were kept in the catalogue's spelling (or a biller whose consumer
     * numbers are taken in any case) is the same biller bill as its upper-case twin: one live
     * payment of them (V5__one_live_payment_per_bill_in_any_case.sql).
     */
    @Test
    void shouldTakeOnePaymentOfABillerBillWhateverCaseItsCodeOrConsumerNumberWasKeptIn() {
        String payer = newCitizen();
        String other = newCitizen();
        String service = newBiller("215.00");
        String payersBill = billFor(payer, service);
        String twin = "bill-legacy-" + UUID.randomUUID();
        // catalog-service answers the code in any case
        catalog.published(service.toLowerCase(java.util.Locale.ROOT));
        // the payer's bill under consumer number AB..., the other citizen's twin in lower case throughout
        jdbc.sql("update bill set consumer_number = 'AB' || consumer_number where id = ?")
                .params(payersBill)
                .update();
        jdbc.sql("insert into bill (id, citizen_ref, service_code, biller_name, consumer_number, bill_number, amount,"
                        + " fetched_at) select ?, ?, lower(service_code), biller_name, lower(consumer_number),"
                        + " bill_number, amount, fetched_at from bill where id = ?")
                .params(twin, other, payersBill)
                .update();

        JsonNode payment =
                TestHttp.json(pay(payer, UUID.randomUUID().toString(), paymentBody(payersBill, "215.00", "UPI")));
        // another citizen's payment of the same biller bill is not named to them
        assertThat(assertProblem(
                                pay(other, UUID.randomUUID().toString(), paymentBody(twin, "215.00", "UPI")),
                                409,
                                "PAYMENT_IN_PROGRESS")
                        .has("paymentId"))
                .isFalse();
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        awaitStatus(payment.path("paymentId").asString(), "SUCCESS/CONFIRMED");
        assertThat(bill(other, twin).path("status").asString()).isEqualTo("PAID");
        assertThat(assertProblem(
                                pay(other, UUID.randomUUID().toString(), paymentBody(twin, "215.00", "UPI")),
                                409,
                                "BILL_ALREADY_PAID")
                        .has("paymentId"))
                .isFalse();
        // and the database itself holds no second live payment of it, whatever reads it
        String serviceLower = service.toLowerCase(java.util.Locale.ROOT);
        assertThatThrownBy(() -> jdbc.sql("insert into payment (id, citizen_ref, idem_key, bill_id, service_code,"
                                + " consumer_number, bill_number, amount, method, status, gateway, gateway_order_id,"
                                + " created_at, updated_at) select 'pay-twin', citizen_ref, 'k-twin', ?, ?,"
                                + " lower(consumer_number), bill_number, amount, method, 'PENDING', gateway, 'o-twin',"
                                + " now(), now() from payment where id = ?")
                        .params(twin, serviceLower, payment.path("paymentId").asString())
                        .update())
                .hasMessageContaining("payment_one_live_per_bill");
    }

    @Test
    void shouldRetryABillerConfirmationThatFailsForNowUntilItIsAccepted() {
        String citizen = newCitizen();
        String service = newBiller("75.00");
        catalog.confirm(service, StubHttpServer.Answer.json(503, "{\"code\": \"DEPARTMENT_UNAVAILABLE\"}"));
        JsonNode payment = newPayment(citizen, service, "75.00");
        String paymentId = payment.path("paymentId").asString();
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCESS/PENDING");
        await("a retried confirmation", () -> catalog.confirmations(service).size() >= 2);

        catalog.confirm(service, StubHttpServer.Answer.json(CatalogStub.confirmation("ACCEPTED", null)));

        awaitStatus(paymentId, "SUCCESS/CONFIRMED");
        assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
    }

    @Test
    void shouldFailAPaymentTheCitizenDeclined(CapturedOutput output) {
        String citizen = newCitizen();
        String service = newBiller("60.00");
        JsonNode payment = newPayment(citizen, service, "60.00");
        String paymentId = payment.path("paymentId").asString();

        complete(payment.path("checkout").path("orderId").asString(), "FAILURE", "NORMAL");

        awaitStatus(paymentId, "FAILED/-");
        assertThat(payment(citizen, paymentId).path("failureReason").asString()).isEqualTo("DECLINED");
        // the runbook sends the on-call to this line when payments fail (JansevaPaymentSuccessRatioDrop)
        assertThat(output.getOut()).contains("Payment " + paymentId + " FAILED (UPI): DECLINED");
        assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
        // a failed payment does not block paying the bill again
        HttpResponse<String> again = pay(
                citizen,
                UUID.randomUUID().toString(),
                paymentBody(payment.path("billId").asString(), "60.00", "CARD"));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    }
}
