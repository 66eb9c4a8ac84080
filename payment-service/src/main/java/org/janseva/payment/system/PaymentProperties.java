package org.janseva.payment.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of payment-service (defaults in application.yml).
 *
 * @param gateway the payment gateway new payments use, by its SPI name
 * @param idempotencyRetention how long an idempotency record and its first answer are kept (at
 *     least 24 hours)
 * @param inProgressRetryAfter what {@code Retry-After} says while a key's first request is in flight
 * @param orderCreationLease how long the outbox leaves a just-claimed payment's order creation to
 *     the request that claimed it before taking it over
 * @param settleAfter age after which a PENDING payment is settled by asking the gateway
 * @param expireAfter age after which a payment never completed fails as EXPIRED
 * @param stuckAfter age after which a biller confirmation or a refund counts as stuck
 * @param lateCaptureChecks how long after a payment with a gateway order failed the gateway is asked
 *     again whether the order was paid after all (a capture whose webhook was lost is refunded)
 * @param outbox the outbox worker
 * @param reconciliation the reconciliation job
 * @param webhookTolerance how far a webhook's timestamp may be from now
 * @param erasureKey the key of the pseudonyms that replace an erased citizen's id
 */
@Validated
@ConfigurationProperties("platform.payment")
public record PaymentProperties(
        @NotBlank String gateway,
        @NotNull Duration idempotencyRetention,
        @NotNull Duration inProgressRetryAfter,
        @NotNull Duration orderCreationLease,
        @NotNull Duration settleAfter,
        @NotNull Duration expireAfter,
        @NotNull Duration stuckAfter,
        @NotEmpty List<@NotNull Duration> lateCaptureChecks,
        @Valid @NotNull Outbox outbox,
        @Valid @NotNull Reconciliation reconciliation,
        @NotNull Duration webhookTolerance,
        @NotBlank String erasureKey) {

    @AssertTrue(message = "must be at least 24 hours")
    boolean isIdempotencyRetentionLongEnough() {
        return idempotencyRetention == null || idempotencyRetention.compareTo(Duration.ofHours(24)) >= 0;
    }

    @AssertTrue(message = "lateCaptureChecks must be positive and each later than the one before")
    boolean isLateCaptureChecksAscending() {
        if (lateCaptureChecks == null) {
            return true;
        }
        Duration previous = Duration.ZERO;
        for (Duration check : lateCaptureChecks) {
            if (check == null || check.compareTo(previous) <= 0) {
                return false;
            }
            previous = check;
        }
        return true;
    }

    /**
     * @param done how many late-capture checks of a failed payment were made
     * @return how long after the last one (or after the failure) the next is due; null: no more
     */
    public Duration nextLateCaptureCheck(int done) {
        if (done < 0 || done >= lateCaptureChecks.size()) {
            return null;
        }
        return done == 0
                ? lateCaptureChecks.get(0)
                : lateCaptureChecks.get(done).minus(lateCaptureChecks.get(done - 1));
    }

    /**
     * @param enabled whether this instance polls the outbox
     * @param pollInterval the pause between polls
     * @param batchSize rows taken per poll
     * @param lease how long a taken row is hidden from other workers
     * @param maxAttempts attempts after which a row is parked for reconciliation
     * @param baseBackoff the first retry's delay, doubled at each attempt
     * @param maxBackoff the largest delay
     */
    public record Outbox(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("20") @Min(1) int batchSize,
            @DefaultValue("60s") Duration lease,
            @DefaultValue("10") @Min(1) int maxAttempts,
            @DefaultValue("2s") Duration baseBackoff,
            @DefaultValue("10m") Duration maxBackoff) {}

    /**
     * @param enabled whether this instance runs the job (one instance at a time runs it anyway)
     * @param interval the pause between runs
     * @param reportDelay how long after midnight (IST) yesterday's report waits, so that the last
     *     payments of the day are settled first (a lost webhook is made up for after settleAfter);
     *     made earlier, a late-evening payment still PENDING would show as a false mismatch for good
     * @param batchSize PENDING payments, REFUND_PENDING ones and FAILED ones due a late-capture check
     *     asked about at the gateway per run (each kind)
     */
    public record Reconciliation(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("60s") Duration interval,
            @DefaultValue("30m") Duration reportDelay,
            @DefaultValue("200") @Min(1) int batchSize) {}
}
