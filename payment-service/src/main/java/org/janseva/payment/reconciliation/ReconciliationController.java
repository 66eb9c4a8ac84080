package org.janseva.payment.reconciliation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.janseva.payment.ledger.LedgerCheck;
import org.janseva.payment.settlement.Findings;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' internal endpoints (scope {@code service}; not routed by the gateway): run the
 * reconciliation now, read a day's ledger-vs-gateway comparison, list the open findings, check the
 * ledger's balance.
 */
@RestController
@RequestMapping("/internal/v1")
@Tag(name = "Internal", description = "For the platform's services and operators (each operation names its scope)")
class ReconciliationController {

    private final ReconciliationJob job;
    private final LedgerCheck ledgerCheck;
    private final Findings findings;

    ReconciliationController(ReconciliationJob job, LedgerCheck ledgerCheck, Findings findings) {
        this.job = job;
        this.ledgerCheck = ledgerCheck;
        this.findings = findings;
    }

    // "produces": an Accept that refuses JSON is a 406 before the run, not after it
    @PostMapping(path = "/reconciliation/runs", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run the reconciliation now")
    @ApiResponse(responseCode = "200", description = "What the run did")
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope service",
            content = @Content(mediaType = "application/problem+json"))
    ReconciliationJob.Result run() {
        return job.run();
    }

    @GetMapping("/reconciliation/reports/{gateway}/{day}")
    @Operation(summary = "A day's ledger compared with the gateway's settlement record")
    @ApiResponse(responseCode = "200", description = "The comparison")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: day is not a date (yyyy-mm-dd)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope service",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "GATEWAY_NOT_FOUND: no payment gateway of that name",
            content = @Content(mediaType = "application/problem+json"))
    DailyReport report(
            @PathVariable String gateway, @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        return job.report(gateway, day);
    }

    @GetMapping("/reconciliation/findings")
    @Operation(summary = "What the gateway's money and the platform's record disagree on, for an operator to settle")
    @ApiResponse(responseCode = "200", description = "The open findings, oldest first")
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope service",
            content = @Content(mediaType = "application/problem+json"))
    List<Findings.Finding> findings() {
        return findings.open();
    }

    @GetMapping("/ledger/check")
    @Operation(summary = "Check that the ledger balances")
    @ApiResponse(responseCode = "200", description = "The check's result")
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope service",
            content = @Content(mediaType = "application/problem+json"))
    LedgerCheck.Result checkLedger() {
        return ledgerCheck.check();
    }
}
