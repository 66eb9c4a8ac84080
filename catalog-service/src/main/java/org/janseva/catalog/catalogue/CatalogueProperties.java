package org.janseva.catalog.catalogue;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code platform.catalog.*}.
 *
 * @param refreshInterval how often each instance checks the catalogue version (and the ratings')
 * @param endpoints endpoint aliases that adapter settings may use as {@code {{name}}}, e.g.
 *     {@code simulator: http://localhost:8090}
 */
@Validated
@ConfigurationProperties("platform.catalog")
public record CatalogueProperties(@NotNull Duration refreshInterval, Map<String, String> endpoints) {

    public CatalogueProperties {
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
    }
}
