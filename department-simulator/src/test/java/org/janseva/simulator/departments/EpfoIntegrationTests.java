package org.janseva.simulator.departments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/** EPFO's hand-written answers on given days: dates, interest, the balance brought forward, member ids. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SettableClockConfiguration.class)
class EpfoIntegrationTests {

    private static final DateTimeFormatter EPFO_DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");
    /** The catalogue's example input of EPFO-PASSBOOK (catalog-service's fields.txt). */
    private static final String EXAMPLE_UAN = "100123456789";

    private static final String EXAMPLE_MEMBER_ID = "MHBAN00000640000000125";

    @LocalServerPort
    int port;

    @Autowired
    SettableClock clock;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private HttpResponse<String> passbook(String body) {
        return http.postJson("/departments/EPFO/passbook", body);
    }

    private JsonNode passbookOf(String uan) {
        HttpResponse<String> response = passbook("{\"uan\": \"" + uan + "\"}");
        assertThat(response.statusCode()).as(uan).isEqualTo(200);
        return TestHttp.json(response);
    }

    private static LocalDate date(JsonNode node) {
        return LocalDate.parse(node.asString(), EPFO_DATE);
    }

    @Test
    void shouldDateNoPassbookCreditAfterTheDayThePassbookIsGeneratedOn() {
        // 20:00 UTC is 01:30 the next day in India: the 1st, before any employer has paid last month's dues
        clock.set(Instant.parse("2026-11-30T20:00:00Z"));

        for (int i = 0; i < 30; i++) {
            JsonNode passbook = passbookOf(String.valueOf(100200300400L + i));

            LocalDate generated = date(passbook.path("generated_on"));
            assertThat(generated).isEqualTo(LocalDate.of(2026, 12, 1));
            for (JsonNode row : passbook.path("transactions")) {
                assertThat(date(row.path("trrn_date")))
                        .as("%s %s", passbook.path("uan").asString(), row)
                        .isBeforeOrEqualTo(generated);
            }
        }
    }

    @Test
    void shouldCreditInterestForEveryYearEvenWhenAContributionIsMissing() {
        clock.set(Instant.parse("2026-06-20T06:00:00Z"));

        for (int i = 0; i < 200; i++) {
            JsonNode passbook = passbookOf(String.valueOf(100200300400L + i));

            List<String> interestDates = new ArrayList<>();
            for (JsonNode row : passbook.path("transactions")) {
                if (row.path("transaction_type").asString().equals("INT")) {
                    interestDates.add(row.path("trrn_date").asString());
                }
            }
            // every member joined 30 months or more ago: both year ends of the last 24 months are theirs
            assertThat(interestDates).as(passbook.path("uan").asString()).containsExactly("31-03-2025", "31-03-2026");
        }
    }

    @Test
    void shouldBringTheBalanceForwardFromTheJoiningDate() {
        clock.set(Instant.parse("2026-12-10T06:00:00Z"));

        for (int i = 0; i < 20; i++) {
            JsonNode passbook = passbookOf(String.valueOf(100200300400L + i));
            JsonNode rows = passbook.path("transactions");
            YearMonth joined = YearMonth.from(date(passbook.path("doj_epf")));
            YearMonth firstListed =
                    YearMonth.parse(rows.get(1).path("wage_month").asString(), DateTimeFormatter.ofPattern("MMyyyy"));
            long monthsBefore = joined.until(firstListed, java.time.temporal.ChronoUnit.MONTHS);

            JsonNode opening = rows.get(0);
            assertThat(opening.path("transaction_type").asString()).isEqualTo("OB");
            assertThat(opening.path("particulars").asString()).startsWith("Balance brought forward");
            assertThat(date(opening.path("trrn_date")))
                    .isBefore(date(rows.get(1).path("trrn_date")));
            // at least 12% of the smallest wage (12,000) for most of the months before the listing
            assertThat(Long.parseLong(opening.path("ee_share").asString()))
                    .as(passbook.path("uan").asString())
                    .isGreaterThanOrEqualTo(Math.round(monthsBefore * 0.9 * 1440));
            assertThat(Long.parseLong(opening.path("pension_share").asString())).isGreaterThan(0);
            long employee = 0;
            long employer = 0;
            long pension = 0;
            for (JsonNode row : rows) {
                employee += Long.parseLong(row.path("ee_share").asString());
                employer += Long.parseLong(row.path("er_share").asString());
                pension += Long.parseLong(row.path("pension_share").asString());
            }
            JsonNode totals = passbook.path("totals");
            assertThat(totals.path("ee_total").asString()).isEqualTo(String.valueOf(employee));
            assertThat(totals.path("er_total").asString()).isEqualTo(String.valueOf(employer));
            assertThat(totals.path("pension_total").asString()).isEqualTo(String.valueOf(pension));
        }
    }

    @Test
    void shouldAnswerTheCataloguesExampleMemberId() {
        HttpResponse<String> response =
                passbook("{\"uan\": \"" + EXAMPLE_UAN + "\", \"memberId\": \"" + EXAMPLE_MEMBER_ID + "\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode passbook = TestHttp.json(response);
        assertThat(passbook.path("member_id").asString()).isEqualTo(EXAMPLE_MEMBER_ID);
        assertThat(passbook.path("est_id").asString()).isEqualTo(EXAMPLE_MEMBER_ID.substring(0, 15));
        assertThat(passbookOf(EXAMPLE_UAN).path("member_id").asString()).isEqualTo(EXAMPLE_MEMBER_ID);
    }

    @Test
    void shouldAnswerEachOfTheUansMemberIdsAndRefuseAnyOther() {
        String uan = "100200300411";
        JsonNode current = passbookOf(uan);
        List<String> memberIds = new ArrayList<>();
        current.path("member_ids").forEach(id -> memberIds.add(id.asString()));
        assertThat(memberIds).first().isEqualTo(current.path("member_id").asString());

        for (String memberId : memberIds) {
            HttpResponse<String> response = passbook("{\"uan\": \"" + uan + "\", \"memberId\": \"" + memberId + "\"}");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode passbook = TestHttp.json(response);
            assertThat(passbook.path("member_id").asString()).isEqualTo(memberId);
            assertThat(passbook.path("est_id").asString()).isEqualTo(memberId.substring(0, 15));
            assertThat(passbook.path("member_name").asString())
                    .isEqualTo(current.path("member_name").asString());
        }
        HttpResponse<String> others =
                passbook("{\"uan\": \"" + uan + "\", \"memberId\": \"" + EXAMPLE_MEMBER_ID + "\"}");
        HttpResponse<String> malformed = passbook("{\"uan\": \"" + uan + "\", \"memberId\": \"MH12\"}");

        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(others).path("error_code").asString()).isEqualTo("MEMBER_ID_NOT_FOUND");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(malformed).path("error_code").asString()).isEqualTo("INVALID_MEMBER_ID");
    }

    @Test
    void shouldGiveAnEarlierMemberIdItsOwnServiceAndBalance() {
        clock.set(Instant.parse("2026-12-10T06:00:00Z"));
        // some UAN among these has worked for more than one establishment
        for (int i = 0; i < 40; i++) {
            String uan = String.valueOf(100200300400L + i);
            JsonNode current = passbookOf(uan);
            JsonNode ids = current.path("member_ids");
            for (int j = 1; j < ids.size(); j++) {
                JsonNode earlier = TestHttp.json(passbook("{\"uan\": \"" + uan + "\", \"memberId\": \""
                        + ids.get(j).asString() + "\"}"));
                LocalDate left = date(earlier.path("doe_epf"));
                assertThat(left).isBefore(date(current.path("doj_epf")));
                assertThat(date(earlier.path("doj_epf"))).isBefore(left);
                for (JsonNode row : earlier.path("transactions")) {
                    if (row.path("transaction_type").asString().equals("CR")) {
                        assertThat(YearMonth.parse(
                                        row.path("wage_month").asString(), DateTimeFormatter.ofPattern("MMyyyy")))
                                .isBeforeOrEqualTo(YearMonth.from(left));
                    }
                }
                return;
            }
        }
        throw new AssertionError("none of 40 UANs has an earlier member id");
    }

    @Test
    void shouldDateNoClaimStepOrSettlementAfterToday() {
        clock.set(Instant.parse("2026-11-30T20:00:00Z"));
        LocalDate today = LocalDate.of(2026, 12, 1);

        // claims received in the last few days and settled in a few more are rare: ask many
        for (int i = 0; i < 400; i++) {
            String claimId = "MHBAN2611" + (10000001 + i);
            HttpResponse<String> response = http.postJson(
                    "/departments/EPFO/claims/status", "{\"uan\": \"100200300400\", \"claimId\": \"" + claimId + "\"}");

            JsonNode claim = TestHttp.json(response);
            assertThat(response.statusCode()).isEqualTo(200);
            for (JsonNode step : claim.path("status_history")) {
                assertThat(date(step.path("date"))).as(claimId).isBeforeOrEqualTo(today);
            }
            if (claim.has("settlement_date")) {
                assertThat(date(claim.path("settlement_date"))).as(claimId).isBeforeOrEqualTo(today);
            }
            JsonNode last = claim.path("status_history")
                    .get(claim.path("status_history").size() - 1);
            String status = claim.path("claim_status").asString();
            assertThat(status.equals("UNDER_PROCESS")
                            || status.equals(last.path("status").asString()))
                    .as("%s: %s after %s", claimId, status, last)
                    .isTrue();
        }
    }
}
