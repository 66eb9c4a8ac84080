package org.janseva.user.citizen;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.janseva.platform.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/users/me}: the signed-in citizen's profile and MPIN (scope {@code citizen}). */
@RestController
@RequestMapping("/api/v1/users/me")
@Tag(name = "Account", description = "The signed-in citizen's profile, MPIN, favourites and recent services")
class ProfileController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final AccountService accounts;

    ProfileController(AccountService accounts) {
        this.accounts = accounts;
    }

    record MpinChangeRequest(
            @NotBlank String oldMpin, @NotBlank String newMpin) {}

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The citizen's profile, with the mobile number masked")
    @ApiResponse(responseCode = "200", description = "The profile")
    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED", content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope citizen",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "404",
            description = "CITIZEN_NOT_FOUND: the account was erased",
            content = @Content(mediaType = PROBLEM))
    ProfileView me(Caller caller) {
        return ProfileView.of(accounts.get(caller.subject()));
    }

    /**
     * What {@code PATCH /api/v1/users/me} takes, for the document only: the body is read as a JSON
     * merge patch ({@link AccountService#patch}), which a record cannot tell apart from a member
     * left out and one set to null.
     */
    @Schema(
            description = "A JSON merge patch of the profile: a member left out stays as it is, null clears an"
                    + " optional one; any other member (the mobile number included) is refused with 400",
            additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
    record ProfilePatchRequest(
            @Schema(
                    description = "One line of 1 to " + Names.MAX_LENGTH + " characters; cannot be cleared",
                    example = "Asha Verma")
            String name,

            @Schema(
                    types = {"string", "null"},
                    description = "An address like name@example.in, in ASCII, at most 254 characters",
                    example = "asha@example.in")
            String email,

            @Schema(
                    types = {"string", "null"},
                    description = "FEMALE, MALE, OTHER or UNDISCLOSED",
                    example = "FEMALE")
            String gender,

            @Schema(
                    types = {"string", "null"},
                    format = "date",
                    description = "A past date after 1900-01-01",
                    example = "1990-04-23")
            String dateOfBirth,

            @Schema(
                    description = "One of the 13 languages; cannot be cleared",
                    allowableValues = {"en", "hi", "as", "bn", "gu", "kn", "ml", "mr", "or", "pa", "ta", "te", "ur"},
                    example = "hi")
            String preferredLanguage,

            @Schema(
                    types = {"string", "null"},
                    description =
                            "A state or union territory by the catalogue's code (any case; answered in" + " capitals)",
                    example = "KA")
            String state) {}

    // "produces": an Accept that refuses JSON is a 406 before the profile is changed, not after
    @PatchMapping(
            consumes = {"application/json", "application/merge-patch+json"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Change the profile (JSON merge patch)",
            description = "name, email, gender, dateOfBirth, preferredLanguage, state; null clears an optional one."
                    + " state is a state or union territory by the catalogue's code, one of "
                    + States.LISTED
                    + " (any case; answered in capitals). email is an address like name@example.in, in ASCII, at"
                    + " most 254 characters: before the @ 1 to 64 letters, digits and !#$%&'*+-/=?^_`{|}~ with dots"
                    + " only between them; after it a domain of at least two labels of letters, digits and hyphens"
                    + " ending in one of letters (a domain in another script in its xn-- form). The mobile number"
                    + " cannot be changed.")
    @ApiResponse(responseCode = "200", description = "The changed profile")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: every invalid or unknown field named",
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
    @ApiResponse(
            responseCode = "415",
            description = "UNSUPPORTED_MEDIA_TYPE: not application/json or application/merge-patch+json",
            content = @Content(mediaType = PROBLEM))
    ProfileView patch(
            Caller caller,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = {
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                                        schema = @Schema(implementation = ProfilePatchRequest.class)),
                                @Content(
                                        mediaType = "application/merge-patch+json",
                                        schema = @Schema(implementation = ProfilePatchRequest.class))
                            })
                    @RequestBody
                    JsonNode patch) {
        return ProfileView.of(accounts.patch(caller.subject(), patch));
    }

    @PutMapping("/mpin")
    @Operation(
            summary = "Change the MPIN",
            description = "A wrong oldMpin counts towards the lock like a wrong login, but is answered 403, not"
                    + " 401: the token is valid, the session goes on.")
    @ApiResponse(responseCode = "204", description = "Changed")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: oldMpin or newMpin missing, or an oldMpin that is not 4 or 6 digits"
                    + " (0-9; not counted as a wrong MPIN)",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED", content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope citizen; INVALID_CREDENTIALS: oldMpin is wrong (counted"
                    + " towards the lock; \"The current MPIN is not correct.\"), or the MPIN was reset meanwhile",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "404",
            description = "CITIZEN_NOT_FOUND: the account was erased",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "422",
            description = "MPIN_TOO_WEAK: not 4 or 6 digits, all equal, a sequence, the mobile's last digits, or the"
                    + " old one",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "423",
            description = "ACCOUNT_LOCKED: too many wrong MPINs, with Retry-After",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "503",
            description = "LOGIN_BUSY: too many MPIN checks at once, with Retry-After",
            content = @Content(mediaType = PROBLEM))
    ResponseEntity<Void> changeMpin(Caller caller, @Valid @RequestBody MpinChangeRequest request) {
        accounts.changeMpin(caller.subject(), request.oldMpin(), request.newMpin());
        return ResponseEntity.noContent().build();
    }
}
