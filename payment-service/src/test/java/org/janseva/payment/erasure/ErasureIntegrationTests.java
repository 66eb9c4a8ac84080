package org.janseva.payment.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ErasureIntegrationTests extends PaymentIntegrationTestBase {

    @Autowired
    DataSource dataSource;

    private HttpResponse<String> erase(String citizen, String token) {
        return http.postJson("/internal/v1/citizens/" + citizen + "/erasure", "", "Authorization", token);
    }

    /** user-service's erasure outbox delivering the erasure. */
    private HttpResponse<String> erase(String citizen) {
        return erase(citizen, userServiceErasureToken());
    }

    /** user-service's own token for its erasure fan-out (SelfServiceToken): scope erasure alone. */
    private String userServiceErasureToken() {
        return TestTokenIssuer.bearer(
                tokens.token().subject("user-service").scopes("erasure").sign());
    }

    private HttpResponse<String> fetchWith(String bearer, String serviceCode) {
        return http.postJson(
                "/api/v1/bills/fetch",
                "{\"serviceCode\": \"" + serviceCode + "\", \"params\": {\"consumerNumber\": \"1234567890\"}}",
                "Authorization",
                bearer);
    }

    private static void assertAccountDeleted(HttpResponse<String> response) {
        JsonNode problem = assertProblem(response, 401, "UNAUTHENTICATED");
        assertThat(problem.path("detail").asString()).contains("deleted");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    @Test
    void shouldRefuseABillFetchWithTheTokenOfAnErasedCitizenKeepingNothing() {
        String citizen = newCitizen();
        String token = bearer(citizen);
        String biller = newBiller("20.00");
        assertThat(erase(citizen).statusCode()).isEqualTo(204);
        assertThat(erase(citizen).statusCode())
                .as("the outbox may deliver twice")
                .isEqualTo(204);
        assertThat(count("select count(*) from erased_citizen where citizen_id = ?", citizen))
                .isOne();

        // the same token, still unexpired: only the gateway learns of the erasure from its polls
        assertAccountDeleted(fetchWith(token, biller));

        assertThat(count("select count(*) from bill where citizen_ref = ?", citizen))
                .as("no bill kept")
                .isZero();
        assertThat(count("select count(*) from bill where service_code = ?", biller))
                .isZero();
        assertThat(catalog.server().arrivals("POST", "/api/v1/services/" + biller + "/operations/fetch-bill"))
                .as("the biller was not asked")
                .isZero();
        assertThat(billFor(newCitizen(), biller))
                .as("other citizens fetch as before")
                .isNotBlank();
    }

    @Test
    void shouldRefuseAPaymentWithTheTokenOfAnErasedCitizenWritingNothing() {
        String citizen = newCitizen();
        String token = bearer(citizen);
        String billId = billFor(citizen, newBiller("25.00"));
        assertThat(erase(citizen).statusCode()).isEqualTo(204);

        HttpResponse<String> refused = http.postJson(
                "/api/v1/payments",
                paymentBody(billId, "25.00", "UPI"),
                "Authorization",
                token,
                "Idempotency-Key",
                UUID.randomUUID().toString());

        assertAccountDeleted(refused);
        assertThat(count("select count(*) from payment where bill_id = ?", billId))
                .as("no payment")
                .isZero();
        assertThat(count("select count(*) from idempotency_record where citizen_ref = ?", citizen))
                .as("no idempotency record")
                .isZero();
        assertThat(count("select count(*) from payment where citizen_ref = ?", citizen))
                .isZero();
        assertProblem(
                pay(newCitizen(), UUID.randomUUID().toString(), paymentBody(billId, "25.00", "UPI")),
                404,
                "BILL_NOT_FOUND");
    }

    @Test
    void shouldPseudonymiseAPaymentWhoseTransactionTheErasureHadToWaitFor() throws Exception {
        String citizen = newCitizen();
        String biller = newBiller("30.00");
        String billId = billFor(citizen, biller);
        String paymentId = "pay_" + UUID.randomUUID().toString().replace("-", "");
        CompletableFuture<HttpResponse<String>> erasure;
        try (Connection payment = dataSource.getConnection()) {
            // a payment's transaction, as PaymentCreationService writes it, caught before its commit
            payment.setAutoCommit(false);
            try (PreparedStatement lock = payment.prepareStatement("select id from bill where id = ? for update")) {
                lock.setString(1, billId);
                lock.executeQuery().close();
            }
            try (PreparedStatement insert = payment.prepareStatement(
                    "insert into payment (id, citizen_ref, idem_key, bill_id, service_code, consumer_number,"
                            + " bill_number, amount, method, status, gateway, created_at, updated_at)"
                            + " values (?, ?, 'k-late', ?, ?, '1234567890', ?, 30.00, 'UPI', 'FAILED', 'simulator',"
                            + " now(), now())")) {
                insert.setString(1, paymentId);
                insert.setString(2, citizen);
                insert.setString(3, billId);
                insert.setString(4, biller);
                insert.setString(5, "BILL-" + biller);
                insert.executeUpdate();
            }
            erasure = CompletableFuture.supplyAsync(() -> erase(citizen));
            Thread.sleep(500);
            assertThat(erasure).as("the erasure waits for the payment").isNotDone();
            payment.commit();
        }

        try {
            assertThat(erasure.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
            assertThat(jdbc.sql("select citizen_ref from payment where id = ?")
                            .params(paymentId)
                            .query(String.class)
                            .single())
                    .startsWith("erased-");
        } finally {
            // it has no ledger entries: the whole-ledger checks of other tests would count it
            jdbc.sql("delete from payment where id = ?").params(paymentId).update();
        }
    }

    @Test
    void shouldPseudonymiseABillWhoseTransactionTheErasureHadToWaitFor() throws Exception {
        String citizen = newCitizen();
        String billId = "bill_" + UUID.randomUUID().toString().replace("-", "");
        CompletableFuture<HttpResponse<String>> erasure;
        try (Connection fetch = dataSource.getConnection()) {
            // a bill fetch's transaction, between its check and its commit
            fetch.setAutoCommit(false);
            lockAsABillFetchDoes(fetch, citizen);
            try (PreparedStatement insert = fetch.prepareStatement(
                    "insert into bill (id, citizen_ref, service_code, biller_name, consumer_number, customer_name,"
                            + " bill_number, amount, fetched_at)"
                            + " values (?, ?, 'TEST-LATE', 'Late biller', '1234567890', 'Asha Devi', 'BILL-LATE',"
                            + " 40.00, now())")) {
                insert.setString(1, billId);
                insert.setString(2, citizen);
                insert.executeUpdate();
            }
            erasure = CompletableFuture.supplyAsync(() -> erase(citizen));
            Thread.sleep(500);
            assertThat(erasure).as("the erasure waits for the bill").isNotDone();
            fetch.commit();
        }

        assertThat(erasure.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        assertThat(count(
                        "select count(*) from bill where id = ? and (citizen_ref = ? or customer_name is not null)",
                        billId,
                        citizen))
                .as("pseudonymised, the customer name removed")
                .isZero();
    }

    @Test
    void shouldRefuseABillThatHadToWaitForTheErasure() throws Exception {
        String citizen = newCitizen();
        String token = bearer(citizen);
        String biller = newBiller("45.00");
        CompletableFuture<HttpResponse<String>> late;
        try (Connection erasure = dataSource.getConnection()) {
            // an erasure's transaction, between recording the citizen and its commit
            erasure.setAutoCommit(false);
            lockAsABillFetchDoes(erasure, citizen);
            try (PreparedStatement insert =
                    erasure.prepareStatement("insert into erased_citizen (citizen_id, erased_at) values (?, now())")) {
                insert.setString(1, citizen);
                insert.executeUpdate();
            }
            late = CompletableFuture.supplyAsync(() -> fetchWith(token, biller));
            Thread.sleep(500);
            assertThat(late).as("the bill waits for the erasure").isNotDone();
            erasure.commit();
        }

        assertAccountDeleted(late.get(10, TimeUnit.SECONDS));
        assertThat(count("select count(*) from bill where citizen_ref = ?", citizen))
                .as("no bill kept")
                .isZero();
    }

    /** The per-citizen lock that a bill fetch and the erasure take (ErasedCitizens). */
    private static void lockAsABillFetchDoes(Connection connection, String citizen) throws SQLException {
        try (PreparedStatement lock =
                connection.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            lock.setString(1, "citizen-erasure:" + citizen);
            lock.executeQuery().close();
        }
    }

    @Test
    void shouldKeepPaymentsButPseudonymiseTheCitizenIdempotently() {
        String citizen = newCitizen();
        JsonNode payment = newPayment(citizen, newBiller("15.00"), "15.00");
        String paymentId = payment.path("paymentId").asString();
        String serviceToken = userServiceErasureToken();

        assertProblem(erase(citizen, bearer(citizen)), 403, "FORBIDDEN");
        // the erasure is user-service's alone (scope erasure): not the internet-facing gateway's
        // token (scope revocations, all its client gets), nor another service's (scope service)
        String gateway = TestTokenIssuer.bearer(
                tokens.token().subject("gateway-service").scopes("revocations").sign());
        assertProblem(erase(citizen, gateway), 403, "FORBIDDEN");
        assertProblem(erase(citizen, TestTokenIssuer.bearer(tokens.serviceToken("catalog-service"))), 403, "FORBIDDEN");
        assertThat(count("select count(*) from erased_citizen where citizen_id = ?", citizen))
                .as("nothing erased by a refused call")
                .isZero();
        assertThat(count("select count(*) from payment where id = ? and citizen_ref = ?", paymentId, citizen))
                .isOne();
        assertThat(erase(citizen, serviceToken).statusCode()).isEqualTo(204);
        assertThat(erase(citizen, serviceToken).statusCode()).isEqualTo(204);

        String reference = jdbc.sql("select citizen_ref from payment where id = ?")
                .params(paymentId)
                .query(String.class)
                .single();
        assertThat(reference).startsWith("erased-").doesNotContain(citizen);
        assertThat(jdbc.sql(
                                "select count(*) from bill where citizen_ref = ? or customer_name is not null and citizen_ref = ?")
                        .params(citizen, reference)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from idempotency_record where citizen_ref = ?")
                        .params(citizen)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(*) from ledger_entry where payment_id = ?")
                        .params(paymentId)
                        .query(Long.class)
                        .single())
                .as("the money trail stays")
                .isEqualTo(2);
        assertProblem(
                http.get("/api/v1/payments/" + paymentId, "Authorization", bearer(citizen)), 404, "PAYMENT_NOT_FOUND");
    }

    @Test
    void shouldConfirmAPaymentWithTheBillerAfterItsCitizenWasErasedInAnOnBehalfOfCatalogTakes() {
        String citizen = newCitizen();
        String service = newBiller("66.00");
        // the biller is down when the citizen pays: the confirmation waits
        catalog.confirm(
                service,
                org.janseva.platform.test.StubHttpServer.Answer.json(503, "{\"code\": \"DEPARTMENT_UNAVAILABLE\"}"));
        JsonNode payment = newPayment(citizen, service, "66.00");
        String paymentId = payment.path("paymentId").asString();
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        awaitStatus(paymentId, "SUCCESS/PENDING");
        assertThat(erase(citizen).statusCode()).isEqualTo(204);
        String pseudonym = jdbc.sql("select citizen_ref from payment where id = ?")
                .params(paymentId)
                .query(String.class)
                .single();
        assertThat(pseudonym).startsWith("erased-").hasSizeGreaterThan(64);

        catalog.confirm(
                service,
                org.janseva.platform.test.StubHttpServer.Answer.json(
                        org.janseva.payment.support.CatalogStub.confirmation("ACCEPTED", null)));
        jdbc.sql("update outbox set parked = false, attempts = 0, available_at = now()"
                        + " where payment_id = ? and kind = 'CONFIRM_BILLER'")
                .params(paymentId)
                .update();
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");

        // catalog-service takes X-On-Behalf-Of as [A-Za-z0-9._:@-]{1,64}: the pseudonym, cut to fit
        var confirmations = catalog.confirmations(service);
        String onBehalfOf = confirmations.get(confirmations.size() - 1).header("X-On-Behalf-Of");
        assertThat(onBehalfOf).matches("[A-Za-z0-9._:@-]{1,64}").isEqualTo(pseudonym.substring(0, 64));
    }
}
