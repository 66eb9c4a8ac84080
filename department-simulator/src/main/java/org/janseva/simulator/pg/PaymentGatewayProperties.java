package org.janseva.simulator.pg;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the simulated payment gateway.
 *
 * @param keyId the merchant's API key id (HTTP Basic user of the merchant API)
 * @param keySecret the merchant's API key secret (HTTP Basic password)
 * @param webhookSecret the secret the webhooks are signed with (HMAC-SHA256 of the raw body)
 * @param webhookUrl where webhooks go when an order names no {@code notifyUrl}
 * @param publicUrl the simulator's address as a citizen's browser sees it, for checkout URLs
 * @param lateDelay how long a "late" webhook waits
 */
@Validated
@ConfigurationProperties("platform.simulator.pg")
record PaymentGatewayProperties(
        @NotBlank String keyId,
        @NotBlank String keySecret,
        @NotBlank String webhookSecret,
        String webhookUrl,
        @NotBlank String publicUrl,
        @DefaultValue("3s") Duration lateDelay) {}
