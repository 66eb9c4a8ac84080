package org.janseva.payment.gateway.simulator;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.janseva.payment.gateway.GatewayEvent;
import org.janseva.payment.gateway.GatewayOrder;
import org.janseva.payment.gateway.GatewayOrderStatus;
import org.janseva.payment.gateway.GatewayRefund;
import org.janseva.payment.gateway.GatewayUnavailableException;
import org.janseva.payment.gateway.InvalidWebhookException;
import org.janseva.payment.gateway.MalformedWebhookException;
import org.janseva.payment.gateway.OrderRequest;
import org.janseva.payment.gateway.PaymentGateway;
import org.janseva.payment.gateway.RefundRefusedException;
import org.janseva.payment.system.HttpClients;
import org.janseva.payment.system.PaymentProperties;
import org.janseva.platform.core.config.ProviderUrls;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The department simulator's payment gateway: orders under {@code /pg/orders}, HTTP Basic
 * merchant credentials, webhooks signed with HMAC-SHA256 over the raw body in {@code
 * X-PG-Signature} (lowercase hex) carrying their creation time in {@code createdAt}.
 */
@Component
class SimulatorPaymentGateway implements PaymentGateway {

    static final String NAME = "pg";

    /** An amount as the gateway writes it: plain digits, no sign, exponent, spaces or "NaN". */
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,15}(\\.\\d{1,8})?");

    /** The answers to a refund that say no for good (a 401 or a 429 may pass once fixed or later). */
    private static final Set<Integer> REFUSALS = Set.of(400, 404, 409, 422);

    private final SimulatorGatewayProperties properties;
    private final PaymentProperties paymentProperties;
    private final Environment environment;
    private final Clock clock;
    private final RestClient http;
    private final List<SecretKeySpec> webhookKeys;
    private final JsonMapper json = JsonMapper.builder().build();

    SimulatorPaymentGateway(
            SimulatorGatewayProperties properties,
            PaymentProperties paymentProperties,
            Environment environment,
            Clock clock,
            RestClient.Builder builder) {
        this.properties = properties;
        this.paymentProperties = paymentProperties;
        this.environment = environment;
        this.clock = clock;
        ClientHttpRequestFactory factory =
                HttpClients.pooled(properties.connectTimeout(), properties.readTimeout(), 100);
        String basic = Base64.getEncoder()
                .encodeToString((properties.keyId() + ":" + properties.keySecret()).getBytes(StandardCharsets.UTF_8));
        this.http = builder.clone()
                .baseUrl(ProviderUrls.require(
                        "platform.payment.pg.base-url",
                        "PG_BASE_URL",
                        "payment gateway",
                        properties.baseUrl(),
                        properties.allowLoopback()))
                .requestFactory(factory)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Basic " + basic)
                .build();
        this.webhookKeys = properties.webhookSecrets().stream()
                .filter(secret -> secret != null && !secret.isBlank())
                .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .toList();
        if (webhookKeys.isEmpty()) {
            throw new IllegalStateException("platform.payment.pg.webhook-secrets holds no secret");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GatewayOrder createOrder(OrderRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("merchantReference", request.merchantReference());
        body.put("amount", Map.of("value", request.amount().toPlainString(), "currency", request.currency()));
        // resolved per call: in tests the URL names this process's own random port
        String notifyUrl = environment.getProperty("platform.payment.pg.notify-url");
        if (notifyUrl != null && !notifyUrl.isBlank()) {
            body.put("notifyUrl", notifyUrl);
        }
        JsonNode order = call(() -> http.post()
                .uri("/pg/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(JsonNode.class));
        return new GatewayOrder(
                order.path("orderId").asString(), order.path("checkoutUrl").asString());
    }

    @Override
    public GatewayOrderStatus orderStatus(String orderId) {
        return status(
                call(() -> http.get().uri("/pg/orders/{id}", orderId).retrieve().body(JsonNode.class)));
    }

    @Override
    public GatewayOrderStatus cancelOrder(String orderId) {
        try {
            return status(http.post()
                    .uri("/pg/orders/{id}/cancel", orderId)
                    .retrieve()
                    .body(JsonNode.class));
        } catch (RestClientResponseException ex) {
            if (ex.getStatusCode().value() == 409) {
                return orderStatus(orderId);
            }
            throw new GatewayUnavailableException(
                    "pg cancel answered " + ex.getStatusCode().value(), ex);
        } catch (ResourceAccessException ex) {
            throw new GatewayUnavailableException("pg cannot be reached", ex);
        } catch (RestClientException | tools.jackson.core.JacksonException ex) {
            throw new GatewayUnavailableException("pg answered something unreadable", ex);
        }
    }

    @Override
    public GatewayRefund refund(String orderId, String refundReference, BigDecimal amount) {
        JsonNode refund = call(() -> {
            try {
                return http.post()
                        .uri("/pg/orders/{id}/refunds", orderId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of(
                                "refundReference",
                                refundReference,
                                "amount",
                                Map.of("value", amount.toPlainString(), "currency", "INR")))
                        .retrieve()
                        .body(JsonNode.class);
            } catch (RestClientResponseException ex) {
                if (REFUSALS.contains(ex.getStatusCode().value())) {
                    // REFUND_NOT_POSSIBLE, REFUND_REFERENCE_REUSED, ORDER_NOT_FOUND: a final no
                    throw new RefundRefusedException(
                            "pg refused the refund (" + ex.getStatusCode().value() + "): "
                                    + ex.getResponseBodyAsString(),
                            ex);
                }
                throw ex;
            }
        });
        return new GatewayRefund(
                refund.path("refundId").asString(),
                "PROCESSED".equals(refund.path("status").asString()));
    }

    @Override
    public List<GatewayOrderStatus> orders(Instant from, Instant to) {
        JsonNode list = call(() -> http.get()
                .uri(b -> b.path("/pg/orders")
                        .queryParam("from", from.toString())
                        .queryParam("to", to.toString())
                        .build())
                .retrieve()
                .body(JsonNode.class));
        List<GatewayOrderStatus> orders = new ArrayList<>();
        list.forEach(order -> orders.add(status(order)));
        return orders;
    }

    @Override
    public GatewayEvent verifyWebhook(byte[] rawBody, HttpHeaders headers) {
        String signature = headers.getFirst("X-PG-Signature");
        if (signature == null || signature.isBlank()) {
            throw new InvalidWebhookException("missing signature");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.trim().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new InvalidWebhookException("malformed signature");
        }
        boolean valid = false;
        for (SecretKeySpec key : webhookKeys) {
            // constant-time comparison, and every secret is tried so that timing tells nothing
            valid |= MessageDigest.isEqual(hmac(key, rawBody), given);
        }
        if (!valid) {
            throw new InvalidWebhookException("bad signature");
        }
        JsonNode event;
        try {
            event = json.readTree(rawBody);
        } catch (RuntimeException ex) {
            // signed by the gateway, so not a forgery: an unusable event, said as such (a 401 sent
            // its operator to check the secret)
            throw new MalformedWebhookException("body", "must be a JSON object (the gateway's event)");
        }
        if (!event.isObject()) {
            throw new MalformedWebhookException("body", "must be a JSON object (the gateway's event)");
        }
        long createdAtSeconds = event.path("createdAt").asLong(0);
        if (createdAtSeconds < Instant.MIN.getEpochSecond() || createdAtSeconds > Instant.MAX.getEpochSecond()) {
            // no time at all (Instant.ofEpochSecond would throw): stale or future by far
            throw new InvalidWebhookException("stale or future timestamp");
        }
        Instant createdAt = Instant.ofEpochSecond(createdAtSeconds);
        Duration skew = Duration.between(createdAt, clock.instant()).abs();
        if (skew.compareTo(paymentProperties.webhookTolerance()) > 0) {
            throw new InvalidWebhookException("stale or future timestamp");
        }
        JsonNode data = event.path("data");
        String rawType = text(event, "type", "type", "");
        GatewayEvent.Type type = switch (rawType) {
            case "payment.captured" -> GatewayEvent.Type.PAYMENT_CAPTURED;
            case "payment.failed" -> GatewayEvent.Type.PAYMENT_FAILED;
            case "refund.processed" -> GatewayEvent.Type.REFUND_PROCESSED;
            default -> GatewayEvent.Type.OTHER;
        };
        String eventId = text(event, "id", "id", "");
        if (eventId.isBlank()) {
            // the inbox key: without it every such event would be taken for the first one's duplicate
            throw new MalformedWebhookException("id", "is required");
        }
        String orderId = text(data, "orderId", "data.orderId", "");
        if (type != GatewayEvent.Type.OTHER && orderId.isBlank()) {
            throw new MalformedWebhookException("data.orderId", "is required");
        }
        BigDecimal amount =
                type == GatewayEvent.Type.REFUND_PROCESSED ? decimal(data, "refundAmount") : decimal(data, "amount");
        String currency = text(data, "currency", "data.currency", null);
        if (type == GatewayEvent.Type.PAYMENT_CAPTURED) {
            // a capture is applied only when it took the payment's amount in the payment's currency
            if (amount == null) {
                throw new MalformedWebhookException("data.amount", "is required in a capture");
            }
            if (currency == null || currency.isBlank()) {
                throw new MalformedWebhookException("data.currency", "is required in a capture");
            }
        }
        return new GatewayEvent(
                eventId,
                type,
                rawType,
                orderId,
                text(data, "paymentId", "data.paymentId", null),
                amount,
                currency,
                text(data, "method", "data.method", null),
                text(data, "refundId", "data.refundId", null),
                text(data, "reason", "data.reason", null),
                createdAt);
    }

    /**
     * @param field the member as the body names it, for the 400's errors
     * @return the text in {@code node.<name>}, {@code orElse} when absent
     * @throws MalformedWebhookException when it holds U+0000, which PostgreSQL's text cannot store
     *     (the inbox and the payment keep these): signed, but not a usable event
     */
    private static String text(JsonNode node, String name, String field, String orElse) {
        String text = node.path(name).asString(orElse);
        if (text != null && text.indexOf('\0') >= 0) {
            throw new MalformedWebhookException(field, "must not contain U+0000");
        }
        return text;
    }

    /**
     * @return the decimal amount in {@code data.<name>} (a JSON string, as the gateway sends it, or
     *     number), or {@code null} when absent
     * @throws MalformedWebhookException when it is there but not a decimal number
     */
    private static BigDecimal decimal(JsonNode data, String name) {
        JsonNode node = data.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            try {
                return node.decimalValue();
            } catch (RuntimeException ex) {
                // a JSON number out of a double's range (1e400) is parsed as Infinity, which no
                // decimal is
                throw new MalformedWebhookException("data." + name, "must be a decimal number");
            }
        }
        if (node.isString()) {
            String text = node.asString();
            if (DECIMAL.matcher(text).matches()) {
                return new BigDecimal(text);
            }
        }
        throw new MalformedWebhookException("data." + name, "must be a decimal number");
    }

    /** @throws GatewayUnavailableException when the order is not the gateway's readable JSON */
    private GatewayOrderStatus status(JsonNode order) {
        try {
            return readStatus(order);
        } catch (RuntimeException ex) {
            // a number or a time that is not one: no answer to act on
            throw new GatewayUnavailableException(
                    "pg answered an unreadable order: " + ex.getClass().getSimpleName(), ex);
        }
    }

    private static GatewayOrderStatus readStatus(JsonNode order) {
        GatewayOrderStatus.State state = switch (order.path("status").asString("")) {
            case "PAID" -> GatewayOrderStatus.State.PAID;
            case "FAILED" -> GatewayOrderStatus.State.FAILED;
            case "CANCELLED" -> GatewayOrderStatus.State.CANCELLED;
            default -> GatewayOrderStatus.State.OPEN;
        };
        BigDecimal refunded = BigDecimal.ZERO.setScale(2);
        String lastRefundId = null;
        for (JsonNode refund : order.path("refunds")) {
            refunded = refunded.add(
                    new BigDecimal(refund.path("amount").path("value").asString("0")));
            lastRefundId = refund.path("refundId").asString(null);
        }
        String createdAt = order.path("createdAt").asString(null);
        JsonNode completedAt = order.path("completedAt");
        return new GatewayOrderStatus(
                order.path("orderId").asString(),
                order.path("merchantReference").asString(null),
                state,
                new BigDecimal(order.path("amount").path("value").asString("0")).setScale(2),
                order.path("amount").path("currency").asString(null),
                order.path("paymentId").asString(null),
                order.path("method").asString(null),
                refunded,
                lastRefundId,
                createdAt == null ? null : Instant.parse(createdAt),
                completedAt.isString() ? Instant.parse(completedAt.asString()) : null);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (RestClientResponseException ex) {
            throw new GatewayUnavailableException(
                    "pg answered " + ex.getStatusCode().value() + ": " + ex.getResponseBodyAsString(), ex);
        } catch (ResourceAccessException ex) {
            throw new GatewayUnavailableException("pg cannot be reached: " + ex.getMessage(), ex);
        } catch (RestClientException | tools.jackson.core.JacksonException ex) {
            // an answer that is not the gateway's JSON (a proxy's error page, a truncated body)
            throw new GatewayUnavailableException(
                    "pg answered something unreadable: " + ex.getClass().getSimpleName(), ex);
        }
    }
}
