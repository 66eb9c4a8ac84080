package org.janseva.user.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/v1/revocations?after=<cursor>} (scope {@code revocations} only, the
 * gateway's client, which has no other scope; application.yml's rule): the revocations recorded after the cursor whose tokens may still be
 * unexpired, oldest first, a page at a time, with the cursor to ask with next. The gateway polls
 * it and refuses the access tokens listed (docs/security.md).
 */
@RestController
@Validated
class RevocationController {

    private final Revocations revocations;

    RevocationController(Revocations revocations) {
        this.revocations = revocations;
    }

    /**
     * A revocation: every access token whose {@code sid} is {@code sid}, the access token whose
     * {@code jti} is {@code jti}, or every token of the citizen {@code citizenId} whose {@code iat}
     * is before {@code notBefore}.
     *
     * @param expiresAt when the last of the tokens it revokes expires: the reader can forget it
     *     then
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RevocationView(
            String sid,
            String jti,
            String citizenId,
            Instant notBefore,
            String reason,
            Instant revokedAt,
            Instant expiresAt) {}

    /**
     * @param next the cursor for the next request ({@code after=})
     * @param more whether another page follows at once
     */
    record RevocationPageView(List<RevocationView> items, String next, boolean more) {}

    @GetMapping("/internal/v1/revocations")
    @Operation(summary = "Revocations after a cursor, oldest first (the gateway polls it; scope revocations only)")
    @ApiResponse(responseCode = "200", description = "A page of revocations, with the next cursor")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: after is not a cursor",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope revocations",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    RevocationPageView revocations(
            @RequestParam(name = "after", required = false) @Pattern(regexp = "\\d{1,18}") String after) {
        Revocations.Page page = revocations.after(after == null ? 0 : Long.parseLong(after));
        return new RevocationPageView(
                page.revocations().stream()
                        .map(r -> new RevocationView(
                                r.loginId(),
                                r.tokenId(),
                                r.citizenId(),
                                r.notBefore(),
                                r.reason(),
                                r.revokedAt(),
                                r.expiresAt()))
                        .toList(),
                Long.toString(page.next()),
                page.more());
    }
}
