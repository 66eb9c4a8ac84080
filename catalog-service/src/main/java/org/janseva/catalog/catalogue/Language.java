package org.janseva.catalog.catalogue;

import java.util.Locale;
import java.util.Optional;

/** The 13 languages of the app, by their ISO 639-1 codes; English is the fallback of every text. */
public enum Language {
    EN,
    HI,
    AS,
    BN,
    GU,
    KN,
    ML,
    MR,
    OR,
    PA,
    TA,
    TE,
    UR;

    private final String code = name().toLowerCase(Locale.ROOT);

    /** @return the ISO 639-1 code, e.g. {@code hi} */
    public String code() {
        return code;
    }

    /**
     * @param code a language code in any case, e.g. {@code hi} or {@code HI}
     * @return the language, empty when it is not one of the 13
     */
    public static Optional<Language> of(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (Language language : values()) {
            if (language.code.equalsIgnoreCase(code.trim())) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }
}
