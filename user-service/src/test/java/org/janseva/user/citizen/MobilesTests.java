package org.janseva.user.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.janseva.platform.web.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MobilesTests {

    @ParameterizedTest
    @ValueSource(strings = {"9876543210", "98765 43210", "+91 98765-43210", "+919876543210", "09876543210"})
    void shouldNormaliseAnIndianMobileToE164(String raw) {
        assertThat(Mobiles.normalise(raw)).isEqualTo("+919876543210");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"12345", "5876543210", "+14155550123", "+442071838750", "98765432101", "abc", "011 2345 6789"})
    void shouldRefuseWhatIsNotAnIndianMobile(String raw) {
        assertThatThrownBy(() -> Mobiles.normalise(raw))
                .isInstanceOfSatisfying(
                        ApiException.class, ex -> assertThat(ex.getCode()).isEqualTo("VALIDATION_FAILED"));
    }
}
