package org.janseva.user.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.janseva.user.UserServiceApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * user-service outside the local profile refuses to start without a real SMS provider: a
 * deployment that sets no USER_SMS_BASE_URL would otherwise send every OTP to whatever answers on
 * localhost:8090 (the simulator's port in a local run), and no citizen could sign in.
 */
class SmsProviderStartupIntegrationTests {

    /** user-service started as in production: no local profile (the tests' own secrets, no stubs). */
    private static ConfigurableApplicationContext start(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + SharedEmbeddedPostgres.get().jdbcUrl("users"),
                "--spring.datasource.username=" + SharedEmbeddedPostgres.get().username(),
                "--spring.datasource.password=" + SharedEmbeddedPostgres.get().password(),
                // what the test profile allows for the tests' stub, a deployment does not
                "--platform.user.sms.allow-loopback=false"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(UserServiceApplication.class)
                .profiles("test")
                .run(args.toArray(String[]::new));
    }

    @Test
    void shouldRefuseToStartWithoutTheSmsProvidersUrl() {
        assertThatThrownBy(() -> start("--platform.user.sms.base-url="))
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("platform.user.sms.base-url (USER_SMS_BASE_URL) must be set to the SMS provider's URL");
    }

    @Test
    void shouldRefuseToStartWithTheSmsProviderOnLocalhost() {
        for (String url : List.of("http://localhost:8090", "http://127.0.0.1:8090")) {
            assertThatThrownBy(() -> start("--platform.user.sms.base-url=" + url))
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("platform.user.sms.base-url (USER_SMS_BASE_URL) points at this machine (")
                    .hasMessageContaining("not at the SMS provider");
        }
    }

    @Test
    void shouldStartWithTheSmsProvidersOwnUrl() {
        try (ConfigurableApplicationContext context = start("--platform.user.sms.base-url=https://sms.provider.in")) {
            assertThat(context.isActive()).isTrue();
        }
    }
}
