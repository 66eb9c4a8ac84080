package org.janseva.gateway.system;

import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which web pages may call the API from a browser ({@code platform.gateway.cors.*}): CORS is
 * answered at the gateway alone ({@link GatewayCorsWebFilter}), never by the services.
 *
 * @param allowedOrigins the web sites' origins ({@code PLATFORM_GATEWAY_CORS_ALLOWEDORIGINS},
 *     comma-separated): {@code https://www.janseva.example}, or Spring's origin patterns
 *     ({@code https://*.janseva.example}, {@code http://localhost:[*]} for any port). Empty, the
 *     default, means no cross-origin access at all; the local profile allows any port of
 *     {@code localhost} and {@code 127.0.0.1}
 * @param allowedMethods the methods a page may use
 * @param allowedHeaders the request headers a page may send (API.md's)
 * @param exposedHeaders the response headers a page may read besides the CORS-safelisted ones
 * @param maxAge how long a browser may keep a preflight's answer (browsers cap it, Chrome at 2 h)
 */
@Validated
@ConfigurationProperties("platform.gateway.cors")
public record GatewayCorsProperties(
        @DefaultValue({})
        List<
                        @Pattern(
                                regexp = "\\*|[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s?#]+/?",
                                message = "must be an origin (scheme://host[:port]) or an origin pattern, with no path")
                        String>
                allowedOrigins,

        @DefaultValue({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"})
        List<String> allowedMethods,

        @DefaultValue({
            "Authorization",
            "Content-Type",
            "X-Channel",
            "X-Country",
            "X-Request-Id",
            "Idempotency-Key",
            "Accept-Language",
            "If-None-Match"
        })
        List<String> allowedHeaders,

        @DefaultValue({
            "X-Request-Id",
            "Retry-After",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
            "Idempotent-Replayed",
            "Location",
            "ETag",
            "Content-Language",
            "Content-Disposition"
        })
        List<String> exposedHeaders,

        @DefaultValue("1h") Duration maxAge) {}
