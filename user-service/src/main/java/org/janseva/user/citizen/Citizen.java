package org.janseva.user.citizen;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A citizen's account as stored.
 *
 * @param id the opaque citizen id (the {@code sub} of their tokens)
 * @param mobileE164 the mobile number, E.164; {@code null} once erased
 * @param name the name
 * @param email the e-mail address, optional
 * @param gender {@code FEMALE}, {@code MALE}, {@code OTHER} or {@code UNDISCLOSED}, optional
 * @param dateOfBirth optional
 * @param preferredLanguage one of the 13 language codes
 * @param state the Indian state or union territory, optional
 * @param mpinHash the Argon2id hash of the peppered MPIN
 * @param status {@code ACTIVE} or {@code ERASED}
 * @param createdAt when registered
 */
public record Citizen(
        String id,
        String mobileE164,
        String name,
        String email,
        String gender,
        LocalDate dateOfBirth,
        String preferredLanguage,
        String state,
        String mpinHash,
        String status,
        Instant createdAt) {}
