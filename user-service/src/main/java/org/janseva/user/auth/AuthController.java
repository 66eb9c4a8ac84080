package org.janseva.user.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.janseva.user.citizen.Citizen;
import org.janseva.user.citizen.Languages;
import org.janseva.user.citizen.Mobiles;
import org.janseva.user.citizen.MpinHasher;
import org.janseva.user.citizen.MpinPolicy;
import org.janseva.user.citizen.Names;
import org.janseva.user.citizen.ProfileView;
import org.janseva.user.citizen.Registrations;
import org.janseva.user.citizen.States;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
@Tag(name = "Auth", description = "OTPs, registration, logins, refresh and logout (no token needed)")
class AuthController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    // on every mapping that answers a body: an Accept that refuses JSON is then a 406 before the
    // handler runs; checked only when the answer was written, it came after the refresh token was
    // rotated, the account created or the OTP sent, and the client never saw the result
    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final OtpService otps;
    private final Logins logins;
    private final Registrations registrations;
    private final MpinHasher hasher;
    private final Clock clock;

    AuthController(OtpService otps, Logins logins, Registrations registrations, MpinHasher hasher, Clock clock) {
        this.otps = otps;
        this.logins = logins;
        this.registrations = registrations;
        this.hasher = hasher;
        this.clock = clock;
    }

    record OtpRequest(@NotBlank String mobile, @NotNull OtpPurpose purpose) {}

    record RegisterRequest(
            @NotBlank String mobile,
            @NotBlank String otpRef,
            @NotBlank String otp,
            @NotBlank String mpin,

            @NotBlank
            @Schema(
                    description = "The citizen's name: one line of 1 to " + Names.MAX_LENGTH
                            + " characters (an emoji counts as one), no control characters;"
                            + " surrounding spaces are dropped",
                    maxLength = Names.MAX_LENGTH,
                    example = "Asha Devi")
            String name,

            String preferredLanguage,

            @Schema(
                    description = "The state or union territory, by the catalogue's code, one of "
                            + States.LISTED
                            + " (any case; answered in capitals)",
                    example = "KA")
            String state) {}

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

    @PostMapping(path = "/otp", produces = JSON)
    @Operation(
            summary = "Send an OTP by SMS",
            description = "At most 5 sends per mobile per hour, 30 s apart, and a limit per client address. A LOGIN"
                    + " or RESET_MPIN code for a mobile without an account is answered alike but never sent.")
    @ApiResponse(
            responseCode = "202",
            description = "The OTP is on its way",
            content = @Content(schema = @Schema(implementation = OtpService.Issued.class)))
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: mobile (10 digits starting 6-9, +91 allowed) or purpose",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "429",
            description = "RATE_LIMITED: too soon after the last OTP (reason OTP_RESEND_TOO_SOON), too many to this"
                    + " mobile in the last hour (reason OTP_SEND_LIMIT) or from this client address (reason"
                    + " OTP_ADDRESS_LIMIT); with Retry-After",
            headers = @Header(name = "Retry-After", description = "seconds until another OTP may be asked for"),
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "503",
            description = "SMS_UNAVAILABLE: a REGISTER code could not be sent (not counted against the limits),"
                    + " with Retry-After",
            content = @Content(mediaType = PROBLEM))
    ResponseEntity<OtpService.Issued> otp(
            @Valid @RequestBody OtpRequest request,
            @RequestHeader(name = "Accept-Language", required = false) String acceptLanguage,
            @Parameter(
                            description = "The SMS's language, one of the 13, over Accept-Language; without either"
                                    + " a LOGIN or RESET_MPIN text is in the citizen's preferred language, a"
                                    + " REGISTER text in English")
                    @RequestParam(name = "lang", required = false)
                    String lang,
            HttpServletRequest http) {
        String mobile = Mobiles.normalise(request.mobile());
        if (lang != null && !Languages.isSupported(lang)) {
            // as the catalogue answers ?lang=xx: a language the client asks for by name is not guessed
            throw validation(List.of(new FieldErrorView("lang", "must be one of " + Languages.CODES)));
        }
        // null when the client names none: a LOGIN or RESET_MPIN text is then in the citizen's own
        String language =
                lang != null ? lang : Languages.requested(acceptLanguage).orElse(null);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(otps.issue(mobile, request.purpose(), ClientAddress.of(http), language));
    }

    @PostMapping(path = "/register", produces = JSON)
    @Operation(summary = "Register with a REGISTER OTP and an MPIN; logs the new citizen in")
    @ApiResponse(
            responseCode = "201",
            description = "Registered: the token response and the user",
            content = @Content(schema = @Schema(implementation = TokenView.class)))
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: mobile, otpRef, otp, mpin, name, preferredLanguage or state",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "401",
            description = "OTP_INVALID, OTP_EXPIRED, OTP_TRIES_EXCEEDED",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "409",
            description = "MOBILE_ALREADY_REGISTERED: log in instead",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "422",
            description = "MPIN_TOO_WEAK: not 4 or 6 digits, all equal, a sequence, or the mobile's last digits",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "503",
            description = "LOGIN_BUSY: too many MPIN checks at once, with Retry-After",
            content = @Content(mediaType = PROBLEM))
    ResponseEntity<TokenView> register(@Valid @RequestBody RegisterRequest request) {
        String mobile = Mobiles.normalise(request.mobile());
        List<FieldErrorView> errors = new ArrayList<>();
        if (request.preferredLanguage() != null && !Languages.isSupported(request.preferredLanguage())) {
            errors.add(new FieldErrorView("preferredLanguage", "must be one of " + Languages.CODES));
        }
        Names.refusal(request.name().strip()).ifPresent(message -> errors.add(new FieldErrorView("name", message)));
        String state = States.code(request.state());
        if (request.state() != null && state == null) {
            errors.add(new FieldErrorView("state", States.MUST_BE_ONE));
        }
        if (!errors.isEmpty()) {
            throw validation(errors);
        }
        MpinPolicy.check(request.mpin(), mobile);
        Citizen citizen;
        // the Argon2 slot before the OTP is used up: a 503 LOGIN_BUSY leaves it for the retry
        try (MpinHasher.Admission argon2 = hasher.admit()) {
            otps.verify(request.otpRef(), mobile, Set.of(OtpPurpose.REGISTER), request.otp());
            citizen = registrations.register(
                    mobile, argon2, request.mpin(), request.name(), request.preferredLanguage(), state);
        }
        OAuth2AccessTokenAuthenticationToken tokens =
                logins.login(LoginGrantTypes.OTP, new CitizenCredentials.Registered(citizen.id()));
        return ResponseEntity.status(HttpStatus.CREATED).body(view(tokens, ProfileView.of(citizen)));
    }

    @PostMapping(path = "/login", produces = JSON)
    @Operation(summary = "Log in with mobile and MPIN, or with mobile, otpRef and otp (a LOGIN OTP)")
    @ApiResponse(
            responseCode = "200",
            description = "The token response",
            content = @Content(schema = @Schema(implementation = TokenView.class)))
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: mobile, neither or both of mpin and otpRef/otp, or an mpin that is not 4"
                    + " or 6 digits (0-9; not counted as a wrong MPIN)",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "401",
            description = "INVALID_CREDENTIALS, OTP_INVALID, OTP_EXPIRED, OTP_TRIES_EXCEEDED",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "423",
            description = "ACCOUNT_LOCKED: 5 wrong MPINs in a row, for 30 minutes (an OTP login unlocks), with"
                    + " Retry-After",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "503",
            description = "LOGIN_BUSY: too many MPIN checks at once, with Retry-After",
            content = @Content(mediaType = PROBLEM))
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
    @Operation(summary = "Set a new MPIN with a RESET_MPIN OTP; every login of the account ends")
    @ApiResponse(responseCode = "204", description = "The MPIN is replaced and any lock lifted")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: mobile, otpRef, otp or newMpin",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "401",
            description = "OTP_INVALID, OTP_EXPIRED, OTP_TRIES_EXCEEDED, INVALID_CREDENTIALS (no account)",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "422",
            description = "MPIN_TOO_WEAK: not 4 or 6 digits, all equal, a sequence, or the mobile's last digits",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "503",
            description = "LOGIN_BUSY: too many MPIN checks at once, with Retry-After",
            content = @Content(mediaType = PROBLEM))
    ResponseEntity<Void> resetMpin(@Valid @RequestBody MpinResetRequest request) {
        String mobile = Mobiles.normalise(request.mobile());
        MpinPolicy.check(request.newMpin(), mobile);
        // the Argon2 slot before the OTP is used up: a 503 LOGIN_BUSY leaves it for the retry
        try (MpinHasher.Admission argon2 = hasher.admit()) {
            otps.verify(request.otpRef(), mobile, Set.of(OtpPurpose.RESET_MPIN), request.otp());
            registrations.resetMpin(mobile, argon2, request.newMpin(), logins::endAllLogins);
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/refresh", produces = JSON)
    @Operation(summary = "A new token response for a refresh token, with a new refresh token (rotation)")
    @ApiResponse(
            responseCode = "200",
            description = "The token response",
            content = @Content(schema = @Schema(implementation = TokenView.class)))
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: refresh_token missing or too long",
            content = @Content(mediaType = PROBLEM))
    @ApiResponse(
            responseCode = "401",
            description =
                    "REFRESH_TOKEN_REUSED: already used, the whole login is ended; REFRESH_TOKEN_INVALID: unknown,"
                            + " expired or revoked",
            content = @Content(mediaType = PROBLEM))
    TokenView refresh(@Valid @RequestBody RefreshRequest request) {
        return view(logins.refresh(request.refreshToken()), null);
    }

    @PostMapping("/logout")
    @Operation(summary = "End the login of a refresh token (an unknown token: no change)")
    @ApiResponse(responseCode = "204", description = "Logged out")
    @ApiResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED: refresh_token missing or too long",
            content = @Content(mediaType = PROBLEM))
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
        return validation(List.of(new FieldErrorView(field, message)));
    }

    private static ApiException validation(List<FieldErrorView> errors) {
        return new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "VALIDATION_FAILED",
                        "Validation failed",
                        "The request has invalid fields; see errors.")
                .withProperty("errors", errors);
    }
}
