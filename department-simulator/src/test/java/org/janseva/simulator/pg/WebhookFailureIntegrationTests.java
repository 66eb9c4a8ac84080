package org.janseva.simulator.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A webhook that cannot even be sent (here the configured webhook URL, which orders without a
 * notifyUrl use, is not a URL) is recorded as undelivered on the order, like one to an unreachable
 * address: it used to vanish, with no delivery on the order and nothing logged.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.simulator.pg.webhook-url=http://exa mple/hooks")
class WebhookFailureIntegrationTests {

    private static final String AUTH =
            "Basic " + Base64.getEncoder().encodeToString("sim-merchant:sim-merchant-secret".getBytes());

    @LocalServerPort
    int port;

    @Test
    void shouldRecordAWebhookThatCouldNotBeSentAsUndelivered() {
        TestHttp http = TestHttp.localhost(port);
        String orderId = TestHttp.json(
                        http.postJson("/pg/orders", """
                        {"merchantReference": "%s", "amount": {"value": "10.00", "currency": "INR"}}
                        """.formatted(UUID.randomUUID()), "Authorization", AUTH))
                .path("orderId")
                .asString();

        assertThat(http.postJson("/pg/orders/" + orderId + "/complete", "{\"outcome\": \"SUCCESS\"}")
                        .statusCode())
                .isEqualTo(200);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        JsonNode webhooks;
        do {
            webhooks = TestHttp.json(http.get("/pg/orders/" + orderId, "Authorization", AUTH))
                    .path("webhooks");
        } while (webhooks.isEmpty() && Instant.now().isBefore(deadline));
        assertThat(webhooks).hasSize(1);
        assertThat(webhooks.get(0).path("type").asString()).isEqualTo("payment.captured");
        assertThat(webhooks.get(0).path("httpStatus").asInt()).isEqualTo(-1);
    }
}
