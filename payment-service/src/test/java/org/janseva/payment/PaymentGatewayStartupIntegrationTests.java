package org.janseva.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.janseva.payment.support.PaymentTestEnvironment;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * payment-service outside the local profile refuses to start without a real payment gateway: a
 * deployment that sets no PG_BASE_URL would otherwise create every order at whatever answers on
 * localhost:8090 (the simulator's port in a local run), and no citizen could pay.
 */
class PaymentGatewayStartupIntegrationTests {

    /** payment-service started as in production: no profile, loopback not allowed. */
    private static ConfigurableApplicationContext start(String baseUrl) {
        Map<String, Object> properties = PaymentTestEnvironment.properties();
        properties.put("spring.datasource.url", SharedEmbeddedPostgres.get().jdbcUrl("payments"));
        properties.put(
                "spring.datasource.username", SharedEmbeddedPostgres.get().username());
        properties.put(
                "spring.datasource.password", SharedEmbeddedPostgres.get().password());
        properties.put("server.port", "0");
        properties.put("platform.payment.outbox.enabled", "false");
        properties.put("platform.payment.reconciliation.enabled", "false");
        // what the tests allow for their simulator process, a deployment does not
        properties.remove("platform.payment.pg.allow-loopback");
        properties.put("platform.payment.pg.base-url", baseUrl);
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(PaymentServiceApplication.class).run(args);
    }

    @Test
    void shouldRefuseToStartWithoutThePaymentGatewaysUrl() {
        assertThatThrownBy(() -> start(""))
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("platform.payment.pg.base-url (PG_BASE_URL) must be set to the payment gateway's URL");
    }

    @Test
    void shouldRefuseToStartWithThePaymentGatewayOnLocalhost() {
        for (String url : List.of("http://localhost:8090", "http://127.0.0.1:8090")) {
            assertThatThrownBy(() -> start(url))
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("platform.payment.pg.base-url (PG_BASE_URL) points at this machine (")
                    .hasMessageContaining("not at the payment gateway");
        }
    }

    @Test
    void shouldStartWithThePaymentGatewaysOwnUrl() {
        try (ConfigurableApplicationContext context = start("https://pg.provider.in")) {
            assertThat(context.isActive()).isTrue();
        }
    }
}
