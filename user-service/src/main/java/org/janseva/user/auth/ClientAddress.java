package org.janseva.user.auth;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The client's address as the gateway saw it: the last entry of {@code X-Forwarded-For} (the one
 * the gateway appended; earlier entries are the client's word), else the socket's peer.
 * user-service is reachable only through the gateway and from the platform's own network.
 */
final class ClientAddress {

    private ClientAddress() {}

    static String of(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            String[] hops = forwarded.split(",");
            String last = hops[hops.length - 1].strip();
            if (!last.isEmpty() && last.length() <= 45) {
                return last;
            }
        }
        return request.getRemoteAddr();
    }
}
