package org.janseva.user.citizen;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.springframework.http.HttpStatus;

/**
 * Indian mobile numbers, validated and normalised to E.164 with libphonenumber: {@code 98765 43210},
 * {@code +91 98765-43210} and {@code 09876543210} are all {@code +919876543210}. The platform's
 * citizens register with their Indian mobile, also those of the international edition.
 */
public final class Mobiles {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

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
        try {
            PhoneNumber number = PHONES.parse(raw, "IN");
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
