package org.janseva.user.citizen;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The 13 languages of the apps (API.md, Conventions). */
public final class Languages {

    public static final List<String> CODES =
            List.of("en", "hi", "as", "bn", "gu", "kn", "ml", "mr", "or", "pa", "ta", "te", "ur");

    private Languages() {}

    /** @return whether the code is one of the 13 */
    public static boolean isSupported(String code) {
        return code != null && CODES.contains(code);
    }

    /**
     * @param acceptLanguage an {@code Accept-Language} header or a {@code lang} value, may be null
     * @return the supported language the client prefers most, else {@code en}
     */
    public static String pick(String acceptLanguage) {
        return requested(acceptLanguage).orElse("en");
    }

    /**
     * The client's choice as RFC 9110 12.5.4 reads it: by weight, highest first (in the order
     * written among equals), never a language given {@code q=0}, a regional tag ({@code hi-IN})
     * counting as its language. The catalogue reads the header the same way.
     *
     * @param acceptLanguage an {@code Accept-Language} header, may be null or malformed
     * @return the supported language the client prefers most, empty when it names none (or the
     *     header cannot be read)
     */
    public static Optional<String> requested(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Optional.empty();
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException ex) {
            return Optional.empty();
        }
        // parse sorts by weight, highest first, keeping the written order among equal weights
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                continue;
            }
            String primary = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
            if (isSupported(primary)) {
                return Optional.of(primary);
            }
        }
        return Optional.empty();
    }
}
