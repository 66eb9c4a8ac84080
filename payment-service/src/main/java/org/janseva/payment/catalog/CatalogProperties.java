package org.janseva.payment.catalog;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where catalog-service is and how long to wait for it.
 *
 * @param baseUrl catalog-service's own URL (never through the gateway)
 * @param connectTimeout the connect timeout
 * @param readTimeout the read timeout (above catalog's own department time limit)
 * @param publishedFor how long catalog-service's answer that a biller's service is published is
 *     taken as still true at payment creation (an unpublished one is asked again every time)
 */
@Validated
@ConfigurationProperties("platform.payment.catalog")
record CatalogProperties(
        @NotBlank String baseUrl,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("30s") Duration publishedFor) {}
