package org.janseva.user.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MobilesTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "9876543210",
                "98765 43210",
                "+91 98765-43210",
                "+919876543210",
                "09876543210",
                "919876543210",
                "+91-98765-43210",
                "0 98765 43210",
                " 9876543210 "
            })
    void shouldNormaliseAnIndianMobileToE164(String raw) {
        assertThat(Mobiles.normalise(raw)).isEqualTo("+919876543210");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"12345", "5876543210", "+14155550123", "+442071838750", "98765432101", "abc", "011 2345 6789"})
    void shouldRefuseWhatIsNotAnIndianMobile(String raw) {
        assertRefused(raw);
    }

    /** libphonenumber alone read a number out of each of these (API.md: ten digits starting 6-9). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "A8683950819",
                "8683950819A",
                "8683950819 ext. 77",
                "+918683950819x1",
                "+918683950819;ext=1",
                "tel:+91-8683950819",
                "\uFF18\uFF16\uFF18\uFF13\uFF19\uFF15\uFF10\uFF18\uFF11\uFF19", // full-width ８６８３９５０８１９
                "\u0968\u096C\u096E\u0969\u096F\u0965\u0966\u096E\u0967\u096F", // Devanagari digits
                "86839\u00A050819", // a no-break space
                "8683950819\n",
                "\t8683950819",
                "(+91) 8683950819",
                "+91 (0) 8683950819",
                "+91 08683950819",
                "0091 8683950819",
                "86839.50819",
                "86839--50819",
                "+ 918683950819",
                "8683950819-",
                "+91"
            })
    void shouldRefuseJunkAroundAnIndianMobile(String raw) {
        assertRefused(raw);
    }

    private static void assertRefused(String raw) {
        assertThatThrownBy(() -> Mobiles.normalise(raw))
                .as("[%s]", raw)
                .isInstanceOfSatisfying(ApiException.class, ex -> {
                    assertThat(ex.getCode()).isEqualTo("VALIDATION_FAILED");
                    assertThat(ex.getStatus().value()).isEqualTo(400);
                    assertThat(ex.getProperties().get("errors"))
                            .isEqualTo(List.of(new FieldErrorView(
                                    "mobile", "must be a 10-digit Indian mobile number starting 6-9")));
                });
    }
}
