package org.janseva.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Latin keys of words in each script, and which scripts also get the key without the final vowel. */
class LatinKeysTests {

    final LatinKeys latin = new LatinKeys();

    @Test
    void shouldAlsoKeyWordsWithoutTheirFinalVowelWhereTheLanguageLeavesItUnsaid() {
        assertThat(latin.of("आधार")).containsExactly("adhara", "adhar");
        assertThat(latin.of("ਮੌਸਮ")).containsExactly("mausama", "mausam");
        assertThat(latin.of("આધાર")).containsExactly("adhara", "adhar");
        assertThat(latin.of("আধার")).containsExactly("adhara", "adhar");
    }

    @Test
    void shouldKeepTheFinalVowelWhereTheLanguageSaysIt() {
        // Malayalam and Tamil for cash: cut short they would be the key of every PAN service
        assertThat(latin.of("പണ")).containsExactly("pana");
        assertThat(latin.of("பண")).containsExactly("pana");
        assertThat(latin.of("ଘର")).containsExactly("ghara");
        assertThat(latin.of("ಕಮಲ")).containsExactly("kamala");
        assertThat(latin.of("కమల")).containsExactly("kamala");
    }

    @Test
    void shouldMakeNoKeysForLatinWordsAndOneForWordsEndingInAVowel() {
        assertThat(latin.of("pan")).isEmpty();
        assertThat(latin.of("बिजली")).containsExactly("bijali");
    }
}
