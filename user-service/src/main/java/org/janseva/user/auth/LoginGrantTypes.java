package org.janseva.user.auth;

import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * The citizens' login grants: extension grant types of the token endpoint (RFC 6749, 4.5), used
 * by the JSON endpoints under {@code /api/v1/auth} on behalf of the apps' client.
 */
public final class LoginGrantTypes {

    /** Mobile number + one-time password (registration, OTP login, unlock). */
    public static final AuthorizationGrantType OTP =
            new AuthorizationGrantType("urn:janseva:params:oauth:grant-type:otp");

    /** Mobile number + MPIN. */
    public static final AuthorizationGrantType MPIN =
            new AuthorizationGrantType("urn:janseva:params:oauth:grant-type:mpin");

    /** The apps' client (mobile, web, KaiOS), on whose behalf the JSON endpoints log citizens in. */
    public static final String APP_CLIENT_ID = "janseva-app";

    private LoginGrantTypes() {}
}
