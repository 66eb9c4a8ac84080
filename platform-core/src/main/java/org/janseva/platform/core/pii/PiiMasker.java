package org.janseva.platform.core.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data (mobile numbers, Aadhaar-like 12-digit numbers, e-mail addresses) so that
 * it never reaches a log line or an answer in clear.
 *
 * <p>The explicit methods ({@link #mobile(String)}, {@link #email(String)}) are for values whose
 * kind is known; {@link #maskText(String)} is the safety net applied to every string of every
 * structured log line, and catches the same values inside free text.
 */
public final class PiiMasker {

    private static final String MASK = "******";

    /** An Indian mobile, optionally with +91 / 91 / 0, not part of a longer number or token. */
    private static final Pattern MOBILE_IN_TEXT =
            Pattern.compile("(?<![\\w-])(?:\\+?91[\\s-]?|0)?([6-9]\\d{5})(\\d{4})(?![\\w-])");

    /** 12 digits, grouped 4-4-4 or not (Aadhaar), not part of a longer token. */
    private static final Pattern AADHAAR_IN_TEXT =
            Pattern.compile("(?<![\\w-])\\d{4}([\\s-]?)\\d{4}\\1(\\d{4})(?![\\w-])");

    private static final Pattern EMAIL_IN_TEXT =
            Pattern.compile("(?<![\\w.+-])([\\w.+-])[\\w.+-]*@([\\w-]+(?:\\.[\\w-]+)+)");

    private PiiMasker() {}

    /**
     * Masks a mobile number, keeping its last four digits: {@code 9876543210 -> ******3210}.
     *
     * @param mobile the number in any format; {@code null} stays {@code null}
     * @return the masked number
     */
    public static String mobile(String mobile) {
        if (mobile == null) {
            return null;
        }
        String digits = mobile.replaceAll("\\D", "");
        if (digits.length() < 4) {
            return MASK;
        }
        return MASK + digits.substring(digits.length() - 4);
    }

    /**
     * Masks an e-mail address, keeping its first letter and its domain: {@code a***@example.org}.
     *
     * @param email the address; {@code null} stays {@code null}
     * @return the masked address
     */
    public static String email(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return MASK;
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    /**
     * Masks every mobile number, Aadhaar-like number and e-mail address found in free text.
     *
     * @param text any text; {@code null} stays {@code null}
     * @return the text with personal data masked
     */
    public static String maskText(String text) {
        if (text == null || text.isEmpty() || !mayHoldPii(text)) {
            return text;
        }
        // mobiles first: +91 and ten digits are twelve digits, which would pass for an Aadhaar
        String masked = replace(MOBILE_IN_TEXT, text, m -> MASK + m.group(2));
        masked = replace(AADHAAR_IN_TEXT, masked, m -> "XXXX" + m.group(1) + "XXXX" + m.group(1) + m.group(2));
        return replace(EMAIL_IN_TEXT, masked, m -> m.group(1) + "***@" + m.group(2));
    }

    /** A cheap pre-check: most log lines have neither '@' nor a run of 10 digits. */
    private static boolean mayHoldPii(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@') {
                return true;
            }
            if (c >= '0' && c <= '9') {
                if (++run >= 4) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }

    private static String replace(
            Pattern pattern, String text, java.util.function.Function<Matcher, String> replacement) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
