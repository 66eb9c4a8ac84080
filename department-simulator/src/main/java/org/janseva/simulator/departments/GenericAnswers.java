package org.janseva.simulator.departments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The answer of any department operation that has no hand-written answer: a plausible record
 * chosen by what the path asks for (an application's status, a document, a record, a balance, a
 * slot, a result, a fee, an application filed, a list of places or of information), filled with
 * values that depend only on the department, the method, the path and the input. Dates are counted
 * from the simulator's today: what has happened (a step of an application, an entry of a record, an
 * issue date) is never after it; only what looks ahead (a validity, a due date, a slot, a forecast,
 * an event) may be. Every answer has {@code referenceNumber}, {@code status} and {@code message},
 * so that a response mapping on those fields works for every department.
 *
 * <p>The kind of answer comes from the words of the path's literal segments (lower-case words and
 * hyphens; a segment with digits or capitals is a value of the input), the last segment's first: in
 * {@code /ration-cards/transactions} the transactions are asked for, not the card. A word such as
 * {@code lookup} or {@code details} says only that something is read, and yields to a noun before
 * it ({@code /driving-licences/lookup} reads a licence). A GET reads: on an application's noun it
 * looks the application up ({@code GET /grievances/{number}}), it never files one.
 */
final class GenericAnswers {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final Pattern LITERAL = Pattern.compile("[a-z][a-z-]*");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern YEAR = Pattern.compile("(19|20)\\d{2}");

    private enum Kind {
        STATUS,
        DOCUMENT,
        RECORD,
        BALANCE,
        SLOTS,
        RESULT,
        FEE,
        APPLICATION,
        PLACES,
        INFORMATION
    }

    /** What an answer of a kind is about, where the kind has several shapes. */
    private enum Topic {
        NONE,
        // records
        LEDGER,
        ENTITLEMENT,
        SLIP,
        SEEDING,
        // applications that, once granted, are records
        REGISTRATION,
        // places
        BLOOD,
        // information
        FORECAST,
        ALERTS,
        PRICES,
        RUNNING,
        RATES,
        DATED,
        SEARCH
    }

    /**
     * What a word of the path says.
     *
     * @param weak whether it only says that something is read, yielding to a noun before it
     * @param noun what a list of it calls one item (search results)
     */
    private record Word(Kind kind, Topic topic, boolean weak, String noun) {}

    private static final Map<String, Word> WORDS = words();

    private static Map<String, Word> words() {
        Map<String, Word> words = new LinkedHashMap<>();
        for (String word : List.of("status", "track", "tracking", "enquiry", "inquiry")) {
            words.put(word, new Word(Kind.STATUS, Topic.NONE, false, null));
        }
        for (String word : List.of(
                "certificate",
                "licence",
                "license",
                "permit",
                "card",
                "copy",
                "verify",
                "download",
                "document",
                "aadhaar",
                "epic",
                "pehchan",
                "admit",
                "vehicle",
                "hallmark")) {
            words.put(word, new Word(Kind.DOCUMENT, Topic.NONE, false, null));
        }
        for (String word :
                List.of("record", "connection", "retrieve", "company", "taxpayer", "electoral", "beneficiary")) {
            words.put(word, new Word(Kind.RECORD, Topic.NONE, false, null));
        }
        for (String word : List.of("transactions", "transaction", "payments", "subsidy", "contribution", "credit")) {
            words.put(word, new Word(Kind.RECORD, Topic.LEDGER, false, null));
        }
        words.put("slip", new Word(Kind.RECORD, Topic.SLIP, false, null));
        words.put("seeding", new Word(Kind.RECORD, Topic.SEEDING, false, null));
        words.put("entitlement", new Word(Kind.RECORD, Topic.ENTITLEMENT, false, null));
        for (String word : List.of("balance", "passbook", "statement", "account", "holding")) {
            words.put(word, new Word(Kind.BALANCE, Topic.NONE, false, null));
        }
        for (String word : List.of("slot", "appointment", "availability")) {
            words.put(word, new Word(Kind.SLOTS, Topic.NONE, false, null));
        }
        for (String word : List.of("result", "marks", "score")) {
            words.put(word, new Word(Kind.RESULT, Topic.NONE, false, null));
        }
        for (String word : List.of("fee", "due", "dues", "tax", "challan", "bill", "payment")) {
            words.put(word, new Word(Kind.FEE, Topic.NONE, false, null));
        }
        for (String word : List.of(
                "apply",
                "application",
                "submit",
                "request",
                "book",
                "booking",
                "grievance",
                "complaint",
                "lodge",
                "raise",
                "claim",
                "order",
                "refill",
                "pledge",
                "activation",
                "ekyc",
                "abha",
                "ticket",
                "lost",
                "form",
                "rti")) {
            words.put(word, new Word(Kind.APPLICATION, Topic.NONE, false, null));
        }
        for (String word : List.of("register", "registration")) {
            words.put(word, new Word(Kind.APPLICATION, Topic.REGISTRATION, false, null));
        }
        for (String word : List.of("office", "centre", "center", "hospital", "shop", "plaza", "station", "nearby")) {
            words.put(word, new Word(Kind.PLACES, Topic.NONE, false, null));
        }
        words.put("blood-availability", new Word(Kind.PLACES, Topic.BLOOD, false, null));
        for (String word : List.of("information", "info", "guideline", "guidelines", "scheme", "notice", "faq")) {
            words.put(word, new Word(Kind.INFORMATION, Topic.NONE, false, null));
        }
        words.put("forecast", new Word(Kind.INFORMATION, Topic.FORECAST, false, null));
        words.put("alert", new Word(Kind.INFORMATION, Topic.ALERTS, false, null));
        words.put("warning", new Word(Kind.INFORMATION, Topic.ALERTS, false, null));
        words.put("price", new Word(Kind.INFORMATION, Topic.PRICES, false, null));
        words.put("running", new Word(Kind.INFORMATION, Topic.RUNNING, false, null));
        words.put("rate", new Word(Kind.INFORMATION, Topic.RATES, false, null));
        words.put("event", new Word(Kind.INFORMATION, Topic.DATED, false, "event"));
        words.put("exam", new Word(Kind.INFORMATION, Topic.DATED, false, "exam"));
        words.put("schedule", new Word(Kind.INFORMATION, Topic.DATED, false, "exam"));
        words.put("cause-lists", new Word(Kind.INFORMATION, Topic.DATED, false, "case"));
        for (String noun : List.of("archive", "course", "vacancy", "establishment", "deposit", "monument")) {
            words.put(noun, new Word(Kind.INFORMATION, Topic.SEARCH, false, noun));
        }
        words.put("lookup", new Word(Kind.RECORD, Topic.NONE, true, null));
        words.put("details", new Word(Kind.RECORD, Topic.NONE, true, null));
        words.put("search", new Word(Kind.INFORMATION, Topic.SEARCH, true, "result"));
        words.put("find", new Word(Kind.INFORMATION, Topic.SEARCH, true, "result"));
        words.put("list", new Word(Kind.INFORMATION, Topic.NONE, true, null));
        words.put("locate", new Word(Kind.PLACES, Topic.NONE, true, null));
        return Map.copyOf(words);
    }

    private GenericAnswers() {}

    static SimulatedAnswer answer(
            String department, String method, String path, Map<String, Object> input, LocalDate today) {
        Deterministic d = Deterministic.of(department, method, path, input);
        boolean read = "GET".equals(method);
        Word word = word(read, path, input);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("referenceNumber", department + "/" + today.getYear() + "/" + d.digits(7));
        switch (word.kind()) {
            case STATUS -> status(body, d, today);
            case DOCUMENT -> document(body, d, department, today);
            case RECORD -> record(body, d, department, path, word.topic(), input, today);
            case BALANCE -> balance(body, d, today);
            case SLOTS -> slots(body, d, today);
            case RESULT -> result(body, d);
            case FEE -> fee(body, d, today);
            case APPLICATION -> application(body, d, today);
            case PLACES -> places(body, d, department, word.topic());
            case INFORMATION -> information(body, d, department, word, input, today);
        }
        body.put("department", department);
        return SimulatedAnswer.of(word.kind() == Kind.APPLICATION && !read ? 201 : 200, body);
    }

    /** The word of the path that decides the answer, turned into what the method makes of it. */
    private static Word word(boolean read, String path, Map<String, Object> input) {
        String[] segments = path.split("/");
        Word weak = null;
        for (int i = segments.length - 1; i >= 0; i--) {
            if (!LITERAL.matcher(segments[i]).matches()) {
                continue;
            }
            // the whole segment (cause-lists), then its words, the last first (aadhaar-seeding)
            List<String> words = new ArrayList<>();
            words.add(segments[i]);
            String[] parts = segments[i].split("-");
            for (int j = parts.length - 1; j >= 0; j--) {
                words.add(parts[j]);
            }
            for (String text : words) {
                Word word = lookUp(text);
                if (word == null) {
                    continue;
                }
                if (word.weak()) {
                    weak = weak == null ? word : weak;
                    continue;
                }
                return resolve(word, read, weak, input);
            }
        }
        if (weak != null) {
            return resolve(weak, read, null, input);
        }
        return new Word(read ? Kind.STATUS : Kind.APPLICATION, Topic.NONE, false, null);
    }

    private static Word lookUp(String text) {
        Word word = WORDS.get(text);
        if (word == null && text.endsWith("ies")) {
            word = WORDS.get(text.substring(0, text.length() - 3) + "y");
        }
        if (word == null && text.endsWith("s")) {
            word = WORDS.get(text.substring(0, text.length() - 1));
        }
        return word;
    }

    private static Word resolve(Word word, boolean read, Word weak, Map<String, Object> input) {
        Word record = new Word(Kind.RECORD, Topic.NONE, false, null);
        return switch (word.kind()) {
            // a registration looked up, or read by its number, is the record it made
            case APPLICATION -> {
                if ((weak != null && weak.kind() == Kind.RECORD) || (read && word.topic() == Topic.REGISTRATION)) {
                    yield record;
                }
                yield read ? new Word(Kind.STATUS, Topic.NONE, false, null) : word;
            }
            // POSTing to slots books one
            case SLOTS -> read ? word : new Word(Kind.APPLICATION, Topic.NONE, false, null);
            // money sent to a ledger (a contribution with its amount) is a payment made, with a receipt
            case RECORD ->
                !read && word.topic() == Topic.LEDGER && input.containsKey("amount")
                        ? new Word(Kind.APPLICATION, Topic.NONE, false, null)
                        : word;
            default -> word;
        };
    }

    private static void status(Map<String, Object> body, Deterministic d, LocalDate today) {
        String status =
                d.pick(List.of("SUBMITTED", "UNDER_REVIEW", "UNDER_REVIEW", "APPROVED", "APPROVED", "REJECTED"));
        LocalDate submitted = today.minusDays(d.between(5, 90));
        List<Map<String, Object>> history = new ArrayList<>();
        history.add(entry("date", submitted.format(ISO), "status", "SUBMITTED"));
        if (!status.equals("SUBMITTED")) {
            history.add(entry("date", submitted.plusDays(d.between(1, 4)).format(ISO), "status", "UNDER_REVIEW"));
        }
        if (status.equals("APPROVED") || status.equals("REJECTED")) {
            LocalDate decided = submitted.plusDays(d.between(5, 20));
            if (decided.isAfter(today)) {
                // a decision not taken yet: the application is still being examined
                status = "UNDER_REVIEW";
            } else {
                history.add(entry("date", decided.format(ISO), "status", status));
            }
        }
        body.put("status", status);
        body.put(
                "message",
                switch (status) {
                    case "SUBMITTED" -> "Your application has been received.";
                    case "UNDER_REVIEW" -> "Your application is being examined by the office.";
                    case "APPROVED" -> "Your application has been approved.";
                    default -> "Your application was rejected; visit the office with your documents.";
                });
        body.put("applicantName", d.personName());
        body.put("submittedOn", submitted.format(ISO));
        body.put("history", history);
    }

    private static void document(Map<String, Object> body, Deterministic d, String department, LocalDate today) {
        LocalDate issued = today.minusDays(d.between(30, 1500));
        body.put("status", "VALID");
        body.put("message", "The document is valid.");
        body.put("documentNumber", prefix(department) + d.digits(10));
        body.put("holderName", d.personName());
        body.put("issuedOn", issued.format(ISO));
        LocalDate validUntil = issued.plusYears(d.between(1, 20));
        body.put("validUntil", validUntil.format(ISO));
        body.put("issuingAuthority", department + " office " + d.between(1, 40));
        if (validUntil.isBefore(today)) {
            body.put("status", "EXPIRED");
            body.put("message", "The document expired on " + validUntil.format(ISO) + "; apply for its renewal.");
        }
    }

    /**
     * The first letters of the department's code, for document and record numbers: four as they
     * always were ({@code KASA} for {@code KA-SARATHI}, {@code EPF} for {@code EPFO}), fewer for
     * codes that have fewer letters than that ({@code ZS} for {@code ZS--}), at least one.
     */
    private static String prefix(String department) {
        String letters = department.replace("-", "");
        return letters.substring(0, Math.max(1, Math.min(Math.min(4, department.length() - 1), letters.length())));
    }

    private static void record(
            Map<String, Object> body,
            Deterministic d,
            String department,
            String path,
            Topic topic,
            Map<String, Object> input,
            LocalDate today) {
        boolean ration = path.contains("ration");
        body.put("status", "ACTIVE");
        body.put("message", "Record found.");
        body.put("recordNumber", prefix(department) + d.digits(10));
        body.put("holderName", d.personName());
        body.put("lastUpdatedOn", today.minusDays(d.between(0, 400)).format(ISO));
        body.put("office", department + " office " + d.between(1, 40));
        switch (topic) {
            case LEDGER -> ledger(body, d, ration, month(input), today);
            case ENTITLEMENT -> entitlement(body, d, ration, month(input), today);
            case SLIP -> slip(body, d, month(input), today);
            case SEEDING -> seeding(body, d, today);
            default -> {}
        }
    }

    /** Entries of money (or of rations drawn), the newest first, in the month asked for when it has begun. */
    private static void ledger(
            Map<String, Object> body, Deterministic d, boolean ration, YearMonth month, LocalDate today) {
        int count = d.between(3, 8);
        LocalDate latest = month != null && !month.isAfter(YearMonth.from(today))
                ? (month.equals(YearMonth.from(today)) ? today : month.atEndOfMonth())
                : today;
        LocalDate earliest = month != null && !month.isAfter(YearMonth.from(today)) ? month.atDay(1) : null;
        List<Map<String, Object>> entries = new ArrayList<>();
        long totalPaise = 0;
        LocalDate date = latest;
        for (int i = 0; i < count; i++) {
            date = date.minusDays(d.between(0, earliest != null ? 4 : 40));
            if (earliest != null && date.isBefore(earliest)) {
                date = earliest;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("date", date.format(ISO));
            if (ration) {
                int kilograms = d.between(2, 35);
                entry.put("commodity", d.pick(List.of("Rice", "Wheat", "Sugar", "Coarse grains")));
                entry.put("quantityKg", kilograms);
                entry.put("amount", money("0.00"));
            } else {
                BigDecimal amount = d.rupees(100, 6_000);
                totalPaise += amount.movePointRight(2).longValueExact();
                entry.put(
                        "description",
                        d.pick(List.of("Benefit credited", "Instalment credited", "Amount credited", "Adjustment")));
                entry.put("amount", money(amount.toPlainString()));
            }
            entries.add(entry);
        }
        body.put("status", "FOUND");
        body.put("message", count + " transactions.");
        body.put("entries", entries);
        if (!ration) {
            body.put("totalAmount", money(BigDecimal.valueOf(totalPaise, 2).toPlainString()));
        }
    }

    private static void entitlement(
            Map<String, Object> body, Deterministic d, boolean ration, YearMonth month, LocalDate today) {
        YearMonth of = month != null ? month : YearMonth.from(today);
        List<Map<String, Object>> items = new ArrayList<>();
        if (ration) {
            int members = d.between(1, 7);
            body.put("members", members);
            items.add(entry("commodity", "Rice", "quantityKg", 3 * members, "pricePerKg", money("0.00")));
            items.add(entry("commodity", "Wheat", "quantityKg", 2 * members, "pricePerKg", money("0.00")));
            if (d.nextInt(3) == 0) {
                items.add(entry("commodity", "Sugar", "quantityKg", 1, "pricePerKg", money("13.50")));
            }
        } else {
            for (String benefit : List.of("Medical benefit", "Sickness benefit", "Maternity benefit")) {
                items.add(entry("benefit", benefit, "entitled", d.nextInt(4) > 0));
            }
        }
        body.put("status", "ELIGIBLE");
        body.put("message", "Entitlement for " + of + ".");
        body.put("month", of.toString());
        body.put("items", items);
    }

    /** A monthly slip, of the month asked for if it has been paid, else of the last month paid. */
    private static void slip(Map<String, Object> body, Deterministic d, YearMonth month, LocalDate today) {
        YearMonth lastPaid = YearMonth.from(today).minusMonths(1);
        YearMonth period = month != null && !month.isAfter(lastPaid) ? month : lastPaid;
        BigDecimal gross = d.rupees(3_000, 90_000);
        BigDecimal deductions = d.rupees(0, 3_000).min(gross);
        body.put("status", "CREDITED");
        body.put("message", "Slip for " + period + ".");
        body.put("period", period.toString());
        body.put("grossAmount", money(gross.toPlainString()));
        body.put("deductions", money(deductions.toPlainString()));
        body.put("netAmount", money(gross.subtract(deductions).toPlainString()));
        body.put("creditedOn", period.atEndOfMonth().format(ISO));
    }

    private static void seeding(Map<String, Object> body, Deterministic d, LocalDate today) {
        boolean seeded = d.nextInt(5) > 0;
        body.put("status", seeded ? "SEEDED" : "NOT_SEEDED");
        body.put("message", seeded ? "Seeded with the bank account on record." : "Not seeded with any bank account.");
        if (seeded) {
            body.put(
                    "bankName",
                    d.pick(List.of(
                            "State Bank of India",
                            "Punjab National Bank",
                            "Canara Bank",
                            "Bank of Baroda",
                            "India Post Payments Bank")));
            body.put("accountNumber", "XXXXXXXX" + d.digits(4));
            body.put("seededOn", today.minusDays(d.between(30, 1500)).format(ISO));
        }
    }

    /** A month (YYYY-MM) among the input's values, if any. */
    private static YearMonth month(Map<String, Object> input) {
        for (Object value : input.values()) {
            if (value instanceof String text && MONTH.matcher(text).matches()) {
                try {
                    return YearMonth.parse(text);
                } catch (DateTimeParseException ex) {
                    // 2024-13 is no month
                }
            }
        }
        return null;
    }

    private static void balance(Map<String, Object> body, Deterministic d, LocalDate today) {
        body.put("status", "ACTIVE");
        body.put("message", "Balance as on " + today.format(ISO) + ".");
        body.put("accountHolder", d.personName());
        body.put("accountNumber", "XXXXXX" + d.digits(4));
        body.put("balance", money(d.rupees(100, 900_000).toPlainString()));
        body.put("asOf", today.format(ISO));
    }

    private static void slots(Map<String, Object> body, Deterministic d, LocalDate today) {
        List<Map<String, Object>> slots = new ArrayList<>();
        LocalDate day = today.plusDays(d.between(1, 5));
        int count = d.between(2, 6);
        for (int i = 0; i < count; i++) {
            slots.add(entry(
                    "date", day.plusDays(i / 2).format(ISO),
                    "time", String.format(Locale.ROOT, "%02d:%02d", 9 + d.nextInt(8), d.nextInt(2) * 30),
                    "available", d.between(1, 25)));
        }
        body.put("status", "AVAILABLE");
        body.put("message", count + " slots available.");
        body.put("centre", "Seva Kendra " + d.between(1, 90));
        body.put("slots", slots);
    }

    private static void result(Map<String, Object> body, Deterministic d) {
        int total = 500;
        int marks = d.between(180, 495);
        body.put("status", marks >= 200 ? "PASS" : "FAIL");
        body.put("message", "Result declared.");
        body.put("candidateName", d.personName());
        body.put("rollNumber", d.digits(8));
        body.put("marksObtained", marks);
        body.put("maximumMarks", total);
        body.put("division", marks >= 300 ? "FIRST" : marks >= 225 ? "SECOND" : "THIRD");
    }

    private static void fee(Map<String, Object> body, Deterministic d, LocalDate today) {
        boolean due = d.nextInt(5) > 0;
        body.put("status", due ? "DUE" : "PAID");
        body.put("message", due ? "An amount is due." : "Nothing is due.");
        body.put("payerName", d.personName());
        body.put("amountDue", money(due ? d.rupees(50, 25_000).toPlainString() : "0.00"));
        body.put("dueDate", today.plusDays(d.between(3, 45)).format(ISO));
    }

    private static void application(Map<String, Object> body, Deterministic d, LocalDate today) {
        body.put("status", "SUBMITTED");
        body.put("message", "Your request has been registered. Quote the reference number in any enquiry.");
        body.put("acknowledgementNumber", "ACK" + d.digits(12));
        body.put("submittedOn", today.format(ISO));
        body.put("expectedBy", today.plusDays(d.between(7, 30)).format(ISO));
    }

    private static void places(Map<String, Object> body, Deterministic d, String department, Topic topic) {
        List<Map<String, Object>> items = new ArrayList<>();
        int count = d.between(2, 6);
        for (int i = 0; i < count; i++) {
            Map<String, Object> item = entry(
                    "name",
                            department + " " + d.pick(List.of("Seva Kendra", "Facilitation Centre", "Office")) + " "
                                    + d.between(1, 99),
                    "district", d.pick(List.of("Central", "North", "South", "East", "West")),
                    "pincode", String.valueOf(d.between(110001, 855117)));
            if (topic == Topic.BLOOD) {
                item.put("unitsAvailable", d.between(0, 40));
            }
            items.add(item);
        }
        body.put("status", "FOUND");
        body.put("message", count + " results.");
        body.put("items", items);
    }

    private static void information(
            Map<String, Object> body,
            Deterministic d,
            String department,
            Word word,
            Map<String, Object> input,
            LocalDate today) {
        body.put("status", "FOUND");
        switch (word.topic()) {
            case FORECAST -> forecast(body, d, today);
            case ALERTS -> alerts(body, d, today);
            case PRICES -> prices(body, d, input, today);
            case RUNNING -> running(body, d);
            case RATES -> rates(body, d, today);
            case DATED -> dated(body, d, department, word.noun(), input, today);
            case SEARCH -> search(body, d, department, word.noun(), input);
            default -> notices(body, d, department, today);
        }
    }

    private static void forecast(Map<String, Object> body, Deterministic d, LocalDate today) {
        List<Map<String, Object>> days = new ArrayList<>();
        int low = d.between(12, 26);
        for (int i = 0; i < 5; i++) {
            int min = low + d.between(-2, 2);
            String condition =
                    d.pick(List.of("Clear sky", "Partly cloudy", "Cloudy", "Light rain", "Thunderstorm", "Haze"));
            days.add(entry(
                    "date",
                    today.plusDays(i).format(ISO),
                    "condition",
                    condition,
                    "minTemperatureC",
                    min,
                    "maxTemperatureC",
                    min + d.between(6, 12),
                    "rainfallMm",
                    condition.contains("rain") || condition.contains("storm") ? d.between(1, 60) : 0,
                    "humidityPercent",
                    d.between(35, 95)));
        }
        body.put("message", "Forecast for the next 5 days, issued on " + today.format(ISO) + ".");
        body.put("issuedOn", today.format(ISO));
        body.put("items", days);
    }

    private static void alerts(Map<String, Object> body, Deterministic d, LocalDate today) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        int count = d.between(0, 3);
        for (int i = 0; i < count; i++) {
            alerts.add(entry(
                    "issuedOn", today.minusDays(d.between(0, 2)).format(ISO),
                    "severity", d.pick(List.of("YELLOW", "ORANGE", "RED")),
                    "event",
                            d.pick(List.of(
                                    "Heavy rainfall",
                                    "Thunderstorm and lightning",
                                    "Heat wave",
                                    "Cyclone watch",
                                    "Strong winds",
                                    "Dense fog")),
                    "area", d.pick(List.of("Central", "North", "South", "East", "West")) + " district",
                    "validUntil", today.plusDays(d.between(1, 3)).format(ISO)));
        }
        body.put("message", count == 0 ? "No alerts in force." : count + " alerts in force.");
        body.put("items", alerts);
    }

    private static void prices(Map<String, Object> body, Deterministic d, Map<String, Object> input, LocalDate today) {
        String commodity = input.get("commodity") instanceof String text && !text.isBlank()
                ? text.strip()
                : d.pick(List.of("Wheat", "Paddy", "Onion", "Tomato", "Cotton", "Soyabean"));
        List<Map<String, Object>> markets = new ArrayList<>();
        int count = d.between(3, 6);
        int base = d.between(1_200, 6_000);
        for (int i = 0; i < count; i++) {
            int min = base + d.between(-300, 200);
            int max = min + d.between(100, 600);
            markets.add(entry(
                    "market",
                            d.pick(List.of(
                                            "Azadpur",
                                            "Vashi",
                                            "Lasalgaon",
                                            "Kota",
                                            "Indore",
                                            "Guntur",
                                            "Kolar",
                                            "Unjha",
                                            "Hubballi",
                                            "Karnal"))
                                    + " APMC",
                    "commodity", commodity,
                    "variety", d.pick(List.of("FAQ", "Local", "Medium", "Superior")),
                    "unit", "quintal",
                    "minPrice", money(min + ".00"),
                    "maxPrice", money(max + ".00"),
                    "modalPrice", money(d.between(min, max) + ".00"),
                    "date", today.minusDays(d.between(0, 2)).format(ISO)));
        }
        body.put("message", "Prices of " + commodity + " in " + count + " markets.");
        body.put("items", markets);
    }

    private static void running(Map<String, Object> body, Deterministic d) {
        List<String> route = List.of(
                "Mumbai Central",
                "Borivali",
                "Vapi",
                "Surat",
                "Vadodara Jn",
                "Ratlam Jn",
                "Kota Jn",
                "Sawai Madhopur",
                "Mathura Jn",
                "New Delhi");
        int from = d.between(0, 4);
        int count = d.between(4, route.size() - from);
        int reached = d.between(1, count);
        int minutes = d.between(5, 22) * 60;
        int delay = 0;
        List<Map<String, Object>> stations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                minutes += d.between(45, 180);
                delay = Math.max(0, delay + d.between(-5, 15));
            }
            stations.add(entry(
                    "station", route.get(from + i),
                    "scheduledArrival", time(minutes),
                    "arrival", time(minutes + delay),
                    "delayMinutes", delay,
                    "reached", i < reached));
        }
        Map<String, Object> last = stations.get(reached - 1);
        body.put("status", reached == count ? "ARRIVED" : "RUNNING");
        body.put("message", "Last reported at " + last.get("station") + ", " + last.get("delayMinutes") + " min late.");
        body.put("items", stations);
    }

    private static String time(int minutes) {
        return String.format(Locale.ROOT, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
    }

    private static void rates(Map<String, Object> body, Deterministic d, LocalDate today) {
        List<Map<String, Object>> rates = new ArrayList<>();
        int year = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
        for (int i = 1; i <= 5; i++) {
            int start = year - i;
            rates.add(entry(
                    "period",
                    start + "-" + String.format(Locale.ROOT, "%02d", (start + 1) % 100),
                    "ratePercent",
                    String.format(Locale.ROOT, "%.2f", d.between(700, 900) / 100.0)));
        }
        body.put("message", "Rates of the last 5 years.");
        body.put("items", rates);
    }

    /** Events, exams or hearings: on the date, in the month or the year asked for, else in the coming weeks. */
    private static void dated(
            Map<String, Object> body,
            Deterministic d,
            String department,
            String noun,
            Map<String, Object> input,
            LocalDate today) {
        LocalDate from = today.plusDays(1);
        int span = 60;
        for (Object value : input.values()) {
            String text = String.valueOf(value);
            try {
                if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                    from = LocalDate.parse(text);
                    span = 1;
                } else if (MONTH.matcher(text).matches()) {
                    from = YearMonth.parse(text).atDay(1);
                    span = YearMonth.parse(text).lengthOfMonth();
                } else if (YEAR.matcher(text).matches()) {
                    from = LocalDate.of(Integer.parseInt(text), 1, 1);
                    span = from.lengthOfYear();
                }
            } catch (DateTimeParseException ex) {
                // not a date after all
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        int count = d.between(2, 6);
        for (int i = 0; i < count; i++) {
            LocalDate date = from.plusDays(d.nextInt(span));
            String title = switch (noun) {
                case "exam" ->
                    d.pick(List.of(
                                    "Main examination",
                                    "Supplementary examination",
                                    "Entrance test",
                                    "Practical examination"))
                            + ", paper " + d.between(1, 4);
                case "case" ->
                    d.pick(List.of("WP", "CRL.A", "OS", "MACT", "CC")) + " " + d.between(1, 9999) + "/"
                            + d.between(date.getYear() - 6, date.getYear());
                default ->
                    d.pick(List.of(
                            "Cultural festival",
                            "Exhibition",
                            "Workshop",
                            "Heritage walk",
                            "Job fair",
                            "Music concert"));
            };
            items.add(entry(
                    "title",
                    title,
                    "date",
                    date.format(ISO),
                    "venue",
                    noun.equals("case")
                            ? "Court hall " + d.between(1, 30)
                            : department + " " + d.pick(List.of("Auditorium", "Hall", "Centre")) + ", "
                                    + d.pick(List.of("Central", "North", "South", "East", "West"))));
        }
        items.sort(Comparator.comparing(item -> String.valueOf(item.get("date"))));
        body.put("message", count + " " + (noun.equals("case") ? "cases" : noun + "s") + " listed.");
        body.put("items", items);
    }

    /** Search results, named after what was searched for. */
    private static void search(
            Map<String, Object> body, Deterministic d, String department, String noun, Map<String, Object> input) {
        String query = null;
        for (String name : List.of("keyword", "name", "establishmentName", "subject", "query", "q")) {
            if (input.get(name) instanceof String text && !text.isBlank()) {
                query = text.strip();
                break;
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        int count = d.between(2, 6);
        for (int i = 0; i < count; i++) {
            items.add(entry(
                    "name",
                    (query != null ? query : department) + " " + noun + " " + d.between(1, 99),
                    "referenceNumber",
                    prefix(department) + d.digits(8),
                    "district",
                    d.pick(List.of("Central", "North", "South", "East", "West")),
                    "pincode",
                    String.valueOf(d.between(110001, 855117))));
        }
        body.put("message", count + " results.");
        body.put("items", items);
    }

    private static void notices(Map<String, Object> body, Deterministic d, String department, LocalDate today) {
        List<Map<String, Object>> items = new ArrayList<>();
        int count = d.between(3, 6);
        for (int i = 0; i < count; i++) {
            LocalDate updated = today.minusDays(d.between(1, 700));
            items.add(entry(
                    "title",
                    d.pick(List.of(
                                    "Guidelines",
                                    "Notification",
                                    "Circular",
                                    "Frequently asked questions",
                                    "Citizen's charter",
                                    "Office order"))
                            + " " + d.between(1, 60) + "/" + updated.getYear(),
                    "summary",
                    d.pick(List.of(
                            "Who is eligible and the documents to bring.",
                            "Revised procedure and time limits.",
                            "Fees and how to pay them.",
                            "Answers to the questions citizens ask most.",
                            "Contact details of the offices.")),
                    "issuedBy",
                    department,
                    "updatedOn",
                    updated.format(ISO)));
        }
        items.sort(Comparator.comparing((Map<String, Object> item) -> String.valueOf(item.get("updatedOn")))
                .reversed());
        body.put("message", count + " items.");
        body.put("items", items);
    }

    private static Map<String, Object> money(String rupees) {
        return entry("value", rupees, "currency", "INR");
    }

    private static Map<String, Object> entry(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
