package org.janseva.payment.receipt;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.janseva.payment.bill.Bill;
import org.janseva.payment.bill.BillRepository;
import org.janseva.payment.payment.Payment;
import org.janseva.payment.payment.PaymentRepository;
import org.janseva.platform.security.Caller;
import org.janseva.platform.web.ApiException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/payments/{id}/receipt}: the PDF receipt of a successful payment. */
@RestController
@Tag(name = "Payments")
class ReceiptController {

    private final PaymentRepository payments;
    private final BillRepository bills;
    private final ReceiptPdf pdf;

    ReceiptController(PaymentRepository payments, BillRepository bills, ReceiptPdf pdf) {
        this.payments = payments;
        this.bills = bills;
        this.pdf = pdf;
    }

    // "produces": an Accept that refuses PDF (application/json alone) is a 406 problem, as every other
    // endpoint answers an Accept it cannot meet, before the payment is looked up
    @GetMapping(path = "/api/v1/payments/{paymentId}/receipt", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The PDF receipt of a successful payment")
    @ApiResponse(
            responseCode = "200",
            description = "The receipt",
            content = @Content(mediaType = MediaType.APPLICATION_PDF_VALUE))
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope citizen",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "PAYMENT_NOT_FOUND: no such payment of this citizen (another citizen's included)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "406",
            description = "NOT_ACCEPTABLE: Accept refuses application/pdf (e.g. application/json alone)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description = "RECEIPT_NOT_AVAILABLE: the payment is not SUCCESS (pending, failed or refunded)",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<byte[]> receipt(@Parameter(hidden = true) Caller caller, @PathVariable String paymentId) {
        Payment payment = payments.find(paymentId, citizen(caller))
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND,
                        "PAYMENT_NOT_FOUND",
                        "Payment not found",
                        "No such payment for this citizen."));
        if (!"SUCCESS".equals(payment.status())) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "RECEIPT_NOT_AVAILABLE",
                    "Receipt not available",
                    "A receipt exists only for a successful payment; this one is " + payment.status() + ".");
        }
        Bill bill = bills.get(payment.billId()).orElseThrow();
        byte[] document = pdf.render(new ReceiptPdf.Content(
                payment.id(),
                bill.billerName(),
                payment.serviceCode(),
                payment.consumerNumber(),
                payment.billNumber(),
                payment.amount(),
                payment.methodAsPaid(),
                payment.status(),
                payment.billerStatus(),
                payment.gatewayPaymentId(),
                payment.paidAt()));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline()
                                .filename("receipt-" + payment.id() + ".pdf")
                                .build()
                                .toString())
                .body(document);
    }

    /** The citizen a citizen-scoped request is from (the paths need scope citizen). */
    private static String citizen(@Parameter(hidden = true) Caller caller) {
        return caller.isCitizen() ? caller.subject() : caller.citizenId().orElseThrow();
    }
}
