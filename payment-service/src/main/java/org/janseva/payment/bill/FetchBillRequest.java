package org.janseva.payment.bill;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /api/v1/bills/fetch}.
 *
 * @param serviceCode the biller service, e.g. {@code BESCOM-ELECTRICITY}
 * @param params the biller's input: the consumer number
 */
record FetchBillRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}") String serviceCode,
        @NotNull @Valid Params params) {

    record Params(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9/_-]{1,40}")
            String consumerNumber) {}
}
