package org.janseva.payment.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.janseva.payment.settlement.Findings;
import org.janseva.payment.support.PaymentIntegrationTestBase;
import org.janseva.platform.test.OpenApiAssertions;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The operators' list of findings is paged as every list of the API ({@code ?page=0&size=20}, at
 * most 100, {@code {"items", "page"}}): after months of operation the record (status RESOLVED or
 * ALL) is too long for one answer. Findings are listed oldest first; those found at the same
 * instant keep one order, so that a page boundary among them neither repeats nor skips one.
 *
 * <p>The tests share their database with the others: the findings each test writes are found
 * before any other (a day before the oldest there is), so that they are the first ones listed.
 */
class FindingPagesIntegrationTests extends PaymentIntegrationTestBase {

    private static final String FINDINGS = "/internal/v1/reconciliation/findings";

    private static final List<String> FIELDS = List.of(
            "id",
            "paymentId",
            "gatewayOrderId",
            "kind",
            "status",
            "detail",
            "gatewayRefunded",
            "firstSeenAt",
            "lastSeenAt",
            "resolution");

    @Autowired
    Findings findings;

    private String paymentId;

    private Instant oldest;

    @BeforeEach
    void newPaymentBeforeEveryFinding() {
        paymentId = newPayment(newCitizen(), newBiller("10.00"), "10.00")
                .path("paymentId")
                .asString();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        oldest = jdbc.sql("select least(min(first_seen_at), ?) from reconciliation_finding")
                .params(now)
                .query(OffsetDateTime.class)
                .single()
                .toInstant()
                .minus(Duration.ofDays(1))
                .truncatedTo(ChronoUnit.SECONDS);
    }

    private String admin() {
        return "Bearer " + tokens.adminToken("platform-admin");
    }

    /** @return the id of a finding of the payment written as found at this instant */
    private String finding(Findings.Kind kind, Instant firstSeenAt, boolean resolved) {
        String id = "fnd-" + UUID.randomUUID().toString().replace("-", "");
        OffsetDateTime at = OffsetDateTime.ofInstant(firstSeenAt, ZoneOffset.UTC);
        jdbc.sql("insert into reconciliation_finding (id, payment_id, kind, detail, gateway_refunded, first_seen_at,"
                        + " last_seen_at, resolved_at, resolved_by, resolution_note) values (?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?)")
                .params(
                        id,
                        paymentId,
                        kind.name(),
                        "found for the paging tests",
                        new BigDecimal("10.00"),
                        at,
                        at,
                        resolved ? at.plusMinutes(5) : null,
                        resolved ? "platform-admin" : null,
                        resolved ? "settled" : null)
                .update();
        return id;
    }

    /** @return that many resolved findings found at the same instant, in the order they are listed */
    private List<String> resolvedAtOnce(int count, Instant at) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(finding(Findings.Kind.REFUNDED_AFTER_BILLER_CONFIRMED, at, true));
        }
        // written in a random order; one payment, one instant: listed by id
        Collections.sort(ids);
        return ids;
    }

    private JsonNode page(String query) {
        HttpResponse<String> response = http.get(FINDINGS + query, "Authorization", admin());
        assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return TestHttp.json(response);
    }

    private static List<String> ids(JsonNode page) {
        assertThat(page.path("items").isArray()).as(page.toString()).isTrue();
        return page.path("items")
                .valueStream()
                .map(f -> f.path("id").asString())
                .toList();
    }

    private static List<String> ids(List<JsonNode> findings) {
        return findings.stream().map(f -> f.path("id").asString()).toList();
    }

    /** @return the findings of this test's payment, as listed with {@code query} */
    private List<JsonNode> mine(String query) {
        return listedFindings(query, admin()).stream()
                .filter(f -> paymentId.equals(f.path("paymentId").asString()))
                .toList();
    }

    private long count(String where) {
        return jdbc.sql("select count(*) from reconciliation_finding" + where)
                .query(Long.class)
                .single();
    }

    private static void assertPage(JsonNode answer, int number, int size, long totalElements) {
        JsonNode page = answer.path("page");
        assertThat(page.path("number").asInt()).isEqualTo(number);
        assertThat(page.path("size").asInt()).isEqualTo(size);
        assertThat(page.path("totalElements").asLong()).isEqualTo(totalElements);
        assertThat(page.path("totalPages").asLong()).isEqualTo((totalElements + size - 1) / size);
    }

    @Test
    void shouldListTheFindingsAPageAtATimeOldestFirstWithoutRepeatingOrSkippingThoseFoundAtTheSameInstant() {
        Instant at = oldest.minus(Duration.ofHours(1));
        List<String> resolvedAtOnce = resolvedAtOnce(5, at);
        String openAtOnce = finding(Findings.Kind.PARTIAL_REFUND_AT_GATEWAY, at, false);
        String resolvedLater = finding(Findings.Kind.REFUNDED_AFTER_BILLER_CONFIRMED, at.plusMillis(1), true);
        long resolved = count(" where resolved_at is not null");
        long all = count("");
        long open = count(" where resolved_at is null");

        // RESOLVED two by two: each boundary falls among the findings of one instant
        List<String> listed = new ArrayList<>();
        for (int number = 0; number < 3; number++) {
            JsonNode answer = page("?status=RESOLVED&page=" + number + "&size=2");
            assertPage(answer, number, 2, resolved);
            assertThat(ids(answer)).hasSize(2);
            listed.addAll(ids(answer));
        }
        List<String> expected = new ArrayList<>(resolvedAtOnce);
        expected.add(resolvedLater);
        assertThat(listed).as("oldest first, no finding twice, none left out").isEqualTo(expected);

        // ALL three by three: the open one among them, in its place
        listed.clear();
        for (int number = 0; number < 2; number++) {
            JsonNode answer = page("?status=ALL&size=3&page=" + number);
            assertPage(answer, number, 3, all);
            listed.addAll(ids(answer));
        }
        expected = new ArrayList<>(resolvedAtOnce);
        expected.add(openAtOnce);
        Collections.sort(expected);
        assertThat(listed).isEqualTo(expected);
        assertThat(ids(page("?status=ALL&size=3&page=2")).get(0)).isEqualTo(resolvedLater);

        // OPEN, the default status
        JsonNode first = page("?size=1");
        assertPage(first, 0, 1, open);
        assertThat(ids(first)).containsExactly(openAtOnce);
        assertThat(page("?status=OPEN&size=1")).isEqualTo(first);

        // every finding on exactly one page, as many as the page says there are
        List<String> walked = new ArrayList<>();
        JsonNode answer;
        int number = 0;
        do {
            answer = page("?status=ALL&size=7&page=" + number++);
            walked.addAll(ids(answer));
        } while (number < answer.path("page").path("totalPages").asLong());
        assertThat(new HashSet<>(walked)).hasSameSizeAs(walked);
        assertThat(walked)
                .hasSize((int) all)
                .containsAll(expected)
                .contains(resolvedLater)
                .containsExactlyInAnyOrderElementsOf(jdbc.sql("select id from reconciliation_finding")
                        .query(String.class)
                        .list());
        List<Instant> found = listedFindings("?status=ALL", admin()).stream()
                .map(f -> Instant.parse(f.path("firstSeenAt").asString()))
                .toList();
        assertThat(found).isSorted();
    }

    @Test
    void shouldAnswerTwentyFromTheFirstByDefaultAndNoneAfterTheLastWithTheFindingsFieldsAsTheyWere() {
        Instant at = oldest.minus(Duration.ofHours(2));
        List<String> resolvedAtOnce = resolvedAtOnce(21, at);
        long resolved = count(" where resolved_at is not null");

        JsonNode first = page("?status=RESOLVED");

        assertPage(first, 0, 20, resolved);
        assertThat(ids(first)).isEqualTo(resolvedAtOnce.subList(0, 20));
        assertThat(ids(page("?status=RESOLVED&page=1&size=20")).get(0)).isEqualTo(resolvedAtOnce.get(20));
        JsonNode finding = first.path("items").get(0);
        assertThat(finding.propertyNames()).containsExactlyInAnyOrderElementsOf(FIELDS);
        assertThat(finding.path("paymentId").asString()).isEqualTo(paymentId);
        assertThat(finding.path("kind").asString()).isEqualTo("REFUNDED_AFTER_BILLER_CONFIRMED");
        assertThat(finding.path("status").asString()).isEqualTo("RESOLVED");
        assertThat(Instant.parse(finding.path("firstSeenAt").asString())).isEqualTo(at);
        assertThat(finding.path("resolution").path("by").asString()).isEqualTo("platform-admin");
        OpenApiAssertions.assertAnswerHasItsDocumentedShape(
                TestHttp.json(http.get("/v3/api-docs/internal")), "get " + FINDINGS, first);

        JsonNode full = page("?status=RESOLVED&size=100");
        assertPage(full, 0, 100, resolved);
        assertThat(ids(full)).hasSize((int) Math.min(100, resolved));
        JsonNode past = page("?status=RESOLVED&page=100000&size=100");
        assertPage(past, 100000, 100, resolved);
        assertThat(past.path("items").isArray()).isTrue();
        assertThat(past.path("items")).isEmpty();
    }

    @Test
    void shouldMoveNoFindingToAnotherPageWhenANewOneIsFound() {
        Instant at = oldest.minus(Duration.ofHours(3));
        List<String> resolvedAtOnce = resolvedAtOnce(4, at);
        JsonNode first = page("?status=ALL&size=2");
        long before = first.path("page").path("totalElements").asLong();

        findings.record(
                paymentId,
                Findings.Kind.REFUND_REFUSED,
                "found while an operator reads the list",
                BigDecimal.ZERO,
                clock.instant());

        JsonNode second = page("?status=ALL&size=2&page=1");
        assertThat(second.path("page").path("totalElements").asLong()).isEqualTo(before + 1);
        List<String> listed = new ArrayList<>(ids(first));
        listed.addAll(ids(second));
        assertThat(listed).isEqualTo(resolvedAtOnce);
    }

    @Test
    void shouldRefuseBadPagingWithAProblemAndChangeNothing() {
        Instant at = oldest.minus(Duration.ofHours(4));
        resolvedAtOnce(3, at);
        finding(Findings.Kind.PARTIAL_REFUND_AT_GATEWAY, at, false);
        List<JsonNode> before = mine("?status=ALL");
        long all = count("");

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("page=-1", "page");
        refused.put("page=100001", "page");
        refused.put("page=abc", "page");
        refused.put("page=1.5", "page");
        refused.put("page=99999999999", "page");
        refused.put("size=0", "size");
        refused.put("size=-5", "size");
        refused.put("size=101", "size");
        refused.put("size=1000000", "size");
        refused.put("size=ten", "size");
        refused.put("size=1e2", "size");
        for (Map.Entry<String, String> query : refused.entrySet()) {
            for (String status : List.of("", "status=OPEN&", "status=RESOLVED&", "status=ALL&")) {
                String path = FINDINGS + "?" + status + query.getKey();
                JsonNode problem = assertProblem(http.get(path, "Authorization", admin()), 400, "VALIDATION_FAILED");
                assertThat(problem.path("errors").findValuesAsString("field"))
                        .as(path)
                        .containsExactly(query.getValue());
            }
        }
        JsonNode both = assertProblem(
                http.get(FINDINGS + "?status=CLOSED&page=-1&size=0", "Authorization", admin()),
                400,
                "VALIDATION_FAILED");
        assertThat(both.path("errors").findValuesAsString("field")).containsExactly("page", "size", "status");

        assertThat(before).hasSize(4);
        assertThat(mine("?status=ALL")).isEqualTo(before);
        assertThat(mine("?status=OPEN")).hasSize(1);
        // the limits themselves are taken
        assertThat(ids(page("?status=ALL&page=0&size=1"))).isEqualTo(ids(before).subList(0, 1));
        assertPage(page("?status=ALL&page=100000&size=100"), 100000, 100, all);
    }
}
