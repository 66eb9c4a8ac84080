package org.janseva.catalog.adapter;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code platform.catalog.outbound.*}: which addresses department calls may go to (the SSRF guard,
 * {@link OutboundAddressGuard}).
 *
 * @param allowedNetworks CIDR blocks that are called although they fall in a refused category
 *     (loopback, link-local, ...); the local profile allows loopback, where the simulator runs.
 *     Never put the link-local block (metadata address) here
 * @param deniedNetworks further CIDR blocks that are never called, e.g. a cluster's pod and service
 *     ranges, so that a department URL cannot reach the platform's databases or internal tools
 * @param deniedEndpoints further {@code host:port} endpoints that are never called, besides the
 *     platform's own services ({@code platform.services.*}), this process's ports and its database,
 *     which are always refused
 */
@Validated
@ConfigurationProperties("platform.catalog.outbound")
public record OutboundProperties(
        List<String> allowedNetworks, List<String> deniedNetworks, List<String> deniedEndpoints) {

    public OutboundProperties {
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        deniedNetworks = deniedNetworks == null ? List.of() : List.copyOf(deniedNetworks);
        deniedEndpoints = deniedEndpoints == null ? List.of() : List.copyOf(deniedEndpoints);
    }
}
