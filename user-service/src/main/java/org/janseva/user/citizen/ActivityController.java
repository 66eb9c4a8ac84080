package org.janseva.user.citizen;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.janseva.platform.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Favourites ({@code /api/v1/users/me/favourites}), recent services
 * ({@code /api/v1/users/me/recent}, the last 20, newest first), and the internal endpoint by which
 * catalog-service records a use ({@code POST /internal/v1/users/{citizenId}/recent}, service
 * token only).
 *
 * <p>The gateway refuses an erased citizen's access tokens once it has polled the revocations,
 * but here (and in the seconds before) such a token still verifies until its {@code exp}: every
 * {@code /me} route first checks that the account is still active and answers 404
 * {@code CITIZEN_NOT_FOUND} otherwise, as {@code GET /api/v1/users/me} does, so that nothing is
 * read or written for an erased id.
 *
 * <p>A favourite is a service the catalogue publishes: {@link PublishedServices} asks catalog-service
 * (answers cached), and a code it does not publish is a 404 {@code SERVICE_NOT_FOUND}; when it cannot
 * be asked, the answer is a 503 and nothing is stored, never an unchecked code. Removing a favourite
 * needs no check (a code that is not one: no change). Recent services come from catalog-service
 * itself, so they are not checked either.
 *
 * <p>Both lists are paged like every list of the API ({@code ?page=0&size=20}); they are short
 * (at most {@value #MAX_FAVOURITES} favourites, {@value ActivityRepository#RECENT_KEPT} recent
 * services), so each is read whole and cut into the page asked for.
 */
@RestController
@Validated
@Tag(name = "Account", description = "The signed-in citizen's profile, MPIN, favourites and recent services")
class ActivityController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** A service code as the catalogue stores it, and as catalog-service reports a use. */
    static final String SERVICE_CODE = "[A-Z0-9][A-Z0-9-]{0,63}";

    /**
     * A service code in a citizen's URL, in any case: catalog-service's detail, invocation and
     * rating take {@code epfo-kyc-status} for {@code EPFO-KYC-STATUS}, so favourites do too (they
     * refused it with 400). It is upper-cased before use, so stored and answered in capitals.
     */
    static final String SERVICE_CODE_ANY_CASE = "[A-Za-z0-9][A-Za-z0-9-]{0,63}";

    static final int MAX_FAVOURITES = 100;

    private final ActivityRepository activity;
    private final CitizenRepository citizens;
    private final PublishedServices catalogue;
    private final Clock clock;

    ActivityController(
            ActivityRepository activity, CitizenRepository citizens, PublishedServices catalogue, Clock clock) {
        this.activity = activity;
        this.citizens = citizens;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    record FavouriteView(String serviceCode, java.time.OffsetDateTime addedAt) {}

    record RecentView(String serviceCode, java.time.OffsetDateTime usedAt) {}

    record RecentUseRequest(
            @NotBlank @Pattern(regexp = SERVICE_CODE) String serviceCode) {}

    @GetMapping(path = "/api/v1/users/me/favourites", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The citizen's favourite services, newest first, a page at a time")
    @ApiResponse(responseCode = "200", description = "A page of favourites")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: page (from 0) or size (1 to 100) not valid",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED", content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope citizen",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "404",
            description = "CITIZEN_NOT_FOUND: the account was erased",
            content = @Content(mediaType = PROBLEM))
    PageView<FavouriteView> favourites(
            Caller caller,
            @Parameter(description = "The page, from 0") @RequestParam(required = false) String page,
            @Parameter(description = "1 to 100, 20 by default") @RequestParam(required = false) String size) {
        PageRequest paging = PageRequest.of(page, size);
        List<FavouriteView> all = activity.favourites(activeCitizen(caller)).stream()
                .map(e -> new FavouriteView(e.serviceCode(), e.at()))
                .toList();
        return PageView.of(all, paging);
    }

    @PutMapping("/api/v1/users/me/favourites/{serviceCode}")
    @Operation(
            summary = "Make a service a favourite (again: no change)",
            description = "Only a service the catalogue publishes (GET /api/v1/catalog/services/{code} answers it) can"
                    + " be a favourite. The code is taken in any case and kept in capitals, as the catalogue"
                    + " answers it. The catalogue's answers are kept a few minutes (an unknown code: 30 s). When"
                    + " the catalogue cannot be asked, nothing is stored and the answer is 503. A service that is"
                    + " a favourite already is answered 204 at once: nothing is asked or changed, also at the limit"
                    + " of " + MAX_FAVOURITES + " favourites, which only a new one can exceed.")
    @ApiResponse(responseCode = "204", description = "It is a favourite")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: serviceCode is not a service code",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED", content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope citizen",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "404",
            description = "CITIZEN_NOT_FOUND: the account was erased; SERVICE_NOT_FOUND: the catalogue publishes no"
                    + " service of this code",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "422",
            description = "FAVOURITES_LIMIT: the citizen already has " + MAX_FAVOURITES
                    + " favourites, and this is not one of them (nothing stored)",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "503",
            description = "CATALOG_UNAVAILABLE: the catalogue could not be asked about the code (nothing stored),"
                    + " with Retry-After",
            headers = @Header(name = "Retry-After", description = "seconds until a retry may succeed"),
            content = @Content(mediaType = PROBLEM))
    ResponseEntity<Void> addFavourite(
            Caller caller, @PathVariable @Pattern(regexp = SERVICE_CODE_ANY_CASE) String serviceCode) {
        String citizenId = activeCitizen(caller);
        String code = serviceCode.toUpperCase(Locale.ROOT);
        // again: no change, whatever the catalogue says now and however many favourites there are
        if (activity.isFavourite(citizenId, code)) {
            return ResponseEntity.noContent().build();
        }
        if (!catalogue.isPublished(code)) {
            throw AccountProblems.serviceNotFound();
        }
        return switch (activity.addFavourite(citizenId, code, clock.instant(), MAX_FAVOURITES)) {
            case ADDED, ALREADY -> ResponseEntity.noContent().build();
            case LIMIT_REACHED ->
                throw AccountProblems.limitReached(
                        "FAVOURITES_LIMIT", "At most " + MAX_FAVOURITES + " services can be favourites.");
            case NO_ACCOUNT -> throw AccountProblems.notFound();
        };
    }

    @DeleteMapping("/api/v1/users/me/favourites/{serviceCode}")
    @Operation(summary = "Remove a favourite (not one: no change)", description = "The code is taken in any case.")
    @ApiResponse(responseCode = "204", description = "It is not a favourite")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: serviceCode is not a service code",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED", content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope citizen",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "404",
            description = "CITIZEN_NOT_FOUND: the account was erased",
            content = @Content(mediaType = PROBLEM))
    ResponseEntity<Void> removeFavourite(
            Caller caller, @PathVariable @Pattern(regexp = SERVICE_CODE_ANY_CASE) String serviceCode) {
        activity.removeFavourite(activeCitizen(caller), serviceCode.toUpperCase(Locale.ROOT));
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/api/v1/users/me/recent", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The last " + ActivityRepository.RECENT_KEPT + " services the citizen used, newest first")
    @ApiResponse(responseCode = "200", description = "A page of recent services")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: page (from 0) or size (1 to 100) not valid",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED", content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope citizen",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "404",
            description = "CITIZEN_NOT_FOUND: the account was erased",
            content = @Content(mediaType = PROBLEM))
    PageView<RecentView> recent(
            Caller caller,
            @Parameter(description = "The page, from 0") @RequestParam(required = false) String page,
            @Parameter(description = "1 to 100, 20 by default") @RequestParam(required = false) String size) {
        PageRequest paging = PageRequest.of(page, size);
        List<RecentView> all = activity.recent(activeCitizen(caller)).stream()
                .map(e -> new RecentView(e.serviceCode(), e.at()))
                .toList();
        return PageView.of(all, paging);
    }

    @PostMapping("/internal/v1/users/{citizenId}/recent")
    @Operation(summary = "Record that a citizen used a service (catalog-service, service token only)")
    @ApiResponse(responseCode = "204", description = "Recorded (an unknown or erased citizen: ignored)")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: citizenId or serviceCode not valid",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED", content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope service",
            content = @Content(mediaType = PROBLEM))
    ResponseEntity<Void> recordUse(
            @PathVariable @Pattern(regexp = "[A-Za-z0-9-]{1,36}") String citizenId,
            @Valid @RequestBody RecentUseRequest request) {
        activity.recordUse(citizenId, request.serviceCode(), clock.instant());
        return ResponseEntity.noContent().build();
    }

    /** @return the caller's id, when their account is still active */
    private String activeCitizen(Caller caller) {
        if (!citizens.existsActiveById(caller.subject())) {
            throw AccountProblems.notFound();
        }
        return caller.subject();
    }
}
