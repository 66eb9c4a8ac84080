package org.janseva.user.citizen;

import io.swagger.v3.oas.annotations.media.Schema;
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
 * @param email the e-mail address, or {@code null}
 * @param gender the gender, or {@code null}
 * @param dateOfBirth the date of birth, or {@code null}
 * @param preferredLanguage the language
 * @param state the state or union territory ({@link States}), or {@code null}
 * @param createdAt when the account was made
 */
public record ProfileView(
        String id,
        String mobile,
        String name,

        @Schema(
                types = {"string", "null"},
                description = "null until the citizen sets it")
        String email,

        @Schema(
                types = {"string", "null"},
                description = "FEMALE, MALE, OTHER or UNDISCLOSED; null until the citizen sets it")
        String gender,

        @Schema(
                types = {"string", "null"},
                format = "date",
                description = "null until the citizen sets it")
        LocalDate dateOfBirth,

        String preferredLanguage,

        @Schema(
                types = {"string", "null"},
                description = "null when the citizen named none")
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
