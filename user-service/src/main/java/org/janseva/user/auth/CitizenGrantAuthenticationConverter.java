package org.janseva.user.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads the citizen login grants from a token request ({@code grant_type} one of
 * {@link LoginGrantTypes}; {@code mobile} with {@code otp_ref} and {@code otp}, or with
 * {@code mpin}). The client has been authenticated by the endpoint's client-authentication filter.
 */
final class CitizenGrantAuthenticationConverter implements AuthenticationConverter {

    @Override
    public Authentication convert(HttpServletRequest request) {
        String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
        boolean otp = LoginGrantTypes.OTP.getValue().equals(grantType);
        boolean mpin = LoginGrantTypes.MPIN.getValue().equals(grantType);
        if (!otp && !mpin) {
            return null;
        }
        Authentication client = SecurityContextHolder.getContext().getAuthentication();
        String mobile = required(request, "mobile");
        CitizenCredentials credentials = otp
                ? new CitizenCredentials.Otp(mobile, required(request, "otp_ref"), required(request, "otp"))
                : new CitizenCredentials.Mpin(mobile, required(request, "mpin"));
        return new CitizenGrantAuthenticationToken(
                otp ? LoginGrantTypes.OTP : LoginGrantTypes.MPIN, client, credentials);
    }

    private static String required(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values == null || values.length != 1 || values[0].isBlank()) {
            throw new OAuth2AuthenticationException(
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "Parameter " + name + " is required once", null));
        }
        return values[0];
    }
}
