package org.janseva.simulator.billers;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.janseva.simulator.fault.FaultInjector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /billers/{code}}: every utility biller of the catalogue, speaking the BBPS-shaped biller
 * protocol that the platform's {@code bbps-biller} adapter speaks. Business outcomes are 200s with
 * a BBPS-style {@code responseCode} ({@code 000} success, {@code BFR001} unknown consumer,
 * {@code BFR004} no bill due, {@code BPR00x} payment refusals); amounts are paise, as strings.
 *
 * <ul>
 *   <li>{@code POST /bill/fetch} {@code {"requestId", "customerParams": {"consumerNumber"}}}
 *   <li>{@code POST /bill/payment} {@code {"requestId", "customerParams": {"consumerNumber"},
 *       "billNumber", "paymentReference", "amount"}}
 *   <li>{@code GET /health}
 * </ul>
 *
 * Faults injected for the biller's code apply to all of it.
 */
@RestController
@RequestMapping("/billers/{code}")
class BillerController {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,39}");
    private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");

    private final FaultInjector faults;
    private final Clock clock;
    private final BillerLedger ledger = new BillerLedger();

    BillerController(FaultInjector faults, ObjectProvider<Clock> clock) {
        this.faults = faults;
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    @GetMapping("/health")
    ResponseEntity<?> health(@PathVariable String code) {
        if (!CODE.matcher(code).matches()) {
            return unknownBiller();
        }
        return faults.answer(code, () -> ok(Map.of("status", "UP", "biller", code)));
    }

    @PostMapping(value = "/bill/fetch", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> fetch(@PathVariable String code, @RequestBody JsonNode request) {
        if (!CODE.matcher(code).matches()) {
            return unknownBiller();
        }
        return faults.answer(code, () -> {
            String consumer =
                    request.path("customerParams").path("consumerNumber").asString("");
            Map<String, Object> body = new LinkedHashMap<>();
            BillerLedger.Fetched fetched = ledger.fetch(code, consumer, today());
            if (fetched instanceof BillerLedger.Found found) {
                body.put("responseCode", "000");
                body.put("responseReason", "Successful");
                body.put("billerResponse", BillerLedger.billJson(found.bill()));
                body.put("billerReference", "FR" + found.bill().billNumber());
            } else if (fetched instanceof BillerLedger.NoBillDue) {
                body.put("responseCode", "BFR004");
                body.put("responseReason", "No bill due for this consumer");
            } else {
                body.put("responseCode", "BFR001");
                body.put("responseReason", "Invalid consumer number");
            }
            return ok(body);
        });
    }

    @PostMapping(value = "/bill/payment", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> pay(@PathVariable String code, @RequestBody JsonNode request) {
        if (!CODE.matcher(code).matches()) {
            return unknownBiller();
        }
        String reference = request.path("paymentReference").asString("");
        if (!reference.matches("[A-Za-z0-9._:-]{1,64}")) {
            return ResponseEntity.badRequest()
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("responseCode", "BPR000", "responseReason", "paymentReference is required"));
        }
        return faults.answer(code, () -> {
            BillerLedger.PaymentOutcome outcome = ledger.pay(
                    code,
                    request.path("customerParams").path("consumerNumber").asString(""),
                    request.path("billNumber").asString(""),
                    reference,
                    paise(request.path("amount").asString("")),
                    today());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("responseCode", outcome.code());
            body.put("responseReason", outcome.reason());
            body.put("status", outcome.accepted() ? "ACCEPTED" : "REJECTED");
            if (outcome.billerReference() != null) {
                body.put("billerReference", outcome.billerReference());
            }
            return ok(body);
        });
    }

    private static BigDecimal paise(String amount) {
        return amount.matches("\\d{1,12}") ? new BigDecimal(amount).movePointLeft(2) : null;
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(INDIA));
    }

    private static ResponseEntity<?> ok(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static ResponseEntity<?> unknownBiller() {
        return ResponseEntity.status(404)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("responseCode", "BFR999", "responseReason", "Unknown biller"));
    }
}
