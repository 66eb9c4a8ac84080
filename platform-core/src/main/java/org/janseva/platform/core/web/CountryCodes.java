package org.janseva.platform.core.web;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code X-Country} header and the countries a service is offered in: ISO 3166-1 alpha-2
 * codes, as the JDK knows them ({@link Locale#getISOCountries()}). Two letters are not enough:
 * {@code UK} (Britain's code is {@code GB}), {@code XX} or {@code ZZ} named no country, so a
 * client that sent one got an empty catalogue and a 403 saying the service is not offered in
 * "UK" instead of a 400 that names its mistake.
 */
public final class CountryCodes {

    /** The country of a request without {@code X-Country}. */
    public static final String DEFAULT = "IN";

    /** What a client is told when its code is not one. */
    public static final String RULE = "must be an ISO 3166-1 alpha-2 code such as IN or GB";

    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    private CountryCodes() {}

    /** @return whether {@code code} (upper case) is an ISO 3166-1 alpha-2 country code */
    public static boolean isCountry(String code) {
        return code != null && CODES.contains(code);
    }

    /**
     * @param header {@code X-Country} as received, or {@code null}
     * @return the country it names, upper case ({@link #DEFAULT} when absent or blank); empty when
     *     it names none
     */
    public static Optional<String> fromHeader(String header) {
        if (header == null || header.isBlank()) {
            return Optional.of(DEFAULT);
        }
        String code = header.strip().toUpperCase(Locale.ROOT);
        return isCountry(code) ? Optional.of(code) : Optional.empty();
    }
}
