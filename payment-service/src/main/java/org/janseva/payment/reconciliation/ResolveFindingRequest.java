package org.janseva.payment.reconciliation;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /internal/v1/reconciliation/findings/{id}/resolution}.
 *
 * @param note what the operator did to settle the finding, kept with it as the record: 1 to 500
 *     characters once the white space around it is taken off, one line (no control characters)
 */
record ResolveFindingRequest(
        @NotBlank
        @Size(max = 500)
        @Pattern(regexp = "\\P{Cc}*", message = "must not contain control characters (line breaks, tabs)")
        String note) {

    ResolveFindingRequest {
        // the record keeps what was meant, not the white space a copy and paste brought along
        note = note == null ? null : note.strip();
    }
}
