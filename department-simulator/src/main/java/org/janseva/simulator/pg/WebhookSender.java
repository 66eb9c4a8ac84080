package org.janseva.simulator.pg;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the gateway's signed webhooks: {@code X-PG-Signature} is the lowercase hex HMAC-SHA256 of
 * the raw body with the webhook secret; the body carries the event id and its creation time
 * ({@code createdAt}, epoch seconds), so a receiver can reject replays of old events.
 */
@Component
class WebhookSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final PaymentGatewayProperties properties;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "pg-webhooks");
        thread.setDaemon(true);
        return thread;
    });

    WebhookSender(PaymentGatewayProperties properties, ObjectProvider<Clock> clock) {
        this.properties = properties;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    /** Sends an event about the order as the option says; returns at once. */
    void send(PgOrder order, String type, Map<String, Object> data, PgRequests.Webhook option) {
        if (option == PgRequests.Webhook.NEVER) {
            log.info("Webhook {} for order {} not sent (option NEVER)", type, order.orderId());
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
        event.put("type", type);
        event.put("createdAt", clock.instant().getEpochSecond());
        event.put("data", data);
        byte[] body = json.writeValueAsBytes(event);
        long delayMs =
                option == PgRequests.Webhook.LATE ? properties.lateDelay().toMillis() : 0;
        executor.schedule(() -> deliver(order, type, (String) event.get("id"), body), delayMs, TimeUnit.MILLISECONDS);
        if (option == PgRequests.Webhook.TWICE) {
            executor.schedule(
                    () -> deliver(order, type, (String) event.get("id"), body), delayMs + 50, TimeUnit.MILLISECONDS);
        }
    }

    private void deliver(PgOrder order, String type, String eventId, byte[] body) {
        String target = order.notifyUrl() != null ? order.notifyUrl() : properties.webhookUrl();
        int status = -1;
        if (target != null && !target.isBlank()) {
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(target))
                                .timeout(Duration.ofSeconds(5))
                                .header("Content-Type", "application/json")
                                .header("X-PG-Signature", sign(body, properties.webhookSecret()))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                status = response.statusCode();
            } catch (java.io.IOException | RuntimeException ex) {
                // unreachable, or not sendable at all (a configured webhook URL that is no http URL):
                // recorded as undelivered either way; an exception left to the executor would vanish
                log.warn("Webhook {} for order {} could not be delivered: {}", type, order.orderId(), ex.toString());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        order.delivered(new PgOrder.Delivery(eventId, type, status, clock.instant()));
    }

    /** @return the lowercase hex HMAC-SHA256 of the body */
    static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
