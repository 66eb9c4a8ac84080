package org.janseva.user.citizen;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates accounts: the caller has verified the mobile's OTP. */
@Service
public class Registrations {

    private static final Logger log = LoggerFactory.getLogger(Registrations.class);

    private final CitizenRepository citizens;
    private final MpinLockout lockout;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Registrations(CitizenRepository citizens, MpinLockout lockout, TransactionTemplate transactions, Clock clock) {
        this.citizens = citizens;
        this.lockout = lockout;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * @param mobileE164 the verified mobile
     * @param argon2 the hashing slot taken before the OTP was used up ({@link MpinHasher#admit()})
     * @param mpin the chosen MPIN, already checked by {@link MpinPolicy}
     * @param name the name
     * @param preferredLanguage one of the 13, or {@code null} for {@code en}
     * @param state a code of {@link States}, or {@code null}
     * @return the new account
     * @throws org.janseva.platform.web.ApiException 409 {@code MOBILE_ALREADY_REGISTERED}
     */
    public Citizen register(
            String mobileE164,
            MpinHasher.Admission argon2,
            String mpin,
            String name,
            String preferredLanguage,
            String state) {
        if (citizens.existsActiveByMobile(mobileE164)) {
            throw AccountProblems.mobileAlreadyRegistered();
        }
        // to PostgreSQL's precision: the registration answers createdAt as GET /me will read it back
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Citizen citizen = new Citizen(
                UUID.randomUUID().toString(),
                mobileE164,
                name.strip(),
                null,
                null,
                null,
                preferredLanguage == null ? "en" : preferredLanguage,
                state,
                argon2.hash(mpin),
                "ACTIVE",
                now);
        if (!citizens.insert(citizen, now)) {
            throw AccountProblems.mobileAlreadyRegistered();
        }
        // wrong MPINs tried on the number before it had an account must not lock its new owner out
        lockout.clear(mobileE164);
        log.info("Citizen {} registered", citizen.id());
        return citizen;
    }

    /**
     * Sets a new MPIN for the account of a verified mobile (a forgotten MPIN) and ends every login
     * of the account, in one transaction that first locks the account's row: a login being saved
     * meanwhile (it share-locks the row) either commits before and is ended here, or waits and
     * then finds the MPIN it checked replaced.
     *
     * @param argon2 the hashing slot taken before the OTP was used up ({@link MpinHasher#admit()})
     * @param endLogins ends every login of the citizen, joining this transaction
     * @return the citizen id
     * @throws org.janseva.platform.web.ApiException 401 {@code INVALID_CREDENTIALS} when no account
     *     has the mobile (the OTP was never sent to it)
     */
    public String resetMpin(
            String mobileE164, MpinHasher.Admission argon2, String newMpin, Consumer<String> endLogins) {
        Citizen citizen = citizens.findActiveByMobile(mobileE164).orElseThrow(AccountProblems::invalidCredentials);
        // Argon2 before the transaction: the row is not held while the slot works
        String hash = argon2.hash(newMpin);
        transactions.executeWithoutResult(status -> {
            // erased meanwhile: as for a mobile without an account
            citizens.lockActiveById(citizen.id()).orElseThrow(AccountProblems::invalidCredentials);
            citizens.updateMpin(citizen.id(), hash, clock.instant());
            lockout.clear(mobileE164);
            endLogins.accept(citizen.id());
        });
        log.info("Citizen {} reset the MPIN", citizen.id());
        return citizen.id();
    }
}
