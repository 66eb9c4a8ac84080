package org.janseva.payment.payment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/payments}.
 *
 * @param billId the kept bill to pay
 * @param amount the amount, which must equal the bill's
 * @param method how the citizen will pay
 */
record CreatePaymentRequest(
        @NotBlank @Size(max = 64) String billId,
        @NotNull @Valid AmountRequest amount,

        @NotNull @Pattern(regexp = "UPI|CARD|NETBANKING", message = "must be UPI, CARD or NETBANKING")
        String method) {

    record AmountRequest(
            @NotBlank
            @Pattern(regexp = "\\d{1,12}(\\.\\d{1,2})?", message = "must be a decimal with at most two places")
            String value,

            @NotBlank @Pattern(regexp = "INR", message = "must be INR")
            String currency) {}
}
