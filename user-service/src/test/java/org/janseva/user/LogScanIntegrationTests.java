package org.janseva.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Runs every kind of account request, the failing ones included, and scans everything the
 * service logged meanwhile: no mobile number, OTP or MPIN may appear in any line.
 */
@UserServiceTest
@ExtendWith(OutputCaptureExtension.class)
class LogScanIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void shouldNeverLogAMobileNumberAnOtpOrAnMpin(CapturedOutput output) {
        TestHttp http = TestHttp.localhost(port);
        Citizen citizen = new Citizen(http);
        String mobile = UserServiceTestSupport.newMobile();
        String mpin = "730158";
        List<String> otps = new ArrayList<>();

        String ref = citizen.otpRef(mobile, "REGISTER");
        otps.add(citizen.lastOtp(mobile));
        citizen.register(mobile, ref, "000000".equals(otps.get(0)) ? "111111" : "000000", mpin);
        JsonNode registered = TestHttp.json(citizen.register(mobile, ref, otps.get(0), mpin));
        String token = registered.path("access_token").asString();
        citizen.requestOtp(mobile, "LOGIN"); // too soon: 429
        citizen.loginWithMpin(mobile, "592047");
        citizen.loginWithMpin("+91" + mobile, mpin);
        clock.advance(Duration.ofSeconds(31));
        String loginRef = citizen.otpRef(mobile, "LOGIN");
        otps.add(citizen.lastOtp(mobile));
        JsonNode tokens = TestHttp.json(citizen.loginWithOtp(mobile, loginRef, otps.get(1)));
        citizen.refresh(tokens.path("refresh_token").asString());
        citizen.refresh(tokens.path("refresh_token").asString());
        citizen.get("/api/v1/users/me", token);
        http.sendJson(
                "PUT",
                "/api/v1/users/me/mpin",
                "{\"oldMpin\": \"" + mpin + "\", \"newMpin\": \"1234\"}",
                "Authorization",
                "Bearer " + token);
        citizen.requestOtp(UserServiceTestSupport.newMobile(), "LOGIN");
        citizen.requestOtp("12345", "LOGIN");

        String logs = output.getAll();
        assertThat(logs).as("something was logged").isNotBlank();
        String national = mobile.substring(mobile.length() - 10);
        assertThat(logs).doesNotContain(national);
        assertThat(Pattern.compile("(?<!\\d)" + mpin + "(?!\\d)").matcher(logs).find())
                .as("MPIN in the logs")
                .isFalse();
        for (String otp : otps) {
            assertThat(Pattern.compile("(?<!\\d)" + otp + "(?!\\d)")
                            .matcher(logs)
                            .find())
                    .as("OTP in the logs")
                    .isFalse();
        }
    }
}
