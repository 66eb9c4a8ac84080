package org.janseva.catalog.adapter.bbps;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.janseva.adapter.spi.AdapterResponse;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.DepartmentCallException;
import org.janseva.adapter.spi.DepartmentCallException.Kind;
import org.janseva.adapter.spi.InvocationRequest;
import org.janseva.adapter.spi.OperationSpec;
import org.janseva.adapter.spi.ProbeResult;
import org.janseva.adapter.spi.Refusal;
import org.janseva.adapter.spi.SettingDescriptor;
import org.janseva.adapter.spi.SettingProblem;
import org.janseva.catalog.adapter.DepartmentAuth;
import org.janseva.catalog.adapter.DepartmentHttp;
import org.janseva.catalog.adapter.DepartmentHttpAnswer;
import org.janseva.catalog.adapter.DepartmentHttpRequest;
import org.springframework.stereotype.Component;

/**
 * {@code bbps-biller}: a utility biller speaking the BBPS-shaped biller protocol, the one adapter
 * type behind every utility-bill service. Two operations, each stored as the protocol calls it
 * (another method or path, a response mapping or options are refused, {@link #validateOperation}):
 *
 * <ul>
 *   <li>{@code fetch-bill} {@code {"consumerNumber"}}: {@code POST {baseUrl}/bill/fetch} → the bill
 *       ({@code billNumber, customerName, billDate, dueDate, amount} as money, optional
 *       {@code billerReference} and {@code breakdown}); the refusals {@code CONSUMER_NOT_FOUND}
 *       (404) and {@code NO_BILL_DUE} (422);
 *   <li>{@code confirm-payment} {@code {"consumerNumber", "billNumber", "paymentReference",
 *       "amount"}}: {@code POST {baseUrl}/bill/payment} → {@code {"status": "ACCEPTED" | "REJECTED",
 *       "reason"?, "billerReference"?}}; the biller keeps it idempotent by payment reference.
 * </ul>
 *
 * The biller answers business outcomes with HTTP 200 and a {@code responseCode}: {@code 000}
 * success, {@code BFR001}-{@code BFR003} unknown consumer, {@code BFR004} no bill due,
 * {@code BPR00x} payment refusals. Amounts travel as paise; the platform's money is
 * {@code {"value": "1234.50", "currency": "INR"}}. A rejected payment's {@code reason} is a
 * platform code, never the biller's text. A call without a field the biller needs (the consumer
 * number; for a payment also the bill number and payment reference) is refused with
 * {@code <FIELD>_REQUIRED} (422) before the biller is asked.
 */
@Component
public class BbpsBillerAdapter implements DepartmentAdapter {

    public static final String TYPE = "bbps-biller";
    public static final String FETCH_BILL = "fetch-bill";
    public static final String CONFIRM_PAYMENT = "confirm-payment";

    private static final Set<String> CONSUMER_NOT_FOUND_CODES = Set.of("BFR001", "BFR002", "BFR003");
    private static final String NO_BILL_DUE_CODE = "BFR004";
    private static final Map<String, String> REJECTION_REASONS = Map.of(
            "BPR001", "CONSUMER_NOT_FOUND",
            "BPR002", "BILL_ALREADY_PAID",
            "BPR003", "AMOUNT_MISMATCH",
            "BPR004", "BILL_NOT_CURRENT",
            "BPR005", "ACCOUNT_BLOCKED");
    /** The path the protocol calls for each operation, relative to the biller's base URL. */
    private static final Map<String, String> PATHS =
            Map.of(FETCH_BILL, "/bill/fetch", CONFIRM_PAYMENT, "/bill/payment");

    /** What a call cannot do without, each with its refusal when it is missing. */
    private static final Map<String, Refusal> REQUIRED = Map.of(
            "consumerNumber",
            new Refusal(
                    Refusal.Kind.UNPROCESSABLE,
                    "CONSUMER_NUMBER_REQUIRED",
                    "The biller needs the consumer number; it is on a recent bill."),
            "billNumber",
            new Refusal(Refusal.Kind.UNPROCESSABLE, "BILL_NUMBER_REQUIRED", "The biller needs the bill's number."),
            "paymentReference",
            new Refusal(
                    Refusal.Kind.UNPROCESSABLE,
                    "PAYMENT_REFERENCE_REQUIRED",
                    "The biller needs the payment's reference."));

    private final DepartmentHttp http;
    private final DepartmentAuth auth;

    BbpsBillerAdapter(DepartmentHttp http, DepartmentAuth auth) {
        this.http = http;
        this.auth = auth;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "A utility biller on the BBPS-shaped biller protocol: fetch-bill and confirm-payment";
    }

    @Override
    public List<SettingDescriptor> settings() {
        List<SettingDescriptor> settings = new ArrayList<>();
        settings.add(SettingDescriptor.required("baseUrl", SettingDescriptor.Kind.URL, "The biller's API base URL"));
        settings.add(SettingDescriptor.optional(
                "billerId", SettingDescriptor.Kind.STRING, "The biller's BBPS id; the department code when absent"));
        settings.addAll(DepartmentAuth.DESCRIPTORS);
        return List.copyOf(settings);
    }

    @Override
    public List<SettingProblem> validate(AdapterSettings settings) {
        List<SettingProblem> problems = new ArrayList<>(auth.validate(settings));
        settings.string("billerId")
                .filter(id -> !id.matches("[A-Za-z0-9-]{1,40}"))
                .ifPresent(id -> problems.add(new SettingProblem("billerId", "must be 1-40 letters, digits or '-'")));
        return problems;
    }

    /**
     * Only {@code fetch-bill} and {@code confirm-payment}, each as the protocol calls it: {@code POST
     * /bill/fetch} and {@code POST /bill/payment}, the answer read in code, no options. An operation
     * that says otherwise (another method or path, a response mapping, rest-json's options) would be
     * called the protocol's way all the same: an integrator would believe in a mapping or a path
     * that is never applied, so it is refused, as {@code epfo} refuses a response mapping.
     */
    @Override
    public List<SettingProblem> validateOperation(OperationSpec operation) {
        String path = PATHS.get(operation.code());
        if (path == null) {
            return List.of(new SettingProblem("code", "a biller has only " + FETCH_BILL + " and " + CONFIRM_PAYMENT));
        }
        List<SettingProblem> problems = new ArrayList<>();
        String call =
                TYPE + " calls POST {baseUrl}" + path + " for " + operation.code() + ", whatever the operation says";
        if (!"POST".equals(operation.method())) {
            problems.add(new SettingProblem("method", "must be POST: " + call));
        }
        if (!path.equals(operation.path())) {
            problems.add(new SettingProblem("path", "must be " + path + ": " + call));
        }
        if (!operation.responseMapping().isEmpty()) {
            problems.add(new SettingProblem(
                    "responseMapping",
                    "must be empty: " + TYPE + " reads the biller's answer into the platform's bill in code, and would"
                            + " not apply a response mapping"));
        }
        new TreeSet<>(operation.options().keySet())
                .forEach(option -> problems.add(new SettingProblem(
                        "options." + option,
                        "is not an option of " + TYPE + ", which has none: the biller protocol fixes what is sent and"
                                + " how the biller's answers and refusals are read, so it would not be applied")));
        return problems;
    }

    /** {@code confirm-payment} tells the biller a bill was paid: payment-service's alone, never a citizen's. */
    @Override
    public boolean serviceOnly(String operationCode) {
        return CONFIRM_PAYMENT.equals(operationCode);
    }

    @Override
    public AdapterResponse invoke(InvocationRequest request, AdapterSettings settings) {
        return switch (request.operation().code()) {
            case FETCH_BILL -> fetchBill(request, settings);
            case CONFIRM_PAYMENT -> confirmPayment(request, settings);
            default ->
                throw new IllegalStateException("bbps-biller has no operation "
                        + request.operation().code() + " (department " + request.departmentCode() + ")");
        };
    }

    private AdapterResponse fetchBill(InvocationRequest request, AdapterSettings settings) {
        Optional<AdapterResponse> missing = missing(request.input(), "consumerNumber");
        if (missing.isPresent()) {
            return missing.get();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", request.requestId());
        body.put("billerId", billerId(settings));
        body.put(
                "customerParams", Map.of("consumerNumber", input(request.input().get("consumerNumber"))));
        DepartmentHttpAnswer reply = post(request, settings, PATHS.get(FETCH_BILL), body);
        return reply.read(() -> bill(request, json(request, reply)));
    }

    private AdapterResponse bill(InvocationRequest request, Map<String, Object> answer) {
        String code = text(request, answer.get("responseCode"), "responseCode");
        if (code == null) {
            throw badAnswer(request, "no response code");
        }
        if (CONSUMER_NOT_FOUND_CODES.contains(code)) {
            return AdapterResponse.refused(
                    200,
                    answer,
                    new Refusal(
                            Refusal.Kind.NOT_FOUND,
                            "CONSUMER_NOT_FOUND",
                            "The biller has no consumer with this number; check it on a recent bill."));
        }
        if (NO_BILL_DUE_CODE.equals(code)) {
            return AdapterResponse.refused(
                    200,
                    answer,
                    new Refusal(Refusal.Kind.UNPROCESSABLE, "NO_BILL_DUE", "No bill is due for this consumer."));
        }
        if (!"000".equals(code) || !(answer.get("billerResponse") instanceof Map<?, ?> bill)) {
            throw badAnswer(request, "an unknown response code or no bill");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("billNumber", required(request, bill, "billNumber"));
        data.put("customerName", required(request, bill, "customerName"));
        data.put("billDate", date(request, bill.get("billDate")));
        data.put("dueDate", date(request, bill.get("dueDate")));
        data.put("amount", money(request, bill.get("billAmount")));
        if (answer.get("billerReference") != null) {
            data.put("billerReference", text(request, answer.get("billerReference"), "billerReference"));
        }
        if (bill.get("amountOptions") instanceof List<?> options && !options.isEmpty()) {
            List<Map<String, Object>> breakdown = new ArrayList<>();
            for (Object option : options) {
                if (option instanceof Map<?, ?> part) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("name", text(request, part.get("amountName"), "amountName"));
                    item.put("amount", money(request, part.get("amountValue")));
                    breakdown.add(item);
                }
            }
            data.put("breakdown", breakdown);
        }
        return AdapterResponse.success(200, answer, data);
    }

    private AdapterResponse confirmPayment(InvocationRequest request, AdapterSettings settings) {
        Map<String, Object> input = request.input();
        Optional<AdapterResponse> missing = missing(input, "consumerNumber", "billNumber", "paymentReference");
        if (missing.isPresent()) {
            return missing.get();
        }
        Long paise = paise(input.get("amount"));
        if (paise == null) {
            return AdapterResponse.refused(
                    0,
                    null,
                    new Refusal(
                            Refusal.Kind.UNPROCESSABLE,
                            "AMOUNT_INVALID",
                            "The amount must be rupees with at most two decimals, in INR."));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestId", request.requestId());
        body.put("billerId", billerId(settings));
        body.put("customerParams", Map.of("consumerNumber", input(input.get("consumerNumber"))));
        body.put("billNumber", input(input.get("billNumber")));
        body.put("paymentReference", input(input.get("paymentReference")));
        body.put("amount", String.valueOf(paise));
        DepartmentHttpAnswer reply = post(request, settings, PATHS.get(CONFIRM_PAYMENT), body);
        return reply.read(() -> confirmation(request, json(request, reply)));
    }

    private AdapterResponse confirmation(InvocationRequest request, Map<String, Object> answer) {
        String status = text(request, answer.get("status"), "status");
        String code = text(request, answer.get("responseCode"), "responseCode");
        Map<String, Object> data = new LinkedHashMap<>();
        if ("ACCEPTED".equals(status) && "000".equals(code)) {
            data.put("status", "ACCEPTED");
        } else if ("REJECTED".equals(status)) {
            data.put("status", "REJECTED");
            data.put("reason", REJECTION_REASONS.getOrDefault(code, "REJECTED_BY_BILLER"));
        } else {
            throw badAnswer(request, "a payment status that is neither ACCEPTED nor REJECTED");
        }
        if (answer.get("billerReference") != null) {
            data.put("billerReference", text(request, answer.get("billerReference"), "billerReference"));
        }
        return AdapterResponse.success(200, answer, data);
    }

    /**
     * @return the biller's 2xx answer
     * @throws DepartmentCallException for any other, keeping it for dry runs
     */
    private DepartmentHttpAnswer post(
            InvocationRequest request, AdapterSettings settings, String path, Map<String, Object> body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (request.requestId() != null) {
            headers.put("X-Request-Id", request.requestId());
        }
        headers.putAll(auth.headers(settings, request.timeout()));
        DepartmentHttpAnswer answer = http.exchange(
                new DepartmentHttpRequest("POST", uri(settings, path), headers, http.toJson(body), request.timeout()));
        if (answer.redirect()) {
            throw answer.failure(Kind.BAD_ANSWER, describe(request) + " answered a redirect, which is not followed");
        }
        if (!answer.successful()) {
            if (answer.status() == 401 || answer.status() == 403) {
                auth.credentialsRefused(settings);
            }
            throw answer.failure(Kind.SERVER_ERROR, describe(request) + " answered " + answer.status());
        }
        return answer;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(InvocationRequest request, DepartmentHttpAnswer answer) {
        Object tree = http.parseJson(answer.body(), describe(request));
        if (!(tree instanceof Map<?, ?> map)) {
            throw badAnswer(request, "JSON that is not an object");
        }
        return (Map<String, Object>) map;
    }

    private static URI uri(AdapterSettings settings, String path) {
        String base = settings.string("baseUrl")
                .orElseThrow(
                        () -> new IllegalStateException("Biller " + settings.departmentCode() + " has no baseUrl"));
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private static String billerId(AdapterSettings settings) {
        return settings.string("billerId").orElse(settings.departmentCode());
    }

    private static String required(InvocationRequest request, Map<?, ?> bill, String field) {
        String value = text(request, bill.get(field), field);
        if (value == null || value.isBlank()) {
            throw badAnswer(request, "a bill without " + field);
        }
        return value;
    }

    private static String date(InvocationRequest request, Object value) {
        if (!(value instanceof String text)) {
            throw badAnswer(request, "a bill date that is not yyyy-MM-dd");
        }
        try {
            return LocalDate.parse(text).toString();
        } catch (DateTimeParseException ex) {
            throw badAnswer(request, "a bill date that is not yyyy-MM-dd");
        }
    }

    /** Paise (a string or a whole number) as the platform's money. */
    private static Map<String, Object> money(InvocationRequest request, Object paise) {
        String text = text(request, paise, "amount");
        if (text == null || !text.matches("\\d{1,13}")) {
            throw badAnswer(request, "an amount that is not whole paise");
        }
        Map<String, Object> money = new LinkedHashMap<>();
        money.put(
                "value",
                new BigDecimal(text)
                        .movePointLeft(2)
                        .setScale(2, RoundingMode.UNNECESSARY)
                        .toPlainString());
        money.put("currency", "INR");
        return money;
    }

    /** The platform's money ({@code {"value", "currency"}}, or a bare decimal) as paise. */
    static Long paise(Object amount) {
        Object value = amount;
        if (amount instanceof Map<?, ?> money) {
            Object currency = money.get("currency");
            if (currency != null && !"INR".equals(currency)) {
                return null;
            }
            value = money.get("value");
        }
        if (value == null) {
            return null;
        }
        try {
            BigDecimal decimal = new BigDecimal(String.valueOf(value));
            if (decimal.signum() <= 0 || decimal.scale() > 2) {
                return null;
            }
            return decimal.movePointRight(2).longValueExact();
        } catch (NumberFormatException | ArithmeticException ex) {
            return null;
        }
    }

    /**
     * A text field of the biller's answer: a JSON string, or a whole number as its digits (a bill
     * number or paise the biller wrote as a number).
     *
     * @return the text, {@code null} when the field is absent or null
     * @throws DepartmentCallException {@code BAD_ANSWER} for an object, an array, a boolean or a
     *     fraction: never its Java text ({@code {no=B1, db=...}}) passed on to the citizen
     */
    private static String text(InvocationRequest request, Object value, String field) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return value.toString();
        }
        throw badAnswer(request, field + " that is neither text nor a whole number");
    }

    /**
     * A field the biller cannot do without, absent or blank: the operation's input schema let it
     * through (one stored before the admin API required the field). The call is refused before the
     * biller is asked, as a refusal the department's circuit does not count against it; never sent
     * as null (a {@code NullPointerException} and a 502 before).
     *
     * @return the refusal of the first such field, empty when every one has a value
     */
    private static Optional<AdapterResponse> missing(Map<String, Object> input, String... fields) {
        for (String field : fields) {
            String value = input(input.get(field));
            if (value == null || value.isBlank()) {
                return Optional.of(AdapterResponse.refused(0, null, REQUIRED.get(field)));
            }
        }
        return Optional.empty();
    }

    /** A value of the citizen's input, checked against the operation's schema already, as text. */
    private static String input(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
    }

    private static DepartmentCallException badAnswer(InvocationRequest request, String what) {
        return new DepartmentCallException(Kind.BAD_ANSWER, 200, describe(request) + " answered " + what);
    }

    private static String describe(InvocationRequest request) {
        return "Biller " + request.departmentCode() + " (" + request.operation().code() + ")";
    }

    @Override
    public ProbeResult probe(AdapterSettings settings) {
        long start = System.nanoTime();
        Duration timeout = Duration.ofMillis(settings.integer("timeoutMs", 3000));
        try {
            DepartmentHttpAnswer answer = http.exchange(new DepartmentHttpRequest(
                    "GET", uri(settings, "/health"), auth.headers(settings, timeout), null, timeout));
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            return answer.successful()
                    ? ProbeResult.reachable(latency, "answered " + answer.status())
                    : ProbeResult.unreachable(latency, "answered " + answer.status());
        } catch (DepartmentCallException ex) {
            return ProbeResult.unreachable(Duration.ofNanos(System.nanoTime() - start), ex.getMessage());
        }
    }
}
