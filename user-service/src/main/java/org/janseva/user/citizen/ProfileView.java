package org.janseva.user.citizen;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.janseva.platform.core.pii.PiiMasker;

/**
 * A citizen's profile as answered: the mobile number masked ({@code ******3210}).
 *
 * @param id the citizen id
 * @param mobile the masked mobile number
 * @param name the name
 * @param email the e-mail address
 * @param gender the gender
 * @param dateOfBirth the date of birth
 * @param preferredLanguage the language
 * @param state the state or union territory ({@link States}), or {@code null}
 * @param createdAt when the account was made
 */
public record ProfileView(
        String id,
        String mobile,
        String name,
        String email,
        String gender,
        LocalDate dateOfBirth,
        String preferredLanguage,
        String state,
        OffsetDateTime createdAt) {

    public static ProfileView of(Citizen citizen) {
        return new ProfileView(
                citizen.id(),
                PiiMasker.mobile(citizen.mobileE164()),
                citizen.name(),
                citizen.email(),
                citizen.gender(),
                citizen.dateOfBirth(),
                citizen.preferredLanguage(),
                citizen.state(),
                citizen.createdAt().atOffset(ZoneOffset.UTC));
    }
}
