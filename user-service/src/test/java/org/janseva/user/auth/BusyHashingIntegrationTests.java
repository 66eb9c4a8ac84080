package org.janseva.user.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.MutableClock;
import org.janseva.user.UserServiceTest;
import org.janseva.user.UserServiceTestSupport;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.janseva.user.citizen.MpinHasher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A registration or an MPIN reset refused 503 {@code LOGIN_BUSY} because the Argon2 limiter is full
 * (the test holds its only slot) leaves its OTP unused, so the retry that {@code Retry-After}
 * invites succeeds; a wrong OTP costs no Argon2 hash.
 */
@UserServiceTest
class BusyHashingIntegrationTests {

    private static final String MPIN = "482916";

    @LocalServerPort
    int port;

    @Autowired
    MpinHasher hasher;

    @Autowired
    MeterRegistry meters;

    @Autowired
    MutableClock clock;

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
    void shouldLeaveTheOtpForTheRetryWhenARegistrationIsRefusedAsBusy() {
        String mobile = UserServiceTestSupport.newMobile();
        String ref = citizen.otpRef(mobile, "REGISTER");
        String otp = citizen.lastOtp(mobile);

        HttpResponse<String> busy;
        try (MpinHasher.Admission onlySlot = hasher.admit()) {
            busy = citizen.register(mobile, ref, otp, MPIN);
        }

        assertProblem(busy, 503, "LOGIN_BUSY");
        assertThat(busy.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> retried = citizen.register(mobile, ref, otp, MPIN);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
    }

    @Test
    void shouldLeaveTheOtpForTheRetryWhenAnMpinResetIsRefusedAsBusy() {
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, MPIN);
        clock.advance(Duration.ofSeconds(31));
        String ref = citizen.otpRef(mobile, "RESET_MPIN");
        String otp = citizen.lastOtp(mobile);

        HttpResponse<String> busy;
        try (MpinHasher.Admission onlySlot = hasher.admit()) {
            busy = citizen.resetMpin(mobile, ref, otp, "730158");
        }

        assertProblem(busy, 503, "LOGIN_BUSY");
        HttpResponse<String> retried = citizen.resetMpin(mobile, ref, otp, "730158");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(204);
        assertThat(citizen.loginWithMpin(mobile, "730158").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldNotHashTheMpinOfARegistrationWithAWrongOtp() {
        String mobile = UserServiceTestSupport.newMobile();
        String ref = citizen.otpRef(mobile, "REGISTER");
        String otp = citizen.lastOtp(mobile);
        String wrong = otp.equals("000000") ? "000001" : "000000";
        long hashes = meters.timer("janseva.mpin.hash").count();

        assertProblem(citizen.register(mobile, ref, wrong, MPIN), 401, "OTP_INVALID");
        // a weak MPIN is refused before the OTP is looked at: the code is still good
        assertProblem(citizen.register(mobile, ref, otp, "1234"), 422, "MPIN_TOO_WEAK");

        assertThat(meters.timer("janseva.mpin.hash").count()).isEqualTo(hashes);
        // the slot was given back at once
        assertThat(meters.get("janseva.mpin.hash.queued").gauge().value()).isZero();
        HttpResponse<String> registered = citizen.register(mobile, ref, otp, MPIN);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    }
}
