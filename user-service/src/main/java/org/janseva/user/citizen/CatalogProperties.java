package org.janseva.user.citizen;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * catalog-service as user-service asks it whether a service code is published ({@code
 * platform.user.catalog.*}), before the code is made a favourite.
 *
 * @param baseUrl catalog-service's own URL (never the gateway)
 * @param connectTimeout connection timeout
 * @param readTimeout answer timeout
 * @param publishedFor how long a published code is taken as published without asking again
 * @param unknownFor how long an unknown code is taken as unknown: short, so that a service published
 *     meanwhile can soon be made a favourite
 * @param maxCodes the most codes whose answers are kept (the catalogue has about 2,000; unknown
 *     codes sent by anyone are kept too, so the cache is bounded)
 */
@Validated
@ConfigurationProperties("platform.user.catalog")
public record CatalogProperties(
        @DefaultValue("http://localhost:8081") @NotNull URI baseUrl,
        @DefaultValue("2s") @NotNull Duration connectTimeout,
        @DefaultValue("5s") @NotNull Duration readTimeout,
        @DefaultValue("5m") @NotNull Duration publishedFor,
        @DefaultValue("30s") @NotNull Duration unknownFor,
        @DefaultValue("10000") @Min(1) long maxCodes) {}
