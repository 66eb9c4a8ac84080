package org.janseva.user.citizen;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * MPIN hashing and lockout ({@code platform.user.mpin.*}).
 *
 * @param pepper the server-side secret mixed into every MPIN before hashing (from the
 *     environment; only the local profile has a default)
 * @param maxFailures wrong MPINs in a row that lock the account
 * @param lockDuration how long it stays locked (an OTP login unlocks it at once)
 * @param forgetFailuresAfter how long after its last wrong MPIN a number's count is forgotten
 *     (when no lock runs): until then a wrong MPIN after a lock has ended locks it again at once
 * @param memoryKib Argon2id memory cost (OWASP: 19 MiB with 2 iterations)
 * @param iterations Argon2id iterations
 * @param parallelism Argon2id lanes
 * @param maxConcurrentHashes how many Argon2 computations run at once on one instance: the login
 *     endpoint's own concurrency limit, so that a login flood cannot take every CPU
 * @param maxHashesPerSecond how many Argon2 computations start per second on one instance (about
 *     34 ms of CPU each): with {@code maxConcurrentHashes}, the bound on the CPU that logins can
 *     take from everything else the machine runs
 * @param queueTimeout how long a login waits for a hashing slot before a 503
 */
@Validated
@ConfigurationProperties("platform.user.mpin")
public record MpinProperties(
        String pepper,
        @DefaultValue("5") @Min(1) int maxFailures,
        @DefaultValue("30m") Duration lockDuration,
        @DefaultValue("24h") Duration forgetFailuresAfter,
        @DefaultValue("19456") @Min(1024) int memoryKib,
        @DefaultValue("2") @Min(1) int iterations,
        @DefaultValue("1") @Min(1) int parallelism,
        @DefaultValue("1") @Min(1) int maxConcurrentHashes,
        @DefaultValue("10") @Min(1) int maxHashesPerSecond,
        @DefaultValue("2s") Duration queueTimeout) {

    /** @return the pepper, refused when it is missing or too short to be a key */
    public String checkedPepper() {
        if (pepper == null || pepper.length() < 16) {
            throw new IllegalStateException(
                    "platform.user.mpin.pepper must be set (at least 16 characters; USER_MPIN_PEPPER)");
        }
        return pepper;
    }
}
