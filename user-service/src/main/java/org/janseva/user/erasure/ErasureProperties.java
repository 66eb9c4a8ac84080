package org.janseva.user.erasure;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Telling the services that keep something of a citizen about erasures ({@code
 * platform.user.erasure.*}).
 *
 * @param paymentServiceUrl payment-service's own URL (never the gateway)
 * @param catalogServiceUrl catalog-service's own URL (never the gateway)
 * @param pollInterval how often the outbox is looked at
 * @param firstRetry the wait after a first failed delivery; doubled after each failure
 * @param maxRetry the longest wait between two tries
 */
@Validated
@ConfigurationProperties("platform.user.erasure")
public record ErasureProperties(
        @DefaultValue("http://localhost:8083") URI paymentServiceUrl,
        @DefaultValue("http://localhost:8081") URI catalogServiceUrl,
        @DefaultValue("5s") Duration pollInterval,
        @DefaultValue("30s") Duration firstRetry,
        @DefaultValue("1h") Duration maxRetry) {}
