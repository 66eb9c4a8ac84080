package org.janseva.simulator.departments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The generic answers of departments without hand-written ones, for operations of the shipped
 * catalogue (their paths and example inputs, catalog-service's operations.txt and fields.txt).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SettableClockConfiguration.class)
class GenericAnswersIntegrationTests {

    /** 01:30 on 1 December 2026 in India, still 30 November in UTC. */
    private static final Instant NOW = Instant.parse("2026-11-30T20:00:00Z");

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    @LocalServerPort
    int port;

    @Autowired
    SettableClock clock;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        clock.set(NOW);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** What an answer is, told by the fields that only that kind of answer has. */
    private static String kind(HttpResponse<String> response) {
        JsonNode answer = TestHttp.json(response);
        if (answer.has("acknowledgementNumber")) {
            return response.statusCode() == 201 ? "application" : "application with " + response.statusCode();
        }
        if (answer.has("history")) {
            return "status";
        }
        if (answer.has("documentNumber") && answer.has("validUntil")) {
            return "document";
        }
        if (answer.has("recordNumber")) {
            return "record";
        }
        if (answer.path("items").isArray()) {
            return "list";
        }
        return answer.toString();
    }

    private HttpResponse<String> call(String method, String path, String body) {
        return method.equals("GET") ? http.get(path) : http.sendJson(method, path, body);
    }

    @Test
    void shouldAnswerEachOperationWithTheKindOfAnswerItAsksFor() {
        // method, path, body (the catalogue's examples), the kind of answer
        List<List<String>> operations = List.of(
                List.of("GET", "/departments/IMD/forecast?pincode=560001", "", "list"),
                List.of("GET", "/departments/IMD/alerts?pincode=560001", "", "list"),
                List.of("GET", "/departments/ENAM/prices?commodity=Wheat&state=KA", "", "list"),
                List.of("GET", "/departments/EPFO/information", "", "list"),
                List.of("GET", "/departments/EPFO/establishments?name=Infosys", "", "list"),
                List.of("GET", "/departments/RAILWAYS/trains/12951/running?date=2024-07-15", "", "list"),
                List.of("GET", "/departments/NTA/exams?year=2024", "", "list"),
                List.of("GET", "/departments/CULTURE/events?month=2024-06", "", "list"),
                List.of("GET", "/departments/ECOURTS/cause-lists?court=KABC01&date=2024-07-15", "", "list"),
                List.of("GET", "/departments/AP-FOOD/fair-price-shops?pincode=560001", "", "list"),
                List.of(
                        "POST",
                        "/departments/AP-REVENUE/land-records/lookup",
                        "{\"district\": \"Bengaluru Urban\", \"village\": \"Yelahanka\", \"surveyNumber\": \"123/4A\"}",
                        "record"),
                List.of(
                        "POST",
                        "/departments/AP-FOOD/ration-cards/transactions",
                        "{\"rationCardNumber\": \"RC2900123456\", \"month\": \"2024-06\"}",
                        "record"),
                List.of(
                        "POST",
                        "/departments/AP-FOOD/ration-cards/entitlement",
                        "{\"rationCardNumber\": \"RC2900123456\", \"month\": \"2024-06\"}",
                        "record"),
                List.of(
                        "POST",
                        "/departments/PENSION/pension-slips",
                        "{\"ppoNumber\": \"MHBAN00012345\", \"month\": \"2024-06\"}",
                        "record"),
                List.of("POST", "/departments/DBT/aadhaar-seeding", "{\"aadhaarNumber\": \"999941057058\"}", "record"),
                List.of("POST", "/departments/DBT/payments/lookup", "{\"beneficiaryId\": \"BEN2024000123\"}", "record"),
                List.of("POST", "/departments/ESIC/contributions", "{\"ipNumber\": \"3112345678\"}", "record"),
                List.of(
                        "POST",
                        "/departments/AP-TRANSPORT/vehicles/lookup",
                        "{\"vehicleNumber\": \"KA01AB1234\"}",
                        "document"),
                List.of(
                        "POST",
                        "/departments/ECI/e-epic",
                        "{\"epicNumber\": \"ABC1234567\", \"mobile\": \"9876543210\"}",
                        "document"),
                List.of(
                        "POST",
                        "/departments/AP-TRANSPORT/driving-licences/lookup",
                        "{\"dlNumber\": \"KA0120190001234\", \"dateOfBirth\": \"1990-01-01\"}",
                        "document"),
                List.of(
                        "POST",
                        "/departments/AP-REVENUE/registrations/lookup",
                        "{\"documentNumber\": \"1234\", \"year\": 2024}",
                        "record"),
                List.of("GET", "/departments/AP-REVENUE/applications/AP2024000123", "", "status"),
                List.of("GET", "/departments/DARPG/grievances/DARPG%2FE%2F2024%2F0001234", "", "status"),
                List.of(
                        "POST",
                        "/departments/DARPG/grievances",
                        "{\"mobile\": \"9876543210\", \"grievanceText\": \"x\"}",
                        "application"),
                List.of(
                        "POST",
                        "/departments/NPS/contributions",
                        "{\"pran\": \"110012345678\", \"amount\": {\"value\": \"1234.50\", \"currency\": \"INR\"}}",
                        "application"),
                List.of(
                        "POST",
                        "/departments/AP-TRANSPORT/test-slots",
                        "{\"applicationNumber\": \"AP2024000123\", \"preferredDate\": \"2026-12-10\"}",
                        "application"),
                List.of(
                        "POST",
                        "/departments/PMKISAN/registrations",
                        "{\"aadhaarNumber\": \"999941057058\"}",
                        "application"));

        List<String> wrong = new ArrayList<>();
        for (List<String> operation : operations) {
            HttpResponse<String> response = call(operation.get(0), operation.get(1), operation.get(2));
            String kind = response.statusCode() / 100 == 2 ? kind(response) : "HTTP " + response.statusCode();
            if (!kind.equals(operation.get(3))) {
                wrong.add(operation.get(0) + " " + operation.get(1) + ": " + kind);
            }
            if (List.of("list", "record", "document").contains(operation.get(3))) {
                assertThat(response.body()).as(operation.get(1)).doesNotContain("Your application", "Your request");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void shouldFillInformationAnswersWithItemsOfTheirTopic() {
        JsonNode forecast = TestHttp.json(http.get("/departments/IMD/forecast?pincode=560001"));
        JsonNode prices = TestHttp.json(http.get("/departments/ENAM/prices?commodity=Wheat&state=KA"));
        JsonNode running = TestHttp.json(http.get("/departments/RAILWAYS/trains/12951/running?date=2024-07-15"));
        JsonNode alerts = TestHttp.json(http.get("/departments/IMD/alerts?pincode=560001"));

        assertThat(forecast.path("items").get(0).path("date").asString()).isEqualTo(TODAY.toString());
        assertThat(forecast.path("items").get(0).has("maxTemperatureC")).isTrue();
        prices.path("items").forEach(item -> {
            assertThat(item.path("commodity").asString()).isEqualTo("Wheat");
            assertThat(item.path("modalPrice").path("currency").asString()).isEqualTo("INR");
        });
        assertThat(running.path("items").get(0).has("station")).isTrue();
        alerts.path("items").forEach(item -> assertThat(item.has("severity")).isTrue());
    }

    @Test
    void shouldDateNoStatusHistoryAfterToday() {
        for (int i = 0; i < 200; i++) {
            JsonNode answer = TestHttp.json(http.get("/departments/EPFO/grievances/DARPG%2FE%2F2026%2F" + (10000 + i)));

            JsonNode history = answer.path("history");
            for (JsonNode step : history) {
                assertThat(LocalDate.parse(step.path("date").asString()))
                        .as(answer.toString())
                        .isBeforeOrEqualTo(TODAY);
            }
            assertThat(history.get(history.size() - 1).path("status").asString())
                    .as(answer.toString())
                    .isEqualTo(answer.path("status").asString());
        }
    }

    @Test
    void shouldCallADocumentValidOnlyUntilItsValidUntil() {
        int expired = 0;
        for (int i = 0; i < 200; i++) {
            JsonNode document = TestHttp.json(http.get("/departments/HR-REVENUE/certificates/HR2026" + (100000 + i)));

            LocalDate validUntil = LocalDate.parse(document.path("validUntil").asString());
            assertThat(LocalDate.parse(document.path("issuedOn").asString())).isBeforeOrEqualTo(TODAY);
            if (validUntil.isBefore(TODAY)) {
                expired++;
                assertThat(document.path("status").asString())
                        .as(document.toString())
                        .isEqualTo("EXPIRED");
            } else {
                assertThat(document.path("status").asString())
                        .as(document.toString())
                        .isEqualTo("VALID");
            }
        }
        assertThat(expired).as("some documents have run out").isPositive();
    }

    @Test
    void shouldDateNothingThatHappenedAfterToday() {
        // fields that look ahead (a validity, a due date, a slot, a forecast) may lie after today
        List<String> ahead = List.of("validUntil", "expectedBy", "dueDate", "slots", "items");
        List<String> paths = List.of(
                "/departments/AP-FOOD/ration-cards/transactions",
                "/departments/PENSION/pension-slips",
                "/departments/DBT/aadhaar-seeding",
                "/departments/DBT/payments/lookup",
                "/departments/AP-REVENUE/land-records/lookup",
                "/departments/NPS/withdrawals/status");
        for (String path : paths) {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = http.postJson(path, "{\"id\": \"X" + i + "\"}");
                assertThat(response.statusCode() / 100).isEqualTo(2);
                JsonNode answer = TestHttp.json(response);
                for (Map.Entry<String, JsonNode> field : answer.properties()) {
                    if (!ahead.contains(field.getKey())) {
                        assertNoDateAfterToday(path + " " + field.getKey(), field.getValue());
                    }
                }
            }
        }
    }

    private static void assertNoDateAfterToday(String where, JsonNode node) {
        if (node.isContainer()) {
            node.forEach(child -> assertNoDateAfterToday(where, child));
        } else if (node.isString() && node.asString().matches("\\d{4}-\\d{2}-\\d{2}")) {
            assertThat(LocalDate.parse(node.asString())).as(where).isBeforeOrEqualTo(TODAY);
        }
    }
}
