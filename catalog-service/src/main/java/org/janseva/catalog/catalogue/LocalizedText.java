package org.janseva.catalog.catalogue;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A text in up to 13 languages; English is always there and answers for a missing language.
 *
 * @param texts the text per language, unmodifiable
 */
public record LocalizedText(Map<Language, String> texts) {

    public LocalizedText {
        EnumMap<Language, String> copy = new EnumMap<>(Language.class);
        texts.forEach((language, text) -> {
            if (text != null && !text.isBlank()) {
                copy.put(language, text);
            }
        });
        if (!copy.containsKey(Language.EN)) {
            throw new IllegalArgumentException("A catalogue text needs its English version: " + texts);
        }
        texts = Collections.unmodifiableMap(copy);
    }

    /** A text resolved for a reader: the text and the language it is really in. */
    public record Resolved(String text, Language language) {}

    /**
     * @param wanted the reader's language
     * @return the text in that language, or in English when it has none
     */
    public Resolved in(Language wanted) {
        String text = texts.get(wanted);
        return text != null ? new Resolved(text, wanted) : new Resolved(texts.get(Language.EN), Language.EN);
    }

    /** @return the English text */
    public String english() {
        return texts.get(Language.EN);
    }

    /** @return whether the text exists in that language (without falling back) */
    public boolean has(Language language) {
        return texts.containsKey(language);
    }
}
