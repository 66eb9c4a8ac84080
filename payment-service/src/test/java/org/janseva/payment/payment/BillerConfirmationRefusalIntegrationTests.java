package org.janseva.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import org.janseva.payment.ledger.LedgerCheck;
import org.janseva.payment.support.CatalogStub;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.platform.test.StubHttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A captured payment whose confirmation catalog-service refuses for good is refunded, as one the
 * biller rejects is: its money never waits in clearing for a confirmation that can never come.
 * What may still come (a biller suspended for now, the platform's own header, a biller down) is
 * retried.
 */
class BillerConfirmationRefusalIntegrationTests extends PaymentIntegrationTestBase {

    @Autowired
    LedgerCheck ledgerCheck;

    private static StubHttpServer.Answer problem(int status, String code, String errors) {
        return new StubHttpServer.Answer(
                status,
                "application/problem+json",
                "{\"type\": \"https://janseva.org/problems/x\", \"title\": \"t\", \"status\": " + status
                        + ", \"code\": \"" + code + "\", \"detail\": \"d\""
                        + (errors == null ? "" : ", \"errors\": " + errors) + "}",
                0,
                java.util.Map.of());
    }

    /** @return the id of a payment the citizen paid at the gateway, its confirmation answered so */
    private String paidWithConfirmationAnswered(String service, String amount, StubHttpServer.Answer confirmation) {
        catalog.confirm(service, confirmation);
        JsonNode payment = newPayment(newCitizen(), service, amount);
        complete(payment.path("checkout").path("orderId").asString(), "SUCCESS", "NORMAL");
        return payment.path("paymentId").asString();
    }

    private String failureReason(String paymentId) {
        return jdbc.sql("select failure_reason from payment where id = ?")
                .params(paymentId)
                .query(String.class)
                .single();
    }

    @Test
    void shouldRefundAPaymentWhoseBillNumberTheBillersConfirmationSchemaRefuses() {
        // the biller's fetch-bill gave a 42-character bill number; its confirm-payment's input schema
        // takes ^[A-Za-z0-9/-]{4,40}$, so catalog-service refuses every confirmation of it
        String service =
                "TEST-" + java.util.UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String billNumber = "B".repeat(42);
        catalog.biller(service, billNumber, "640.00");
        String paymentId = paidWithConfirmationAnswered(
                service,
                "640.00",
                problem(
                        400,
                        "VALIDATION_FAILED",
                        "[{\"field\": \"billNumber\", \"message\": \"does not match the regex pattern"
                                + " ^[A-Za-z0-9/-]{4,40}$\"}]"));

        awaitStatus(paymentId, "REFUNDED/FAILED");

        assertThat(catalog.confirmations(service)).hasSize(1);
        assertThat(failureReason(paymentId)).contains("VALIDATION_FAILED").contains("billNumber");
        assertThat(ledgerCheck.check(paymentId).balanced()).isTrue();
        assertThat(jdbc.sql("select account, sum(amount) from ledger_entry where payment_id = ? group by account"
                                + " having sum(amount) <> 0 order by account")
                        .params(paymentId)
                        .query((rs, i) -> rs.getString(1))
                        .list())
                .as("nothing left in clearing")
                .isEmpty();
        assertThat(jdbc.sql("select count(*) from outbox where payment_id = ?")
                        .params(paymentId)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void shouldRefundWhenTheBillerRefusesTheConfirmationUnderItsCodeOrTheServiceHasNoConfirmation() {
        // the adapter's own refusal of the amount: the biller was never asked
        String refusing = newBiller("75.00");
        String refused = paidWithConfirmationAnswered(refusing, "75.00", problem(422, "AMOUNT_INVALID", null));
        // a payment of a service with no confirm-payment (one paid before such services were refused)
        String noConfirmation = newBiller("76.00");
        String unconfirmable =
                paidWithConfirmationAnswered(noConfirmation, "76.00", problem(404, "OPERATION_NOT_FOUND", null));

        awaitStatus(refused, "REFUNDED/FAILED");
        awaitStatus(unconfirmable, "REFUNDED/FAILED");

        assertThat(failureReason(refused)).contains("AMOUNT_INVALID");
        assertThat(failureReason(unconfirmable)).contains("NOT_A_BILLER");
        assertThat(ledgerCheck.check(refused).balanced()).isTrue();
        assertThat(ledgerCheck.check(unconfirmable).balanced()).isTrue();
    }

    @Test
    void shouldKeepRetryingAConfirmationRefusedForTheRequestsOwnHeaderOrAnUnavailableOrRefusingBiller() {
        String header = newBiller("81.00");
        String refusedHeader = paidWithConfirmationAnswered(
                header,
                "81.00",
                problem(
                        400,
                        "VALIDATION_FAILED",
                        "[{\"field\": \"X-On-Behalf-Of\", \"message\": \"must name the citizen a service acts"
                                + " for\"}]"));
        String timingOut = newBiller("82.00");
        String timedOut = paidWithConfirmationAnswered(timingOut, "82.00", problem(504, "DEPARTMENT_TIMEOUT", null));
        String failing = newBiller("83.00");
        String failed = paidWithConfirmationAnswered(failing, "83.00", problem(502, "DEPARTMENT_ERROR", null));
        // a biller's own refusal may be its 409 for a reference it recorded when the first
        // confirmation timed out: never refunded on its word alone
        String rejecting = newBiller("84.00");
        String rejected = paidWithConfirmationAnswered(rejecting, "84.00", problem(422, "DEPARTMENT_REJECTED", null));
        String mapped = newBiller("85.00");
        String mappedRefusal = paidWithConfirmationAnswered(mapped, "85.00", problem(422, "BILL_EXPIRED", null));

        for (String[] retried : new String[][] {
            {header, refusedHeader},
            {timingOut, timedOut},
            {failing, failed},
            {rejecting, rejected},
            {mapped, mappedRefusal}
        }) {
            await(
                    "the confirmation of " + retried[1] + " retried",
                    () -> catalog.confirmations(retried[0]).size() >= 2);
            assertThat(status(retried[1])).isEqualTo("SUCCESS/PENDING");
        }

        // the biller takes it once it can
        catalog.confirm(failing, StubHttpServer.Answer.json(CatalogStub.confirmation("ACCEPTED", null)));
        jdbc.sql("update outbox set parked = false, attempts = 0, available_at = now()"
                        + " where payment_id = ? and kind = 'CONFIRM_BILLER'")
                .params(failed)
                .update();
        awaitStatus(failed, "SUCCESS/CONFIRMED");
    }
}
