package org.janseva.catalog.rating;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.janseva.catalog.catalogue.Catalogue;
import org.janseva.catalog.catalogue.CatalogueEntry;
import org.janseva.platform.security.Caller;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code PUT /api/v1/catalog/services/{code}/rating}: a citizen rates a service; the latest rating wins. */
@RestController
@Tag(name = "Catalog", description = "Browsing and searching the catalogue of services")
class RatingController {

    static final int MAX_COMMENT = 1000;

    private final Catalogue catalogue;
    private final Ratings ratings;
    private final ErasedCitizens erased;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;

    RatingController(
            Catalogue catalogue,
            Ratings ratings,
            ErasedCitizens erased,
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            ObjectProvider<Clock> clock) {
        this.catalogue = catalogue;
        this.ratings = ratings;
        this.erased = erased;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @PutMapping(path = "/api/v1/catalog/services/{code}/rating", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Rate a service",
            description = "1 to 5 stars and an optional comment (at most 1000 characters). One rating per citizen "
                    + "per service: rating again replaces the earlier one. Needs a citizen's token (401 without one, "
                    + "or with one of an account that was deleted; 403 for other tokens); 404 SERVICE_NOT_FOUND for "
                    + "a service that is not published.")
    @ApiResponse(responseCode = "204", description = "Rated")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: stars not a whole number from 1 to 5, comment too long, body not JSON",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED: no valid token, or the token of an account that was deleted",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: not a citizen's token",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "404",
            description = "SERVICE_NOT_FOUND",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "415",
            description = "UNSUPPORTED_MEDIA_TYPE",
            content = @Content(mediaType = "application/problem+json"))
    ResponseEntity<Void> rate(
            Caller caller, @PathVariable String code, @RequestBody(required = false) RatingRequest body) {
        if (!caller.isCitizen() || caller.citizenId().isEmpty()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN", "Access denied", "Only citizens rate services.");
        }
        // codes are case-insensitive, as in GET /api/v1/catalog/services/{code}; the rating is stored
        // under the canonical (upper-case) code
        CatalogueEntry entry = catalogue
                .current()
                .entry(code.toUpperCase(Locale.ROOT))
                .filter(CatalogueEntry::published)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND, "SERVICE_NOT_FOUND", "Service not found", "No such service is offered."));
        if (body == null || body.stars() == null || body.stars() < 1 || body.stars() > 5) {
            throw invalid("stars", "must be a whole number from 1 to 5");
        }
        String comment = body.comment() == null || body.comment().isBlank()
                ? null
                : body.comment().strip();
        // characters as the varchar(1000) column counts them: code points, not UTF-16 units (an
        // emoji is one character, two units)
        if (comment != null && comment.codePointCount(0, comment.length()) > MAX_COMMENT) {
            throw invalid("comment", "must be at most " + MAX_COMMENT + " characters");
        }
        String citizen = caller.citizenId().get();
        transaction.executeWithoutResult(status -> {
            // the token verifies until its exp even once the account is deleted: a rating written
            // after the erasure would never be erased
            erased.refuseIfErased(citizen);
            jdbc.sql("""
                            insert into rating (entry_code, citizen_id, stars, comment, rated_at) values (?, ?, ?, ?, ?)
                            on conflict (entry_code, citizen_id) do update
                                set stars = excluded.stars, comment = excluded.comment, rated_at = excluded.rated_at""")
                    .params(entry.code(), citizen, body.stars(), comment, Timestamp.from(clock.instant()))
                    .update();
        });
        // this instance answers with the new rating at once; the others within the refresh interval
        ratings.refresh();
        return ResponseEntity.noContent().build();
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "VALIDATION_FAILED",
                        "Validation failed",
                        "The request has invalid fields; see errors.")
                .withProperty("errors", List.of(new FieldErrorView(field, message)));
    }
}
