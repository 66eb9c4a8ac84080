package org.janseva.user.auth;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * One-time passwords ({@code platform.user.otp.*}).
 *
 * @param hmacSecret the server key of the HMAC under which codes are stored (from the
 *     environment; only the local profile has a default)
 * @param validity how long a code can be used
 * @param maxTries wrong entries after which a code is dead
 * @param sendsPerMobilePerHour codes sent to one mobile in any hour
 * @param resendCooldown the wait between two codes to one mobile
 * @param sendsPerIpPerHour codes requested from one client address in any hour (carriers put
 *     many citizens behind one address, so it is far above the per-mobile limit)
 */
@Validated
@ConfigurationProperties("platform.user.otp")
public record OtpProperties(
        String hmacSecret,
        @DefaultValue("5m") Duration validity,
        @DefaultValue("3") @Min(1) int maxTries,
        @DefaultValue("5") @Min(1) int sendsPerMobilePerHour,
        @DefaultValue("30s") Duration resendCooldown,
        @DefaultValue("50") @Min(1) int sendsPerIpPerHour) {}
