package org.janseva.catalog.browse;

import org.janseva.catalog.catalogue.Channel;
import org.janseva.catalog.catalogue.Language;
import org.janseva.platform.core.web.AcceptLanguages;
import org.janseva.platform.core.web.CountryCodes;

/**
 * Who reads the catalogue: the language answers are in, the channel and the country they use.
 *
 * @param language from {@code ?lang=}, else the best of {@code Accept-Language}, else English
 * @param channel from {@code X-Channel}, {@code web} by default
 * @param country from {@code X-Country} (ISO 3166-1 alpha-2, upper case), {@code IN} by default
 */
record Reader(Language language, Channel channel, String country) {

    private static final String LANGUAGES = "en hi as bn gu kn ml mr or pa ta te ur";

    /**
     * @throws org.janseva.platform.web.ApiException 400 when a value is not one the platform knows
     */
    static Reader of(String lang, String acceptLanguage, String channel, String country) {
        return new Reader(language(lang, acceptLanguage), channel(channel), country(country));
    }

    private static Language language(String lang, String acceptLanguage) {
        if (lang != null) {
            return Language.of(lang)
                    .filter(language -> !lang.isBlank())
                    .orElseThrow(() -> BadRequests.invalid("lang", "must be one of " + LANGUAGES));
        }
        // Accept-Language is a preference the browser or phone sends on its own (fr-FR, de), not a
        // demand: a header that names none of the platform's languages, or cannot be parsed, gets
        // English (and says so in Content-Language), as user-service does; ?lang= is the demand
        return AcceptLanguages.preferred(
                        acceptLanguage, code -> Language.of(code).isPresent())
                .flatMap(Language::of)
                .orElse(Language.EN);
    }

    private static Channel channel(String channel) {
        if (channel == null || channel.isBlank()) {
            return Channel.WEB;
        }
        return Channel.of(channel)
                .orElseThrow(() -> BadRequests.invalid("X-Channel", "must be one of android, ios, web, kaios"));
    }

    private static String country(String country) {
        return CountryCodes.fromHeader(country).orElseThrow(() -> BadRequests.invalid("X-Country", CountryCodes.RULE));
    }
}
