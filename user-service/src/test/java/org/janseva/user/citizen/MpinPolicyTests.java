package org.janseva.user.citizen;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MpinPolicyTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1111", "000000", "1234", "3456", "123456", "9876", "654321", "8901", "2109", "3210", "543210", "43210",
                "12a4", "", "1234567"
            })
    void shouldRefuseTrivialOrMalformedMpins(String mpin) {
        assertThatThrownBy(() -> MpinPolicy.check(mpin, "+919876500000")).isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3210", "543210"})
    void shouldRefuseTheMobilesLastDigits(String mpin) {
        assertThatThrownBy(() -> MpinPolicy.check(mpin, "+919876543210")).isInstanceOf(RuntimeException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7301", "730158", "1357", "482916", "1122", "2580"})
    void shouldAcceptOrdinaryMpins(String mpin) {
        assertThatCode(() -> MpinPolicy.check(mpin, "+919876500000")).doesNotThrowAnyException();
    }
}
