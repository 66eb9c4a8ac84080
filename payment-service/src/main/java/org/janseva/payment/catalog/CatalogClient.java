package org.janseva.payment.catalog;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.janseva.payment.system.HttpClients;
import org.janseva.platform.core.security.ServiceTokenClient;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reaches billers through catalog-service's invocation API ({@code POST
 * /api/v1/services/{code}/operations/{op}}) with payment-service's own service token and {@code
 * X-On-Behalf-Of}: payment-service holds no adapter code, and every department call goes through
 * catalog's one adapter layer. A bill fetch also passes on the citizen's {@code X-Channel} and
 * {@code X-Country}, so that catalog-service offers a biller to the citizen here exactly where it
 * would offer it to the citizen directly; the confirmation of a payment, the platform's own call,
 * passes none.
 */
@Component
public class CatalogClient {

    private static final Logger log = LoggerFactory.getLogger(CatalogClient.class);

    private final RestClient http;
    private final ServiceTokenClient tokens;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, String> billerNames = new ConcurrentHashMap<>();
    /** service code → when catalog-service last said it publishes it */
    private final Map<String, Instant> publishedAt = new ConcurrentHashMap<>();

    private final Duration publishedFor;
    private final Clock clock;

    CatalogClient(CatalogProperties properties, ServiceTokenClient tokens, RestClient.Builder builder, Clock clock) {
        ClientHttpRequestFactory factory =
                HttpClients.pooled(properties.connectTimeout(), properties.readTimeout(), 100);
        this.http = builder.clone()
                .baseUrl(properties.baseUrl())
                .requestFactory(factory)
                .build();
        this.tokens = tokens;
        this.publishedFor = properties.publishedFor();
        this.clock = clock;
    }

    /**
     * Checks that catalog-service still publishes the biller's service, before a payment of one
     * of its bills is created: a bill kept before its biller was suspended (or set back to draft)
     * must not be paid, as the biller could not be told of the payment ({@code confirm-payment}
     * answers 404) and the money would wait in clearing. Asks catalog-service's public {@code GET
     * /api/v1/catalog/services/{code}} (404 {@code SERVICE_NOT_FOUND} for an unknown or
     * unpublished code); a "published" answer is taken as true for {@code publishedFor} (30 s),
     * any other answer is never kept.
     *
     * @throws ApiException 404 SERVICE_NOT_FOUND when the service is not published, 503
     *     DEPARTMENT_UNAVAILABLE (with Retry-After) when catalog-service gave no usable answer
     */
    public void requirePublished(String serviceCode) {
        Instant now = clock.instant();
        Instant known = publishedAt.get(serviceCode);
        // a clock that went back (tests) makes the answer stale rather than good for longer
        if (known != null && !now.isBefore(known) && now.isBefore(known.plus(publishedFor))) {
            return;
        }
        int status;
        JsonNode body;
        try {
            ResponseEntity<String> answer = http.get()
                    .uri("/api/v1/catalog/services/{code}", serviceCode)
                    .header("Accept-Language", "en")
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                    .retrieve()
                    .onStatus(code -> true, (request, response) -> {})
                    .toEntity(String.class);
            status = answer.getStatusCode().value();
            body = readJson(answer.getBody());
        } catch (RestClientException ex) {
            log.warn(
                    "catalog-service could not be asked whether {} is published: {}",
                    serviceCode,
                    ex.getClass().getSimpleName());
            throw catalogUnavailable();
        }
        if (status == 200 && serviceCode.equalsIgnoreCase(body.path("code").asString(""))) {
            publishedAt.put(serviceCode, now);
            String name = nameOf(body);
            if (!name.isBlank()) {
                billerNames.put(serviceCode, name);
            }
            return;
        }
        if (status == 404 && "SERVICE_NOT_FOUND".equals(body.path("code").asString(""))) {
            publishedAt.remove(serviceCode);
            throw serviceNotFound(serviceCode);
        }
        // a 404 of another kind is a wrong base URL, not an unpublished service
        log.warn(
                "catalog-service answered {} when asked whether {} is published; taken as unavailable",
                status,
                serviceCode);
        throw catalogUnavailable();
    }

    /**
     * Fetches the citizen's bill from the biller.
     *
     * @param context where the citizen calls from, checked by catalog-service against the
     *     biller's channels and countries
     * @throws ApiException the problem to answer: 404 CONSUMER_NOT_FOUND, 422 NO_BILL_DUE, 404
     *     SERVICE_NOT_FOUND, 403 CHANNEL_NOT_SUPPORTED / NOT_AVAILABLE_IN_COUNTRY, 400 for bad
     *     input, 502/503/504 when the biller or catalog fails
     */
    public BillerBill fetchBill(String citizenId, String serviceCode, String consumerNumber, CitizenContext context) {
        JsonNode answer =
                invoke(citizenId, context, serviceCode, "fetch-bill", Map.of("consumerNumber", consumerNumber));
        JsonNode data = answer.path("data");
        JsonNode amount = data.path("amount");
        String canonical = answer.path("serviceCode").asString("");
        return new BillerBill(
                canonical.equalsIgnoreCase(serviceCode) ? canonical : serviceCode.toUpperCase(Locale.ROOT),
                data.path("billNumber").asString(),
                data.path("customerName").asString(null),
                date(data.path("billDate")),
                date(data.path("dueDate")),
                new BigDecimal(amount.path("value").asString()).setScale(2),
                amount.path("currency").asString("INR"),
                data.path("billerReference").asString(null));
    }

    /**
     * Tells the biller of a payment; idempotent on the biller's side by payment reference.
     *
     * @throws CatalogUnavailableException when no final answer came (retry later)
     */
    public BillerConfirmation confirmPayment(
            String citizenRef,
            String serviceCode,
            String consumerNumber,
            String billNumber,
            String paymentReference,
            BigDecimal amount) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("consumerNumber", consumerNumber);
        input.put("billNumber", billNumber);
        input.put("paymentReference", paymentReference);
        Map<String, Object> money = new LinkedHashMap<>();
        money.put("value", amount.setScale(2).toPlainString());
        money.put("currency", "INR");
        input.put("amount", money);
        JsonNode data;
        try {
            data = invoke(citizenRef, null, serviceCode, "confirm-payment", input)
                    .path("data");
        } catch (ApiException ex) {
            throw new CatalogUnavailableException(
                    "confirm-payment answered " + ex.getStatus().value() + " " + ex.getCode(), ex);
        }
        String status = data.path("status").asString("");
        if (!status.equals("ACCEPTED") && !status.equals("REJECTED")) {
            throw new CatalogUnavailableException("confirm-payment answered status '" + status + "'", null);
        }
        return new BillerConfirmation(
                status.equals("ACCEPTED"),
                data.path("reason").asString(null),
                data.path("billerReference").asString(null));
    }

    /** @return the biller's name as the catalogue shows it, or the service code when unknown */
    public String billerName(String serviceCode) {
        String known = billerNames.get(serviceCode);
        if (known != null) {
            return known;
        }
        try {
            JsonNode entry = http.get()
                    .uri("/api/v1/catalog/services/{code}", serviceCode)
                    .header("Accept-Language", "en")
                    .retrieve()
                    .body(JsonNode.class);
            String name = nameOf(entry);
            if (name.isBlank()) {
                return serviceCode;
            }
            // only real names are remembered: a fallback is retried on the next bill
            billerNames.put(serviceCode, name);
            return name;
        } catch (RuntimeException ex) {
            log.warn("Could not read the catalogue entry of {}: {}", serviceCode, ex.toString());
            return serviceCode;
        }
    }

    /** @return the biller's name in a catalogue entry: its department's, else the service's, else blank */
    private static String nameOf(JsonNode entry) {
        String name = entry.path("department").path("name").asString("");
        return name.isBlank() ? entry.path("name").asString("") : name;
    }

    private JsonNode readJson(String text) {
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(text);
        } catch (RuntimeException notJson) {
            return json.createObjectNode();
        }
    }

    private static ApiException serviceNotFound(String serviceCode) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                "SERVICE_NOT_FOUND",
                "Service not found",
                "No published biller service " + serviceCode + ".");
    }

    private static ApiException catalogUnavailable() {
        return new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "DEPARTMENT_UNAVAILABLE",
                        "Department unavailable",
                        "The catalogue cannot be asked now whether this biller takes payments; nothing was"
                                + " charged. Try again shortly with the same Idempotency-Key.")
                .withHeader("Retry-After", "5");
    }

    /**
     * @param context the citizen's channel and country to pass on, or {@code null} for none
     * @return catalog-service's whole answer: {@code data}, and the {@code serviceCode} as the
     *     catalogue spells it
     */
    private JsonNode invoke(
            String citizenId, CitizenContext context, String serviceCode, String operation, Map<String, ?> input) {
        for (int attempt = 0; ; attempt++) {
            String token = tokens.token();
            try {
                JsonNode answer = http.post()
                        .uri("/api/v1/services/{code}/operations/{op}", serviceCode, operation)
                        .header("Authorization", "Bearer " + token)
                        .header("X-On-Behalf-Of", citizenId)
                        .headers(headers -> {
                            if (context != null) {
                                headers.set("X-Channel", context.channel());
                                headers.set("X-Country", context.country());
                            }
                        })
                        .contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON)
                        .body(input)
                        .retrieve()
                        .body(JsonNode.class);
                return answer;
            } catch (RestClientResponseException ex) {
                if (ex.getStatusCode().value() == 401 && attempt == 0) {
                    tokens.invalidate(token);
                    continue;
                }
                throw translate(ex, serviceCode);
            } catch (ResourceAccessException ex) {
                throw new ApiException(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "DEPARTMENT_UNAVAILABLE",
                                "Department unavailable",
                                "The biller cannot be reached now; try again shortly.")
                        .withHeader("Retry-After", "5");
            }
        }
    }

    private ApiException translate(RestClientResponseException ex, String serviceCode) {
        HttpStatusCode status = ex.getStatusCode();
        JsonNode problem;
        try {
            problem = json.readTree(ex.getResponseBodyAsString());
        } catch (RuntimeException notJson) {
            problem = json.createObjectNode();
        }
        String code = problem.path("code").asString("");
        String detail = problem.path("detail").asString(null);
        return switch (status.value()) {
            case 404 ->
                code.equals("CONSUMER_NOT_FOUND")
                        ? new ApiException(
                                HttpStatus.NOT_FOUND,
                                "CONSUMER_NOT_FOUND",
                                "Consumer not found",
                                "The biller knows no such consumer number.")
                        : serviceNotFound(serviceCode);
            case 422 ->
                code.equals("NO_BILL_DUE")
                        ? new ApiException(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                "NO_BILL_DUE",
                                "No bill due",
                                "The biller has no bill due for this consumer number.")
                        : new ApiException(
                                HttpStatus.UNPROCESSABLE_CONTENT,
                                code.isBlank() ? "UNPROCESSABLE" : code,
                                "Request cannot be processed",
                                detail);
            case 400 -> validationFailed(detail, paramErrors(problem.path("errors")));
            case 403 ->
                switch (code) {
                    // the citizen's channel or country: the same problem as catalog-service gives the citizen
                    case "CHANNEL_NOT_SUPPORTED" ->
                        new ApiException(
                                HttpStatus.FORBIDDEN,
                                code,
                                "Channel not supported",
                                detail == null ? "This service is not offered on this channel." : detail);
                    case "NOT_AVAILABLE_IN_COUNTRY" ->
                        new ApiException(
                                HttpStatus.FORBIDDEN,
                                code,
                                "Not available in your country",
                                detail == null ? "This service is not offered in your country." : detail);
                    default ->
                        new ApiException(
                                HttpStatus.FORBIDDEN,
                                code.isBlank() ? "FORBIDDEN" : code,
                                "Access denied",
                                detail == null ? "This biller service is not available here." : detail);
                };
            case 503 ->
                new ApiException(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "DEPARTMENT_UNAVAILABLE",
                                "Department unavailable",
                                "The biller is unavailable now; try again shortly.")
                        .withHeader(
                                "Retry-After",
                                ex.getResponseHeaders() != null
                                                && ex.getResponseHeaders().getFirst("Retry-After") != null
                                        ? ex.getResponseHeaders().getFirst("Retry-After")
                                        : "5");
            case 504 ->
                new ApiException(
                        HttpStatus.GATEWAY_TIMEOUT,
                        "DEPARTMENT_TIMEOUT",
                        "Department timeout",
                        "The biller did not answer in time; try again.");
            default ->
                new ApiException(
                        HttpStatus.BAD_GATEWAY,
                        "DEPARTMENT_ERROR",
                        "Department error",
                        "The biller answered with an error; try again later.");
        };
    }

    private static ApiException validationFailed(String detail, List<FieldErrorView> errors) {
        ApiException failed = new ApiException(
                HttpStatus.BAD_REQUEST,
                "VALIDATION_FAILED",
                "Validation failed",
                detail == null ? "The biller's form rejected the input." : detail);
        return errors.isEmpty() ? failed : failed.withProperty("errors", errors);
    }

    /**
     * catalog-service's field errors of the operation's input, named as the client sent them here:
     * inside {@code params}.
     */
    private static List<FieldErrorView> paramErrors(JsonNode errors) {
        List<FieldErrorView> views = new ArrayList<>();
        for (JsonNode error : errors) {
            String field = error.path("field").asString("");
            views.add(new FieldErrorView(
                    field.isBlank() ? "params" : "params." + field,
                    error.path("message").asString("is not valid")));
        }
        return views;
    }

    private static LocalDate date(JsonNode node) {
        String text = node.asString(null);
        return text == null || text.isBlank() ? null : LocalDate.parse(text);
    }
}
