package org.janseva.catalog.adapter.epfo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.janseva.catalog.adapter.DepartmentHttp;
import org.janseva.catalog.adapter.DepartmentHttpAnswer;
import org.janseva.catalog.adapter.restjson.RestJsonAdapter;
import org.springframework.stereotype.Component;

/**
 * {@code epfo}: the worked example of a coded adapter (docs/adapters.md). EPFO's member API speaks
 * its own dialect: snake_case fields, dates as {@code dd-MM-yyyy}, wage months as {@code MMyyyy},
 * whole rupees as strings, errors as {@code {"status": "FAILURE", "error_code"}}. A JSON-pointer
 * mapping can move fields but not convert them, so this type reuses the {@code rest-json} request
 * side (settings, authentication, path templates, pools and limits) and maps the answers in code:
 *
 * <ul>
 *   <li>a passbook ({@code transactions}) → member, establishment, entries with money amounts and
 *       ISO dates (contributions, interest, and the opening balance brought forward), and the
 *       balance by share;
 *   <li>a claim ({@code claim_status}) → the claim, its ISO-dated history and settlement;
 *   <li>a KYC record ({@code kyc_status}) → which documents are verified;
 *   <li>anything else → the same answer with camelCase fields and ISO dates.
 * </ul>
 *
 * EPFO's error codes become refusals with the platform's own wording.
 */
@Component
public class EpfoAdapter implements DepartmentAdapter {

    public static final String TYPE = "epfo";

    // strict: 31-02-2026 is no date (the default resolver made it 28 February), and a bad answer
    private static final DateTimeFormatter EPFO_DATE =
            DateTimeFormatter.ofPattern("dd-MM-uuuu").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter EPFO_MONTH =
            DateTimeFormatter.ofPattern("MMuuuu").withResolverStyle(ResolverStyle.STRICT);
    private static final Map<String, Refusal> REFUSALS = Map.of(
            "UAN_NOT_FOUND",
            new Refusal(Refusal.Kind.NOT_FOUND, "UAN_NOT_FOUND", "EPFO has no member with this UAN."),
            "CLAIM_NOT_FOUND",
            new Refusal(Refusal.Kind.NOT_FOUND, "CLAIM_NOT_FOUND", "EPFO has no such claim for this UAN."),
            "INVALID_UAN",
            new Refusal(Refusal.Kind.UNPROCESSABLE, "UAN_INVALID", "EPFO does not accept this UAN; it has 12 digits."),
            "INVALID_CLAIM_ID",
            new Refusal(Refusal.Kind.UNPROCESSABLE, "CLAIM_ID_INVALID", "EPFO does not accept this claim id."),
            "MEMBER_ID_NOT_FOUND",
            new Refusal(Refusal.Kind.NOT_FOUND, "MEMBER_ID_NOT_FOUND", "EPFO has no such member id for this UAN."));

    private final RestJsonAdapter restJson;
    private final DepartmentHttp http;

    EpfoAdapter(RestJsonAdapter restJson, DepartmentHttp http) {
        this.restJson = restJson;
        this.http = http;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "EPFO's member API (passbook, claims, KYC), its own conventions mapped to the platform's in code";
    }

    @Override
    public List<SettingDescriptor> settings() {
        return RestJsonAdapter.descriptors();
    }

    @Override
    public List<SettingProblem> validate(AdapterSettings settings) {
        return restJson.validate(settings);
    }

    @Override
    public List<SettingProblem> validateOperation(OperationSpec operation) {
        List<SettingProblem> problems = new ArrayList<>(restJson.validateOperation(operation));
        // the answers are mapped in code: a JSON-pointer mapping (written against EPFO's raw
        // answer, as under rest-json) would be ignored in silence
        if (!operation.responseMapping().isEmpty()) {
            problems.add(new SettingProblem(
                    "responseMapping",
                    "must be empty: " + TYPE + " maps EPFO's answers into the platform's shape in code, and would"
                            + " not apply a response mapping"));
        }
        return problems;
    }

    @Override
    public AdapterResponse invoke(InvocationRequest request, AdapterSettings settings) {
        DepartmentHttpAnswer answer = restJson.exchange(request, settings).answer();
        // a failure of what follows keeps EPFO's answer for dry runs
        return answer.read(() -> read(request, settings, answer));
    }

    private AdapterResponse read(InvocationRequest request, AdapterSettings settings, DepartmentHttpAnswer answer) {
        Object raw = answer.successful()
                ? http.parseJson(answer.body(), "EPFO (" + request.operation().code() + ")")
                : lenient(answer.body());
        Map<?, ?> body = raw instanceof Map<?, ?> map ? map : Map.of();
        if (!answer.successful() || "FAILURE".equals(body.get("status"))) {
            Refusal refusal = body.get("error_code") instanceof String code ? REFUSALS.get(code) : null;
            // EPFO says no to the citizen with a FAILURE in a 2xx or with a refusal's status (400,
            // 404, ...); an error code on 401/403 (our credentials refused), 429 or 5xx is still a
            // failure of EPFO, counted by the circuit, never the citizen's "no such UAN"
            if (refusal != null && (answer.successful() || RestJsonAdapter.isRefusalStatus(answer.status()))) {
                return AdapterResponse.refused(answer.status(), raw, refusal);
            }
            if (answer.successful()) {
                throw new DepartmentCallException(
                        Kind.BAD_ANSWER, answer.status(), "EPFO answered FAILURE with an unknown error code");
            }
            return restJson.refusalOrFailure(request, settings, answer, raw);
        }
        if (!(raw instanceof Map<?, ?>)) {
            throw new DepartmentCallException(
                    Kind.BAD_ANSWER, answer.status(), "EPFO answered JSON that is not an object");
        }
        try {
            Map<String, Object> data;
            if (body.get("transactions") instanceof List<?>) {
                data = passbook(body);
            } else if (body.containsKey("claim_status")) {
                data = claim(body);
            } else if (body.containsKey("kyc_status")) {
                data = kyc(body);
            } else {
                data = conventions(body);
            }
            return AdapterResponse.success(answer.status(), raw, data);
        } catch (DepartmentCallException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            // the answer is read as EPFO documents it; a field missing, null, of another type or
            // out of range (a date that is not one, paise in a rupee amount) is a bad answer, which
            // the circuit breaker counts, not an error of the platform's
            throw new DepartmentCallException(
                    Kind.BAD_ANSWER,
                    "EPFO answered a field the adapter cannot read ("
                            + ex.getClass().getSimpleName() + ")",
                    ex);
        }
    }

    /** An error answer's body, when it is JSON at all (an HTML error page is not). */
    private Object lenient(byte[] body) {
        try {
            return http.parseJson(body, "EPFO");
        } catch (DepartmentCallException ex) {
            return null;
        }
    }

    private static Map<String, Object> passbook(Map<?, ?> body) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("uan", text(body.get("uan")));
        data.put("memberName", text(body.get("member_name")));
        data.put("memberId", text(body.get("member_id")));
        Map<String, Object> establishment = new LinkedHashMap<>();
        establishment.put("id", text(body.get("est_id")));
        establishment.put("name", text(body.get("est_name")));
        data.put("establishment", establishment);
        data.put("joinedOn", isoDate(body.get("doj_epf")));
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object item : (List<?>) body.get("transactions")) {
            Map<?, ?> row = (Map<?, ?>) item;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(
                    "wageMonth",
                    YearMonth.parse(text(row.get("wage_month")), EPFO_MONTH).toString());
            entry.put("creditedOn", isoDate(row.get("trrn_date")));
            entry.put("description", text(row.get("particulars")));
            entry.put("type", entryType(row.get("transaction_type")));
            entry.put("wages", rupees(row.get("epf_wages")));
            entry.put("employeeShare", rupees(row.get("ee_share")));
            entry.put("employerShare", rupees(row.get("er_share")));
            entry.put("pensionShare", rupees(row.get("pension_share")));
            entries.add(entry);
        }
        data.put("entries", entries);
        Map<?, ?> totals = (Map<?, ?>) body.get("totals");
        Map<String, Object> balance = new LinkedHashMap<>();
        BigDecimal employee = new BigDecimal(text(totals.get("ee_total")));
        BigDecimal employer = new BigDecimal(text(totals.get("er_total")));
        balance.put("employeeShare", money(employee));
        balance.put("employerShare", money(employer));
        balance.put("pensionShare", rupees(totals.get("pension_total")));
        balance.put("providentFund", money(employee.add(employer)));
        data.put("balance", balance);
        data.put("asOn", isoDate(body.get("generated_on")));
        return data;
    }

    /** EPFO's transaction types: interest, the balance brought forward (opening balance), contributions. */
    private static String entryType(Object transactionType) {
        return switch (String.valueOf(transactionType)) {
            case "INT" -> "INTEREST";
            case "OB" -> "OPENING_BALANCE";
            default -> "CONTRIBUTION";
        };
    }

    private static Map<String, Object> claim(Map<?, ?> body) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("uan", text(body.get("uan")));
        data.put("memberName", text(body.get("member_name")));
        data.put("claimId", text(body.get("claim_id")));
        data.put("claimType", text(body.get("claim_type")));
        data.put("receivedOn", isoDate(body.get("received_date")));
        data.put("status", text(body.get("claim_status")));
        List<Map<String, Object>> history = new ArrayList<>();
        if (body.get("status_history") instanceof List<?> steps) {
            for (Object item : steps) {
                Map<?, ?> step = (Map<?, ?>) item;
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("date", isoDate(step.get("date")));
                entry.put("status", text(step.get("status")));
                entry.put("remarks", text(step.get("remarks")));
                history.add(entry);
            }
        }
        data.put("history", history);
        if (body.get("settled_amount") != null) {
            data.put("settledAmount", rupees(body.get("settled_amount")));
            data.put("settledOn", isoDate(body.get("settlement_date")));
            data.put("bankAccount", text(body.get("bank_account")));
        }
        if (body.get("rejection_reason") != null) {
            data.put("rejectionReason", text(body.get("rejection_reason")));
        }
        return data;
    }

    private static Map<String, Object> kyc(Map<?, ?> body) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("uan", text(body.get("uan")));
        data.put("status", text(body.get("kyc_status")));
        data.put("aadhaar", document(body.get("aadhaar"), body.get("aadhaar_verified")));
        data.put("pan", document(body.get("pan"), body.get("pan_verified")));
        Map<String, Object> bank = document(body.get("bank_account"), body.get("bank_verified"));
        bank.put("ifsc", blankToNull(body.get("bank_ifsc")));
        data.put("bankAccount", bank);
        return data;
    }

    private static Map<String, Object> document(Object number, Object verified) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("number", blankToNull(number));
        document.put("verified", "Y".equals(verified));
        return document;
    }

    /** EPFO's conventions for an answer without its own mapping: camelCase names, ISO dates. */
    private static Map<String, Object> conventions(Map<?, ?> body) {
        Map<String, Object> data = new LinkedHashMap<>();
        body.forEach((key, value) -> data.put(camelCase(String.valueOf(key)), conventionValue(value)));
        return data;
    }

    private static Object conventionValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return conventions(map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(EpfoAdapter::conventionValue).toList();
        }
        if (value instanceof String text && text.matches("\\d{2}-\\d{2}-\\d{4}")) {
            try {
                return LocalDate.parse(text, EPFO_DATE).toString();
            } catch (DateTimeParseException ex) {
                // EPFO's date form with no such day (31-02-2026): as in the mapped answers
                throw new DepartmentCallException(Kind.BAD_ANSWER, 0, "EPFO answered a date that is not one");
            }
        }
        return value;
    }

    static String camelCase(String snake) {
        StringBuilder out = new StringBuilder(snake.length());
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = out.length() > 0;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static String isoDate(Object epfoDate) {
        String text = text(epfoDate);
        return text == null || text.isBlank()
                ? null
                : LocalDate.parse(text, EPFO_DATE).toString();
    }

    private static Map<String, Object> rupees(Object wholeRupees) {
        return money(new BigDecimal(text(wholeRupees)));
    }

    private static Map<String, Object> money(BigDecimal rupees) {
        Map<String, Object> money = new LinkedHashMap<>();
        money.put("value", rupees.setScale(2).toPlainString());
        money.put("currency", "INR");
        return money;
    }

    private static Object blankToNull(Object value) {
        String text = text(value);
        return text == null || text.isBlank() ? null : text;
    }

    /**
     * A text field of EPFO's answer: a JSON string, or a whole number as its digits.
     *
     * @return the text, {@code null} when the field is absent or null
     * @throws DepartmentCallException {@code BAD_ANSWER} for an object, an array, a boolean or a
     *     fraction: never its Java text ({@code {no=B1, db=...}}) passed on to the citizen
     */
    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text.strip();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return value.toString();
        }
        throw new DepartmentCallException(
                Kind.BAD_ANSWER, 0, "EPFO answered a field that is neither text nor a whole number");
    }

    @Override
    public ProbeResult probe(AdapterSettings settings) {
        return restJson.probe(settings);
    }
}
