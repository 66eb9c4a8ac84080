package org.janseva.user.auth;

/** What an OTP is for: it can only be used for that. */
public enum OtpPurpose {
    REGISTER,
    LOGIN,
    RESET_MPIN
}
