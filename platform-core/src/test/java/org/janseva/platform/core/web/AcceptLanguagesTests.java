package org.janseva.platform.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptLanguagesTests {

    private static final Set<String> SPOKEN = Set.of("en", "hi", "mr", "ta");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "hi|hi",
                "hi-IN, en;q=0.8|hi",
                "en;q=0.1, mr;q=0.9|mr",
                "ta;q=0, hi|hi",
                "fr, de, ta;q=0.2|ta",
                "*, hi;q=0.5|en",
                "fr, *;q=0.5, hi;q=0.4|en"
            })
    void shouldTakeTheSpokenLanguageTheClientWeighsHighest(String header, String expected) {
        assertThat(AcceptLanguages.preferred(header, SPOKEN::contains)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"fr, de", "ta;q=0", "not a language list;;", "''"})
    void shouldNameNoneWhenTheClientNamesNoneSpokenOrTheHeaderCannotBeRead(String header) {
        assertThat(AcceptLanguages.preferred(header, SPOKEN::contains)).isEmpty();
        assertThat(AcceptLanguages.preferred(null, SPOKEN::contains)).isEmpty();
    }
}
