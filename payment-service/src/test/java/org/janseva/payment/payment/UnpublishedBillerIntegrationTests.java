package org.janseva.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.janseva.payment.support.CatalogStub;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A bill kept before its biller's catalogue entry was suspended (or set back to draft) is not
 * paid: catalog-service would refuse to tell the biller of the payment, and the citizen's money
 * would wait in clearing.
 */
class UnpublishedBillerIntegrationTests extends PaymentIntegrationTestBase {

    @Autowired
    MeterRegistry registry;

    @Test
    void shouldRefuseToPayABillWhoseBillerWasSuspendedAfterItWasFetchedAndStoreNothing() {
        String citizen = newCitizen();
        String service = newBiller("640.00");
        String billId = billFor(citizen, service);
        catalog.unpublished(service);
        String key = UUID.randomUUID().toString();

        JsonNode refused =
                assertProblem(pay(citizen, key, paymentBody(billId, "640.00", "UPI")), 404, "SERVICE_NOT_FOUND");

        assertThat(refused.path("detail").asString()).contains(service);
        assertThat(count("select count(*) from payment where citizen_ref = ?", citizen))
                .isZero();
        assertThat(count("select count(*) from idempotency_record where citizen_ref = ?", citizen))
                .isZero();
        assertThat(count(
                        "select count(*) from outbox o join payment p on p.id = o.payment_id where p.citizen_ref = ?",
                        citizen))
                .isZero();
        // the key was not burnt: once the biller is published again, the same request goes through
        catalog.published(service);
        HttpResponse<String> created = pay(citizen, key, paymentBody(billId, "640.00", "UPI"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void shouldRefuseToPayABillOfAServiceThatIsNotAUtilityBillersAndStoreNothing() {
        String citizen = newCitizen();
        String service = newBiller("450.00");
        String billId = billFor(citizen, service);
        // the catalogue's answer now: a CENTRAL service with a fetch-bill operation (a bill kept by an
        // earlier release, which fetched any such service), which has no confirm-payment to tell
        catalog.published(service, "CENTRAL", "Ministry of Something");
        String key = UUID.randomUUID().toString();

        JsonNode refused =
                assertProblem(pay(citizen, key, paymentBody(billId, "450.00", "UPI")), 404, "SERVICE_NOT_FOUND");

        assertThat(refused.path("detail").asString()).contains(service);
        assertThat(count("select count(*) from payment where citizen_ref = ?", citizen))
                .isZero();
        assertThat(count("select count(*) from idempotency_record where citizen_ref = ?", citizen))
                .isZero();
        // nor is that answer kept: a service the catalogue says is a biller's again is paid
        catalog.published(service);
        HttpResponse<String> created = pay(citizen, key, paymentBody(billId, "450.00", "UPI"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @Test
    void shouldAskTheCatalogueAgainOnceItsPublishedAnswerIsHalfAMinuteOld() {
        String payer = newCitizen();
        String other = newCitizen();
        String service = newBiller("90.00");
        String payersBill = billFor(payer, service);
        String othersBill = billFor(other, service);
        JsonNode payment =
                TestHttp.json(pay(payer, UUID.randomUUID().toString(), paymentBody(payersBill, "90.00", "UPI")));
        assertThat(payment.path("status").asString()).isEqualTo("PENDING");
        int asked = catalog.entryRequests(service);
        // the citizen declines at the checkout: the bill can be paid again
        complete(payment.path("checkout").path("orderId").asString(), "FAILURE", "NORMAL");
        awaitStatus(payment.path("paymentId").asString(), "FAILED/-");
        catalog.unpublished(service);

        clock.advance(Duration.ofSeconds(31));
        assertProblem(
                pay(other, UUID.randomUUID().toString(), paymentBody(othersBill, "90.00", "UPI")),
                404,
                "SERVICE_NOT_FOUND");
        assertThat(catalog.entryRequests(service)).isEqualTo(asked + 1);
        assertThat(count("select count(*) from payment where citizen_ref = ?", other))
                .isZero();
    }

    @Test
    void shouldAnswer503AndStoreNothingWhenTheCatalogueCannotSayWhetherTheBillerIsPublished() {
        String citizen = newCitizen();
        String service = newBiller("310.00");
        String billId = billFor(citizen, service);
        String key = UUID.randomUUID().toString();

        catalog.entry(service, StubHttpServer.Answer.json(500, "{\"code\": \"INTERNAL_ERROR\"}"));
        JsonNode failing =
                assertProblem(pay(citizen, key, paymentBody(billId, "310.00", "UPI")), 503, "DEPARTMENT_UNAVAILABLE");
        // a 404 that is not catalog-service's SERVICE_NOT_FOUND (a wrong URL) says nothing of the biller either
        catalog.entry(
                service, new StubHttpServer.Answer(404, "text/html", "<h1>Not Found</h1>", 0, java.util.Map.of()));
        HttpResponse<String> wrongUrl = pay(citizen, key, paymentBody(billId, "310.00", "UPI"));
        assertProblem(wrongUrl, 503, "DEPARTMENT_UNAVAILABLE");

        assertThat(wrongUrl.headers().firstValue("Retry-After")).isPresent();
        assertThat(failing.path("detail").asString()).doesNotContain("INTERNAL_ERROR");
        assertThat(count("select count(*) from payment where citizen_ref = ?", citizen))
                .isZero();
        assertThat(count("select count(*) from idempotency_record where citizen_ref = ?", citizen))
                .isZero();
        // a failure is never kept as an answer: the next request asks again
        catalog.published(service);
        HttpResponse<String> created = pay(citizen, key, paymentBody(billId, "310.00", "UPI"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @Test
    void shouldStillReplayTheFirstAnswerOfAKeyAfterTheBillerWasSuspended() {
        String citizen = newCitizen();
        String service = newBiller("55.00");
        String billId = billFor(citizen, service);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = pay(citizen, key, paymentBody(billId, "55.00", "UPI"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        catalog.unpublished(service);
        clock.advance(Duration.ofMinutes(1));

        HttpResponse<String> again = pay(citizen, key, paymentBody(billId, "55.00", "UPI"));

        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void shouldKeepRetryingTheConfirmationOfACapturedPaymentWhoseBillerWasSuspendedInSightOfOperators() {
        String citizen = newCitizen();
        String service = newBiller("120.00");
        JsonNode payment = newPayment(citizen, service, "120.00");
        String paymentId = payment.path("paymentId").asString();
        double failedBefore = confirmationsFailed();
        // suspended after the citizen paid: catalog-service refuses the confirmation with 404
        catalog.unpublished(service);

        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");

        awaitStatus(paymentId, "SUCCESS/PENDING");
        await("the confirmation retried", () -> catalog.confirmations(service).size() >= 2);
        // kept (parked after the worker's attempts, for the reconciliation job to re-arm), never dropped,
        // with the reason in the row and a failed confirmation counted
        assertThat(jdbc.sql("select last_error from outbox where payment_id = ? and kind = 'CONFIRM_BILLER'")
                        .params(paymentId)
                        .query(String.class)
                        .single())
                .contains("404 SERVICE_NOT_FOUND");
        assertThat(confirmationsFailed()).isGreaterThan(failedBefore);

        // published again: the next attempt is accepted
        catalog.published(service);
        catalog.confirm(service, StubHttpServer.Answer.json(CatalogStub.confirmation("ACCEPTED", null)));
        jdbc.sql("update outbox set parked = false, attempts = 0, available_at = now()"
                        + " where payment_id = ? and kind = 'CONFIRM_BILLER'")
                .params(paymentId)
                .update();
        awaitStatus(paymentId, "SUCCESS/CONFIRMED");
    }

    private double confirmationsFailed() {
        return registry.counter("janseva.payments.biller.confirmations", "outcome", "failed")
                .count();
    }

    private long count(String sql, String citizen) {
        return jdbc.sql(sql).params(citizen).query(Long.class).single();
    }
}
