package org.janseva.platform.core.web;

/**
 * Stable machine codes and human titles for problems that are named by their HTTP status alone
 * (an unknown path, a wrong media type, an unexpected failure). Domain problems carry their own
 * codes, such as {@code OTP_INVALID}.
 */
public final class ProblemCodes {

    /** Every 400: the request is wrong, and its {@code errors} say where ({@code [{field, message}]}). */
    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";

    public static final String RESOURCE_NOT_FOUND = "RESOURCE_NOT_FOUND";
    public static final String ROUTE_NOT_FOUND = "ROUTE_NOT_FOUND";
    /** The request's body (or the rest of it) did not arrive in time. */
    public static final String REQUEST_TIMEOUT = "REQUEST_TIMEOUT";

    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    /** The request line's target (the URL) is longer than the server reads. */
    public static final String URI_TOO_LONG = "URI_TOO_LONG";
    /** The request's header section is larger than the server reads. */
    public static final String REQUEST_HEADER_FIELDS_TOO_LARGE = "REQUEST_HEADER_FIELDS_TOO_LARGE";

    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    public static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
    public static final String UPSTREAM_TIMEOUT = "UPSTREAM_TIMEOUT";

    /** The detail of a 401 for a bearer token that was sent but failed verification. */
    public static final String INVALID_TOKEN_DETAIL = "The bearer token is invalid or has expired.";

    private ProblemCodes() {}

    /**
     * @param status an HTTP status code
     * @return the generic machine code for it
     */
    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> VALIDATION_FAILED;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> RESOURCE_NOT_FOUND;
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 408 -> REQUEST_TIMEOUT;
            case 409 -> "CONFLICT";
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> "UNPROCESSABLE";
            case 431 -> REQUEST_HEADER_FIELDS_TOO_LARGE;
            case 429 -> RATE_LIMITED;
            case 502 -> "BAD_GATEWAY";
            case 503 -> SERVICE_UNAVAILABLE;
            case 504 -> UPSTREAM_TIMEOUT;
            default -> status >= 500 ? INTERNAL_ERROR : "REQUEST_FAILED";
        };
    }

    /**
     * @param status an HTTP status code
     * @return a short human title for it, never an exception's name
     */
    public static String titleForStatus(int status) {
        return switch (status) {
            case 400 -> "Validation failed";
            case 401 -> "Authentication required";
            case 403 -> "Access denied";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 408 -> "Request timeout";
            case 409 -> "Conflict";
            case 413 -> "Request body too large";
            case 414 -> "URL too long";
            case 415 -> "Unsupported media type";
            case 422 -> "Request cannot be processed";
            case 431 -> "Request headers too large";
            case 429 -> "Too many requests";
            case 502 -> "Upstream error";
            case 503 -> "Service unavailable";
            case 504 -> "Upstream timeout";
            default -> status >= 500 ? "Internal error" : "Request failed";
        };
    }

    /**
     * @param status an HTTP status code
     * @return a generic explanation for a problem of that status that has none of its own
     */
    public static String detailForStatus(int status) {
        return switch (status) {
            case 400 -> "The request is not valid; see errors.";
            case 401 -> "This resource needs a valid bearer token.";
            case 403 -> "The token does not grant access to this resource.";
            case 404 -> "No such resource.";
            case 405 -> "This resource does not support that method.";
            case 406 -> "This resource cannot answer in any of the accepted media types.";
            case 408 -> "The request's body did not arrive in time; send it again.";
            case 409 -> "The request conflicts with the resource's current state.";
            case 413 -> "The request body is larger than this endpoint accepts.";
            case 414 -> "The URL is longer than the platform reads; shorten it (a search text, for one).";
            case 415 -> "This endpoint does not accept that content type.";
            case 422 -> "The request is well-formed but cannot be processed.";
            case 431 -> "The request's headers are larger than the platform reads; send fewer or shorter ones.";
            case 429 -> "Too many requests; try again after Retry-After seconds.";
            case 502 -> "The service behind this path gave an answer that could not be used.";
            case 503 -> "The service is not available just now; try again shortly.";
            case 504 -> "The service behind this path did not answer in time.";
            default ->
                status >= 500
                        ? "The request could not be completed; quote the request id when you report it."
                        : "The request could not be completed.";
        };
    }
}
