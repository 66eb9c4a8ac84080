package org.janseva.platform.core.web;

import java.net.URI;
import java.util.Locale;

/**
 * Stable problem {@code type} URIs (RFC 9457) derived from the stable machine {@code code}, so
 * that every process names the same problem the same way.
 */
public final class ProblemTypes {

    /** Where the problem types are documented. */
    public static final String BASE = "https://janseva.org/problems/";

    private ProblemTypes() {}

    /**
     * @param code an UPPER_SNAKE machine code, e.g. {@code SERVICE_NOT_FOUND}
     * @return its type URI, e.g. {@code https://janseva.org/problems/service-not-found}
     */
    public static URI of(String code) {
        return URI.create(BASE + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
