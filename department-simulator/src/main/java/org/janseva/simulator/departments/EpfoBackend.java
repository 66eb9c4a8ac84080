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
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
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
 *   <li>{@code passbook} with {@code uan} (and {@code memberId}, one of the UAN's member ids; the
 *       current one without it): member, establishment, the balance brought forward, the monthly
 *       contributions of the last two years and the yearly interest, and the UAN's member ids;
 *   <li>{@code claim} with {@code uan} and {@code claimId} (or {@code claimNumber},
 *       {@code trackingId}): a claim and its status history;
 *   <li>{@code kyc} with {@code uan}: which KYC documents are seeded and verified.
 * </ul>
 *
 * A UAN is 12 digits starting with 1; one ending in {@code 0000} is unknown (404), as is a claim
 * id ending in {@code 0000} and a member id that is not the UAN's ({@code MEMBER_ID_NOT_FOUND}).
 * Nothing is dated after today: a contribution not yet credited, a year's interest not yet due
 * and a claim not yet settled are not shown as done.
 */
final class EpfoBackend {

    static final String CODE = "EPFO";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    private static final DateTimeFormatter WAGE_MONTH = DateTimeFormatter.ofPattern("MMyyyy");
    private static final DateTimeFormatter PARTICULARS_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final Pattern UAN = Pattern.compile("1\\d{11}");
    private static final Pattern MEMBER_ID = Pattern.compile("[A-Z]{5}\\d{17}");
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
    private static final NavigableMap<Integer, BigDecimal> INTEREST = new TreeMap<>(Map.ofEntries(
            Map.entry(2010, new BigDecimal("9.50")),
            Map.entry(2011, new BigDecimal("8.25")),
            Map.entry(2012, new BigDecimal("8.50")),
            Map.entry(2013, new BigDecimal("8.75")),
            Map.entry(2014, new BigDecimal("8.75")),
            Map.entry(2015, new BigDecimal("8.80")),
            Map.entry(2016, new BigDecimal("8.65")),
            Map.entry(2017, new BigDecimal("8.55")),
            Map.entry(2018, new BigDecimal("8.65")),
            Map.entry(2019, new BigDecimal("8.50")),
            Map.entry(2020, new BigDecimal("8.50")),
            Map.entry(2021, new BigDecimal("8.10")),
            Map.entry(2022, new BigDecimal("8.15")),
            Map.entry(2023, new BigDecimal("8.25")),
            Map.entry(2024, new BigDecimal("8.25")),
            Map.entry(2025, new BigDecimal("8.25")),
            Map.entry(2026, new BigDecimal("8.25"))));

    /**
     * The catalogue's example input of EPFO-PASSBOOK (catalog-service's {@code fields.txt}): this
     * UAN's current member id is the example's, so that the example answers as any member does.
     */
    private static final String EXAMPLE_UAN = "100123456789";

    private static final String EXAMPLE_MEMBER_ID = "MHBAN00000640000000125";

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
            String memberId = text(input, "memberId", "member_id");
            return Optional.of(withMember(uan, member -> passbook(member, memberId, today)));
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

    /**
     * One employment of a member: EPFO gives each a member id (the establishment's id and a serial)
     * under the member's one UAN.
     */
    private record Employment(
            String memberId, String estId, String estName, int wage, YearMonth joined, YearMonth left) {}

    /** A member: a name and the employments, the current one first, then ever earlier ones. */
    private record Member(String name, List<Employment> employments) {

        Employment current() {
            return employments.get(0);
        }

        List<String> memberIds() {
            return employments.stream().map(Employment::memberId).toList();
        }
    }

    private static Member member(String uan, LocalDate today) {
        Deterministic d = Deterministic.of(CODE, "member", uan);
        String estId = d.pick(OFFICES) + d.digits(7) + "000";
        int wage = d.between(12, 60) * 1000;
        YearMonth joined = YearMonth.from(today).minusMonths(d.between(30, 120));
        String name = d.personName();
        String estName = d.pick(EMPLOYERS);
        String memberId = estId + d.digits(7);
        if (uan.equals(EXAMPLE_UAN)) {
            memberId = EXAMPLE_MEMBER_ID;
            estId = memberId.substring(0, 15);
        }
        List<Employment> employments = new ArrayList<>();
        employments.add(new Employment(memberId, estId, estName, wage, joined, null));
        // earlier jobs, each ending a few months before the next began, at a lower wage
        Deterministic earlier = Deterministic.of(CODE, "earlier employments", uan);
        int count = earlier.pick(List.of(0, 0, 1, 1, 2));
        YearMonth next = joined;
        for (int i = 0; i < count; i++) {
            YearMonth left = next.minusMonths(earlier.between(1, 6));
            YearMonth started = left.minusMonths(earlier.between(12, 60));
            wage = Math.max(8_000, wage - earlier.between(2, 8) * 1000);
            String est = earlier.pick(OFFICES) + earlier.digits(7) + "000";
            employments.add(new Employment(est + earlier.digits(7), est, earlier.pick(EMPLOYERS), wage, started, left));
            next = started;
        }
        return new Member(name, List.copyOf(employments));
    }

    /**
     * The passbook of one member id: the balance brought forward to the start of the last 24 wage
     * months, then those months' contributions and the interest of each year ending in them. The
     * account is kept from the joining date, as EPFO keeps it: a contribution is credited in the
     * month after its wage month (between the 5th and the 15th), not before today; interest on the
     * monthly running balance is credited on 31 March for the year then ending (and goes on being
     * credited after the member left that employment).
     */
    private static SimulatedAnswer passbook(String uan, String memberId, LocalDate today) {
        Member member = member(uan, today);
        Employment employment = member.current();
        if (memberId != null) {
            if (!MEMBER_ID.matcher(memberId).matches()) {
                return SimulatedAnswer.of(
                        400, failure("INVALID_MEMBER_ID", "Member id must be 5 letters and 17 digits"));
            }
            employment = member.employments().stream()
                    .filter(e -> e.memberId().equals(memberId))
                    .findFirst()
                    .orElse(null);
            if (employment == null) {
                return SimulatedAnswer.of(
                        404, failure("MEMBER_ID_NOT_FOUND", "No such member id is linked to this UAN"));
            }
        }
        YearMonth last = YearMonth.from(today).minusMonths(1);
        YearMonth first = last.minusMonths(23);
        YearMonth contributedUntil =
                employment.left() != null && employment.left().isBefore(last) ? employment.left() : last;
        List<Map<String, Object>> transactions = new ArrayList<>();
        long employee = 0;
        long employer = 0;
        long pension = 0;
        // sums of the monthly balances of the financial year, which its interest is paid on
        long employeeMonths = 0;
        long employerMonths = 0;
        for (YearMonth month = employment.joined(); !month.isAfter(last); month = month.plusMonths(1)) {
            boolean listed = !month.isBefore(first);
            if (month.equals(first) && month.isAfter(employment.joined())) {
                transactions.add(row(
                        first.minusMonths(1),
                        first.atEndOfMonth(),
                        "Balance brought forward as on " + first.atEndOfMonth().format(PARTICULARS_DATE),
                        "OB",
                        0,
                        0,
                        employee,
                        employer,
                        pension));
            }
            YearMonth credited = month.plusMonths(1);
            employeeMonths += employee;
            employerMonths += employer;
            Deterministic d = Deterministic.of(CODE, "wage", uan, month);
            // a raise every year, a missing contribution now and then
            int wage = employment.wage()
                    + 1000 * Math.max(0, month.getYear() - employment.joined().getYear());
            LocalDate creditedOn = credited.atDay(d.between(5, 15));
            if (!month.isAfter(contributedUntil) && d.nextInt(40) != 0 && !creditedOn.isAfter(today)) {
                int epsWage = Math.min(wage, 15_000);
                long ee = Math.round(wage * 0.12);
                long eps = Math.round(epsWage * 0.0833);
                long er = ee - eps;
                employee += ee;
                employer += er;
                pension += eps;
                if (listed) {
                    transactions.add(row(
                            month,
                            creditedOn,
                            "Cont. For Due-Month " + credited.format(WAGE_MONTH),
                            "CR",
                            wage,
                            epsWage,
                            ee,
                            er,
                            eps));
                }
            }
            LocalDate yearEnd = credited.atEndOfMonth();
            if (credited.getMonthValue() == 3 && !yearEnd.isAfter(today)) {
                BigDecimal rate = rate(credited.getYear() - 1);
                long eeInterest = interest(employeeMonths, rate);
                long erInterest = interest(employerMonths, rate);
                employee += eeInterest;
                employer += erInterest;
                employeeMonths = 0;
                employerMonths = 0;
                if (listed) {
                    transactions.add(row(
                            credited,
                            yearEnd,
                            "Int. Updated upto " + yearEnd.format(PARTICULARS_DATE) + " @ " + rate.toPlainString()
                                    + "%",
                            "INT",
                            0,
                            0,
                            eeInterest,
                            erInterest,
                            0));
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "SUCCESS");
        body.put("uan", uan);
        body.put("member_name", member.name());
        body.put("member_id", employment.memberId());
        body.put("member_ids", member.memberIds());
        body.put("est_id", employment.estId());
        body.put("est_name", employment.estName());
        body.put("doj_epf", employment.joined().atDay(1).format(DATE));
        if (employment.left() != null) {
            body.put("doe_epf", employment.left().atEndOfMonth().format(DATE));
        }
        body.put("transactions", transactions);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("ee_total", String.valueOf(employee));
        totals.put("er_total", String.valueOf(employer));
        totals.put("pension_total", String.valueOf(pension));
        body.put("totals", totals);
        body.put("generated_on", today.format(DATE));
        return SimulatedAnswer.of(200, body);
    }

    private static Map<String, Object> row(
            YearMonth wageMonth,
            LocalDate date,
            String particulars,
            String type,
            int epfWages,
            int epsWages,
            long employee,
            long employer,
            long pension) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("wage_month", wageMonth.format(WAGE_MONTH));
        row.put("trrn_date", date.format(DATE));
        row.put("particulars", particulars);
        row.put("transaction_type", type);
        row.put("epf_wages", String.valueOf(epfWages));
        row.put("eps_wages", String.valueOf(epsWages));
        row.put("ee_share", String.valueOf(employee));
        row.put("er_share", String.valueOf(employer));
        row.put("pension_share", String.valueOf(pension));
        return row;
    }

    /** The rate declared for the financial year starting in April of the year (the nearest one known). */
    private static BigDecimal rate(int year) {
        Map.Entry<Integer, BigDecimal> declared = INTEREST.floorEntry(year);
        return declared != null ? declared.getValue() : INTEREST.firstEntry().getValue();
    }

    /** EPFO's interest: the rate per month on the sum of the year's monthly running balances. */
    private static long interest(long monthlyBalances, BigDecimal ratePercent) {
        return BigDecimal.valueOf(monthlyBalances)
                .multiply(ratePercent)
                .divide(BigDecimal.valueOf(1200), 0, RoundingMode.HALF_UP)
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
                LocalDate settled = approved.plusDays(d.between(1, 5));
                if (settled.isAfter(today)) {
                    // approved, the payment not made yet
                    status = "UNDER_PROCESS";
                } else {
                    status = "SETTLED";
                    history.add(step(settled, "SETTLED", "Amount sent to the bank account on record"));
                    body.put("settled_amount", String.valueOf(d.between(10, 300) * 500));
                    body.put("settlement_date", settled.format(DATE));
                    body.put("bank_account", "XXXXXXXX" + d.digits(4));
                }
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
