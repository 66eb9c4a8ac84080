package org.janseva.user.erasure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.janseva.platform.security.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code DELETE /api/v1/users/me}: the citizen erases their account. */
@RestController
@Tag(name = "Account", description = "The signed-in citizen's profile, MPIN, favourites and recent services")
class ErasureController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final Erasures erasures;

    ErasureController(Erasures erasures) {
        this.erasures = erasures;
    }

    @DeleteMapping("/api/v1/users/me")
    @Operation(
            summary = "Erase the citizen's account",
            description = "The profile, favourites, recent services and OTPs are deleted and every login ends;"
                    + " payment-service and catalog-service are told.")
    @ApiResponse(responseCode = "204", description = "Erased")
    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED", content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope citizen",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "404",
            description = "CITIZEN_NOT_FOUND: the account was already erased",
            content = @Content(mediaType = PROBLEM))
    ResponseEntity<Void> erase(Caller caller) {
        erasures.erase(caller.subject());
        return ResponseEntity.noContent().build();
    }
}
