package org.janseva.user.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.janseva.user.citizen.Citizen;
import org.janseva.user.citizen.Languages;
import org.janseva.user.citizen.Mobiles;
import org.janseva.user.citizen.MpinPolicy;
import org.janseva.user.citizen.ProfileView;
import org.janseva.user.citizen.Registrations;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/auth}: OTPs, registration, login (MPIN or OTP), refresh and logout, answering
 * in RFC 6749's token-response shape. Public (no token needed).
 */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private final OtpService otps;
    private final Logins logins;
    private final Registrations registrations;
    private final Clock clock;

    AuthController(OtpService otps, Logins logins, Registrations registrations, Clock clock) {
        this.otps = otps;
        this.logins = logins;
        this.registrations = registrations;
        this.clock = clock;
    }

    record OtpRequest(@NotBlank String mobile, @NotNull OtpPurpose purpose) {}

    record RegisterRequest(
            @NotBlank String mobile,
            @NotBlank String otpRef,
            @NotBlank String otp,
            @NotBlank String mpin,
            @NotBlank @Size(max = 100) String name,
            String preferredLanguage,
            @Size(max = 64) String state) {}

    record LoginRequest(@NotBlank String mobile, String mpin, String otpRef, String otp) {}

    record MpinResetRequest(
            @NotBlank String mobile,
            @NotBlank String otpRef,
            @NotBlank String otp,
            @NotBlank String newMpin) {}

    record RefreshRequest(
            @JsonProperty("refresh_token") @NotBlank @Size(max = 512)
            String refreshToken) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenView(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("token_type") String tokenType,
            @JsonProperty("expires_in") long expiresIn,
            @JsonProperty("refresh_token") String refreshToken,
            @JsonProperty("scope") String scope,
            @JsonProperty("user") ProfileView user) {}

    @PostMapping("/otp")
    ResponseEntity<OtpService.Issued> otp(
            @Valid @RequestBody OtpRequest request,
            @RequestHeader(name = "Accept-Language", required = false) String acceptLanguage,
            @RequestParam(name = "lang", required = false) String lang,
            HttpServletRequest http) {
        String mobile = Mobiles.normalise(request.mobile());
        String language = Languages.pick(lang != null ? lang : acceptLanguage);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(otps.issue(mobile, request.purpose(), ClientAddress.of(http), language));
    }

    @PostMapping("/register")
    ResponseEntity<TokenView> register(@Valid @RequestBody RegisterRequest request) {
        String mobile = Mobiles.normalise(request.mobile());
        if (request.preferredLanguage() != null && !Languages.isSupported(request.preferredLanguage())) {
            throw validation("preferredLanguage", "must be one of " + Languages.CODES);
        }
        MpinPolicy.check(request.mpin(), mobile);
        otps.verify(request.otpRef(), mobile, Set.of(OtpPurpose.REGISTER), request.otp());
        Citizen citizen = registrations.register(
                mobile, request.mpin(), request.name(), request.preferredLanguage(), request.state());
        OAuth2AccessTokenAuthenticationToken tokens =
                logins.login(LoginGrantTypes.OTP, new CitizenCredentials.Registered(citizen.id()));
        return ResponseEntity.status(HttpStatus.CREATED).body(view(tokens, ProfileView.of(citizen)));
    }

    @PostMapping("/login")
    TokenView login(@Valid @RequestBody LoginRequest request) {
        boolean withMpin = request.mpin() != null;
        boolean withOtp = request.otpRef() != null || request.otp() != null;
        if (withMpin == withOtp) {
            throw validation("mpin", "give either mpin, or otpRef and otp");
        }
        if (withOtp && (request.otpRef() == null || request.otp() == null)) {
            throw validation(request.otp() == null ? "otp" : "otpRef", "is required with an OTP login");
        }
        OAuth2AccessTokenAuthenticationToken tokens = withMpin
                ? logins.login(LoginGrantTypes.MPIN, new CitizenCredentials.Mpin(request.mobile(), request.mpin()))
                : logins.login(
                        LoginGrantTypes.OTP,
                        new CitizenCredentials.Otp(request.mobile(), request.otpRef(), request.otp()));
        return view(tokens, null);
    }

    /**
     * A forgotten MPIN: an OTP sent with purpose {@code RESET_MPIN} proves the phone; the new MPIN
     * replaces the old one, lifts any lock, and every existing login of the account ends.
     */
    @PostMapping("/mpin-reset")
    ResponseEntity<Void> resetMpin(@Valid @RequestBody MpinResetRequest request) {
        String mobile = Mobiles.normalise(request.mobile());
        MpinPolicy.check(request.newMpin(), mobile);
        otps.verify(request.otpRef(), mobile, Set.of(OtpPurpose.RESET_MPIN), request.otp());
        String citizenId = registrations.resetMpin(mobile, request.newMpin());
        logins.endAllLogins(citizenId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/refresh")
    TokenView refresh(@Valid @RequestBody RefreshRequest request) {
        return view(logins.refresh(request.refreshToken()), null);
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(@Valid @RequestBody RefreshRequest request) {
        logins.logout(request.refreshToken());
        return ResponseEntity.noContent().build();
    }

    private TokenView view(OAuth2AccessTokenAuthenticationToken tokens, ProfileView user) {
        var access = tokens.getAccessToken();
        long expiresIn = access.getExpiresAt() == null
                ? 0
                : Math.max(
                        0,
                        Duration.between(clock.instant(), access.getExpiresAt()).toSeconds());
        return new TokenView(
                access.getTokenValue(),
                "Bearer",
                expiresIn,
                tokens.getRefreshToken() == null
                        ? null
                        : tokens.getRefreshToken().getTokenValue(),
                String.join(" ", access.getScopes()),
                user);
    }

    private static ApiException validation(String field, String message) {
        return new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "VALIDATION_FAILED",
                        "Validation failed",
                        "The request has invalid fields; see errors.")
                .withProperty("errors", List.of(new FieldErrorView(field, message)));
    }
}
