package org.janseva.simulator.departments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * EPFO's member API as the simulator plays it, in EPFO's own style: snake_case fields, dates as
 * {@code dd-MM-yyyy}, wage months as {@code MMyyyy}, whole-rupee amounts as strings. The platform's
 * coded {@code epfo} adapter turns these into the platform's shape; a {@code rest-json}
 * configuration would pass them on as they are.
 *
 * <p>The member's UAN travels in the JSON body (or the query), never in the path: it is personal
 * data, and paths end up in access logs. Any path under {@code /departments/EPFO} that names one
 * of these is answered by hand, whatever else it holds ({@code /member/passbook},
 * {@code /v1/passbook}, ...):
 *
 * <ul>
 *   <li>{@code passbook} with {@code uan}: member, establishment, monthly contributions of the last
 *       two years and yearly interest;
 *   <li>{@code claim} with {@code uan} and {@code claimId} (or {@code claimNumber},
 *       {@code trackingId}): a claim and its status history;
 *   <li>{@code kyc} with {@code uan}: which KYC documents are seeded and verified.
 * </ul>
 *
 * A UAN is 12 digits starting with 1; one ending in {@code 0000} is unknown (404), as is a claim
 * id ending in {@code 0000}.
 */
final class EpfoBackend {

    static final String CODE = "EPFO";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    private static final DateTimeFormatter WAGE_MONTH = DateTimeFormatter.ofPattern("MMyyyy");
    private static final Pattern UAN = Pattern.compile("1\\d{11}");
    private static final List<String> OFFICES =
            List.of("MHBAN", "KNBNG", "DLCPM", "TNMAS", "GJAHD", "WBCAL", "APHYD", "UPKNP", "RJJAI", "KRKCH");
    private static final List<String> EMPLOYERS = List.of(
            "SHREE GANESH TEXTILES PVT LTD",
            "INFOTECH SOLUTIONS INDIA PVT LTD",
            "BHARAT ENGINEERING WORKS",
            "SUNRISE HOSPITALS LIMITED",
            "DECCAN LOGISTICS PRIVATE LIMITED",
            "KAVERI FOODS AND BEVERAGES LTD",
            "NATIONAL PRINTING PRESS",
            "GREENFIELD AGRO INDUSTRIES");
    private static final List<String> CLAIM_TYPES = List.of(
            "PF ADVANCE (FORM-31)",
            "FINAL PF SETTLEMENT (FORM-19)",
            "PENSION WITHDRAWAL BENEFIT (FORM-10C)",
            "TRANSFER (FORM-13)");
    /** Interest declared per financial year (starting April of the year), per cent. */
    private static final Map<Integer, BigDecimal> INTEREST = Map.of(
            2021, new BigDecimal("8.10"),
            2022, new BigDecimal("8.15"),
            2023, new BigDecimal("8.25"),
            2024, new BigDecimal("8.25"),
            2025, new BigDecimal("8.25"),
            2026, new BigDecimal("8.25"));

    private EpfoBackend() {}

    /**
     * @param method the HTTP method
     * @param path the path below {@code /departments/EPFO}
     * @param today the simulator's date
     * @return the answer, when the path is one of EPFO's hand-written ones
     */
    static Optional<SimulatedAnswer> answer(String path, Map<String, Object> input, LocalDate today) {
        String lower = path.toLowerCase(Locale.ROOT);
        String uan = text(input, "uan", "UAN");
        if (lower.contains("passbook")) {
            return Optional.of(withMember(uan, member -> passbook(member, today)));
        }
        if (lower.contains("claim")) {
            String claimId = text(input, "claimId", "claimNumber", "trackingId", "claim_id");
            if (claimId != null) {
                return Optional.of(withMember(uan, member -> claim(member, claimId, today)));
            }
        }
        if (lower.contains("kyc")) {
            return Optional.of(withMember(uan, EpfoBackend::kyc));
        }
        return Optional.empty();
    }

    private static String text(Map<String, Object> input, String... names) {
        for (String name : names) {
            Object value = input.get(name);
            if (value != null) {
                return String.valueOf(value).strip();
            }
        }
        return null;
    }

    private static SimulatedAnswer withMember(String uan, java.util.function.Function<String, SimulatedAnswer> found) {
        if (uan == null || !UAN.matcher(uan).matches()) {
            return SimulatedAnswer.of(400, failure("INVALID_UAN", "UAN must be 12 digits"));
        }
        if (uan.endsWith("0000")) {
            return SimulatedAnswer.of(404, failure("UAN_NOT_FOUND", "No member is registered with this UAN"));
        }
        return found.apply(uan);
    }

    private static Map<String, Object> failure(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "FAILURE");
        body.put("error_code", code);
        body.put("message", message);
        return body;
    }

    private record Member(String name, String estId, String estName, String memberId, int wage, YearMonth joined) {}

    private static Member member(String uan, LocalDate today) {
        Deterministic d = Deterministic.of(CODE, "member", uan);
        String estId = d.pick(OFFICES) + d.digits(7) + "000";
        int wage = d.between(12, 60) * 1000;
        YearMonth joined = YearMonth.from(today).minusMonths(d.between(30, 120));
        return new Member(d.personName(), estId, d.pick(EMPLOYERS), estId + d.digits(7), wage, joined);
    }

    private static SimulatedAnswer passbook(String uan, LocalDate today) {
        Member member = member(uan, today);
        YearMonth last = YearMonth.from(today).minusMonths(1);
        YearMonth first = last.minusMonths(23);
        if (first.isBefore(member.joined())) {
            first = member.joined();
        }
        List<Map<String, Object>> transactions = new ArrayList<>();
        long employee = 0;
        long employer = 0;
        long pension = 0;
        for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
            Deterministic d = Deterministic.of(CODE, "wage", uan, month);
            // a raise every April, a missing contribution now and then
            int wage = member.wage()
                    + 1000 * Math.max(0, month.getYear() - member.joined().getYear());
            if (d.nextInt(40) == 0) {
                continue;
            }
            int epsWage = Math.min(wage, 15_000);
            long ee = Math.round(wage * 0.12);
            long eps = Math.round(epsWage * 0.0833);
            long er = ee - eps;
            employee += ee;
            employer += er;
            pension += eps;
            LocalDate credited = month.plusMonths(1).atDay(d.between(5, 15));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("wage_month", month.format(WAGE_MONTH));
            row.put("trrn_date", credited.format(DATE));
            row.put("particulars", "Cont. For Due-Month " + month.plusMonths(1).format(WAGE_MONTH));
            row.put("transaction_type", "CR");
            row.put("epf_wages", String.valueOf(wage));
            row.put("eps_wages", String.valueOf(epsWage));
            row.put("ee_share", String.valueOf(ee));
            row.put("er_share", String.valueOf(er));
            row.put("pension_share", String.valueOf(eps));
            transactions.add(row);
            if (month.getMonthValue() == 3 && INTEREST.containsKey(month.getYear() - 1)) {
                BigDecimal rate = INTEREST.get(month.getYear() - 1);
                long eeInterest = interest(employee, rate);
                long erInterest = interest(employer, rate);
                employee += eeInterest;
                employer += erInterest;
                Map<String, Object> interest = new LinkedHashMap<>();
                interest.put("wage_month", month.format(WAGE_MONTH));
                interest.put("trrn_date", month.atEndOfMonth().format(DATE));
                interest.put(
                        "particulars",
                        "Int. Updated upto 31/03/" + month.getYear() + " @ " + rate.toPlainString() + "%");
                interest.put("transaction_type", "INT");
                interest.put("epf_wages", "0");
                interest.put("eps_wages", "0");
                interest.put("ee_share", String.valueOf(eeInterest));
                interest.put("er_share", String.valueOf(erInterest));
                interest.put("pension_share", "0");
                transactions.add(interest);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "SUCCESS");
        body.put("uan", uan);
        body.put("member_name", member.name());
        body.put("member_id", member.memberId());
        body.put("est_id", member.estId());
        body.put("est_name", member.estName());
        body.put("doj_epf", member.joined().atDay(1).format(DATE));
        body.put("transactions", transactions);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("ee_total", String.valueOf(employee));
        totals.put("er_total", String.valueOf(employer));
        totals.put("pension_total", String.valueOf(pension));
        body.put("totals", totals);
        body.put("generated_on", today.format(DATE));
        return SimulatedAnswer.of(200, body);
    }

    private static long interest(long balance, BigDecimal ratePercent) {
        // EPFO credits interest on the monthly running balance; on the year-end balance is close enough
        return BigDecimal.valueOf(balance)
                .multiply(ratePercent)
                .divide(BigDecimal.valueOf(200), 0, RoundingMode.HALF_UP)
                .longValue();
    }

    private static SimulatedAnswer claim(String uan, String claimId, LocalDate today) {
        if (!claimId.matches("[A-Za-z0-9]{8,30}")) {
            return SimulatedAnswer.of(400, failure("INVALID_CLAIM_ID", "Claim id must be 8 to 30 letters or digits"));
        }
        if (claimId.endsWith("0000")) {
            return SimulatedAnswer.of(404, failure("CLAIM_NOT_FOUND", "No claim with this id for this UAN"));
        }
        Deterministic d = Deterministic.of(CODE, "claim", uan, claimId);
        Member member = member(uan, today);
        String type = d.pick(CLAIM_TYPES);
        LocalDate received = today.minusDays(d.between(3, 60));
        int outcome = d.nextInt(10);
        List<Map<String, Object>> history = new ArrayList<>();
        history.add(step(received, "RECEIVED", "Claim received online"));
        String status;
        Map<String, Object> body = new LinkedHashMap<>();
        if (outcome < 2) {
            status = "UNDER_PROCESS";
        } else {
            LocalDate approved = received.plusDays(d.between(1, 2));
            history.add(step(approved, "APPROVED_BY_DEALING_ASSISTANT", "Verified with establishment records"));
            if (outcome < 4) {
                status = "REJECTED";
                String reason = d.pick(List.of(
                        "Bank account details not verified",
                        "Date of exit not updated by the employer",
                        "Member name mismatch with Aadhaar"));
                history.add(step(approved.plusDays(1), "REJECTED", reason));
                body.put("rejection_reason", reason);
            } else {
                status = "SETTLED";
                LocalDate settled = approved.plusDays(d.between(1, 5));
                history.add(step(settled, "SETTLED", "Amount sent to the bank account on record"));
                body.put("settled_amount", String.valueOf(d.between(10, 300) * 500));
                body.put("settlement_date", settled.format(DATE));
                body.put("bank_account", "XXXXXXXX" + d.digits(4));
            }
        }
        body.put("status", "SUCCESS");
        body.put("uan", uan);
        body.put("member_name", member.name());
        body.put("claim_id", claimId.toUpperCase(java.util.Locale.ROOT));
        body.put("claim_type", type);
        body.put("received_date", received.format(DATE));
        body.put("claim_status", status);
        body.put("status_history", history);
        return SimulatedAnswer.of(200, body);
    }

    private static Map<String, Object> step(LocalDate date, String status, String remarks) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("date", date.format(DATE));
        step.put("status", status);
        step.put("remarks", remarks);
        return step;
    }

    private static SimulatedAnswer kyc(String uan) {
        Deterministic d = Deterministic.of(CODE, "kyc", uan);
        boolean pan = d.nextInt(4) > 0;
        boolean bank = d.nextInt(5) > 0;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "SUCCESS");
        body.put("uan", uan);
        body.put("aadhaar", "XXXXXXXX" + d.digits(4));
        body.put("aadhaar_verified", "Y");
        body.put("pan", pan ? "XXXXXX" + d.digits(3) + "X" : "");
        body.put("pan_verified", pan ? "Y" : "N");
        body.put("bank_account", bank ? "XXXXXXXX" + d.digits(4) : "");
        body.put(
                "bank_ifsc", bank ? d.pick(List.of("SBIN", "HDFC", "ICIC", "PUNB", "CNRB")) + "000" + d.digits(4) : "");
        body.put("bank_verified", bank ? "Y" : "N");
        body.put("kyc_status", pan && bank ? "COMPLETE" : "PENDING");
        return SimulatedAnswer.of(200, body);
    }
}
