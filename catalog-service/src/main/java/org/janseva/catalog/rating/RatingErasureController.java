package org.janseva.catalog.rating;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/v1/citizens/{citizenId}/erasure} (scope {@code erasure}: user-service
 * calls it from its erasure outbox when a citizen deletes the account, DPDP Act): each of the
 * citizen's ratings keeps its stars, so that the entries' averages do not move, but loses its
 * comment (free text, which may name the citizen) and its link to the citizen (a random id per
 * rating, so that two ratings cannot be tied together either). The citizen is recorded as erased
 * in the same transaction, under the citizen's lock ({@link ErasedCitizens}): the citizen's access
 * tokens still verify until they expire, and a rating written with one after this would never be
 * erased, so from now on the rating endpoint refuses them. Idempotent: a second call finds
 * nothing to unlink and the citizen recorded already.
 */
@RestController
class RatingErasureController {

    private static final Logger log = LoggerFactory.getLogger(RatingErasureController.class);

    private final JdbcClient jdbc;
    private final ErasedCitizens erased;
    private final Clock clock;

    RatingErasureController(JdbcClient jdbc, ErasedCitizens erased, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.erased = erased;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @PostMapping("/internal/v1/citizens/{citizenId}/erasure")
    @Operation(summary = "Unlink a deleted citizen's ratings and drop their comments (idempotent)")
    @ApiResponse(responseCode = "204", description = "Erased (also when there was nothing left to erase)")
    @ApiResponse(
            responseCode = "401",
            description = "UNAUTHENTICATED",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(
            responseCode = "403",
            description = "FORBIDDEN: a token without scope erasure (user-service's own)",
            content = @Content(mediaType = "application/problem+json"))
    @Transactional
    ResponseEntity<Void> erase(@PathVariable String citizenId) {
        // first: a rating being written now commits before this goes on, and is unlinked below
        erased.record(citizenId, clock.instant());
        // gen_random_uuid() is evaluated row by row: a random id per rating
        int ratings = jdbc.sql("update rating set citizen_id = 'erased-' || gen_random_uuid(), comment = null"
                        + " where citizen_id = ?")
                .param(citizenId)
                .update();
        log.info("Erasure: {} ratings unlinked from their citizen", ratings);
        return ResponseEntity.noContent().build();
    }
}
