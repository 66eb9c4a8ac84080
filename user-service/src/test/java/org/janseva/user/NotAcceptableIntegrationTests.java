package org.janseva.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import javax.sql.DataSource;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An {@code Accept} that refuses JSON is a 406 before anything changes: Spring MVC checked it only
 * when it wrote the answer, after the refresh token was rotated (the client's retry then ended the
 * whole login as a reuse), the account created and its OTP used up, the OTP sent, a login's tokens
 * issued or the profile changed, none of which the client saw.
 */
@UserServiceTest
class NotAcceptableIntegrationTests {

    private static final String XML = "application/xml";

    /** Accepts that leave JSON out, or give it weight 0 (the rule of catalog-service's invocations). */
    private static final List<String> REFUSING = List.of(XML, "text/html", "application/json;q=0, text/plain");

    /** Accepts that take JSON, as apps, browsers and HTTP libraries send them. */
    private static final List<String> TAKING = List.of(
            "application/json",
            "*/*",
            "application/*",
            "application/json, application/problem+json",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    TestHttp http;
    Citizen citizen;
    JdbcClient jdbc;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        citizen = new Citizen(http);
        jdbc = JdbcClient.create(dataSource);
    }

    @Test
    void shouldRefuseARefreshWhoseAcceptRefusesJsonWithoutRotatingTheRefreshToken() {
        JsonNode registered = citizen.registered(UserServiceTestSupport.newMobile(), "482916");
        String refreshToken = registered.path("refresh_token").asString();

        for (String accept : REFUSING) {
            assertProblem(
                    http.postJson("/api/v1/auth/refresh", refreshBody(refreshToken), "Accept", accept),
                    406,
                    "NOT_ACCEPTABLE");
        }

        HttpResponse<String> refreshed = citizen.refresh(refreshToken);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        String next = TestHttp.json(refreshed).path("refresh_token").asString();
        for (String accept : TAKING) {
            HttpResponse<String> answer = http.postJson("/api/v1/auth/refresh", refreshBody(next), "Accept", accept);
            assertThat(answer.statusCode()).as("%s: %s", accept, answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            next = TestHttp.json(answer).path("refresh_token").asString();
        }
    }

    @Test
    void shouldRefuseARegistrationWhoseAcceptRefusesJsonWithoutCreatingTheAccountOrUsingTheOtp() {
        String mobile = UserServiceTestSupport.newMobile();
        String otpRef = citizen.otpRef(mobile, "REGISTER");
        String otp = citizen.lastOtp(mobile);

        assertProblem(
                http.postJson("/api/v1/auth/register", registerBody(mobile, otpRef, otp), "Accept", XML),
                406,
                "NOT_ACCEPTABLE");

        assertThat(citizens(mobile)).isZero();
        assertThat(consumedOtps(otpRef)).isZero();
        HttpResponse<String> registered = citizen.register(mobile, otpRef, otp, "482916");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(citizens(mobile)).isOne();
    }

    @Test
    void shouldRefuseAnOtpRequestWhoseAcceptRefusesJsonWithoutSendingOrStoringIt() {
        String mobile = UserServiceTestSupport.newMobile();

        assertProblem(
                citizen.requestOtp(
                        mobile, "REGISTER", "X-Forwarded-For", UserServiceTestSupport.newAddress(), "Accept", XML),
                406,
                "NOT_ACCEPTABLE");

        assertThat(otpChallenges(mobile)).isZero();
        assertThat(citizen.smsCount(mobile)).isZero();
        HttpResponse<String> sent = citizen.requestOtp(
                mobile, "REGISTER", "X-Forwarded-For", UserServiceTestSupport.newAddress(), "Accept", "*/*");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        assertThat(otpChallenges(mobile)).isOne();
    }

    @Test
    void shouldRefuseALoginWhoseAcceptRefusesJsonWithoutStartingASession() {
        String mobile = UserServiceTestSupport.newMobile();
        String citizenId =
                citizen.registered(mobile, "482916").path("user").path("id").asString();
        int logins = loginsOf(citizenId);

        assertProblem(
                http.postJson(
                        "/api/v1/auth/login", "{\"mobile\": \"" + mobile + "\", \"mpin\": \"482916\"}", "Accept", XML),
                406,
                "NOT_ACCEPTABLE");

        assertThat(loginsOf(citizenId)).isEqualTo(logins);
        HttpResponse<String> login = citizen.loginWithMpin(mobile, "482916");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(loginsOf(citizenId)).isEqualTo(logins + 1);
    }

    @Test
    void shouldRefuseAProfilePatchWhoseAcceptRefusesJsonWithoutChangingTheProfile() {
        String token = citizen.registered(UserServiceTestSupport.newMobile(), "482916")
                .path("access_token")
                .asString();

        for (String contentType : List.of("application/json", "application/merge-patch+json")) {
            assertProblem(patchName(token, contentType, XML), 406, "NOT_ACCEPTABLE");
        }

        assertThat(TestHttp.json(citizen.get("/api/v1/users/me", token))
                        .path("name")
                        .asString())
                .isEqualTo("Asha Devi");
        HttpResponse<String> patched =
                patchName(token, "application/merge-patch+json", "application/json, application/problem+json");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(TestHttp.json(patched).path("name").asString()).isEqualTo("Asha Kumari");
    }

    @Test
    void shouldAnswerTheReadsInJsonOrRefuseThemNeverLabelThemAProblem() {
        String token = citizen.registered(UserServiceTestSupport.newMobile(), "482916")
                .path("access_token")
                .asString();
        for (String path : List.of("/api/v1/users/me", "/api/v1/users/me/favourites", "/api/v1/users/me/recent")) {
            // an answer is no problem document: that Accept alone takes no answer of these
            for (String accept : List.of("application/problem+json", XML, "application/json;q=0, text/plain")) {
                assertProblem(
                        http.get(path, "Authorization", "Bearer " + token, "Accept", accept), 406, "NOT_ACCEPTABLE");
            }
            for (String accept : TAKING) {
                HttpResponse<String> answer = http.get(path, "Authorization", "Bearer " + token, "Accept", accept);
                assertThat(answer.statusCode())
                        .as("%s %s: %s", path, accept, answer.body())
                        .isEqualTo(200);
                assertThat(answer.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
            }
        }
    }

    private HttpResponse<String> patchName(String token, String contentType, String accept) {
        return http.send(http.request("/api/v1/users/me")
                .header("Content-Type", contentType)
                .header("Authorization", "Bearer " + token)
                .header("Accept", accept)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\": \"Asha Kumari\"}"))
                .build());
    }

    private static String refreshBody(String refreshToken) {
        return "{\"refresh_token\": \"" + refreshToken + "\"}";
    }

    private static String registerBody(String mobile, String otpRef, String otp) {
        return "{\"mobile\": \"" + mobile + "\", \"otpRef\": \"" + otpRef + "\", \"otp\": \"" + otp
                + "\", \"mpin\": \"482916\", \"name\": \"Asha Devi\", \"state\": \"KA\"}";
    }

    private int citizens(String mobile) {
        return jdbc.sql("select count(*) from citizen where mobile_e164 = ?")
                .param("+91" + mobile)
                .query(Integer.class)
                .single();
    }

    private int otpChallenges(String mobile) {
        return jdbc.sql("select count(*) from otp_challenge where mobile_e164 = ?")
                .param("+91" + mobile)
                .query(Integer.class)
                .single();
    }

    private int consumedOtps(String otpRef) {
        return jdbc.sql("select count(*) from otp_challenge where id = ? and consumed_at is not null")
                .param(otpRef)
                .query(Integer.class)
                .single();
    }

    private int loginsOf(String citizenId) {
        return jdbc.sql("select count(*) from oauth2_authorization where principal_name = ?")
                .param(citizenId)
                .query(Integer.class)
                .single();
    }
}
