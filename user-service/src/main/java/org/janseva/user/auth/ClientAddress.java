package org.janseva.user.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.janseva.platform.core.web.ClientAddressHeader;

/**
 * The client's address as the gateway determined it: {@code X-Internal-Client-Address} (set by the
 * gateway on every request, after removing any copy the client sent; behind an ingress it is the
 * citizen's address, not the ingress's), else the last entry of {@code X-Forwarded-For} (the one
 * the last proxy appended; earlier entries are the client's word), else the socket's peer.
 * user-service is reachable only through the gateway and from the platform's own network.
 */
final class ClientAddress {

    private ClientAddress() {}

    static String of(HttpServletRequest request) {
        String fromGateway = request.getHeader(ClientAddressHeader.NAME);
        if (fromGateway != null && !fromGateway.isBlank() && fromGateway.length() <= ClientAddressHeader.MAX_LENGTH) {
            return fromGateway.strip();
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            String last = hops[hops.length - 1].strip();
            if (!last.isEmpty() && last.length() <= ClientAddressHeader.MAX_LENGTH) {
                return last;
            }
        }
        return request.getRemoteAddr();
    }
}
