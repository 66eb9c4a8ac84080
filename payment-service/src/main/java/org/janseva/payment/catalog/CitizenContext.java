package org.janseva.payment.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.janseva.platform.core.web.CountryCodes;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.http.HttpStatus;

/**
 * Where a citizen calls from: the channel and country of {@code X-Channel} and {@code X-Country}
 * as the gateway forwarded them ({@code web} and {@code IN} when absent), checked here so that
 * only valid values travel on to catalog-service, which offers a service on some channels and in
 * some countries only.
 *
 * @param channel {@code android}, {@code ios}, {@code web} or {@code kaios}
 * @param country ISO 3166-1 alpha-2, upper case
 */
public record CitizenContext(String channel, String country) {

    private static final Set<String> CHANNELS = Set.of("android", "ios", "web", "kaios");

    /**
     * @param channelHeader {@code X-Channel} as received, or {@code null}
     * @param countryHeader {@code X-Country} as received, or {@code null}
     * @throws ApiException 400 VALIDATION_FAILED naming the header(s) that are not valid
     */
    public static CitizenContext of(String channelHeader, String countryHeader) {
        String channel = channelHeader == null || channelHeader.isBlank()
                ? "web"
                : channelHeader.strip().toLowerCase(Locale.ROOT);
        Optional<String> country = CountryCodes.fromHeader(countryHeader);
        List<FieldErrorView> errors = new ArrayList<>();
        if (!CHANNELS.contains(channel)) {
            errors.add(new FieldErrorView("X-Channel", "must be one of android, ios, web, kaios"));
        }
        if (country.isEmpty()) {
            errors.add(new FieldErrorView("X-Country", CountryCodes.RULE));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(
                            HttpStatus.BAD_REQUEST,
                            "VALIDATION_FAILED",
                            "Validation failed",
                            "The request has invalid fields; see errors.")
                    .withProperty("errors", errors);
        }
        return new CitizenContext(channel, country.get());
    }
}
