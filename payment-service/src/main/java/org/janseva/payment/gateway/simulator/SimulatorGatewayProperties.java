package org.janseva.payment.gateway.simulator;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The department simulator's payment gateway ({@code pg}).
 *
 * @param baseUrl the gateway's URL ({@code PG_BASE_URL}); the service does not start without it,
 *     nor when it points at this machine unless {@code allowLoopback}
 * @param allowLoopback whether the base URL may be a loopback address: the local profile's
 *     simulator and the tests' run on this machine, a payment gateway never does
 * @param keyId the merchant key id
 * @param keySecret the merchant key secret
 * @param webhookSecrets the secrets a webhook signature may use: the current one first, the
 *     previous one during a rotation
 * @param connectTimeout connect timeout
 * @param readTimeout read timeout
 */
@Validated
@ConfigurationProperties("platform.payment.pg")
record SimulatorGatewayProperties(
        String baseUrl,
        boolean allowLoopback,
        @NotBlank String keyId,
        @NotBlank String keySecret,
        @NotEmpty List<String> webhookSecrets,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout) {}
