package org.janseva.catalog.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits text into search tokens the same way for the index and for queries: NFC, lower case,
 * runs of letters, digits and combining marks (Indic vowel signs and viramas belong to their
 * word), everything else separates.
 */
final class Tokens {

    /** Words that say nothing about a service; dropped from queries that have other words. */
    static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "and", "the", "of", "for", "to", "in", "on", "my", "your", "with", "online", "ka", "ki", "ke",
            "me", "mein", "aur", "se", "ko", "का", "की", "के", "में", "और", "से", "को");

    private Tokens() {}

    /** @return the tokens of a text, in order, duplicates kept */
    static List<String> of(String text) {
        String normalized = normalize(text);
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            boolean part = isPart(cp);
            if (part && start < 0) {
                start = i;
            } else if (!part && start >= 0) {
                tokens.add(normalized.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            tokens.add(normalized.substring(start));
        }
        return tokens;
    }

    /**
     * @return the text NFC-normalised and lower-cased, zero-width joiners removed (they only
     *     choose how an Indic conjunct is drawn: ಪಾಸ್‌ಪೋರ್ಟ್ and ಪಾಸ್ಪೋರ್ಟ್ are the same word)
     */
    static String normalize(String text) {
        if (isAscii(text)) {
            return text.toLowerCase(Locale.ROOT);
        }
        String nfc = Normalizer.isNormalized(text, Normalizer.Form.NFC)
                ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
        if (nfc.indexOf('\u200C') >= 0 || nfc.indexOf('\u200D') >= 0) {
            nfc = nfc.replace("\u200C", "").replace("\u200D", "");
        }
        return nfc.toLowerCase(Locale.ROOT);
    }

    /** @return the text's tokens joined by single spaces: the form whole names are compared in */
    static String phrase(String text) {
        return String.join(" ", of(text));
    }

    static boolean isAscii(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPart(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
        }
        int type = Character.getType(cp);
        return Character.isLetterOrDigit(cp)
                || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
