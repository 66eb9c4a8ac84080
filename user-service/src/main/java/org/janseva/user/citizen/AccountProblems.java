package org.janseva.user.citizen;

import java.time.Duration;
import java.util.List;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.http.HttpStatus;

/** The problems of accounts and logins, with their stable codes (API.md, "Auth and accounts"). */
public final class AccountProblems {

    private AccountProblems() {}

    /** A login's mobile number and MPIN or OTP match no account: 401, the client is not signed in. */
    public static ApiException invalidCredentials() {
        return new ApiException(
                HttpStatus.UNAUTHORIZED,
                "INVALID_CREDENTIALS",
                "Invalid credentials",
                "The mobile number and MPIN or OTP do not match an account.");
    }

    /**
     * The MPIN a signed-in citizen confirms an action with (the old one of an MPIN change, the one
     * of an erasure) is not the account's: 403, not 401, because the bearer token is valid. A 401
     * made the apps take the session for expired, refresh and send the wrong MPIN again (counted
     * once more towards the lock) or log the citizen out.
     */
    public static ApiException wrongMpin() {
        return new ApiException(
                HttpStatus.FORBIDDEN, "INVALID_CREDENTIALS", "Invalid credentials", "The current MPIN is not correct.");
    }

    public static ApiException accountLocked(Duration retryAfter) {
        return new ApiException(
                        HttpStatus.LOCKED,
                        "ACCOUNT_LOCKED",
                        "Account locked",
                        "Too many wrong MPINs: the account is locked for a while. Log in with an OTP to unlock it.")
                .withHeader("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    /**
     * An MPIN to check (at login, or the old one of a change) that is not 4 or 6 ASCII digits: no
     * account's MPIN has that form, so it is refused as a bad field, never counted as a wrong MPIN
     * (junk sent for someone's number locked its owner out), and told apart from a wrong MPIN
     * before any account is looked up, so it says nothing about the number.
     *
     * @param field the field that held it ({@code mpin} of a login or an erasure, {@code oldMpin})
     */
    public static ApiException malformedMpin(String field) {
        return new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "VALIDATION_FAILED",
                        "Validation failed",
                        "The request has invalid fields; see errors.")
                .withProperty("errors", List.of(new FieldErrorView(field, "must be 4 or 6 digits (0-9)")));
    }

    public static ApiException mobileAlreadyRegistered() {
        return new ApiException(
                HttpStatus.CONFLICT,
                "MOBILE_ALREADY_REGISTERED",
                "Mobile already registered",
                "An account with this mobile number exists; log in instead.");
    }

    public static ApiException otpInvalid() {
        return new ApiException(
                HttpStatus.UNAUTHORIZED, "OTP_INVALID", "Invalid OTP", "The OTP is wrong, or was already used.");
    }

    public static ApiException otpExpired() {
        return new ApiException(
                HttpStatus.UNAUTHORIZED, "OTP_EXPIRED", "OTP expired", "The OTP has expired; ask for a new one.");
    }

    public static ApiException otpTriesExhausted() {
        return new ApiException(
                HttpStatus.UNAUTHORIZED,
                "OTP_TRIES_EXCEEDED",
                "Too many wrong OTPs",
                "The OTP was entered wrongly too often and can no longer be used; ask for a new one.");
    }

    /**
     * A limit of this service was reached: 429 {@code RATE_LIMITED} with {@code Retry-After}, as
     * every rate limit of the platform answers (API.md, "Conventions").
     *
     * @param reason which limit, kept as the problem's {@code reason} (e.g. {@code OTP_SEND_LIMIT})
     * @param detail the same in words
     * @param retryAfter when a retry may succeed
     */
    public static ApiException tooManyRequests(String reason, String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "Too many requests", detail)
                .withProperty("reason", reason)
                .withHeader("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    public static ApiException mpinNotAllowed(String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "MPIN_TOO_WEAK", "MPIN not allowed", detail);
    }

    public static ApiException smsUnavailable() {
        return new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "SMS_UNAVAILABLE",
                        "SMS gateway unavailable",
                        "The OTP could not be sent right now; try again shortly.")
                .withHeader("Retry-After", "30");
    }

    public static ApiException busy() {
        return new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "LOGIN_BUSY",
                        "Too many logins at once",
                        "Logins are busy right now; try again in a moment.")
                .withHeader("Retry-After", "1");
    }

    public static ApiException refreshTokenReused() {
        return new ApiException(
                HttpStatus.UNAUTHORIZED,
                "REFRESH_TOKEN_REUSED",
                "Refresh token reused",
                "This refresh token was already used; the login has been ended for safety. Log in again.");
    }

    public static ApiException refreshTokenInvalid() {
        return new ApiException(
                HttpStatus.UNAUTHORIZED,
                "REFRESH_TOKEN_INVALID",
                "Invalid refresh token",
                "The refresh token is unknown, expired or revoked. Log in again.");
    }

    public static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "CITIZEN_NOT_FOUND", "Not found", "No such account.");
    }

    /** The code of a service the catalogue does not publish; the code and words are catalog-service's. */
    public static ApiException serviceNotFound() {
        return new ApiException(
                HttpStatus.NOT_FOUND, "SERVICE_NOT_FOUND", "Service not found", "No such service is offered.");
    }

    /** catalog-service gave no answer to check a service code with; nothing was changed. */
    public static ApiException catalogUnavailable() {
        return new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "CATALOG_UNAVAILABLE",
                        "Catalogue unavailable",
                        "The service code could not be checked against the catalogue right now, so nothing was"
                                + " changed; try again shortly.")
                .withHeader("Retry-After", "10");
    }

    public static ApiException limitReached(String code, String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, code, "Limit reached", detail);
    }
}
