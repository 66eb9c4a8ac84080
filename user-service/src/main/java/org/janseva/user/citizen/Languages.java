package org.janseva.user.citizen;

import java.util.List;
import java.util.Locale;

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
     * @return the first supported language named, else {@code en}
     */
    public static String pick(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return "en";
        }
        for (String part : acceptLanguage.split(",")) {
            String tag = part.split(";")[0].strip().toLowerCase(Locale.ROOT);
            String primary = tag.split("-")[0];
            if (isSupported(primary)) {
                return primary;
            }
        }
        return "en";
    }
}
