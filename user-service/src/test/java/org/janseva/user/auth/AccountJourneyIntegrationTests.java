package org.janseva.user.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.MutableClock;
import org.janseva.user.UserServiceTest;
import org.janseva.user.UserServiceTestSupport;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.janseva.user.citizen.HmacSha256;
import org.janseva.user.citizen.MpinProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Registration, logins, refresh rotation and reuse, OTP and MPIN rules, over real HTTP. */
@UserServiceTest
@ExtendWith(OutputCaptureExtension.class)
class AccountJourneyIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    MeterRegistry meters;

    @Autowired
    MpinProperties mpinProperties;

    @Autowired
    JdbcClient jdbc;

    Citizen citizen;

    @BeforeEach
    void setUp() {
        citizen = new Citizen(TestHttp.localhost(port));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldRegisterLoginRefreshDetectReuseAndLogout() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();

        JsonNode registered = citizen.registered(mobile, "482916");
        assertThat(registered.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(registered.path("expires_in").asLong()).isBetween(1L, 900L);
        assertThat(registered.path("scope").asString()).isEqualTo("citizen");
        assertThat(registered.path("user").path("mobile").asString()).isEqualTo("******" + mobile.substring(6));
        String citizenId = registered.path("user").path("id").asString();
        SignedJWT jwt = SignedJWT.parse(registered.path("access_token").asString());
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(citizenId);
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("scope")).containsExactly("citizen");

        HttpResponse<String> login = citizen.loginWithMpin("+91 " + mobile, "482916");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        JsonNode tokens = TestHttp.json(login);
        assertThat(tokens.has("user")).isFalse();

        JsonNode me = TestHttp.json(
                citizen.get("/api/v1/users/me", tokens.path("access_token").asString()));
        assertThat(me.path("id").asString()).isEqualTo(citizenId);
        assertThat(me.path("name").asString()).isEqualTo("Asha Devi");
        assertThat(me.path("mobile").asString()).isEqualTo("******" + mobile.substring(6));

        String first = tokens.path("refresh_token").asString();
        HttpResponse<String> refreshed = citizen.refresh(first);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode rotated = TestHttp.json(refreshed);
        String second = rotated.path("refresh_token").asString();
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertThat(SignedJWT.parse(rotated.path("access_token").asString())
                        .getJWTClaimsSet()
                        .getSubject())
                .isEqualTo(citizenId);

        // the first refresh token again: reuse, and the whole login ends
        assertProblem(citizen.refresh(first), 401, "REFRESH_TOKEN_REUSED");
        assertProblem(citizen.refresh(second), 401, "REFRESH_TOKEN_INVALID");

        // another login, ended by logout
        JsonNode other = TestHttp.json(citizen.loginWithMpin(mobile, "482916"));
        assertThat(citizen.logout(other.path("refresh_token").asString()).statusCode())
                .isEqualTo(204);
        assertProblem(citizen.refresh(other.path("refresh_token").asString()), 401, "REFRESH_TOKEN_INVALID");
        assertThat(citizen.logout("no-such-token").statusCode()).isEqualTo(204);
    }

    @Test
    void shouldNameTheRefreshTokenFieldAsTheClientSendsIt() {
        for (String path : new String[] {"/api/v1/auth/refresh", "/api/v1/auth/logout"}) {
            JsonNode problem = assertProblem(citizen.http().postJson(path, "{}"), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(path)
                    .containsExactly("refresh_token");
        }
    }

    @Test
    void shouldSendTheOtpInTheLanguageTheClientPrefersMostElseInTheCitizensOwn() {
        // registered with preferredLanguage hi (UserServiceTestSupport)
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, "590371");
        String[][] cases = {
            // header, a phrase of the text expected
            {null, "आपका जन सेवा सत्यापन कोड"},
            {"en;q=0.1, mr;q=0.9", "तुमचा जन सेवा पडताळणी कोड"},
            {"ta;q=0, hi", "आपका जन सेवा सत्यापन कोड"},
            {"fr, en-GB;q=0.5", "is your Jan Seva verification code"}
        };
        for (String[] each : cases) {
            clock.advance(Duration.ofSeconds(31));
            int before = citizen.smsCount(mobile);
            HttpResponse<String> sent = each[0] == null
                    ? citizen.requestOtp(mobile, "LOGIN")
                    : citizen.requestOtp(
                            mobile,
                            "LOGIN",
                            "Accept-Language",
                            each[0],
                            "X-Forwarded-For",
                            UserServiceTestSupport.newAddress());
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            String text = citizen.smsTextAfter(mobile, before);
            assertThat(text).as(each[0]).contains(each[1]);
            // the minutes in the digits of the code, in every language
            assertThat(text).as(each[0]).contains("5");
        }
        // a language asked for by name that is not one of the 13: refused, as the catalogue does
        JsonNode refused = assertProblem(
                TestHttp.localhost(port)
                        .postJson(
                                "/api/v1/auth/otp?lang=xx", "{\"mobile\": \"" + mobile + "\", \"purpose\": \"LOGIN\"}"),
                400,
                "VALIDATION_FAILED");
        assertThat(refused.path("errors").findValuesAsString("field")).containsExactly("lang");
    }

    @Test
    void shouldLogInWithAnOtp() {
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, "590371");
        clock.advance(Duration.ofSeconds(31));

        String ref = citizen.otpRef(mobile, "LOGIN");
        HttpResponse<String> login = citizen.loginWithOtp(mobile, ref, citizen.lastOtp(mobile));

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        // single use
        assertProblem(citizen.loginWithOtp(mobile, ref, citizen.lastOtp(mobile)), 401, "OTP_INVALID");
    }

    @Test
    void shouldKillAnOtpAfterThreeWrongTries() {
        String mobile = UserServiceTestSupport.newMobile();
        String ref = citizen.otpRef(mobile, "REGISTER");
        String right = citizen.lastOtp(mobile);
        String wrong = right.equals("000000") ? "111111" : "000000";

        assertProblem(citizen.register(mobile, ref, wrong, "482916"), 401, "OTP_INVALID");
        assertProblem(citizen.register(mobile, ref, wrong, "482916"), 401, "OTP_INVALID");
        assertProblem(citizen.register(mobile, ref, wrong, "482916"), 401, "OTP_TRIES_EXCEEDED");
        assertProblem(citizen.register(mobile, ref, right, "482916"), 401, "OTP_TRIES_EXCEEDED");
    }

    @Test
    void shouldRefuseAnExpiredOtp() {
        String mobile = UserServiceTestSupport.newMobile();
        String ref = citizen.otpRef(mobile, "REGISTER");
        String otp = citizen.lastOtp(mobile);

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertProblem(citizen.register(mobile, ref, otp, "482916"), 401, "OTP_EXPIRED");
    }

    @Test
    void shouldThrottleOtpSendsPerMobile() {
        String mobile = UserServiceTestSupport.newMobile();
        assertThat(citizen.requestOtp(mobile, "REGISTER").statusCode()).isEqualTo(202);

        HttpResponse<String> tooSoon = citizen.requestOtp(mobile, "REGISTER");
        JsonNode tooSoonProblem = assertProblem(tooSoon, 429, "RATE_LIMITED");
        assertThat(tooSoonProblem.path("reason").asString()).isEqualTo("OTP_RESEND_TOO_SOON");
        assertThat(tooSoonProblem.path("detail").asString()).contains("sent moments ago");
        assertThat(Long.parseLong(tooSoon.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 31L);

        for (int sent = 1; sent < 5; sent++) {
            clock.advance(Duration.ofSeconds(31));
            assertThat(citizen.requestOtp(mobile, "REGISTER").statusCode()).isEqualTo(202);
        }
        clock.advance(Duration.ofSeconds(31));
        HttpResponse<String> sixth = citizen.requestOtp(mobile, "REGISTER");
        JsonNode sixthProblem = assertProblem(sixth, 429, "RATE_LIMITED");
        assertThat(sixthProblem.path("reason").asString()).isEqualTo("OTP_SEND_LIMIT");
        assertThat(sixthProblem.path("detail").asString()).contains("in the last hour");
        assertThat(sixth.headers().firstValue("Retry-After")).isPresent();

        // an hour after the first, one more may go
        clock.advance(Duration.ofMinutes(59));
        assertThat(citizen.requestOtp(mobile, "REGISTER").statusCode()).isEqualTo(202);
    }

    @Test
    void shouldThrottleOtpSendsPerClientAddress() {
        String address = "203.0.113.77";
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> sent =
                    citizen.requestOtp(UserServiceTestSupport.newMobile(), "REGISTER", "X-Forwarded-For", address);
            assertThat(sent.statusCode()).isEqualTo(202);
        }
        HttpResponse<String> fifth =
                citizen.requestOtp(UserServiceTestSupport.newMobile(), "REGISTER", "X-Forwarded-For", address);
        assertThat(assertProblem(fifth, 429, "RATE_LIMITED").path("reason").asString())
                .isEqualTo("OTP_ADDRESS_LIMIT");
        assertThat(fifth.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void shouldThrottleOtpSendsPerClientAddressAsTheGatewayDeterminedIt() {
        String address = "203.0.113.78";
        for (int i = 0; i < 4; i++) {
            // behind an ingress the proxies' entries differ; the gateway's verdict is what counts
            HttpResponse<String> sent = citizen.requestOtp(
                    UserServiceTestSupport.newMobile(),
                    "REGISTER",
                    "X-Internal-Client-Address",
                    address,
                    "X-Forwarded-For",
                    "10.0.0." + i);
            assertThat(sent.statusCode()).isEqualTo(202);
        }
        HttpResponse<String> fifth = citizen.requestOtp(
                UserServiceTestSupport.newMobile(),
                "REGISTER",
                "X-Internal-Client-Address",
                address,
                "X-Forwarded-For",
                "10.0.0.99");
        assertProblem(fifth, 429, "RATE_LIMITED");
    }

    @Test
    void shouldAnswerAnOtpRequestForAnUnknownMobileAlikeButSendNothing() throws InterruptedException {
        String mobile = UserServiceTestSupport.newMobile();
        double withheld = sends("withheld");

        HttpResponse<String> response = citizen.requestOtp(mobile, "LOGIN");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(TestHttp.json(response).path("otpRef").asString()).isNotBlank();
        // the code is sent, or not, after the answer: wait until that was decided
        awaitSends("withheld", withheld + 1);
        assertThat(UserServiceTestSupport.SMS.requests())
                .noneMatch(r -> r.body().contains(mobile));
    }

    @Test
    void shouldAnswerALoginOtpRequestAlikeForARegisteredAndAnUnknownMobileWhenTheSmsGatewayIsDown()
            throws InterruptedException {
        String registered = UserServiceTestSupport.newMobile();
        citizen.registered(registered, "482916");
        clock.advance(Duration.ofSeconds(31));
        String unknown = UserServiceTestSupport.newMobile();
        String newcomer = UserServiceTestSupport.newMobile();
        double failed = sends("sms_failed");
        double withheld = sends("withheld");
        UserServiceTestSupport.SMS.on("POST", "/sms/messages", Answer.json(503, "{}"));
        try {
            HttpResponse<String> fromRegistered = citizen.requestOtp(registered, "LOGIN");
            HttpResponse<String> fromUnknown = citizen.requestOtp(unknown, "LOGIN");

            // the SMS gateway is not called while the citizen waits, for either: the same answer
            assertThat(fromRegistered.statusCode()).as(fromRegistered.body()).isEqualTo(202);
            assertThat(fromUnknown.statusCode()).as(fromUnknown.body()).isEqualTo(202);
            JsonNode registeredAnswer = TestHttp.json(fromRegistered);
            JsonNode unknownAnswer = TestHttp.json(fromUnknown);
            assertThat(unknownAnswer.propertyNames()).containsExactlyElementsOf(registeredAnswer.propertyNames());
            assertThat(unknownAnswer.path("expiresInSeconds")).isEqualTo(registeredAnswer.path("expiresInSeconds"));
            assertThat(unknownAnswer.path("resendAfterSeconds")).isEqualTo(registeredAnswer.path("resendAfterSeconds"));
            // and both codes count against their number's limits alike
            assertThat(assertProblem(citizen.requestOtp(registered, "LOGIN"), 429, "RATE_LIMITED")
                            .path("reason")
                            .asString())
                    .isEqualTo("OTP_RESEND_TOO_SOON");
            assertThat(assertProblem(citizen.requestOtp(unknown, "LOGIN"), 429, "RATE_LIMITED")
                            .path("reason")
                            .asString())
                    .isEqualTo("OTP_RESEND_TOO_SOON");
            // after the answers: the registered number's SMS was tried and failed, the other withheld
            awaitSends("sms_failed", failed + 1);
            awaitSends("withheld", withheld + 1);

            // a REGISTER code goes to every number, so it is still sent while the citizen waits and a
            // failure is still answered: 503, and the attempt does not count against the limits
            assertProblem(citizen.requestOtp(newcomer, "REGISTER"), 503, "SMS_UNAVAILABLE");
            assertProblem(citizen.requestOtp(newcomer, "REGISTER"), 503, "SMS_UNAVAILABLE");
        } finally {
            UserServiceTestSupport.SMS.on("POST", "/sms/messages", UserServiceTestSupport.SMS_ACCEPTED);
        }
    }

    @Test
    void shouldLogTheSmsProvidersStatusWhenItRefusesAMessage(CapturedOutput output) {
        String newcomer = UserServiceTestSupport.newMobile();
        // 402: the account ran out of credit, the case the runbook asks the on-call to tell apart
        UserServiceTestSupport.SMS.on(
                "POST", "/sms/messages", Answer.json(402, "{\"error\": \"INSUFFICIENT_CREDIT\"}"));
        try {
            assertProblem(citizen.requestOtp(newcomer, "REGISTER"), 503, "SMS_UNAVAILABLE");
        } finally {
            UserServiceTestSupport.SMS.on("POST", "/sms/messages", UserServiceTestSupport.SMS_ACCEPTED);
        }

        assertThat(output.getOut()).contains("The SMS gateway did not accept a message: HTTP 402");
    }

    private double sends(String outcome) {
        return meters.counter("janseva.otp.sends", "outcome", outcome).count();
    }

    private void awaitSends(String outcome, double atLeast) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (sends(outcome) < atLeast && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(sends(outcome)).as("OTP sends %s", outcome).isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void shouldLockAfterFiveWrongMpinsAndUnlockWithAnOtpLogin() {
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, "730158");

        for (int i = 0; i < 4; i++) {
            assertProblem(citizen.loginWithMpin(mobile, "730159"), 401, "INVALID_CREDENTIALS");
        }
        HttpResponse<String> fifth = citizen.loginWithMpin(mobile, "730159");
        assertProblem(fifth, 423, "ACCOUNT_LOCKED");
        assertThat(fifth.headers().firstValue("Retry-After")).isPresent();
        // the right MPIN is refused while locked
        assertProblem(citizen.loginWithMpin(mobile, "730158"), 423, "ACCOUNT_LOCKED");

        clock.advance(Duration.ofSeconds(31));
        String ref = citizen.otpRef(mobile, "LOGIN");
        assertThat(citizen.loginWithOtp(mobile, ref, citizen.lastOtp(mobile)).statusCode())
                .isEqualTo(200);
        assertThat(citizen.loginWithMpin(mobile, "730158").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldUnlockByItselfAfterThirtyMinutes() {
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, "730158");
        for (int i = 0; i < 5; i++) {
            citizen.loginWithMpin(mobile, "111222");
        }
        assertProblem(citizen.loginWithMpin(mobile, "730158"), 423, "ACCOUNT_LOCKED");

        clock.advance(Duration.ofMinutes(30).plusSeconds(1));

        assertThat(citizen.loginWithMpin(mobile, "730158").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldLockAnUnknownMobileExactlyAsARegisteredOne() {
        String registered = UserServiceTestSupport.newMobile();
        citizen.registered(registered, "730158");
        String unknown = UserServiceTestSupport.newMobile();

        for (int i = 0; i < 4; i++) {
            assertAlike(
                    citizen.loginWithMpin(registered, "730159"),
                    citizen.loginWithMpin(unknown, "730159"),
                    401,
                    "INVALID_CREDENTIALS");
        }
        assertAlike(
                citizen.loginWithMpin(registered, "730159"),
                citizen.loginWithMpin(unknown, "730159"),
                423,
                "ACCOUNT_LOCKED");
        clock.advance(Duration.ofMinutes(10));
        assertAlike(
                citizen.loginWithMpin(registered, "730158"),
                citizen.loginWithMpin(unknown, "730158"),
                423,
                "ACCOUNT_LOCKED");

        // after the lock, the count of wrong MPINs in a row goes on: the next wrong one locks again
        clock.advance(Duration.ofMinutes(20).plusSeconds(1));
        assertAlike(
                citizen.loginWithMpin(registered, "730159"),
                citizen.loginWithMpin(unknown, "730159"),
                423,
                "ACCOUNT_LOCKED");
    }

    /**
     * Both answers are the same problem (its field errors too), with the same Retry-After when
     * there is one (to the second: the two locks began some milliseconds apart).
     *
     * @return the registered number's problem
     */
    private static JsonNode assertAlike(
            HttpResponse<String> registered, HttpResponse<String> unknown, int status, String code) {
        JsonNode fromRegistered = assertProblem(registered, status, code);
        JsonNode fromUnknown = assertProblem(unknown, status, code);
        assertThat(fromUnknown.path("detail")).isEqualTo(fromRegistered.path("detail"));
        var retryAfter = registered.headers().firstValue("Retry-After");
        if (status == 423) {
            assertThat(retryAfter).isPresent();
            assertThat(Long.parseLong(
                            unknown.headers().firstValue("Retry-After").orElseThrow()))
                    .isCloseTo(Long.parseLong(retryAfter.get()), within(1L));
        } else {
            assertThat(retryAfter).isEmpty();
            assertThat(unknown.headers().firstValue("Retry-After")).isEmpty();
        }
        assertThat(fromUnknown.path("errors")).isEqualTo(fromRegistered.path("errors"));
        return fromRegistered;
    }

    @Test
    void shouldRefuseAMalformedMpinAsABadFieldAlikeForEveryNumberWithoutCountingIt() {
        String registered = UserServiceTestSupport.newMobile();
        citizen.registered(registered, "730158");
        String unknown = UserServiceTestSupport.newMobile();

        // more than the five wrong MPINs that lock a number
        for (String malformed : List.of("", "12", "abcd", " 730158", "730158 ", "７３０１５８", "73015", "7301580")) {
            JsonNode problem = assertAlike(
                    citizen.loginWithMpin(registered, malformed),
                    citizen.loginWithMpin(unknown, malformed),
                    400,
                    "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(malformed)
                    .containsExactly("mpin");
        }

        assertThat(mpinFailures(registered)).isZero();
        assertThat(mpinFailures(unknown)).isZero();
        assertThat(citizen.loginWithMpin(registered, "730158").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAMalformedOldMpinAsABadFieldWithoutCountingIt() {
        String mobile = UserServiceTestSupport.newMobile();
        String token = citizen.registered(mobile, "482916").path("access_token").asString();

        for (String malformed : List.of("12", "abcd", " 482916", "４８２９１６", "48291", "4829160")) {
            JsonNode problem = assertProblem(changeMpin(token, malformed, "592047"), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(malformed)
                    .containsExactly("oldMpin");
        }

        assertThat(mpinFailures(mobile)).isZero();
        assertThat(changeMpin(token, "482916", "592047").statusCode()).isEqualTo(204);
        assertThat(citizen.loginWithMpin(mobile, "592047").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> changeMpin(String token, String oldMpin, String newMpin) {
        return citizen.http()
                .sendJson(
                        "PUT",
                        "/api/v1/users/me/mpin",
                        "{\"oldMpin\": \"" + oldMpin + "\", \"newMpin\": \"" + newMpin + "\"}",
                        "Authorization",
                        "Bearer " + token);
    }

    /** @return the wrong MPINs counted for the number ({@code mpin_failure} is keyed by its HMAC) */
    private int mpinFailures(String mobile) {
        String id = new HmacSha256(mpinProperties.checkedPepper())
                .derive("janseva mpin-failure key")
                .hex("+91" + mobile);
        return jdbc.sql("select coalesce(sum(failures), 0) from mpin_failure where mobile_hmac = ?")
                .param(id)
                .query(Integer.class)
                .single();
    }

    @Test
    void shouldAnswerTheRegistrationsCreatedAtAsTheProfileReadsItBack() {
        // a reading with nanoseconds, as the clock has on many machines; PostgreSQL keeps microseconds
        clock.advance(Duration.ofNanos(789));

        JsonNode registered = citizen.registered(UserServiceTestSupport.newMobile(), "482916");

        String createdAt = registered.path("user").path("createdAt").asString();
        HttpResponse<String> me =
                citizen.get("/api/v1/users/me", registered.path("access_token").asString());
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(TestHttp.json(me).path("createdAt").asString()).isNotBlank().isEqualTo(createdAt);
    }

    @Test
    void shouldNotTellAnUnknownMobileFromAWrongMpin() {
        assertProblem(citizen.loginWithMpin(UserServiceTestSupport.newMobile(), "482916"), 401, "INVALID_CREDENTIALS");
    }

    @Test
    void shouldRefuseTrivialMpins() {
        String mobile = UserServiceTestSupport.newMobile();
        String ref = citizen.otpRef(mobile, "REGISTER");
        String otp = citizen.lastOtp(mobile);
        for (String trivial : new String[] {
            "1111",
            "000000",
            "1234",
            "123456",
            "9876",
            "654321",
            "8901",
            mobile.substring(6),
            mobile.substring(4),
            "12345",
            "abcd"
        }) {
            assertProblem(citizen.register(mobile, ref, otp, trivial), 422, "MPIN_TOO_WEAK");
        }
        // the OTP was not used up by the refusals
        assertThat(citizen.register(mobile, ref, otp, "482916").statusCode()).isEqualTo(201);
    }

    @Test
    void shouldRegisterOnlyWithAStateOrUnionTerritoryCode() {
        String mobile = UserServiceTestSupport.newMobile();
        String ref = citizen.otpRef(mobile, "REGISTER");
        String otp = citizen.lastOtp(mobile);
        for (String state : new String[] {"Narnia", "", "Karnataka", "XX", "IN-KA"}) {
            JsonNode problem =
                    assertProblem(citizen.register(mobile, ref, otp, "482916", state), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(state)
                    .containsExactly("state");
            assertThat(problem.path("errors").get(0).path("message").asString()).startsWith("must be one of [AP, AR, ");
        }
        // nothing was stored and the OTP was not used up by the refusals
        assertProblem(citizen.loginWithMpin(mobile, "482916"), 401, "INVALID_CREDENTIALS");

        HttpResponse<String> registered = citizen.register(mobile, ref, otp, "482916", "ka");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(TestHttp.json(registered).path("user").path("state").asString())
                .isEqualTo("KA");
    }

    @Test
    void shouldRegisterANameOfAHundredCharactersAndNoControlCharactersWithoutUsingUpTheOtp() {
        String mobile = UserServiceTestSupport.newMobile();
        String ref = citizen.otpRef(mobile, "REGISTER");
        String otp = citizen.lastOtp(mobile);
        for (String name : List.of("A" + "\uD83D\uDE4F".repeat(100), "Asha\\nDevi", "Asha\\u0085", " ", "\u200b")) {
            JsonNode problem = assertProblem(register(mobile, ref, otp, name), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(name)
                    .containsExactly("name");
        }

        HttpResponse<String> registered = register(mobile, ref, otp, "  A" + "\uD83D\uDE4F".repeat(99) + " ");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(TestHttp.json(registered).path("user").path("name").asString())
                .isEqualTo("A" + "🙏".repeat(99));
    }

    private HttpResponse<String> register(String mobile, String ref, String otp, String jsonName) {
        return TestHttp.localhost(port)
                .postJson(
                        "/api/v1/auth/register",
                        "{\"mobile\": \"" + mobile + "\", \"otpRef\": \"" + ref + "\", \"otp\": \"" + otp
                                + "\", \"mpin\": \"482916\", \"name\": \"" + jsonName + "\"}");
    }

    @Test
    void shouldRefuseASecondRegistrationOfAMobile() {
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, "482916");
        clock.advance(Duration.ofSeconds(31));

        String ref = citizen.otpRef(mobile, "REGISTER");
        assertProblem(
                citizen.register(mobile, ref, citizen.lastOtp(mobile), "592047"), 409, "MOBILE_ALREADY_REGISTERED");
    }

    @Test
    void shouldRefuseAMobileThatIsNotIndian() {
        HttpResponse<String> response = citizen.requestOtp("12345", "REGISTER");
        JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("mobile");
        assertProblem(citizen.requestOtp("+14155550123", "REGISTER"), 400, "VALIDATION_FAILED");
    }

    /**
     * API.md: ten digits starting 6-9 (+91 accepted). libphonenumber alone read a registered
     * number out of each of these, so they logged in and were sent OTPs.
     */
    @Test
    void shouldRefuseJunkAroundARegisteredMobileForLoginAndOtp() {
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, "482916");
        String fullWidth = mobile.chars()
                .mapToObj(digit -> String.valueOf((char) ('\uFF10' + digit - '0')))
                .reduce("", String::concat);

        for (String junk :
                List.of("A" + mobile, mobile + " ext. 77", "+91" + mobile + "x1", "tel:+91-" + mobile, fullWidth)) {
            JsonNode login = assertProblem(citizen.loginWithMpin(junk, "482916"), 400, "VALIDATION_FAILED");
            assertThat(login.path("errors").get(0).path("field").asString())
                    .as(junk)
                    .isEqualTo("mobile");
            JsonNode otp = assertProblem(citizen.requestOtp(junk, "LOGIN"), 400, "VALIDATION_FAILED");
            assertThat(otp.path("errors").get(0).path("field").asString())
                    .as(junk)
                    .isEqualTo("mobile");
        }
        // the forms a citizen types still work
        assertThat(citizen.loginWithMpin("+91 " + mobile.substring(0, 5) + "-" + mobile.substring(5), "482916")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldOfferTheMpinGrantOnTheTokenEndpointToTheAppsClient() throws Exception {
        String mobile = UserServiceTestSupport.newMobile();
        String citizenId =
                citizen.registered(mobile, "482916").path("user").path("id").asString();
        TestHttp http = citizen.http();
        String basic =
                Base64.getEncoder().encodeToString("janseva-app:test-app-secret".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = http.send(http.request("/oauth2/token")
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=urn%3Ajanseva%3Aparams%3Aoauth%3Agrant-type%3Ampin" + "&mobile=" + mobile
                                + "&mpin=482916"))
                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode tokens = TestHttp.json(response);
        assertThat(SignedJWT.parse(tokens.path("access_token").asString())
                        .getJWTClaimsSet()
                        .getSubject())
                .isEqualTo(citizenId);
        assertThat(tokens.path("refresh_token").asString()).isNotBlank();
    }

    @Test
    void shouldRefuseTheRefreshTokenGrantOnTheTokenEndpointAndRefreshOnlyThroughTheApi() {
        String refreshToken = citizen.registered(UserServiceTestSupport.newMobile(), "482916")
                .path("refresh_token")
                .asString();
        TestHttp http = citizen.http();
        // the app client's secret is configured in the tests, as a deployment may set it
        String basic =
                Base64.getEncoder().encodeToString("janseva-app:test-app-secret".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = http.send(http.request("/oauth2/token")
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + refreshToken))
                .build());

        // RFC 6749 5.2: the grant is not offered here, where the reuse detection did not run
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(TestHttp.json(response).path("error").asString()).isEqualTo("unsupported_grant_type");
        // nothing was used up: the login refreshes as the apps do
        HttpResponse<String> refreshed = citizen.refresh(refreshToken);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(TestHttp.json(refreshed).path("refresh_token").asString())
                .isNotBlank()
                .isNotEqualTo(refreshToken);
    }

    @Test
    void shouldChangeTheMpin() {
        String mobile = UserServiceTestSupport.newMobile();
        String token = citizen.registered(mobile, "482916").path("access_token").asString();
        TestHttp http = citizen.http();

        // a wrong old MPIN: 403, not a login's 401 (the token is valid: an app took a 401 for an
        // expired session, refreshed and sent the wrong MPIN again, or logged out), counted alike
        HttpResponse<String> wrong = http.sendJson(
                "PUT",
                "/api/v1/users/me/mpin",
                "{\"oldMpin\": \"000001\", \"newMpin\": \"592047\"}",
                "Authorization",
                "Bearer " + token);
        JsonNode problem = assertProblem(wrong, 403, "INVALID_CREDENTIALS");
        assertThat(problem.path("detail").asString()).isEqualTo("The current MPIN is not correct.");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(mpinFailures(mobile)).isEqualTo(1);
        assertProblem(
                http.sendJson(
                        "PUT",
                        "/api/v1/users/me/mpin",
                        "{\"oldMpin\": \"482916\", \"newMpin\": \"4444\"}",
                        "Authorization",
                        "Bearer " + token),
                422,
                "MPIN_TOO_WEAK");
        assertThat(http.sendJson(
                                "PUT",
                                "/api/v1/users/me/mpin",
                                "{\"oldMpin\": \"482916\", \"newMpin\": \"592047\"}",
                                "Authorization",
                                "Bearer " + token)
                        .statusCode())
                .isEqualTo(204);

        assertProblem(citizen.loginWithMpin(mobile, "482916"), 401, "INVALID_CREDENTIALS");
        assertThat(citizen.loginWithMpin(mobile, "592047").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldResetAForgottenMpinWithAnOtpAndEndEveryLogin() {
        String mobile = UserServiceTestSupport.newMobile();
        String refresh =
                citizen.registered(mobile, "482916").path("refresh_token").asString();
        for (int i = 0; i < 5; i++) {
            citizen.loginWithMpin(mobile, "111222");
        }
        clock.advance(Duration.ofSeconds(31));
        String ref = citizen.otpRef(mobile, "RESET_MPIN");
        String otp = citizen.lastOtp(mobile);
        TestHttp http = citizen.http();

        assertProblem(
                http.postJson(
                        "/api/v1/auth/mpin-reset",
                        "{\"mobile\": \"" + mobile + "\", \"otpRef\": \"" + ref + "\", \"otp\": \"" + otp
                                + "\", \"newMpin\": \"2222\"}"),
                422,
                "MPIN_TOO_WEAK");
        HttpResponse<String> reset = http.postJson(
                "/api/v1/auth/mpin-reset",
                "{\"mobile\": \"" + mobile + "\", \"otpRef\": \"" + ref + "\", \"otp\": \"" + otp
                        + "\", \"newMpin\": \"592047\"}");

        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(204);
        assertProblem(citizen.refresh(refresh), 401, "REFRESH_TOKEN_INVALID");
        assertThat(citizen.loginWithMpin(mobile, "592047").statusCode()).isEqualTo(200);
        // a LOGIN OTP cannot reset an MPIN
        clock.advance(Duration.ofSeconds(31));
        String loginRef = citizen.otpRef(mobile, "LOGIN");
        assertProblem(
                http.postJson(
                        "/api/v1/auth/mpin-reset",
                        "{\"mobile\": \"" + mobile + "\", \"otpRef\": \"" + loginRef + "\", \"otp\": \""
                                + citizen.lastOtp(mobile) + "\", \"newMpin\": \"604182\"}"),
                401,
                "OTP_INVALID");
    }
}
