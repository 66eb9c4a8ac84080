package org.janseva.platform.core.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiiMaskerTests {

    @Test
    void shouldKeepOnlyTheLastFourDigitsOfAMobile() {
        assertThat(PiiMasker.mobile("9876543210")).isEqualTo("******3210");
        assertThat(PiiMasker.mobile("+91 98765 43210")).isEqualTo("******3210");
        assertThat(PiiMasker.mobile(null)).isNull();
    }

    @Test
    void shouldKeepTheFirstLetterAndDomainOfAnEmail() {
        assertThat(PiiMasker.email("asha.rao@example.org")).isEqualTo("a***@example.org");
        assertThat(PiiMasker.email("broken")).isEqualTo("******");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "otp sent to 9876543210|otp sent to ******3210",
                "mobile=+919876543210, ok|mobile=******3210, ok",
                "login for 09876543210 failed|login for ******3210 failed",
                "aadhaar 1234 5678 9012 linked|aadhaar XXXX XXXX 9012 linked",
                "aadhaar=123456789012|aadhaar=XXXXXXXX9012",
                "mail asha.rao@example.org now|mail a***@example.org now",
            })
    void shouldMaskPersonalDataInsideFreeText(String text, String expected) {
        assertThat(PiiMasker.maskText(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "GET /api/v1/catalog/services 200 in 12 ms",
                "request 3f2b1c9a-1234-5678-9012-1234567890ab done",
                "epoch 1764427200000 and order ORD1234567890",
                "2026-11-29T14:54:26.123+05:30",
                "port 5432 and 15432",
            })
    void shouldLeaveOrdinaryTextAlone(String text) {
        assertThat(PiiMasker.maskText(text)).isEqualTo(text);
    }
}
