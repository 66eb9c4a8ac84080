package org.janseva.user.auth;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.janseva.platform.web.ApiException;
import org.janseva.user.citizen.AccountProblems;
import org.janseva.user.citizen.Citizen;
import org.janseva.user.citizen.CitizenRepository;
import org.janseva.user.citizen.Mobiles;
import org.janseva.user.citizen.MpinHasher;
import org.janseva.user.citizen.MpinProperties;
import org.springframework.stereotype.Component;

/**
 * Decides who a login is: checks an OTP (and lifts any MPIN lock), or an MPIN (counting wrong ones
 * and locking the account after {@code maxFailures} in a row; while locked even the right MPIN is
 * refused). A mobile without an account costs the same Argon2 work and gets the same 401 as a
 * wrong MPIN.
 */
@Component
class CitizenAuthenticator {

    private static final Set<OtpPurpose> LOGIN_PURPOSES = Set.of(OtpPurpose.LOGIN, OtpPurpose.RESET_MPIN);

    private final CitizenRepository citizens;
    private final OtpService otps;
    private final MpinHasher hasher;
    private final MpinProperties mpinProperties;
    private final Clock clock;
    private final MeterRegistry meters;

    CitizenAuthenticator(
            CitizenRepository citizens,
            OtpService otps,
            MpinHasher hasher,
            MpinProperties mpinProperties,
            Clock clock,
            MeterRegistry meters) {
        this.citizens = citizens;
        this.otps = otps;
        this.hasher = hasher;
        this.mpinProperties = mpinProperties;
        this.clock = clock;
        this.meters = meters;
        // the success series of every method from the start (the failure outcomes are problem
        // codes, known when they happen), so that a ratio has a denominator before the first login
        for (String method : List.of("otp", "mpin", "registration")) {
            meters.counter("janseva.logins", "method", method, "outcome", "success");
        }
    }

    /** @return the citizen id the credentials prove */
    String authenticate(CitizenCredentials credentials) {
        String method = credentials instanceof CitizenCredentials.Otp
                ? "otp"
                : credentials instanceof CitizenCredentials.Mpin ? "mpin" : "registration";
        try {
            String citizenId;
            if (credentials instanceof CitizenCredentials.Otp otp) {
                citizenId = withOtp(otp);
            } else if (credentials instanceof CitizenCredentials.Mpin mpin) {
                citizenId = withMpin(mpin);
            } else {
                citizenId = ((CitizenCredentials.Registered) credentials).citizenId();
            }
            meters.counter("janseva.logins", "method", method, "outcome", "success")
                    .increment();
            return citizenId;
        } catch (ApiException ex) {
            meters.counter(
                            "janseva.logins",
                            "method",
                            method,
                            "outcome",
                            ex.getCode().toLowerCase())
                    .increment();
            throw ex;
        }
    }

    private String withOtp(CitizenCredentials.Otp credentials) {
        String mobile = Mobiles.normalise(credentials.mobile());
        otps.verify(credentials.otpRef(), mobile, LOGIN_PURPOSES, credentials.otp());
        Citizen citizen = citizens.findActiveByMobile(mobile).orElseThrow(AccountProblems::invalidCredentials);
        // an OTP login proves the phone: it lifts an MPIN lock
        citizens.clearFailures(citizen.id(), clock.instant());
        return citizen.id();
    }

    private String withMpin(CitizenCredentials.Mpin credentials) {
        String mobile = Mobiles.normalise(credentials.mobile());
        Citizen citizen = citizens.findActiveByMobile(mobile).orElse(null);
        Instant now = clock.instant();
        if (citizen != null && citizen.lockedAt(now)) {
            throw AccountProblems.accountLocked(Duration.between(now, citizen.lockedUntil()));
        }
        String mpin = credentials.mpin();
        boolean wellFormed = mpin != null && mpin.matches("\\d{4}|\\d{6}");
        boolean right = hasher.matches(wellFormed ? mpin : "x", citizen == null ? null : citizen.mpinHash());
        if (citizen == null) {
            throw AccountProblems.invalidCredentials();
        }
        if (!right || !wellFormed) {
            Citizen after = citizens.recordFailedMpin(
                    citizen.id(), mpinProperties.maxFailures(), now.plus(mpinProperties.lockDuration()), now);
            if (after.lockedAt(now)) {
                throw AccountProblems.accountLocked(mpinProperties.lockDuration());
            }
            throw AccountProblems.invalidCredentials();
        }
        citizens.clearFailures(citizen.id(), now);
        return citizen.id();
    }
}
