package org.janseva.payment.reconciliation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.time.LocalDate;
import org.janseva.payment.ledger.LedgerCheck;
import org.janseva.payment.settlement.Findings;
import org.janseva.platform.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' internal endpoints (scope {@code admin}, an operator's token, or {@code service};
 * not routed by the gateway): run the reconciliation now, read a day's ledger-vs-gateway
 * comparison, list the findings and resolve one, check the ledger's balance.
 */
@RestController
@Validated
@RequestMapping("/internal/v1")
@Tag(name = "Internal", description = "For the platform's services and operators (each operation names its scope)")
class ReconciliationController {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationController.class);

    private final ReconciliationJob job;
    private final LedgerCheck ledgerCheck;
    private final Findings findings;
    private final Clock clock;

    ReconciliationController(ReconciliationJob job, LedgerCheck ledgerCheck, Findings findings, Clock clock) {
        this.job = job;
        this.ledgerCheck = ledgerCheck;
        this.findings = findings;
        this.clock = clock;
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
            description = "FORBIDDEN: a token without scope admin or service",
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
            description = "FORBIDDEN: a token without scope admin or service",
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
    @Operation(
            summary = "What the gateway's money and the platform's record disagree on, for an operator to settle",
            description = "The open findings by default: the ones the reconciliation runs report (openFindings),"
                    + " log and count in janseva_payments_findings. A resolved finding is kept as the record, with"
                    + " who resolved it, when and their note (status=RESOLVED or ALL). A page at a time"
                    + " (?page=0&size=20, as every list): oldest first, by when each was first found, then by"
                    + " payment and id, so findings found at the same instant keep one order across pages; a"
                    + " finding found later goes after every other and moves none to another page. Resolving an"
                    + " open finding takes it out of status=OPEN: after resolving, read that page again, not the"
                    + " next one.")
    @ApiResponse(responseCode = "200", description = "A page of the findings of that status, oldest first")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: status is not OPEN, RESOLVED or ALL; page (0 to 100000) or size (1 to"
                    + " 100) not valid; one of them sent more than once",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope admin or service",
            content = @Content(mediaType = "application/problem+json"))
    FindingPageView findings(
            @Parameter(
                            description =
                                    "OPEN (default): waiting for an operator; RESOLVED: settled, by an operator or"
                                            + " by the payment's own state; ALL",
                            schema = @Schema(allowableValues = {"OPEN", "RESOLVED", "ALL"}))
                    @RequestParam(defaultValue = "OPEN")
                    @Pattern(regexp = "OPEN|RESOLVED|ALL", message = "must be OPEN, RESOLVED or ALL")
                    String status,
            @Parameter(description = "The page, from 0") @RequestParam(defaultValue = "0") @Min(0) @Max(100_000)
                    int page,
            @Parameter(description = "1 to 100, 20 by default") @RequestParam(defaultValue = "20") @Min(1) @Max(100)
                    int size) {
        Findings.Status of = "ALL".equals(status) ? null : Findings.Status.valueOf(status);
        long total = findings.count(of);
        return FindingPageView.of(findings.page(of, page, size), page, size, total);
    }

    // "produces": an Accept that refuses JSON is a 406 before the finding is resolved, not after
    @PostMapping(path = "/reconciliation/findings/{id}/resolution", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Resolve a finding an operator settled",
            description = "Says that the finding was settled (with the biller, the finance team, the gateway): it"
                    + " is no longer reported by the reconciliation runs, their log or janseva_payments_findings, and"
                    + " stays as the record with who resolved it (the token's subject: an admin client's id), when,"
                    + " and the note. Once only: of two resolutions at once, one wins and the other is 409.")
    @ApiResponse(responseCode = "200", description = "The finding, RESOLVED")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: note missing, blank, longer than 500 characters (once trimmed) or"
                    + " with control characters; a body that is not JSON (errors name body)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope admin or service",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "FINDING_NOT_FOUND: no finding with this id",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "409",
            description = "FINDING_ALREADY_RESOLVED: resolved before, by an operator or by the platform (a refund"
                    + " finding closes itself once the payment is REFUNDED); the detail says by whom and when",
            content = @Content(mediaType = "application/problem+json"))
    Findings.Finding resolve(
            @Parameter(hidden = true) Caller caller,
            @PathVariable String id,
            @Valid @RequestBody ResolveFindingRequest request) {
        Findings.Finding finding = findings.resolveByOperator(id, caller.subject(), request.note(), clock.instant());
        log.info(
                "Finding {} ({} of payment {}) resolved by {}",
                finding.id(),
                finding.kind(),
                finding.paymentId(),
                finding.resolution().by());
        return finding;
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
            description = "FORBIDDEN: a token without scope admin or service",
            content = @Content(mediaType = "application/problem+json"))
    LedgerCheck.Result checkLedger() {
        return ledgerCheck.check();
    }
}
