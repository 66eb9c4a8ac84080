package org.janseva.catalog.search;

import com.ibm.icu.text.Transliterator;
import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Latin-ASCII keys of tokens, made with ICU4J: {@code Any-Latin; Latin-ASCII; Lower}, so that a
 * romanised query ({@code bijli}, {@code adhar}) meets a name written in any Indian script
 * (बिजली, ಆಧಾರ್), and a query in one script meets names in another. Romanised text is never
 * turned into an Indian script (that guesses, and guesses wrong).
 *
 * <p>A token is in one script, so instead of {@code Any-Latin}, which finds the script of every
 * run at each call and is several times slower, the key is made with that script's own
 * transliterator ({@code Devanagari-Latin; Latin-ASCII; Lower}, ...), which is what
 * {@code Any-Latin} dispatches to. Then everything but a-z and 0-9 is dropped (ICU's separating
 * apostrophes, Urdu's aspiration marks).
 *
 * <p>ICU keeps the inherent vowel of a word's last consonant (आधार becomes {@code adhara}). Where
 * the language does not say that vowel, people do not type it ({@code adhar}), so such a word
 * also gets the key without it. That holds for Devanagari (Hindi, Marathi), Gurmukhi (Punjabi),
 * Gujarati and the Bengali script (Bengali and Assamese: আধার is said and typed {@code adhar}).
 * It does not hold for Odia, Tamil, Telugu, Kannada and Malayalam, which say the final vowel
 * (ଘର {@code ghara}, ಕಮಲ {@code kamala}); cutting it there only makes false short keys: the
 * Malayalam and Tamil word for cash, പണ / பண ({@code pana}), would meet every query for a PAN.
 *
 * <p>Transliteration is slow (tens of microseconds a word): the index makes each distinct token's
 * keys once, and queries reuse them (see {@link CatalogueSearch}).
 */
final class LatinKeys {

    private static final Map<UnicodeScript, String> TRANSFORMS = new EnumMap<>(Map.ofEntries(
            Map.entry(UnicodeScript.DEVANAGARI, "Devanagari-Latin"),
            Map.entry(UnicodeScript.BENGALI, "Bengali-Latin"),
            Map.entry(UnicodeScript.GURMUKHI, "Gurmukhi-Latin"),
            Map.entry(UnicodeScript.GUJARATI, "Gujarati-Latin"),
            Map.entry(UnicodeScript.ORIYA, "Oriya-Latin"),
            Map.entry(UnicodeScript.TAMIL, "Tamil-Latin"),
            Map.entry(UnicodeScript.TELUGU, "Telugu-Latin"),
            Map.entry(UnicodeScript.KANNADA, "Kannada-Latin"),
            Map.entry(UnicodeScript.MALAYALAM, "Malayalam-Latin"),
            Map.entry(UnicodeScript.ARABIC, "Arabic-Latin")));

    /** The scripts whose final inherent vowel is not said (see the class comment). */
    private static final Set<UnicodeScript> DROPS_FINAL_VOWEL =
            EnumSet.of(UnicodeScript.DEVANAGARI, UnicodeScript.GURMUKHI, UnicodeScript.GUJARATI, UnicodeScript.BENGALI);

    private final Map<UnicodeScript, Transliterator> byScript = new EnumMap<>(UnicodeScript.class);
    private final Transliterator anyLatin = Transliterator.getInstance("Any-Latin; Latin-ASCII; Lower");

    LatinKeys() {
        TRANSFORMS.forEach(
                (script, id) -> byScript.put(script, Transliterator.getInstance(id + "; Latin-ASCII; Lower")));
    }

    /**
     * @param token a token as {@link Tokens#of} makes it (lower case, one word)
     * @return its Latin-ASCII keys: none when the token is already ASCII (it is its own key) or
     *     has no letters ICU can romanise; otherwise one, or two when the inherent vowel of its last
     *     consonant may be dropped
     */
    List<String> of(String token) {
        if (Tokens.isAscii(token)) {
            return List.of();
        }
        String latin = clean(transliterate(token));
        if (latin.isEmpty()) {
            return List.of();
        }
        if (latin.length() > 2 && latin.endsWith("a") && dropsFinalVowel(token)) {
            return List.of(latin, latin.substring(0, latin.length() - 1));
        }
        return List.of(latin);
    }

    private String transliterate(String token) {
        UnicodeScript script = script(token);
        Transliterator transliterator = script == null ? anyLatin : byScript.getOrDefault(script, anyLatin);
        // ICU transliterators are not safe for concurrent use; calls are rare (keys are cached)
        synchronized (transliterator) {
            return transliterator.transliterate(token);
        }
    }

    private static UnicodeScript script(String token) {
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            UnicodeScript script = UnicodeScript.of(cp);
            if (script != UnicodeScript.COMMON && script != UnicodeScript.INHERITED) {
                return script;
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    private static String clean(String latin) {
        StringBuilder ascii = new StringBuilder(latin.length());
        for (int i = 0; i < latin.length(); i++) {
            char c = latin.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                ascii.append(c);
            }
        }
        return ascii.toString();
    }

    /**
     * Whether the token ends with a consonant letter (no vowel sign, no virama) of a script whose
     * languages leave its inherent vowel unsaid at the end of a word. The Brahmic blocks of
     * Unicode share one layout: consonants sit at offsets 0x15-0x39 and 0x58-0x5F of each
     * 128-code-point block.
     */
    static boolean dropsFinalVowel(String token) {
        int last = token.codePointBefore(token.length());
        if (!DROPS_FINAL_VOWEL.contains(UnicodeScript.of(last))) {
            return false;
        }
        int offset = last & 0x7F;
        return (offset >= 0x15 && offset <= 0x39) || (offset >= 0x58 && offset <= 0x5F);
    }
}
