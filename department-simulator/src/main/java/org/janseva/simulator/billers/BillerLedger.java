package org.janseva.simulator.billers;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.janseva.simulator.departments.Deterministic;

/**
 * The billers' books. A consumer's bill depends only on the biller, the consumer number and the
 * month, and stays the same until it is paid; after that the consumer has no bill due. Payments
 * are idempotent by payment reference: the same reference always gets the first answer.
 *
 * <p>Consumer numbers are 4 to 24 letters, digits, slashes or hyphens (what the catalogue accepts). By convention, for tests and demos: a number
 * ending in {@code 404} is unknown to the biller; one ending in {@code 000} has no bill due; one
 * ending in {@code 777} has a bill, but every payment of it is refused (account blocked).
 */
final class BillerLedger {

    private static final DateTimeFormatter BILL_MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    /** A bill as the biller holds it; amounts in paise. */
    record Bill(
            String billNumber,
            String customerName,
            LocalDate billDate,
            LocalDate dueDate,
            long amountPaise,
            List<Map.Entry<String, Long>> breakdown) {}

    /** The outcome of a fetch. */
    sealed interface Fetched {}

    record Found(Bill bill) implements Fetched {}

    record NoBillDue() implements Fetched {}

    record UnknownConsumer() implements Fetched {}

    /** The answer to a payment, kept per payment reference. */
    record PaymentOutcome(boolean accepted, String code, String reason, String billerReference) {}

    private record Paid(String billNumber, String paymentReference) {}

    private final Map<String, Paid> paidBills = new ConcurrentHashMap<>();
    private final Map<String, PaymentOutcome> payments = new ConcurrentHashMap<>();

    Fetched fetch(String biller, String consumerNumber, LocalDate today) {
        if (!consumerNumber.matches("[A-Za-z0-9/-]{4,24}") || consumerNumber.endsWith("404")) {
            return new UnknownConsumer();
        }
        if (consumerNumber.endsWith("000")) {
            return new NoBillDue();
        }
        Bill bill = currentBill(biller, consumerNumber, today);
        Paid paid = paidBills.get(key(biller, consumerNumber));
        if (paid != null && paid.billNumber().equals(bill.billNumber())) {
            return new NoBillDue();
        }
        return new Found(bill);
    }

    /**
     * Pays a bill, once per payment reference: a repeated reference gets the first answer again.
     */
    synchronized PaymentOutcome pay(
            String biller,
            String consumerNumber,
            String billNumber,
            String paymentReference,
            BigDecimal amount,
            LocalDate today) {
        String paymentKey = key(biller, paymentReference);
        PaymentOutcome earlier = payments.get(paymentKey);
        if (earlier != null) {
            return earlier;
        }
        PaymentOutcome outcome = decide(biller, consumerNumber, billNumber, paymentReference, amount, today);
        payments.put(paymentKey, outcome);
        if (outcome.accepted()) {
            paidBills.put(key(biller, consumerNumber), new Paid(billNumber, paymentReference));
        }
        return outcome;
    }

    private PaymentOutcome decide(
            String biller,
            String consumerNumber,
            String billNumber,
            String paymentReference,
            BigDecimal amount,
            LocalDate today) {
        Fetched fetched = fetch(biller, consumerNumber, today);
        if (fetched instanceof UnknownConsumer) {
            return rejected("BPR001", "Invalid consumer number");
        }
        Paid paid = paidBills.get(key(biller, consumerNumber));
        if (paid != null && paid.billNumber().equals(billNumber)) {
            return rejected("BPR002", "Bill already paid");
        }
        if (!(fetched instanceof Found found) || !found.bill().billNumber().equals(billNumber)) {
            return rejected("BPR004", "Bill number is not the consumer's current bill");
        }
        if (amount == null || amount.compareTo(BigDecimal.valueOf(found.bill().amountPaise(), 2)) != 0) {
            return rejected("BPR003", "Amount does not match the bill amount");
        }
        if (consumerNumber.endsWith("777")) {
            return rejected("BPR005", "Consumer account is blocked for payments");
        }
        String reference = biller.replace("-", "")
                + Deterministic.of(biller, "payment", paymentReference).digits(10);
        return new PaymentOutcome(true, "000", "Successful", reference);
    }

    private static PaymentOutcome rejected(String code, String reason) {
        return new PaymentOutcome(false, code, reason, null);
    }

    private static Bill currentBill(String biller, String consumerNumber, LocalDate today) {
        Deterministic cycle = Deterministic.of(biller, "cycle", consumerNumber);
        int billDay = cycle.between(1, 10);
        YearMonth month = YearMonth.from(today);
        if (today.getDayOfMonth() < billDay) {
            month = month.minusMonths(1);
        }
        LocalDate billDate = month.atDay(billDay);
        Deterministic d = Deterministic.of(biller, "bill", consumerNumber, month);
        long total = d.rupees(150, 4_999).movePointRight(2).longValue();
        long fixed = Math.min(total, d.between(50, 200) * 100L);
        long tax = Math.round((total - fixed) * 0.05);
        long usage = total - fixed - tax;
        List<Map.Entry<String, Long>> breakdown = new ArrayList<>();
        breakdown.add(Map.entry("Usage charges", usage));
        breakdown.add(Map.entry("Fixed charges", fixed));
        breakdown.add(Map.entry("Taxes and duties", tax));
        String billNumber = biller.replace("-", "").toUpperCase(Locale.ROOT) + month.format(BILL_MONTH) + d.digits(6);
        return new Bill(
                billNumber,
                Deterministic.of(biller, "customer", consumerNumber).personName(),
                billDate,
                billDate.plusDays(21),
                total,
                breakdown);
    }

    private static String key(String biller, String value) {
        return biller.toUpperCase(Locale.ROOT) + "|" + value;
    }

    static Map<String, Object> billJson(Bill bill) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("customerName", bill.customerName());
        json.put("billNumber", bill.billNumber());
        json.put("billDate", bill.billDate().toString());
        json.put("dueDate", bill.dueDate().toString());
        json.put("billPeriod", "MONTHLY");
        json.put("billAmount", String.valueOf(bill.amountPaise()));
        List<Map<String, Object>> options = new ArrayList<>();
        for (Map.Entry<String, Long> part : bill.breakdown()) {
            options.add(Map.of("amountName", part.getKey(), "amountValue", String.valueOf(part.getValue())));
        }
        json.put("amountOptions", options);
        return json;
    }
}
