package org.janseva.catalog.adapter;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code platform.catalog.adapters.*}: how catalog-service talks to department systems.
 *
 * @param settingsKeys key id to base64 AES-256 key that encrypts adapter secrets at rest (from the
 *     environment or a secret store, never from the repository outside the local profile)
 * @param activeSettingsKey the key id that encrypts new secrets; others only decrypt (rotation)
 * @param maxResponseSize the largest department answer read; larger answers are a 502
 * @param maxConnectionsPerHost the connection pool of each department host
 * @param connectTimeout the longest wait for a TCP connection to a department
 * @param idleConnectionTimeout pooled connections idle this long are closed
 * @param connectionTimeToLive pooled connections are replaced after this long (DNS changes)
 */
@Validated
@ConfigurationProperties("platform.catalog.adapters")
public record AdaptersProperties(
        Map<String, String> settingsKeys,
        String activeSettingsKey,
        @NotNull DataSize maxResponseSize,
        @Min(1) @Max(1000) int maxConnectionsPerHost,
        @NotNull Duration connectTimeout,
        @NotNull Duration idleConnectionTimeout,
        @NotNull Duration connectionTimeToLive) {

    public AdaptersProperties {
        settingsKeys = settingsKeys == null ? Map.of() : Map.copyOf(settingsKeys);
    }
}
