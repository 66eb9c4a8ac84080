package org.janseva.user.citizen;

import java.util.regex.Pattern;

/**
 * Which MPINs a citizen may choose: 4 or 6 digits, and not one a thief would try first: all
 * digits equal ({@code 1111}), an ascending or descending run ({@code 1234}, {@code 987654},
 * wrapping {@code 8901} too), or the last digits of the citizen's own mobile number.
 */
public final class MpinPolicy {

    /** An MPIN's form: 4 or 6 ASCII digits ({@code \d} is {@code [0-9]} in Java). */
    private static final Pattern FORM = Pattern.compile("\\d{4}|\\d{6}");

    private MpinPolicy() {}

    /**
     * @param mpin an MPIN as given
     * @return whether it has an MPIN's form, 4 or 6 ASCII digits, which every MPIN chosen has: one
     *     of another form can be no account's MPIN
     */
    public static boolean isWellFormed(String mpin) {
        return mpin != null && FORM.matcher(mpin).matches();
    }

    /**
     * @param mpin the MPIN chosen
     * @param mobileE164 the citizen's mobile
     * @throws org.janseva.platform.web.ApiException 422 {@code MPIN_TOO_WEAK} when refused
     */
    public static void check(String mpin, String mobileE164) {
        if (!isWellFormed(mpin)) {
            throw AccountProblems.mpinNotAllowed("The MPIN must be 4 or 6 digits.");
        }
        if (mpin.chars().distinct().count() == 1) {
            throw AccountProblems.mpinNotAllowed("The MPIN may not repeat one digit.");
        }
        if (isRun(mpin, 1) || isRun(mpin, -1)) {
            throw AccountProblems.mpinNotAllowed("The MPIN may not be a sequence such as 1234 or 4321.");
        }
        if (mobileE164 != null && mobileE164.endsWith(mpin)) {
            throw AccountProblems.mpinNotAllowed("The MPIN may not be the last digits of the mobile number.");
        }
    }

    private static boolean isRun(String digits, int step) {
        for (int i = 1; i < digits.length(); i++) {
            int expected = Math.floorMod(digits.charAt(i - 1) - '0' + step, 10);
            if (digits.charAt(i) - '0' != expected) {
                return false;
            }
        }
        return true;
    }
}
