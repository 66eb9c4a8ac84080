package org.janseva.simulator.pg;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the simulated gateway's API. */
final class PgRequests {

    private PgRequests() {}

    /** An amount: a plain decimal of at least 0.01 (a zero order or refund is no payment). */
    record Money(
            @NotBlank
            @Pattern(regexp = "\\d{1,12}(\\.\\d{1,2})?")
            @DecimalMin(value = "0.01", message = "must be at least 0.01")
            String value,

            @NotBlank @Pattern(regexp = "INR") String currency) {}

    /**
     * {@code POST /pg/orders}: idempotent by {@code merchantReference}. {@code notifyUrl}, when
     * given, is where this order's webhooks go (the configured webhook URL otherwise).
     */
    record CreateOrder(
            @NotBlank @Size(max = 64) String merchantReference,
            @NotNull @Valid Money amount,
            @Size(max = 500) @HttpUrl String notifyUrl) {}

    /** How the webhook of a completion is delivered. */
    enum Webhook {
        /** at once */
        NORMAL,
        /** at once, and the same event again */
        TWICE,
        /** after the configured delay */
        LATE,
        /** not at all (a lost webhook) */
        NEVER
    }

    /** {@code POST /pg/orders/{id}/complete}: what the citizen did on the checkout page. */
    record Complete(
            @NotNull @Pattern(regexp = "SUCCESS|FAILURE") String outcome,
            @Pattern(regexp = "UPI|CARD|NETBANKING") String method,
            Webhook webhook) {}

    /** {@code POST /pg/orders/{id}/refunds}: idempotent by {@code refundReference}. */
    record CreateRefund(
            @NotBlank @Size(max = 64) String refundReference,
            @NotNull @Valid Money amount) {}
}
