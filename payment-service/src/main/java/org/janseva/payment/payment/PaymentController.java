package org.janseva.payment.payment;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import org.janseva.payment.system.PageView;
import org.janseva.platform.security.Caller;
import org.janseva.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A citizen's payments: create one exactly once per idempotency key, read them. */
@RestController
@Validated
@RequestMapping("/api/v1/payments")
@Tag(name = "Payments", description = "A citizen's bill payments")
class PaymentController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final PaymentCreationService creation;
    private final PaymentRepository payments;

    PaymentController(PaymentCreationService creation, PaymentRepository payments) {
        this.creation = creation;
        this.payments = payments;
    }

    // "produces": an Accept that refuses JSON is a 406 before the key is taken and the payment and
    // its gateway order made (the answer, its content type set here, was written whatever Accept said)
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Pay a kept bill, exactly once per Idempotency-Key",
            description = "The same key with the same body answers the first answer again with"
                    + " Idempotent-Replayed: true (any instance, after restarts); with another body 422"
                    + " IDEMPOTENCY_KEY_REUSED; while the first is in flight 409 IDEMPOTENCY_IN_PROGRESS with"
                    + " Retry-After. 422 AMOUNT_MISMATCH, 409 BILL_ALREADY_PAID, 409 PAYMENT_IN_PROGRESS, 404"
                    + " BILL_NOT_FOUND, 404 SERVICE_NOT_FOUND (the biller's service is no longer published; nothing"
                    + " stored, the key unused), 503 DEPARTMENT_UNAVAILABLE (the catalogue cannot say whether it is;"
                    + " nothing stored), 503 PAYMENT_GATEWAY_UNAVAILABLE (retry with the same key).")
    @ApiResponse(
            responseCode = "201",
            description = "Created, or the first answer replayed",
            headers = @Header(name = "Idempotent-Replayed", description = "true on a replay"),
            content = @Content(schema = @Schema(implementation = PaymentCreatedView.class)))
    @ApiResponse(
            responseCode = "400",
            description =
                    "VALIDATION_FAILED: the body (billId, amount, method; not JSON: errors name body) or a missing"
                            + " or malformed Idempotency-Key",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED: no valid token, or the token of an account that was deleted",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope citizen",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "BILL_NOT_FOUND: no such bill of this citizen; SERVICE_NOT_FOUND: the bill's biller service"
                    + " is no longer published (suspended or withdrawn since the bill was fetched): nothing is stored"
                    + " and the key stays unused",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description =
                    "IDEMPOTENCY_IN_PROGRESS: the first request with this key is still in flight, with Retry-After;"
                            + " BILL_ALREADY_PAID; PAYMENT_IN_PROGRESS: another payment of this bill is pending. Both"
                            + " name the live payment (paymentId) when it is the caller's own",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "422",
            description = "IDEMPOTENCY_KEY_REUSED: the key was used with another body; AMOUNT_MISMATCH: the amount is"
                    + " not the bill's (billAmount says it)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "502",
            description = "PAYMENT_NOT_STARTED (the key's answer once its payment expired): the gateway could not be"
                    + " reached, nothing was charged; use a new key",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "503",
            description = "PAYMENT_GATEWAY_UNAVAILABLE: retry with the same key, with Retry-After;"
                    + " DEPARTMENT_UNAVAILABLE: the catalogue cannot be asked whether the biller's service is still"
                    + " published; nothing is stored, retry (the same key) after Retry-After",
            content = @Content(mediaType = "application/problem+json"))
    // documented here, read below: PaymentCreationService refuses it missing, malformed or sent twice
    @Parameter(
            in = ParameterIn.HEADER,
            name = IDEMPOTENCY_KEY,
            description = "1-64 printable characters, unique per payment attempt; sent once",
            required = true,
            schema = @Schema(type = "string"))
    ResponseEntity<String> create(
            @Parameter(hidden = true) Caller caller,
            @Valid @RequestBody CreatePaymentRequest request,
            HttpServletRequest servletRequest) {
        // the header's values one by one: a bound String would be Spring's join of them
        List<String> keys = Collections.list(servletRequest.getHeaders(IDEMPOTENCY_KEY));
        StoredAnswer answer = creation.create(citizen(caller), keys, request);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status())
                .contentType(answer.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
        if (answer.status() == 201) {
            response.location(URI.create("/api/v1/payments/" + answer.paymentId()));
        }
        if (answer.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(answer.body());
    }

    @GetMapping(path = "/{paymentId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One of the citizen's payments")
    @ApiResponse(responseCode = "200", description = "The payment, with its status and the biller's")
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
    PaymentView get(@Parameter(hidden = true) Caller caller, @PathVariable String paymentId) {
        return payments.find(paymentId, citizen(caller)).map(PaymentView::of).orElseThrow(() -> notFound());
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The citizen's payments, newest first, a page at a time")
    @ApiResponse(responseCode = "200", description = "A page of payments")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: page or size out of range, or sent more than once",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope citizen",
            content = @Content(mediaType = "application/problem+json"))
    PaymentPageView list(
            @Parameter(hidden = true) Caller caller,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        long total = payments.count(citizen(caller));
        return new PaymentPageView(
                payments.page(citizen(caller), page, size).stream()
                        .map(PaymentView::of)
                        .toList(),
                PageView.of(page, size, total));
    }

    /** Another citizen's payment is answered exactly as a missing one. */
    static ApiException notFound() {
        return new ApiException(
                HttpStatus.NOT_FOUND, "PAYMENT_NOT_FOUND", "Payment not found", "No such payment for this citizen.");
    }

    /** The citizen a citizen-scoped request is from (the paths need scope citizen). */
    private static String citizen(@Parameter(hidden = true) Caller caller) {
        return caller.isCitizen() ? caller.subject() : caller.citizenId().orElseThrow();
    }
}
