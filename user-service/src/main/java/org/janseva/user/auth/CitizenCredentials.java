package org.janseva.user.auth;

/** What a citizen proves at login: an OTP, an MPIN, or (in-process only) a fresh registration. */
sealed interface CitizenCredentials {

    /** Mobile + OTP challenge + code. */
    record Otp(String mobile, String otpRef, String otp) implements CitizenCredentials {
        @Override
        public String toString() {
            return "Otp[otpRef=" + otpRef + "]";
        }
    }

    /** Mobile + MPIN. */
    record Mpin(String mobile, String mpin) implements CitizenCredentials {
        @Override
        public String toString() {
            return "Mpin[]";
        }
    }

    /**
     * A citizen who has just registered (their OTP verified by the registration). Never built from
     * a request parameter, so the token endpoint cannot be asked for it.
     */
    record Registered(String citizenId) implements CitizenCredentials {}
}
