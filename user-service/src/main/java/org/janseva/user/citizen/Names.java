package org.janseva.user.citizen;

import java.util.Optional;

/**
 * The names citizens give themselves: one line of 1 to {@value #MAX_LENGTH} characters, counted
 * as a reader counts them (code points: an emoji or a character outside the Basic Multilingual
 * Plane is one, as in PostgreSQL's {@code varchar(100)} that keeps it), with no control
 * characters, and at least one letter (of any script). A name is shown on the app's home screen,
 * printed on receipts and put in SMS texts: a line feed, a tab, a bell or a C1 control in it has
 * no reading and breaks all three, and a name of only a no-break or zero-width space is blank.
 * Format characters are kept: Indic scripts need the zero-width joiner and non-joiner.
 * The check is made on the name without its surrounding spaces, which is what is stored.
 */
public final class Names {

    public static final int MAX_LENGTH = 100;

    static final String LENGTH = "must be 1 to " + MAX_LENGTH + " characters";
    static final String CONTROL = "must be one line with no control characters (tab, line feed, U+0000-U+001F,"
            + " U+007F-U+009F) nor line or paragraph separators";

    static final String NO_LETTER = "must contain a letter: a name of only spaces, digits, marks or invisible"
            + " characters (a no-break or zero-width space) shows as blank or as no name";

    private Names() {}

    /**
     * @param stripped a name without its surrounding spaces ({@link String#strip()})
     * @return why it is not taken, as a field error's message; empty when it is taken as it is
     */
    public static Optional<String> refusal(String stripped) {
        if (stripped == null || stripped.isEmpty() || stripped.codePointCount(0, stripped.length()) > MAX_LENGTH) {
            return Optional.of(LENGTH);
        }
        for (int i = 0, n = stripped.length(); i < n; i++) {
            int type = Character.getType(stripped.charAt(i));
            if (type == Character.CONTROL
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return Optional.of(CONTROL);
            }
        }
        if (stripped.codePoints().noneMatch(Character::isLetter)) {
            return Optional.of(NO_LETTER);
        }
        return Optional.empty();
    }
}
