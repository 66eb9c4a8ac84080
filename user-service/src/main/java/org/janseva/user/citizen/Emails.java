package org.janseva.user.citizen;

import java.util.Optional;

/**
 * The e-mail addresses a citizen may give: an RFC 5322 addr-spec in the plain form that people
 * type and mail systems deliver, in ASCII.
 *
 * <ul>
 *   <li>At most {@value #MAX_LENGTH} characters: RFC 5321's 256-octet path less its angle brackets.
 *   <li>Before the {@code @}, a dot-atom (RFC 5322 3.2.3) of 1 to {@value #MAX_LOCAL_LENGTH}
 *       characters (RFC 5321 4.5.3.1.1): letters, digits and {@value #ATEXT_SYMBOLS}, with dots
 *       only between them (not first, last or twice in a row). No quoted strings ({@code "a
 *       b"@example.in}) and no comments: what they would let in (spaces, controls, {@code
 *       <>()[]:;,@\"}) has no use in an address a citizen types, and is what markup and mail
 *       header injection are made of.
 *   <li>After it, a host name (RFC 1123 2.1): at least two labels joined by dots, each 1 to 63
 *       letters, digits and hyphens, no hyphen first or last; the last one, the top-level domain,
 *       of letters only (at least two), or an internationalised one in its A-label form ({@code
 *       xn--...}). No address literals ({@code [192.0.2.1]}), no one-label domains ({@code
 *       localhost}).
 * </ul>
 *
 * <p>Internationalised addresses in Unicode (RFC 6531, {@code संपर्क@डाटामेल.भारत}) are refused, for
 * now, with a message saying so; a Unicode domain is taken in its {@code xn--} form. Such an
 * address reaches its mailbox only when every mail system on the way speaks SMTPUTF8, which the
 * platform cannot count on; checking one soundly takes IDNA 2008 and UTS #46 (ICU4J, not a
 * dependency of user-service: the JDK's {@code java.net.IDN} is the older IDNA 2003) and rules
 * against invisible and bidirectional characters in the local part; and the log masking of
 * {@code PiiMasker} only recognises ASCII addresses in free text. Accepting them later changes no
 * stored address; refusing them later would.
 *
 * <p>Hibernate Validator's {@code @Email} (on the class path) was not taken: it accepts quoted local
 * parts, any character from U+0080 up (C1 controls, bidirectional overrides), address literals and
 * one-label domains. {@code EmailsTests} checks that every address accepted here is also valid
 * for it.
 */
final class Emails {

    static final int MAX_LENGTH = 254;
    static final int MAX_LOCAL_LENGTH = 64;
    static final String ATEXT_SYMBOLS = "!#$%&'*+-/=?^_`{|}~";

    static final String NOT_AN_ADDRESS = "must be an e-mail address like name@example.in";
    static final String TOO_LONG = "must be at most " + MAX_LENGTH + " characters";
    static final String NOT_ASCII =
            "must be in ASCII: addresses in other scripts are not taken (a domain may be given in its xn-- form)";
    static final String BAD_LOCAL_PART = "must have 1 to " + MAX_LOCAL_LENGTH
            + " characters before the @: letters, digits and " + ATEXT_SYMBOLS
            + ", with dots only between them";
    static final String BAD_DOMAIN = "must have a domain like example.in after the @: labels of 1 to 63 letters,"
            + " digits and hyphens (no hyphen first or last) joined by dots, ending in one of letters only";

    private Emails() {}

    /**
     * @param address an address as the client sent it, without surrounding spaces
     * @return why it is not taken, as a field error's message; empty when it is taken as it is
     */
    static Optional<String> refusal(String address) {
        if (address.length() > MAX_LENGTH) {
            return Optional.of(TOO_LONG);
        }
        if (!address.chars().allMatch(c -> c < 0x80)) {
            return Optional.of(NOT_ASCII);
        }
        int at = address.indexOf('@');
        if (at < 0 || at != address.lastIndexOf('@')) {
            return Optional.of(NOT_AN_ADDRESS);
        }
        if (!isDotAtom(address.substring(0, at))) {
            return Optional.of(BAD_LOCAL_PART);
        }
        if (!isHostName(address.substring(at + 1))) {
            return Optional.of(BAD_DOMAIN);
        }
        return Optional.empty();
    }

    private static boolean isDotAtom(String local) {
        if (local.isEmpty() || local.length() > MAX_LOCAL_LENGTH) {
            return false;
        }
        for (String atom : local.split("\\.", -1)) {
            if (atom.isEmpty() || !atom.chars().allMatch(Emails::isAtext)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAtext(int c) {
        return isLetterOrDigit(c) || ATEXT_SYMBOLS.indexOf(c) >= 0;
    }

    private static boolean isHostName(String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!isLdhLabel(label)) {
                return false;
            }
        }
        String tld = labels[labels.length - 1];
        return tld.length() >= 2 && tld.chars().allMatch(Emails::isLetter)
                || tld.length() > 4 && tld.regionMatches(true, 0, "xn--", 0, 4);
    }

    private static boolean isLdhLabel(String label) {
        return !label.isEmpty()
                && label.length() <= 63
                && label.charAt(0) != '-'
                && label.charAt(label.length() - 1) != '-'
                && label.chars().allMatch(c -> isLetterOrDigit(c) || c == '-');
    }

    private static boolean isLetterOrDigit(int c) {
        return isLetter(c) || c >= '0' && c <= '9';
    }

    private static boolean isLetter(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
