package org.janseva.payment.erasure;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.janseva.payment.system.PaymentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/v1/citizens/{citizenId}/erasure} (scope {@code erasure}: user-service
 * calls it when a citizen deletes the account, DPDP Act): payments and bills are kept, as the
 * law on accounts requires, but the citizen reference becomes a keyed pseudonym
 * ({@code erased-<HMAC-SHA256>}) and the customer name on the bills is removed; the idempotency
 * records (which hold nothing else of use) are deleted. The citizen is recorded as erased in the
 * same transaction ({@link ErasedCitizens}): their access tokens still verify until they expire,
 * and from now on the bill fetch and the payment refuse them. Idempotent: a second call finds
 * nothing left to pseudonymise and the citizen recorded already.
 */
@RestController
@Tag(name = "Internal", description = "For the platform's services and operators (each operation names its scope)")
class ErasureController {

    private static final Logger log = LoggerFactory.getLogger(ErasureController.class);

    private final JdbcClient jdbc;
    private final ErasedCitizens erased;
    private final PaymentProperties properties;
    private final Clock clock;

    ErasureController(JdbcClient jdbc, ErasedCitizens erased, PaymentProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.erased = erased;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/internal/v1/citizens/{citizenId}/erasure")
    @Operation(summary = "Pseudonymise a deleted citizen's payments and bills (idempotent)")
    @ApiResponse(responseCode = "204", description = "Done, or nothing left to do")
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
        String pseudonym = pseudonym(citizenId);
        // first: a bill being kept now commits before this goes on, and is pseudonymised below
        erased.record(citizenId, clock.instant());
        // the bills before the payments: a payment being made holds its bill's row lock until it
        // commits, so this waits for it and the next statement finds it; a payment that comes
        // after finds no bill of the citizen
        int bills = jdbc.sql("update bill set citizen_ref = ?, customer_name = null where citizen_ref = ?")
                .params(pseudonym, citizenId)
                .update();
        int payments = jdbc.sql("update payment set citizen_ref = ? where citizen_ref = ?")
                .params(pseudonym, citizenId)
                .update();
        jdbc.sql("delete from idempotency_record where citizen_ref = ?")
                .params(citizenId)
                .update();
        log.info("Erasure: {} payments and {} bills pseudonymised", payments, bills);
        return ResponseEntity.noContent().build();
    }

    String pseudonym(String citizenId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(properties.erasureKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "erased-" + HexFormat.of().formatHex(mac.doFinal(citizenId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
