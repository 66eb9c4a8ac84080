package org.janseva.catalog.shipped;

import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.Map;
import org.janseva.catalog.catalogue.Language;

/**
 * Checks that a translation is written in its language's script: Hindi and Marathi in Devanagari,
 * Assamese and Bengali in Bengali script, Urdu in Arabic script, and so on. It catches a text put
 * in the wrong column and English left where a translation was meant; Latin letters may appear
 * (brand names, abbreviations) next to the script's own.
 */
final class Scripts {

    private static final Map<Language, UnicodeScript> SCRIPTS = new EnumMap<>(Map.ofEntries(
            Map.entry(Language.EN, UnicodeScript.LATIN),
            Map.entry(Language.HI, UnicodeScript.DEVANAGARI),
            Map.entry(Language.MR, UnicodeScript.DEVANAGARI),
            Map.entry(Language.AS, UnicodeScript.BENGALI),
            Map.entry(Language.BN, UnicodeScript.BENGALI),
            Map.entry(Language.GU, UnicodeScript.GUJARATI),
            Map.entry(Language.KN, UnicodeScript.KANNADA),
            Map.entry(Language.ML, UnicodeScript.MALAYALAM),
            Map.entry(Language.OR, UnicodeScript.ORIYA),
            Map.entry(Language.PA, UnicodeScript.GURMUKHI),
            Map.entry(Language.TA, UnicodeScript.TAMIL),
            Map.entry(Language.TE, UnicodeScript.TELUGU),
            Map.entry(Language.UR, UnicodeScript.ARABIC)));

    private Scripts() {}

    /**
     * @param language a language
     * @param text a text meant to be in it
     * @return why the text cannot be in that language, or {@code null} when it can
     */
    static String problem(Language language, String text) {
        UnicodeScript expected = SCRIPTS.get(language);
        boolean seen = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)
                    && Character.getType(cp) != Character.NON_SPACING_MARK
                    && Character.getType(cp) != Character.COMBINING_SPACING_MARK) {
                continue;
            }
            UnicodeScript script = UnicodeScript.of(cp);
            if (script == expected) {
                seen = true;
            } else if (script != UnicodeScript.LATIN
                    && script != UnicodeScript.COMMON
                    && script != UnicodeScript.INHERITED) {
                return "has " + script + " letters in a " + language.code() + " text";
            }
        }
        return seen ? null : "has no " + expected + " letters in a " + language.code() + " text";
    }
}
