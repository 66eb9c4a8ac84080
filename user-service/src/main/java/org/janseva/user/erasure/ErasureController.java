package org.janseva.user.erasure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.janseva.platform.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code DELETE /api/v1/users/me} with {@code {"mpin": "..."}}: the citizen erases their account. */
@RestController
@Tag(name = "Account", description = "The signed-in citizen's profile, MPIN, favourites and recent services")
class ErasureController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final Erasures erasures;

    ErasureController(Erasures erasures) {
        this.erasures = erasures;
    }

    /**
     * The citizen's MPIN, proven again: a bearer token alone (15 minutes, maybe leaked) must not
     * erase an account for good.
     */
    record ErasureRequest(
            @NotBlank @Schema(description = "The citizen's current MPIN, 4 or 6 digits", example = "482916")
            String mpin) {}

    @DeleteMapping("/api/v1/users/me")
    @Operation(
            summary = "Erase the citizen's account",
            description = "Irreversible, so the citizen's MPIN is asked for again in the body ({\"mpin\": \"...\"}):"
                    + " a wrong one counts towards the number's lock like a wrong login. The profile, favourites,"
                    + " recent services and OTPs are deleted and every login ends; payment-service and"
                    + " catalog-service are told.")
    @ApiResponse(responseCode = "204", description = "Erased")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: no body, or mpin missing or not 4 or 6 digits (0-9; not counted as a"
                    + " wrong MPIN)",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED", content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope citizen; INVALID_CREDENTIALS: mpin is wrong (counted"
                    + " towards the lock; \"The current MPIN is not correct.\"), or the MPIN was reset meanwhile;"
                    + " nothing erased",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "404",
            description = "CITIZEN_NOT_FOUND: the account was already erased",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "415",
            description = "UNSUPPORTED_MEDIA_TYPE: the body is not application/json",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "423",
            description = "ACCOUNT_LOCKED: too many wrong MPINs, with Retry-After; nothing erased",
            headers = @Header(name = "Retry-After", description = "seconds until the lock ends"),
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "503",
            description = "LOGIN_BUSY: too many MPIN checks at once, with Retry-After; nothing erased",
            content = @Content(mediaType = PROBLEM))
    ResponseEntity<Void> erase(Caller caller, @Valid @RequestBody ErasureRequest request) {
        erasures.erase(caller.subject(), request.mpin());
        return ResponseEntity.noContent().build();
    }
}
