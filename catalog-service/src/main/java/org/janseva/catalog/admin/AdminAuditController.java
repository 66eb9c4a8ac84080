package org.janseva.catalog.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/admin/audit}: who changed what and when (scope {@code admin}). */
@RestController
@Tag(name = "Admin: audit", description = "The append-only trail of admin changes and dry runs (scope admin)")
class AdminAuditController {

    private final AdminAudit audit;

    AdminAuditController(AdminAudit audit) {
        this.audit = audit;
    }

    @GetMapping(path = "/api/v1/admin/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "The admin audit trail, newest first",
            description = "Every department created or changed (with the names of the changed fields, never a "
                    + "secret), every service created and every status change (from, to), every dry run (outcome, "
                    + "latency; never the input), with the admin client's or user's id and the request id. from "
                    + "(inclusive) and to (exclusive) are ISO-8601 timestamps with an offset.")
    @ApiResponse(responseCode = "200", description = "A page of the trail")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED",
            content = @Content(mediaType = "application/problem+json"))
    AdminViews.Page<AdminViews.AuditEntryView> audit(
            @Parameter(description = "A department code, in any case") @RequestParam(required = false)
                    String department,
            @Parameter(description = "A service code, in any case") @RequestParam(required = false) String service,
            @Parameter(description = "e.g. 2026-11-29T00:00:00+05:30") @RequestParam(required = false) String from,
            @Parameter(description = "e.g. 2026-11-30T00:00:00+05:30") @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        RequestFields fields = new RequestFields();
        Instant fromInstant = instant(from, "from", fields);
        Instant toInstant = instant(to, "to", fields);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            fields.error("from", "must be before to");
        }
        if (fields.hasErrors()) {
            throw AdminProblems.invalid(fields.errors());
        }
        AdminAudit.Filter filter = new AdminAudit.Filter(
                AdminCodes.filter(department), AdminCodes.filter(service), fromInstant, toInstant);
        long total = audit.count(filter);
        return AdminViews.Page.of(
                audit.page(filter, page, size).stream()
                        .map(entry -> new AdminViews.AuditEntryView(
                                Long.toString(entry.id()),
                                entry.occurredAt().atOffset(ZoneOffset.UTC),
                                entry.actor(),
                                entry.action().name(),
                                entry.departmentCode(),
                                entry.serviceCode(),
                                entry.requestId(),
                                entry.details()))
                        .toList(),
                page,
                size,
                total);
    }

    /** The range a filter's timestamp may take: wider than any audit row, within PostgreSQL's. */
    private static final Instant EARLIEST = Instant.EPOCH;

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private static Instant instant(String value, String field, RequestFields fields) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            // an unencoded + in a query string arrives as a space
            instant = OffsetDateTime.parse(value.trim().replace(' ', '+')).toInstant();
        } catch (DateTimeParseException ex) {
            fields.error(field, "must be an ISO-8601 timestamp with an offset, e.g. 2026-11-29T10:15:30+05:30");
            return null;
        }
        // java.time reaches years PostgreSQL's timestamptz cannot hold (it answered 500)
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            fields.error(field, "must be between the years 1970 and 9999");
            return null;
        }
        return instant;
    }
}
