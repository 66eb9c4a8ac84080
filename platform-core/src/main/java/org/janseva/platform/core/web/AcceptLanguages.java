package org.janseva.platform.core.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads an {@code Accept-Language} header as RFC 9110 12.5.4 means it, for every service that
 * answers in the platform's 13 languages: ranges by weight, highest first (in the order written
 * among equals), never one with {@code q=0}, a regional range ({@code hi-IN}) counting as its
 * language, and {@code *} ("any") as the platform's default, English.
 */
public final class AcceptLanguages {

    /** The language of a client that names none the platform speaks. */
    public static final String DEFAULT = "en";

    private AcceptLanguages() {}

    /**
     * @param acceptLanguage the header, may be null, blank or malformed
     * @param supported whether a primary language subtag (lower case, e.g. {@code hi}) is spoken
     * @return the supported language the client weighs highest ({@link #DEFAULT} where {@code *}
     *     comes first); empty when it names none, or the header cannot be read
     */
    public static Optional<String> preferred(String acceptLanguage, Predicate<String> supported) {
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
            String primary = range.getRange().split("-", 2)[0].toLowerCase(Locale.ROOT);
            if (primary.equals("*")) {
                return Optional.of(DEFAULT);
            }
            if (supported.test(primary)) {
                return Optional.of(primary);
            }
        }
        return Optional.empty();
    }
}
