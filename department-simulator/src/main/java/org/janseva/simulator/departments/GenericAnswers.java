package org.janseva.simulator.departments;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The answer of any department operation that has no hand-written answer: a plausible record
 * chosen by what the path asks for (a status, a certificate, a balance, a slot, a result, an
 * application, a fee), filled with values that depend only on the department, the method, the path
 * and the input (dates are counted from the simulator's today, so they stay plausible). Every
 * answer has {@code referenceNumber}, {@code status} and {@code message}, so that a response
 * mapping on those fields works for every department.
 */
final class GenericAnswers {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE;

    private enum Kind {
        STATUS("status", "track", "enquiry", "inquiry"),
        DOCUMENT("certificate", "download", "document", "card", "licence", "license", "permit", "copy", "verify"),
        BALANCE("balance", "passbook", "statement", "account"),
        SLOTS("slot", "appointment", "schedule", "availability"),
        RESULT("result", "marks", "score", "admit"),
        FEE("fee", "due", "tax", "challan", "bill", "payment", "dues"),
        APPLICATION(
                "apply",
                "application",
                "register",
                "registration",
                "submit",
                "request",
                "book",
                "grievance",
                "complaint"),
        LIST("list", "search", "find", "locate", "nearby", "centres", "centers", "offices", "schemes");

        private final List<String> words;

        Kind(String... words) {
            this.words = List.of(words);
        }
    }

    private GenericAnswers() {}

    static SimulatedAnswer answer(
            String department, String method, String path, Map<String, Object> input, LocalDate today) {
        Deterministic d = Deterministic.of(department, method, path, input);
        Kind kind = kind(method, path);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("referenceNumber", department + "/" + today.getYear() + "/" + d.digits(7));
        switch (kind) {
            case STATUS -> status(body, d, today);
            case DOCUMENT -> document(body, d, department, today);
            case BALANCE -> balance(body, d, today);
            case SLOTS -> slots(body, d, today);
            case RESULT -> result(body, d);
            case FEE -> fee(body, d, today);
            case APPLICATION -> application(body, d, today);
            case LIST -> list(body, d, department);
        }
        body.put("department", department);
        return SimulatedAnswer.of(kind == Kind.APPLICATION && !"GET".equals(method) ? 201 : 200, body);
    }

    private static Kind kind(String method, String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        boolean read = "GET".equals(method);
        for (Kind kind : Kind.values()) {
            for (String word : kind.words) {
                if (lower.contains(word)) {
                    // a GET reads: it looks an application up, it never files one
                    return read && kind == Kind.APPLICATION ? Kind.STATUS : kind;
                }
            }
        }
        return read ? Kind.STATUS : Kind.APPLICATION;
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
            history.add(entry("date", submitted.plusDays(d.between(5, 20)).format(ISO), "status", status));
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
        body.put(
                "documentNumber",
                department.replace("-", "").substring(0, Math.min(4, department.length() - 1)) + d.digits(10));
        body.put("holderName", d.personName());
        body.put("issuedOn", issued.format(ISO));
        body.put("validUntil", issued.plusYears(d.between(1, 20)).format(ISO));
        body.put("issuingAuthority", department + " office " + d.between(1, 40));
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

    private static void list(Map<String, Object> body, Deterministic d, String department) {
        List<Map<String, Object>> items = new ArrayList<>();
        int count = d.between(2, 6);
        for (int i = 0; i < count; i++) {
            items.add(entry(
                    "name",
                            department + " " + d.pick(List.of("Seva Kendra", "Facilitation Centre", "Office")) + " "
                                    + d.between(1, 99),
                    "district", d.pick(List.of("Central", "North", "South", "East", "West")),
                    "pincode", String.valueOf(d.between(110001, 855117))));
        }
        body.put("status", "FOUND");
        body.put("message", count + " results.");
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
