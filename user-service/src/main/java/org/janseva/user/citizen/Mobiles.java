package org.janseva.user.citizen;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.http.HttpStatus;

/**
 * Indian mobile numbers, validated and normalised to E.164: {@code 98765 43210},
 * {@code +91 98765-43210}, {@code 919876543210} and {@code 09876543210} are all
 * {@code +919876543210}. The platform's citizens register with their Indian mobile, also those of
 * the international edition.
 *
 * <p>What a number may look like is ours to say (API.md: ten digits starting 6-9, {@code +91}
 * accepted): ASCII digits, an optional {@code +91}, {@code 91} or trunk {@code 0} in front, and a
 * space or hyphen between digits. libphonenumber's parser on its own reads far more as a number:
 * it skips leading letters ({@code A8683950819}), drops an extension ({@code 8683950819 ext. 77},
 * {@code +918683950819x1}) and takes {@code tel:} URIs and full-width or other non-ASCII digits,
 * so that junk around a number logged in or was sent an OTP. libphonenumber still checks, after
 * the grammar, that the number is in a range India gives to mobiles.
 */
public final class Mobiles {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** The grammar, with {@code [0-9]}: ASCII digits only. */
    private static final Pattern FORM =
            Pattern.compile(" *(?:(?:\\+91|91|0)[ -]?)?(?<first>[6-9])(?<rest>(?:[ -]?[0-9]){9}) *");

    private Mobiles() {}

    /**
     * @param raw the number as the client typed it
     * @return it in E.164
     * @throws ApiException 400 {@code VALIDATION_FAILED} on the field {@code mobile} when it is not
     *     an Indian mobile number
     */
    public static String normalise(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 20) {
            throw invalid();
        }
        Matcher form = FORM.matcher(raw);
        if (!form.matches()) {
            throw invalid();
        }
        String national =
                form.group("first") + form.group("rest").replace(" ", "").replace("-", "");
        try {
            PhoneNumber number = PHONES.parse("+91" + national, "IN");
            if (number.getCountryCode() != 91 || !PHONES.isValidNumberForRegion(number, "IN")) {
                throw invalid();
            }
            PhoneNumberType type = PHONES.getNumberType(number);
            if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
                throw invalid();
            }
            String e164 = PHONES.format(number, PhoneNumberFormat.E164);
            // API.md: ten digits starting 6-9
            if (!e164.matches("\\+91[6-9]\\d{9}")) {
                throw invalid();
            }
            return e164;
        } catch (NumberParseException ex) {
            throw invalid();
        }
    }

    /** @return the national ten digits of an E.164 Indian number */
    public static String national(String e164) {
        return e164.substring(e164.length() - 10);
    }

    private static ApiException invalid() {
        return new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "VALIDATION_FAILED",
                        "Validation failed",
                        "The request has invalid fields; see errors.")
                .withProperty(
                        "errors",
                        List.of(new FieldErrorView("mobile", "must be a 10-digit Indian mobile number starting 6-9")));
    }
}
