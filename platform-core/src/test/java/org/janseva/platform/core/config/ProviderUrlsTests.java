package org.janseva.platform.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderUrlsTests {

    private static final String SETTING = "platform.user.sms.base-url";

    private static URI require(String url, boolean allowLoopback) {
        return ProviderUrls.require(SETTING, "USER_SMS_BASE_URL", "SMS provider", url, allowLoopback);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void shouldRefuseAMissingUrlNamingTheSettingAndItsVariable(String url) {
        assertThatIllegalStateException()
                .isThrownBy(() -> require(url, true))
                .withMessage("platform.user.sms.base-url (USER_SMS_BASE_URL) must be set to the SMS provider's URL");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost:8090",
                "http://LOCALHOST:8090/",
                "http://localhost.:8090",
                "https://sms.localhost/send",
                "http://localhost.localdomain",
                "http://127.0.0.1:8090",
                "http://127.1.2.3",
                "http://0.0.0.0:8090",
                "http://[::1]:8090",
                "http://[0:0:0:0:0:0:0:1]",
                "http://[::]:8090",
                "http://[::ffff:127.0.0.1]:8090"
            })
    void shouldRefuseThisMachineUnlessLoopbackIsAllowed(String url) {
        assertThatIllegalStateException()
                .isThrownBy(() -> require(url, false))
                .withMessageStartingWith("platform.user.sms.base-url (USER_SMS_BASE_URL) points at this machine (")
                .withMessageContaining("platform.user.sms.allow-loopback");
        assertThat(require(url, true)).isEqualTo(URI.create(url));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://sms.provider.in",
                "sms.provider.in",
                "/sms/messages",
                "http://exa mple/",
                "http:///no-host",
                "https://user:key@"
            })
    void shouldRefuseAnythingButAnAbsoluteHttpUrlWithoutRepeatingIt(String url) {
        assertThatIllegalStateException()
                .isThrownBy(() -> require(url, true))
                .withMessage("platform.user.sms.base-url (USER_SMS_BASE_URL) must be the SMS provider's absolute http "
                        + "or https URL (with a host)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://sms.provider.example", "https://SMS.EXAMPLE/", "https://pg.invalid"})
    void shouldRefuseAnExamplePlaceholder(String url) {
        assertThatIllegalStateException()
                .isThrownBy(() -> require(url, true))
                .withMessageStartingWith(
                        "platform.user.sms.base-url (USER_SMS_BASE_URL) is still an example placeholder");
    }

    @Test
    void shouldAcceptAProviderAddress() {
        assertThat(require("https://sms.provider.in/v1", false)).isEqualTo(URI.create("https://sms.provider.in/v1"));
        assertThat(require("http://10.0.3.7:8080", false)).hasHost("10.0.3.7");
        assertThat(require("http://128.0.0.1", false)).hasHost("128.0.0.1");
        assertThat(require("http://localhost-sms.provider.in", false)).hasHost("localhost-sms.provider.in");
        assertThat(require("https://[2001:db8::1]/", false)).hasHost("[2001:db8::1]");
    }
}
