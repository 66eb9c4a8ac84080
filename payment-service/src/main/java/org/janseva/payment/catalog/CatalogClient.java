package org.janseva.payment.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.janseva.payment.system.HttpClients;
import org.janseva.platform.core.security.ServiceTokenClient;
import org.janseva.platform.web.ApiException;
import org.janseva.platform.web.FieldErrorView;
import org.janseva.platform.web.RequestIdPropagation;
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

    private static final String UTILITY = "UTILITY";
    private static final String FETCH_BILL = "fetch-bill";
    private static final String CONFIRM_PAYMENT = "confirm-payment";
    /** catalog-service's limit on X-On-Behalf-Of */
    private static final int MAX_ON_BEHALF_OF = 64;
    /** far beyond any biller's, and short enough for the index of one live payment per bill */
    private static final int MAX_BILL_NUMBER = 200;
    /** the most a payment can carry: 12 digits of rupees, numeric(14,2) */
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999999.99");

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,20}(\\.[0-9]{1,20})?");

    private final RestClient http;
    private final ServiceTokenClient tokens;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, String> billerNames = new ConcurrentHashMap<>();
    /** service code → when catalog-service last said it publishes it */
    private final Map<String, Instant> publishedAt = new ConcurrentHashMap<>();
    /** service code → when catalog-service last said, before a bill fetch, that it is a biller's */
    private final Map<String, Instant> fetchableAt = new ConcurrentHashMap<>();

    private final Duration publishedFor;
    private final Clock clock;

    CatalogClient(CatalogProperties properties, ServiceTokenClient tokens, RestClient.Builder builder, Clock clock) {
        ClientHttpRequestFactory factory =
                HttpClients.pooled(properties.connectTimeout(), properties.readTimeout(), 100);
        this.http = builder.clone()
                .baseUrl(properties.baseUrl())
                .requestFactory(factory)
                // the citizen's request id reaches catalog-service and the biller
                .requestInterceptor(new RequestIdPropagation())
                .build();
        this.tokens = tokens;
        this.publishedFor = properties.publishedFor();
        this.clock = clock;
    }

    /**
     * Checks that catalog-service publishes the service as a utility biller's, before a bill of it
     * is fetched and before a payment of one of its bills is created. A bill kept before its biller
     * was suspended (or set back to draft) must not be paid, as the biller could not be told of the
     * payment ({@code confirm-payment} answers 404) and the money would wait in clearing; nor may a
     * service that is not a biller's (a CENTRAL or STATE service that happens to have an operation
     * coded {@code fetch-bill}), which has no {@code confirm-payment} at all. Asks catalog-service's
     * public {@code GET /api/v1/catalog/services/{code}} (404 {@code SERVICE_NOT_FOUND} for an
     * unknown or unpublished code): a biller's service is of type {@code UTILITY} (its department's
     * type) and lists {@code fetch-bill}. Its {@code confirm-payment} is the platform's alone, so the
     * public detail never lists it; catalog-service refuses to create or publish a UTILITY service
     * without both operations (its {@code OperationRules.checkBiller}), so the type stands for it. A
     * biller answer is taken as true for {@code publishedFor} (30 s), any other answer is never kept.
     *
     * @throws ApiException 404 SERVICE_NOT_FOUND when the service is not published or not a
     *     biller's, 503 DEPARTMENT_UNAVAILABLE (with Retry-After) when catalog-service gave no usable
     *     answer
     */
    public void requirePublishedBiller(String serviceCode) {
        Instant now = clock.instant();
        if (fresh(publishedAt.get(serviceCode), now)) {
            return;
        }
        askWhetherBiller(serviceCode, now);
        publishedAt.put(serviceCode, now);
    }

    /**
     * {@link #requirePublishedBiller} before a bill fetch. Its answer is kept apart: a fetch must
     * not spare the payment that follows it the question (a biller suspended between the two is
     * caught then), while the answer a payment got spares a fetch.
     */
    public void requireBillerToFetch(String serviceCode) {
        Instant now = clock.instant();
        if (fresh(publishedAt.get(serviceCode), now) || fresh(fetchableAt.get(serviceCode), now)) {
            return;
        }
        askWhetherBiller(serviceCode, now);
    }

    private boolean fresh(Instant known, Instant now) {
        // a clock that went back (tests) makes the answer stale rather than good for longer
        return known != null && !now.isBefore(known) && now.isBefore(known.plus(publishedFor));
    }

    private void askWhetherBiller(String serviceCode, Instant now) {
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
            if (!biller(body)) {
                publishedAt.remove(serviceCode);
                fetchableAt.remove(serviceCode);
                log.info(
                        "{} is published but is not a utility biller's service (type {}); not fetched or paid here",
                        serviceCode,
                        body.path("type").asString("?"));
                throw serviceNotFound(serviceCode);
            }
            fetchableAt.put(serviceCode, now);
            String name = nameOf(body);
            if (!name.isBlank()) {
                billerNames.put(serviceCode, name);
            }
            return;
        }
        if (status == 404 && "SERVICE_NOT_FOUND".equals(body.path("code").asString(""))) {
            publishedAt.remove(serviceCode);
            fetchableAt.remove(serviceCode);
            throw serviceNotFound(serviceCode);
        }
        // a 404 of another kind is a wrong base URL, not an unpublished service
        log.warn(
                "catalog-service answered {} when asked whether {} is published; taken as unavailable",
                status,
                serviceCode);
        throw catalogUnavailable();
    }

    /** @return whether a published service's public detail is a utility biller's, with its bill fetch */
    private static boolean biller(JsonNode detail) {
        if (!UTILITY.equals(detail.path("type").asString(""))) {
            return false;
        }
        for (JsonNode operation : detail.path("operations")) {
            if (FETCH_BILL.equals(operation.path("code").asString(""))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fetches the citizen's bill from the biller.
     *
     * @param context where the citizen calls from, checked by catalog-service against the
     *     biller's channels and countries
     * @throws ApiException the problem to answer: 404 CONSUMER_NOT_FOUND, 422 NO_BILL_DUE, 404
     *     SERVICE_NOT_FOUND, 403 CHANNEL_NOT_SUPPORTED / NOT_AVAILABLE_IN_COUNTRY, 400 for bad
     *     input, 502 DEPARTMENT_ERROR when the biller failed or its answer is not a payable bill,
     *     503/504 when the biller or catalog cannot answer now
     */
    public BillerBill fetchBill(String citizenId, String serviceCode, String consumerNumber, CitizenContext context) {
        JsonNode answer;
        try {
            answer = invoke(citizenId, context, serviceCode, FETCH_BILL, Map.of("consumerNumber", consumerNumber));
        } catch (RestClientResponseException ex) {
            throw translate(ex, serviceCode);
        } catch (ResourceAccessException ex) {
            throw new ApiException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "DEPARTMENT_UNAVAILABLE",
                            "Department unavailable",
                            "The biller cannot be reached now; try again shortly.")
                    .withHeader("Retry-After", "5");
        } catch (RestClientException ex) {
            // a 2xx whose body is not JSON
            log.warn(
                    "fetch-bill of {} answered something unreadable: {}",
                    serviceCode,
                    ex.getClass().getSimpleName());
            throw notPayable();
        }
        try {
            return bill(serviceCode, answer);
        } catch (NotPayableException ex) {
            log.warn("fetch-bill of {} answered a bill that cannot be paid: {}", serviceCode, ex.getMessage());
            throw notPayable();
        }
    }

    /**
     * Reads catalog-service's answer as a bill that can be kept and paid: a bill number, an amount
     * in whole paise within what a payment can carry, dates that are dates, and nothing PostgreSQL
     * cannot store (U+0000). Anything else is the biller's fault, never a 500.
     *
     * @throws NotPayableException when it is not such a bill
     */
    private static BillerBill bill(String serviceCode, JsonNode answer) {
        if (answer == null || !answer.path("data").isObject()) {
            throw new NotPayableException("no data");
        }
        JsonNode data = answer.path("data");
        String billNumber = text(data, "billNumber");
        if (billNumber == null || billNumber.isBlank()) {
            throw new NotPayableException("no billNumber");
        }
        if (billNumber.length() > MAX_BILL_NUMBER || billNumber.codePoints().anyMatch(Character::isISOControl)) {
            throw new NotPayableException("a billNumber too long or with control characters");
        }
        JsonNode amount = data.path("amount");
        String canonical = answer.path("serviceCode").asString("");
        return new BillerBill(
                canonical.equalsIgnoreCase(serviceCode) ? canonical : serviceCode.toUpperCase(Locale.ROOT),
                billNumber,
                text(data, "customerName"),
                date(data, "billDate"),
                date(data, "dueDate"),
                rupees(amount.path("value")),
                amount.path("currency").isMissingNode() ? "INR" : text(amount, "currency"),
                text(data, "billerReference"));
    }

    /**
     * @return the amount, scale 2, when it is a positive whole number of paise that a payment can
     *     carry ({@code POST /api/v1/payments} takes at most 12 digits of rupees, as {@code
     *     numeric(14,2)} stores); {@code 12.340} is 12.34, {@code 12.345} is no amount
     */
    private static BigDecimal rupees(JsonNode value) {
        String text = null;
        if (value.isString()) {
            text = value.asString();
        } else if (value.isNumber()) {
            try {
                text = value.decimalValue().toPlainString();
            } catch (RuntimeException infinite) {
                // a JSON number beyond a double's range (1e400) is read as Infinity, which no decimal is
            }
        }
        if (text == null || !DECIMAL.matcher(text).matches()) {
            throw new NotPayableException("an amount that is not a decimal number");
        }
        BigDecimal amount = new BigDecimal(text);
        BigDecimal paise;
        try {
            paise = amount.setScale(2, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException ex) {
            throw new NotPayableException("an amount in fractions of a paisa");
        }
        if (paise.signum() <= 0 || paise.compareTo(MAX_AMOUNT) > 0) {
            throw new NotPayableException("an amount of zero or less, or beyond what a payment can carry");
        }
        return paise;
    }

    /**
     * Tells the biller of a payment; idempotent on the biller's side by payment reference.
     *
     * <p>A refusal for good is a {@link BillerConfirmation} that was not accepted, as the biller's
     * own REJECTED is, so that the payment is refunded: catalog-service's 400 VALIDATION_FAILED on
     * the operation's input (the biller's schema will never take this bill number or amount; the
     * biller was not called), a 422 refusal of the biller under its code, and 404
     * OPERATION_NOT_FOUND (the published service has no confirm-payment: it is no biller's). Every
     * other answer is worth retrying: 404 SERVICE_NOT_FOUND (a biller suspended after the citizen
     * paid may be published again, payments.md), a 400 about a header (the platform's own request,
     * mended by a release), 401/403, 409, 429, 5xx and no answer at all.
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
        JsonNode answer;
        try {
            answer = invoke(onBehalfOf(citizenRef), null, serviceCode, CONFIRM_PAYMENT, input);
        } catch (RestClientResponseException ex) {
            JsonNode problem = readJson(ex.getResponseBodyAsString());
            String code = problem.path("code").asString("");
            String refusal = refusalForGood(ex.getStatusCode().value(), code, problem.path("errors"));
            if (refusal != null) {
                log.warn(
                        "confirm-payment of {} for payment {} refused for good: {} {} {}",
                        serviceCode,
                        paymentReference,
                        ex.getStatusCode().value(),
                        code,
                        problem.path("errors"));
                return new BillerConfirmation(false, refusal, null);
            }
            throw new CatalogUnavailableException(
                    "confirm-payment answered " + ex.getStatusCode().value() + (code.isBlank() ? "" : " " + code), ex);
        } catch (RestClientException ex) {
            throw new CatalogUnavailableException(
                    "confirm-payment got no answer: " + ex.getClass().getSimpleName(), ex);
        }
        JsonNode data = answer == null ? json.createObjectNode() : answer.path("data");
        String status = data.path("status").asString("");
        if (!status.equals("ACCEPTED") && !status.equals("REJECTED")) {
            throw new CatalogUnavailableException("confirm-payment answered status '" + status + "'", null);
        }
        return new BillerConfirmation(
                status.equals("ACCEPTED"),
                data.path("reason").asString(null),
                data.path("billerReference").asString(null));
    }

    /**
     * @param errors the problem's field errors, when it has them
     * @return the reason of a refusal of the confirmation that no retry can change, or {@code null}
     *     when it is worth retrying
     */
    /** The 422 refusals of confirm-payment that catalog-service's adapter gives without calling the biller. */
    private static final Set<String> BILLER_NEVER_ASKED = Set.of("AMOUNT_INVALID");

    private static String refusalForGood(int status, String code, JsonNode errors) {
        if (status == 400 && "VALIDATION_FAILED".equals(code) && errors.isArray() && !errors.isEmpty()) {
            List<String> fields = new ArrayList<>();
            for (JsonNode error : errors) {
                String field = error.path("field").asString("");
                // a header (X-On-Behalf-Of, ...) is the platform's own request, mended by a release
                if (field.isBlank() || field.regionMatches(true, 0, "X-", 0, 2)) {
                    return null;
                }
                fields.add(field);
            }
            return "VALIDATION_FAILED (" + String.join(", ", fields) + ")";
        }
        // a 422 is final only when the biller was never asked: bbps-biller's AMOUNT_INVALID. A
        // biller's own refusal (DEPARTMENT_REJECTED, or its mapped code) may be its 409 "this
        // reference is already recorded" after a confirmation that timed out but went through:
        // refunding it would pay the citizen back for a bill the biller holds as paid
        if (status == 422 && BILLER_NEVER_ASKED.contains(code)) {
            return code;
        }
        if (status == 404 && "OPERATION_NOT_FOUND".equals(code)) {
            return "NOT_A_BILLER";
        }
        return null;
    }

    /**
     * catalog-service takes an {@code X-On-Behalf-Of} of at most 64 characters; an erased
     * citizen's reference ({@code erased-} and 64 hex digits) is cut to that, still no one's id,
     * so that a payment confirmed after its citizen's erasure is confirmed all the same.
     */
    private static String onBehalfOf(String citizenRef) {
        return citizenRef.length() <= MAX_ON_BEHALF_OF ? citizenRef : citizenRef.substring(0, MAX_ON_BEHALF_OF);
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
                                + " charged or kept. Try again shortly (a payment with the same Idempotency-Key).")
                .withHeader("Retry-After", "5");
    }

    /**
     * @param context the citizen's channel and country to pass on, or {@code null} for none
     * @return catalog-service's whole answer ({@code data}, and the {@code serviceCode} as the
     *     catalogue spells it), {@code null} when it had no body
     * @throws RestClientResponseException catalog-service's answer when it is not a 2xx (a 401 is
     *     retried once with a new token)
     * @throws RestClientException when no answer came, or one that is not JSON
     */
    private JsonNode invoke(
            String citizenId, CitizenContext context, String serviceCode, String operation, Map<String, ?> input) {
        for (int attempt = 0; ; attempt++) {
            String token = tokens.token();
            try {
                return http.post()
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
            } catch (RestClientResponseException ex) {
                if (ex.getStatusCode().value() == 401 && attempt == 0) {
                    tokens.invalidate(token);
                    continue;
                }
                throw ex;
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

    /** @return the ISO date in {@code node.<name>}, {@code null} when absent or blank */
    private static LocalDate date(JsonNode node, String name) {
        String text = text(node, name);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException ex) {
            throw new NotPayableException(name + " is not an ISO date");
        }
    }

    /**
     * @return the text in {@code node.<name>} (a string, or a number's digits), {@code null} when
     *     absent or null
     * @throws NotPayableException when it is an object or an array, or holds U+0000, which
     *     PostgreSQL's text cannot store
     */
    private static String text(JsonNode node, String name) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new NotPayableException(name + " is not a value");
        }
        String text = value.asString();
        if (text.indexOf('\0') >= 0) {
            throw new NotPayableException(name + " holds U+0000");
        }
        return text;
    }

    private static ApiException notPayable() {
        return new ApiException(
                HttpStatus.BAD_GATEWAY,
                "DEPARTMENT_ERROR",
                "Department error",
                "The biller's answer is not a payable bill.");
    }

    /** The biller's answer is not a bill that can be kept and paid. */
    private static final class NotPayableException extends RuntimeException {

        NotPayableException(String why) {
            super(why, null, false, false);
        }
    }
}
