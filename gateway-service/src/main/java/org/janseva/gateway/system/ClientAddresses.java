package org.janseva.gateway.system;

import java.net.InetSocketAddress;
import java.util.List;
import org.janseva.platform.core.web.ClientAddressHeader;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The citizen's address as far as the gateway can trust it. With no proxy in front (a local run)
 * it is the socket's peer. Behind a load balancer or an ingress, the peer is the proxy, for
 * every citizen alike: keyed by it, one anonymous rate-limit bucket and one OTP per-address
 * limit would be shared by the whole country. Each trusted proxy appends the address it saw to
 * {@code X-Forwarded-For}; entries further left are the client's own word and can be forged, so
 * the client is the entry {@code trustedProxyHops} places from the right, never an earlier one.
 */
public final class ClientAddresses {

    /** Exchange attribute holding the client's address. */
    public static final String ATTRIBUTE = ClientAddresses.class.getName() + ".address";

    private ClientAddresses() {}

    /**
     * @param request the request as it arrived
     * @param trustedProxyHops how many proxies in front of the gateway append to
     *     {@code X-Forwarded-For}
     * @return the client's address, or {@code "unknown"}
     */
    public static String of(ServerHttpRequest request, int trustedProxyHops) {
        if (trustedProxyHops > 0) {
            String forwarded = fromForwardedFor(request.getHeaders().get("X-Forwarded-For"), trustedProxyHops);
            if (forwarded != null) {
                return forwarded;
            }
        }
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return "unknown";
        }
        return remote.getAddress().getHostAddress();
    }

    /**
     * @return the entry {@code hops} places from the right of the (possibly repeated)
     *     {@code X-Forwarded-For} header, or {@code null} when there are fewer entries or it is
     *     not a plausible address
     */
    static String fromForwardedFor(List<String> headerValues, int hops) {
        if (headerValues == null || headerValues.isEmpty()) {
            return null;
        }
        String[] entries = String.join(",", headerValues).split(",");
        int index = entries.length - hops;
        if (index < 0) {
            return null;
        }
        String entry = entries[index].strip();
        if (entry.isEmpty() || entry.length() > ClientAddressHeader.MAX_LENGTH || !plausible(entry)) {
            return null;
        }
        return entry;
    }

    private static boolean plausible(String entry) {
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            boolean ok =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
