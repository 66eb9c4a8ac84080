package org.janseva.user.citizen;

import java.util.List;
import java.util.Optional;
import org.janseva.platform.core.web.AcceptLanguages;

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
     * @param acceptLanguage an {@code Accept-Language} header, may be null or malformed
     * @return the supported language the client prefers most ({@link AcceptLanguages}, as the
     *     catalogue reads it), empty when it names none
     */
    public static Optional<String> requested(String acceptLanguage) {
        return AcceptLanguages.preferred(acceptLanguage, Languages::isSupported);
    }
}
