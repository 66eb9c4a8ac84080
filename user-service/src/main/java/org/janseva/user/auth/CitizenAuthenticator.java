package org.janseva.user.auth;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import org.janseva.platform.web.ApiException;
import org.janseva.user.citizen.AccountProblems;
import org.janseva.user.citizen.Citizen;
import org.janseva.user.citizen.CitizenRepository;
import org.janseva.user.citizen.Mobiles;
import org.janseva.user.citizen.MpinHasher;
import org.janseva.user.citizen.MpinLockout;
import org.janseva.user.citizen.MpinPolicy;
import org.springframework.stereotype.Component;

/**
 * Decides who a login is: checks an OTP (and lifts any MPIN lock), or an MPIN (counting wrong ones
 * and locking the number after {@code maxFailures} in a row; while locked even the right MPIN is
 * refused). A mobile without an account costs the same Argon2 work, is counted and locked alike
 * ({@link MpinLockout}), and gets the same 401 and 423 answers as a wrong MPIN.
 *
 * <p>What it proved is confirmed again when the login is saved ({@link #confirm}): the account and
 * its MPIN hash are read before the Argon2 wait, and an erasure or an MPIN reset may end every
 * login of the account meanwhile; a login saved after that would outlive it.
 */
@Component
class CitizenAuthenticator {

    private static final Set<OtpPurpose> LOGIN_PURPOSES = Set.of(OtpPurpose.LOGIN, OtpPurpose.RESET_MPIN);

    private final CitizenRepository citizens;
    private final OtpService otps;
    private final MpinHasher hasher;
    private final MpinLockout lockout;
    private final MeterRegistry meters;

    CitizenAuthenticator(
            CitizenRepository citizens, OtpService otps, MpinHasher hasher, MpinLockout lockout, MeterRegistry meters) {
        this.citizens = citizens;
        this.otps = otps;
        this.hasher = hasher;
        this.lockout = lockout;
        this.meters = meters;
        // the success series of every method from the start (the failure outcomes are problem
        // codes, known when they happen), so that a ratio has a denominator before the first login
        for (String method : List.of("otp", "mpin", "registration")) {
            meters.counter("janseva.logins", "method", method, "outcome", "success");
        }
    }

    /**
     * Who a login is, as proven.
     *
     * @param citizenId the citizen
     * @param mpinHash the stored MPIN hash the MPIN was checked against, {@code null} for an OTP
     *     login or a registration
     */
    record Proven(String citizenId, String mpinHash) {}

    /** @return the citizen the credentials prove */
    Proven authenticate(CitizenCredentials credentials) {
        String method = credentials instanceof CitizenCredentials.Otp
                ? "otp"
                : credentials instanceof CitizenCredentials.Mpin ? "mpin" : "registration";
        try {
            Proven proven;
            if (credentials instanceof CitizenCredentials.Otp otp) {
                proven = new Proven(withOtp(otp), null);
            } else if (credentials instanceof CitizenCredentials.Mpin mpin) {
                proven = withMpin(mpin);
            } else {
                proven = new Proven(((CitizenCredentials.Registered) credentials).citizenId(), null);
            }
            meters.counter("janseva.logins", "method", method, "outcome", "success")
                    .increment();
            return proven;
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
        lockout.clear(mobile);
        return citizen.id();
    }

    /**
     * Confirms, in the transaction that saves the login, that what was proven still holds: the
     * account's row is share-locked until the commit, so an erasure, an MPIN reset or an MPIN change
     * (they update the row) either committed before, and the login is refused here, or waits for
     * the login to commit, and then ends it (a reset, an erasure) or leaves a login that was right
     * when it was made (a change).
     *
     * @throws org.janseva.platform.web.ApiException 401 {@code INVALID_CREDENTIALS}, as for a
     *     wrong MPIN or a mobile without an account, when the account was erased or its MPIN
     *     replaced since it was checked
     */
    void confirm(Proven proven) {
        Citizen now = citizens.shareLockActiveById(proven.citizenId()).orElse(null);
        if (now == null || (proven.mpinHash() != null && !proven.mpinHash().equals(now.mpinHash()))) {
            throw AccountProblems.invalidCredentials();
        }
    }

    private Proven withMpin(CitizenCredentials.Mpin credentials) {
        String mobile = Mobiles.normalise(credentials.mobile());
        String mpin = credentials.mpin();
        // no MPIN has another form: a bad field, not a wrong MPIN, refused before the lockout (it
        // counted, so five junk logins locked the owner out) and before the account is looked up
        // (the answer is the same for every number)
        if (!MpinPolicy.isWellFormed(mpin)) {
            throw AccountProblems.malformedMpin("mpin");
        }
        Citizen citizen = citizens.findActiveByMobile(mobile).orElse(null);
        // the lockout is the number's, whether it has an account or not: a locked number answers
        // alike, and an unknown one costs the same Argon2 work
        lockout.verify(mobile, () -> {
            boolean right = hasher.matches(mpin, citizen == null ? null : citizen.mpinHash());
            return citizen != null && right;
        });
        return new Proven(citizen.id(), citizen.mpinHash());
    }
}
