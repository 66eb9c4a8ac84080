package org.janseva.gateway.system;

import org.janseva.platform.core.web.ProblemCodes;

/**
 * A request the gateway turns away on purpose (over a rate limit, too many logins in flight):
 * rendered by {@link ProblemWebExceptionHandler} as a problem document with {@code Retry-After},
 * without a log line and without a stack trace. Rejections are the gateway's answer to a flood,
 * so they must cost as little as possible: an exception that records its stack and a WARN line
 * with it cost more than the request they refuse.
 */
public final class GatewayRejection extends RuntimeException {

    private final int status;
    private final String code;
    private final String detail;
    private final long retryAfterSeconds;

    /**
     * @param status the HTTP status (429 or 503)
     * @param detail the problem's {@code detail}, for the client
     * @param retryAfterSeconds the {@code Retry-After} header's value
     */
    public GatewayRejection(int status, String detail, long retryAfterSeconds) {
        this(status, ProblemCodes.forStatus(status), detail, retryAfterSeconds);
    }

    /**
     * @param status the HTTP status
     * @param code the problem's {@code code}, when the status's generic one says too little
     * @param detail the problem's {@code detail}, for the client
     * @param retryAfterSeconds the {@code Retry-After} header's value
     */
    public GatewayRejection(int status, String code, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.detail = detail;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
