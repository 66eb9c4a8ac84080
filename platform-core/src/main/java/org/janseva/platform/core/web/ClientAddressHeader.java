package org.janseva.platform.core.web;

/**
 * The citizen's address as the gateway determined it (behind proxies: from the trusted end of
 * {@code X-Forwarded-For}), passed to every backend. The gateway removes any copy a client sent
 * before it sets its own, so a backend may key per-address limits by it.
 */
public final class ClientAddressHeader {

    /** The header's name. */
    public static final String NAME = "X-Internal-Client-Address";

    /** The longest value that can be an address (an IPv6 address with an embedded IPv4 one). */
    public static final int MAX_LENGTH = 45;

    private ClientAddressHeader() {}
}
