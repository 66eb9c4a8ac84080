package org.janseva.payment.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.janseva.platform.test.SimulatorProcess;
import org.janseva.platform.test.TestTokenIssuer;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points payment-service at its test surroundings: the test token issuer, the catalog stub and
 * the simulator process (its payment gateway), whose webhooks come back to this context's port.
 */
public class PaymentTestEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String ERASURE_KEY = "test-erasure-key";
    public static final String PREVIOUS_WEBHOOK_SECRET = "previous-pg-webhook-secret";

    /** @return the settings a payment-service under test needs, for a context or a process */
    public static Map<String, Object> properties() {
        return properties(CatalogStub.get().baseUrl());
    }

    /** @return those settings with catalog-service at this URL (the stub's or a real one's) */
    public static Map<String, Object> properties(String catalogBaseUrl) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.putAll(TestTokenIssuer.shared().properties());
        properties.put("platform.security.client.secret", "test-secret");
        properties.put("platform.payment.catalog.base-url", catalogBaseUrl);
        properties.put("platform.payment.pg.base-url", SimulatorProcess.get().baseUrl());
        // the simulator process runs on this machine, which only local runs and tests may call
        properties.put("platform.payment.pg.allow-loopback", "true");
        properties.put("platform.payment.pg.key-id", SimulatorProcess.KEY_ID);
        properties.put("platform.payment.pg.key-secret", SimulatorProcess.KEY_SECRET);
        properties.put(
                "platform.payment.pg.webhook-secrets", SimulatorProcess.WEBHOOK_SECRET + "," + PREVIOUS_WEBHOOK_SECRET);
        properties.put("platform.payment.erasure-key", ERASURE_KEY);
        properties.put("platform.payment.outbox.poll-interval", "200ms");
        properties.put("platform.payment.outbox.base-backoff", "200ms");
        properties.put("platform.payment.outbox.max-attempts", "3");
        properties.put("platform.payment.order-creation-lease", "3s");
        // the tests run the job themselves
        properties.put("platform.payment.reconciliation.interval", "1h");
        return properties;
    }

    /** @return where this context's catalog-service is: the stub, unless a subclass says otherwise */
    protected String catalogBaseUrl() {
        return CatalogStub.get().baseUrl();
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> properties = properties(catalogBaseUrl());
        properties.put(
                "platform.payment.pg.notify-url", "http://127.0.0.1:${local.server.port}/api/v1/payments/webhooks/pg");
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("paymentTests", properties));
    }
}
