package org.janseva.user.citizen;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Email;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmailsTests {

    private static final String LABEL_63 = "a".repeat(63);

    static Stream<String> taken() {
        return Stream.of(
                "asha@example.org",
                "Asha.Rao@Example.IN",
                "a@b.in",
                "asha+bills@mail.example.co.in",
                "o'neil@example.com",
                "first_last-1@sub-domain.example.gov.in",
                "!#$%&'*+-/=?^_`{|}~@example.in",
                "user.name.tag@example.in",
                "x@123.example.in",
                "x@a-b.c-d.in",
                // an internationalised domain in its A-label form: संपर्क@डाटामेल.भारत's domain
                "info@xn--c2bd4bq1db8d.xn--h2brj9c",
                "info@example.xn--h2brj9c",
                "a".repeat(64) + "@example.in",
                "a@" + LABEL_63 + ".in",
                // 254 characters in all
                "a".repeat(64) + "@" + LABEL_63 + "." + LABEL_63 + "." + "b".repeat(58) + ".in");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // the defects reported: all stored before
                Arguments.of("a@...", Emails.BAD_DOMAIN),
                Arguments.of("<script>alert(1)</script>@x.y", Emails.BAD_LOCAL_PART),
                Arguments.of("a\u0007b@x.y", Emails.BAD_LOCAL_PART),
                Arguments.of("a,b;c@x.y", Emails.BAD_LOCAL_PART),
                // not an address
                Arguments.of("", Emails.NOT_AN_ADDRESS),
                Arguments.of("nope", Emails.NOT_AN_ADDRESS),
                Arguments.of("a@b@example.in", Emails.NOT_AN_ADDRESS),
                Arguments.of("\"a@b\"@example.in", Emails.NOT_AN_ADDRESS),
                // the local part
                Arguments.of("@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of(".asha@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("asha.@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("as..ha@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("a".repeat(65) + "@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("\"asha rao\"@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("asha rao@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("asha(comment)@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("a<b>@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("a[b]@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("a:b@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("a\\b@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("a\"b@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("a\tb@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("a\r\nBcc: x@example.in", Emails.BAD_LOCAL_PART),
                Arguments.of("a\u007fb@example.in", Emails.BAD_LOCAL_PART),
                // the domain
                Arguments.of("asha@", Emails.BAD_DOMAIN),
                Arguments.of("asha@localhost", Emails.BAD_DOMAIN),
                Arguments.of("asha@.example.in", Emails.BAD_DOMAIN),
                Arguments.of("asha@example.in.", Emails.BAD_DOMAIN),
                Arguments.of("asha@example..in", Emails.BAD_DOMAIN),
                Arguments.of("asha@-example.in", Emails.BAD_DOMAIN),
                Arguments.of("asha@example-.in", Emails.BAD_DOMAIN),
                Arguments.of("asha@example.-in", Emails.BAD_DOMAIN),
                Arguments.of("asha@exa_mple.in", Emails.BAD_DOMAIN),
                Arguments.of("asha@example.i", Emails.BAD_DOMAIN),
                Arguments.of("asha@example.123", Emails.BAD_DOMAIN),
                Arguments.of("asha@example.in1", Emails.BAD_DOMAIN),
                Arguments.of("asha@192.0.2.1", Emails.BAD_DOMAIN),
                Arguments.of("asha@[192.0.2.1]", Emails.BAD_DOMAIN),
                Arguments.of("asha@[IPv6:2001:db8::1]", Emails.BAD_DOMAIN),
                Arguments.of("asha@xn--.in", Emails.BAD_DOMAIN),
                Arguments.of("asha@example.xn--", Emails.BAD_DOMAIN),
                Arguments.of("asha@" + "a".repeat(64) + ".in", Emails.BAD_DOMAIN),
                Arguments.of("asha@exam ple.in", Emails.BAD_DOMAIN),
                Arguments.of("asha@example.in>", Emails.BAD_DOMAIN),
                // Unicode: refused, the domain may come in its xn-- form
                Arguments.of("संपर्क@डाटामेल.भारत", Emails.NOT_ASCII),
                Arguments.of("info@डाटामेल.भारत", Emails.NOT_ASCII),
                Arguments.of("jösé@example.in", Emails.NOT_ASCII),
                Arguments.of("a\u202eb@example.in", Emails.NOT_ASCII),
                Arguments.of("a\u200bb@example.in", Emails.NOT_ASCII),
                Arguments.of("a\u0085b@example.in", Emails.NOT_ASCII),
                Arguments.of("аsha@example.in", Emails.NOT_ASCII), // a Cyrillic а
                Arguments.of("asha@example.in\uff0e", Emails.NOT_ASCII),
                // too long: 255 characters
                Arguments.of(
                        "a".repeat(64) + "@" + LABEL_63 + "." + LABEL_63 + "." + "b".repeat(59) + ".in",
                        Emails.TOO_LONG));
    }

    @ParameterizedTest
    @MethodSource("taken")
    void shouldTakeAPlainAsciiAddress(String address) {
        assertThat(address.length()).isLessThanOrEqualTo(Emails.MAX_LENGTH);
        assertThat(Emails.refusal(address)).as(address).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("refused")
    void shouldRefuseAnythingElseSayingWhy(String address, String message) {
        assertThat(Emails.refusal(address)).as(address).hasValue(message);
    }

    @Test
    void shouldTakeNothingHibernateValidatorsEmailRefuses() {
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            taken().forEach(address -> assertThat(validator.validateValue(Form.class, "email", address))
                    .as(address)
                    .isEmpty());
            // and it does take some of what is refused here
            assertThat(validator.validateValue(Form.class, "email", "\"asha rao\"@example.in"))
                    .isEmpty();
            assertThat(validator.validateValue(Form.class, "email", "asha@localhost"))
                    .isEmpty();
        }
    }

    @Test
    void shouldSayWhatIsWrongWithoutRepeatingTheAddress() {
        assertThat(Emails.BAD_LOCAL_PART)
                .isEqualTo("must have 1 to 64 characters before the @: letters, digits and"
                        + " !#$%&'*+-/=?^_`{|}~, with dots only between them");
        assertThat(Emails.refusal("<script>alert(1)</script>@x.yz").orElseThrow())
                .doesNotContain("script");
    }

    private record Form(@Email String email) {}
}
