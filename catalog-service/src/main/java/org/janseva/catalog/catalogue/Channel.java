package org.janseva.catalog.catalogue;

import java.util.Locale;
import java.util.Optional;

/** Where a citizen uses the platform from; {@code X-Channel} names it, {@code web} by default. */
public enum Channel {
    ANDROID,
    IOS,
    WEB,
    KAIOS;

    private final String code = name().toLowerCase(Locale.ROOT);

    /** @return the lower-case code used in headers and JSON, e.g. {@code kaios} */
    public String code() {
        return code;
    }

    /** @return the channel with that code (any case), empty when there is none */
    public static Optional<Channel> of(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (Channel channel : values()) {
            if (channel.code.equalsIgnoreCase(code.trim())) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
