package org.janseva.platform.core.web;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id that follows a citizen's request through every hop: echoed when the client sent
 * a sane one, generated otherwise, passed on to every backend and written into every log line.
 */
public final class RequestIds {

    /** The header that carries the id between clients, the gateway and the services. */
    public static final String HEADER = "X-Request-Id";

    /** The MDC key (and structured-log field) that holds the id. */
    public static final String MDC_KEY = "requestId";

    /** A request attribute holding the id, for code that has the request but not the MDC. */
    public static final String ATTRIBUTE = RequestIds.class.getName() + ".requestId";

    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {}

    /**
     * Returns the client's id when it is acceptable (1-64 characters of {@code [A-Za-z0-9._:-]}),
     * a new random one otherwise; a client cannot inject log lines or oversized values through it.
     *
     * @param supplied the header value, possibly {@code null}
     * @return the id to use for this request
     */
    public static String acceptOrGenerate(String supplied) {
        if (supplied != null && ACCEPTABLE.matcher(supplied).matches()) {
            return supplied;
        }
        return generate();
    }

    /** @return a new random request id */
    public static String generate() {
        return UUID.randomUUID().toString();
    }
}
