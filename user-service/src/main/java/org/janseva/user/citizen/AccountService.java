package org.janseva.user.citizen;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** A signed-in citizen's own account: profile, MPIN change. */
@Service
class AccountService {

    private static final Set<String> GENDERS = Set.of("FEMALE", "MALE", "OTHER", "UNDISCLOSED");
    private static final Set<String> PATCHABLE =
            Set.of("name", "email", "gender", "dateOfBirth", "preferredLanguage", "state");

    /**
     * The zone whose date is the latest on Earth (UTC+14, the Line Islands): a date of birth is
     * refused as in the future only when it is the future everywhere. Today by the clock's UTC
     * refused today's date in India from 00:00 to 05:30 IST; today in India would still refuse it
     * to a citizen east of India (Australia, New Zealand) for a few hours. What this lets through is
     * at most tomorrow's date for part of a day, which harms nothing; refusing a true date of birth
     * (a newborn's, entered the day it is born) stops the citizen.
     */
    private static final ZoneOffset LATEST_DATE_ON_EARTH = ZoneOffset.ofHours(14);

    private final CitizenRepository citizens;
    private final MpinHasher hasher;
    private final MpinLockout lockout;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AccountService(
            CitizenRepository citizens,
            MpinHasher hasher,
            MpinLockout lockout,
            TransactionTemplate transactions,
            Clock clock) {
        this.citizens = citizens;
        this.hasher = hasher;
        this.lockout = lockout;
        this.transactions = transactions;
        this.clock = clock;
    }

    Citizen get(String citizenId) {
        return citizens.findActiveById(citizenId).orElseThrow(AccountProblems::notFound);
    }

    /**
     * Applies a JSON merge patch of the profile: a member present changes the field, {@code null}
     * clears an optional one. The citizen's row is read under a lock held until the update
     * commits, so that two patches at once apply one after the other: each rewrites every field
     * from what it read, and without the lock the second to commit undid the first's change.
     */
    Citizen patch(String citizenId, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw validation(List.of(new FieldErrorView("body", "must be a JSON object")));
        }
        return transactions.execute(
                status -> merge(citizens.lockActiveById(citizenId).orElseThrow(AccountProblems::notFound), patch));
    }

    private Citizen merge(Citizen c, JsonNode patch) {
        List<FieldErrorView> errors = new ArrayList<>();
        String name = c.name();
        String email = c.email();
        String gender = c.gender();
        LocalDate dateOfBirth = c.dateOfBirth();
        String language = c.preferredLanguage();
        String state = c.state();
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String field = member.getKey();
            JsonNode value = member.getValue();
            if (!PATCHABLE.contains(field)) {
                errors.add(new FieldErrorView(field, "cannot be changed here"));
                continue;
            }
            String text =
                    value.isNull() ? null : value.isString() ? value.asString().strip() : "\u0000";
            if ("\u0000".equals(text)) {
                errors.add(new FieldErrorView(field, "must be a string or null"));
                continue;
            }
            switch (field) {
                case "name" -> {
                    Optional<String> refusal = Names.refusal(text);
                    if (refusal.isPresent()) {
                        errors.add(new FieldErrorView(field, refusal.get()));
                    } else {
                        name = text;
                    }
                }
                case "email" -> {
                    Optional<String> refusal = text == null ? Optional.empty() : Emails.refusal(text);
                    if (refusal.isPresent()) {
                        errors.add(new FieldErrorView(field, refusal.get()));
                    } else {
                        email = text;
                    }
                }
                case "gender" -> {
                    if (text != null && !GENDERS.contains(text)) {
                        errors.add(new FieldErrorView(field, "must be one of " + GENDERS));
                    } else {
                        gender = text;
                    }
                }
                case "dateOfBirth" -> {
                    try {
                        LocalDate date = text == null ? null : LocalDate.parse(text);
                        LocalDate today = LocalDate.ofInstant(clock.instant(), LATEST_DATE_ON_EARTH);
                        if (date != null && (date.isAfter(today) || date.isBefore(LocalDate.of(1900, 1, 1)))) {
                            errors.add(new FieldErrorView(field, "must be a past date after 1900"));
                        } else {
                            dateOfBirth = date;
                        }
                    } catch (DateTimeParseException ex) {
                        errors.add(new FieldErrorView(field, "must be a date like 1990-04-23"));
                    }
                }
                case "preferredLanguage" -> {
                    if (!Languages.isSupported(text)) {
                        errors.add(new FieldErrorView(field, "must be one of " + Languages.CODES));
                    } else {
                        language = text;
                    }
                }
                default -> {
                    String code = States.code(text);
                    if (text != null && code == null) {
                        errors.add(new FieldErrorView(field, States.MUST_BE_ONE));
                    } else {
                        state = code;
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw validation(errors);
        }
        Citizen updated = new Citizen(
                c.id(),
                c.mobileE164(),
                name,
                email,
                gender,
                dateOfBirth,
                language,
                state,
                c.mpinHash(),
                c.status(),
                c.createdAt());
        citizens.updateProfile(updated, clock.instant());
        return updated;
    }

    /**
     * Changes the MPIN; a wrong old one counts towards the lock like a wrong login.
     *
     * <p>The account is read, then the old MPIN is checked and the new one hashed (Argon2, which
     * may wait for a slot): an MPIN reset or an erasure may commit meanwhile. So the new hash is
     * written in a transaction that first locks the row (as the reset and the erasure do) and
     * confirms that the account is still active and still has the hash the old MPIN was checked
     * against. Written without that, a change racing a reset overwrote the reset MPIN (an old
     * session with the old MPIN undid the reset), and one racing an erasure wrote a hash onto the
     * erased row.
     *
     * @throws ApiException 400 {@code VALIDATION_FAILED} on {@code oldMpin} when it is not 4 or 6
     *     digits (not counted as a wrong MPIN), 403 {@code INVALID_CREDENTIALS} when it is wrong
     *     (counted) or when the MPIN was reset meanwhile (the old MPIN is no longer the account's),
     *     404 {@code CITIZEN_NOT_FOUND} when the account was erased meanwhile
     */
    void changeMpin(String citizenId, String oldMpin, String newMpin) {
        // no MPIN has another form: a bad field, not a wrong MPIN to count towards the lock
        if (!MpinPolicy.isWellFormed(oldMpin)) {
            throw AccountProblems.malformedMpin("oldMpin");
        }
        Citizen c = get(citizenId);
        // a right old MPIN forgets the number's wrong ones, also when the new one is then refused
        lockout.verify(c.mobileE164(), () -> hasher.matches(oldMpin, c.mpinHash()), AccountProblems::wrongMpin);
        MpinPolicy.check(newMpin, c.mobileE164());
        if (newMpin.equals(oldMpin)) {
            throw AccountProblems.mpinNotAllowed("The new MPIN must differ from the old one.");
        }
        // Argon2 before the transaction: the row is not held while the slot works
        String hash = hasher.hash(newMpin);
        transactions.executeWithoutResult(status -> {
            Citizen now = citizens.lockActiveById(c.id()).orElseThrow(AccountProblems::notFound);
            if (!c.mpinHash().equals(now.mpinHash())) {
                throw AccountProblems.wrongMpin();
            }
            citizens.updateMpin(c.id(), hash, clock.instant());
        });
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
