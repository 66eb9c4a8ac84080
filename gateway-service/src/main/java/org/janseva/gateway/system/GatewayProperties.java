package org.janseva.gateway.system;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's own settings (routes live under {@code spring.cloud.gateway.server.webflux}).
 *
 * @param maxRequestBody the largest request body forwarded; larger ones get a 413 problem
 * @param strippedHeaders request headers that carry identity inside the platform and are never
 *     accepted from outside
 * @param strippedHeaderPrefixes prefixes of such headers
 * @param trustedProxyHops how many proxies (load balancer, ingress) stand in front of the gateway
 *     and append the address they saw to {@code X-Forwarded-For}: 0 in a local run (the socket's
 *     peer is the client), 1 behind one ingress ({@link ClientAddresses})
 * @param headersTimeout how long a request's line and headers may take to arrive once their first
 *     byte has: past it the connection is closed ({@link ServerTimeouts}), so a client that sends
 *     half a request holds no connection for long
 * @param bodyTimeout how long a request's whole body may take to arrive once its headers have: past
 *     it the gateway answers 408 {@code REQUEST_TIMEOUT} and closes the connection
 *     ({@link RequestBodyDeadlineWebFilter}); the buffers read so far are released
 */
@Validated
@ConfigurationProperties("platform.gateway")
public record GatewayProperties(
        @DefaultValue("1MB") DataSize maxRequestBody,

        @DefaultValue({
            "X-User-Id",
            "X-Citizen-Id",
            "X-Client-Id",
            "X-Scopes",
            "X-Roles",
            "X-Forwarded-User",
            "X-On-Behalf-Of"
        })
        List<String> strippedHeaders,

        @DefaultValue({"X-Internal-", "X-Authenticated-"}) List<String> strippedHeaderPrefixes,
        @DefaultValue("0") @Min(0) int trustedProxyHops,
        @DefaultValue("10s") Duration headersTimeout,
        @DefaultValue("15s") Duration bodyTimeout) {}
