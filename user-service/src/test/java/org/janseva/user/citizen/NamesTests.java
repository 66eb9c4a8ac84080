package org.janseva.user.citizen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTests {

    @ParameterizedTest
    @ValueSource(strings = {"Asha Devi", "आशा देवी", "ಆಶಾ", "A", "O'Neil-Rao Jr.", "आशा 🙏"})
    void shouldTakeANameOnOneLine(String name) {
        assertThat(Names.refusal(name)).isEmpty();
    }

    @Test
    void shouldCountCharactersAsAReaderDoes() {
        // A and 99 emoji are 199 UTF-16 units, and 100 characters
        assertThat(Names.refusal("A" + "😀".repeat(99))).isEmpty();
        assertThat(Names.refusal("A" + "😀".repeat(100))).contains(Names.LENGTH);
        assertThat(Names.refusal("a".repeat(100))).isEmpty();
        assertThat(Names.refusal("a".repeat(101))).contains(Names.LENGTH);
        assertThat(Names.refusal("")).contains(Names.LENGTH);
        assertThat(Names.refusal(null)).contains(Names.LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00a0", "\u200b", "\u2007\u202f", "123", "-.-", "\u0901"})
    void shouldRefuseANameWithNoLetter(String name) {
        assertThat(Names.refusal(name)).contains(Names.NO_LETTER);
    }

    @Test
    void shouldKeepTheJoinersIndicScriptsNeed() {
        // क्‍ष with a zero-width joiner, and a Malayalam chillu written with one
        assertThat(Names.refusal("क्\u200dष")).isEmpty();
        assertThat(Names.refusal("ന്\u200d")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Asha\nDevi",
                "Asha\tDevi",
                "Asha\u0007",
                "Asha\u007f",
                "Asha\u0085Devi",
                "Asha\u2028Devi",
                "A\u2029"
            })
    void shouldRefuseControlCharactersAndLineBreaks(String name) {
        assertThat(Names.refusal(name)).contains(Names.CONTROL);
    }
}
