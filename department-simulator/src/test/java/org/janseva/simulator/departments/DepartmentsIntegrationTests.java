package org.janseva.simulator.departments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.janseva.platform.test.TestHttp;
import org.janseva.simulator.fault.FaultInjector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DepartmentsIntegrationTests {

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
    }

    @AfterEach
    void clearFaults() {
        for (String target : List.of("EPFO", "TN-TRANSPORT", "SLOW-DEPT")) {
            http.sendJson("DELETE", "/faults/" + target, "");
        }
    }

    private HttpResponse<String> passbook(String uan) {
        return http.postJson("/departments/EPFO/member/passbook", "{\"uan\": \"" + uan + "\"}");
    }

    private HttpResponse<String> claim(String uan, String claimId) {
        return http.postJson(
                "/departments/EPFO/member/claims/status",
                "{\"uan\": \"" + uan + "\", \"claimId\": \"" + claimId + "\"}");
    }

    @Test
    void shouldAnswerTheEpfoPassbookTheSameWayEveryTime() {
        HttpResponse<String> first = passbook("100200300400");
        HttpResponse<String> second = passbook("100200300400");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        JsonNode passbook = TestHttp.json(first);
        assertThat(passbook.path("uan").asString()).isEqualTo("100200300400");
        assertThat(passbook.path("member_name").asString()).isNotBlank();
        assertThat(passbook.path("est_id").asString()).matches("[A-Z]{5}\\d{10}");
        JsonNode transactions = passbook.path("transactions");
        // the balance brought forward, 24 months, two years' interest
        assertThat(transactions.size()).isBetween(12, 27);
        long employee = 0;
        for (JsonNode row : transactions) {
            assertThat(row.path("trrn_date").asString()).matches("\\d{2}-\\d{2}-\\d{4}");
            employee += Long.parseLong(row.path("ee_share").asString());
        }
        assertThat(passbook.path("totals").path("ee_total").asString()).isEqualTo(String.valueOf(employee));
    }

    @Test
    void shouldGiveAnotherMemberAnotherPassbook() {
        JsonNode one = TestHttp.json(passbook("100200300400"));
        JsonNode other = TestHttp.json(passbook("100200300401"));

        assertThat(other.path("member_id").asString())
                .isNotEqualTo(one.path("member_id").asString());
    }

    @Test
    void shouldRefuseUnknownAndMalformedUans() {
        HttpResponse<String> unknown = passbook("100200300000");
        HttpResponse<String> malformed = passbook("12345");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(unknown).path("error_code").asString()).isEqualTo("UAN_NOT_FOUND");
        assertThat(malformed.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldTrackAClaimWithItsHistory() {
        HttpResponse<String> response = claim("100200300400", "MHBAN240400012345");

        JsonNode claim = TestHttp.json(response);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(claim.path("claim_status").asString()).isIn("UNDER_PROCESS", "REJECTED", "SETTLED");
        assertThat(claim.path("status_history").get(0).path("status").asString())
                .isEqualTo("RECEIVED");
        assertThat(claim("100200300400", "MHBAN240400012345").body()).isEqualTo(response.body());
    }

    @Test
    void shouldAnswerAnyOperationOfAnyDepartmentDeterministicallyFromItsInput() {
        String body = "{\"vehicleNumber\": \"TN01AB1234\"}";
        HttpResponse<String> first = http.postJson("/departments/TN-TRANSPORT/vehicles/status", body);
        HttpResponse<String> again = http.postJson("/departments/TN-TRANSPORT/vehicles/status", body);
        HttpResponse<String> other =
                http.postJson("/departments/TN-TRANSPORT/vehicles/status", "{\"vehicleNumber\": \"TN01AB1235\"}");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        JsonNode answer = TestHttp.json(first);
        assertThat(answer.path("referenceNumber").asString()).startsWith("TN-TRANSPORT/");
        assertThat(answer.path("status").asString()).isNotBlank();
        assertThat(answer.path("message").asString()).isNotBlank();
        assertThat(TestHttp.json(other).path("referenceNumber").asString())
                .isNotEqualTo(answer.path("referenceNumber").asString());
    }

    @Test
    void shouldDecodePathPlaceholdersAndReadQueryParameters() {
        HttpResponse<String> encoded =
                http.get("/departments/TN-TRANSPORT/licences/DL%20123/certificate?dob=1990-01-01");
        HttpResponse<String> plain = http.get("/departments/TN-TRANSPORT/licences/DL%20123/certificate?dob=1990-01-01");

        assertThat(encoded.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(encoded).path("status").asString()).isEqualTo("VALID");
        assertThat(plain.body()).isEqualTo(encoded.body());
    }

    @Test
    void shouldTakeAnEncodedSlashAsPartOfOnePathSegment() {
        HttpResponse<String> response = http.get("/departments/DARPG/grievances/DARPG%2FE%2F2024%2F0001234");

        assertThat(response.statusCode())
                .as("Tomcat refuses %2F unless told otherwise")
                .isEqualTo(200);
        assertThat(TestHttp.json(response).path("status").asString())
                .as("a GET reads, it never registers anything")
                .isIn("SUBMITTED", "UNDER_REVIEW", "APPROVED", "REJECTED");
        assertThat(TestHttp.json(response).path("history").isArray()).isTrue();
    }

    @Test
    void shouldAnswerHealthForProbes() {
        assertThat(TestHttp.json(http.get("/departments/EPFO/health"))
                        .path("status")
                        .asString())
                .isEqualTo("UP");
    }

    @Test
    void shouldAnswerHeadLikeGet() {
        for (String path : List.of("/departments/ZS-SIM/health", "/departments/TN-TRANSPORT/vehicles/status")) {
            HttpResponse<String> head = http.send(http.request(path)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build());
            HttpResponse<String> get = http.get(path);

            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length"))
                    .as(path)
                    .isEqualTo(get.headers().firstValue("Content-Length"));
        }
    }

    @Test
    void shouldAnswerEveryDepartmentCodeItAcceptsHoweverShort() {
        for (String code : List.of("ZS--", "A-B-C", "A", "9", "AB-", "A---------")) {
            for (String path : List.of("/licence/verify", "/certificates/X1", "/grievances", "/information", "/x")) {
                HttpResponse<String> response = http.postJson("/departments/" + code + path, "{}");
                HttpResponse<String> read = http.get("/departments/" + code + path);

                assertThat(response.statusCode() / 100).as(code + path).isEqualTo(2);
                assertThat(read.statusCode()).as(code + path).isEqualTo(200);
                assertThat(TestHttp.json(response).path("referenceNumber").asString())
                        .startsWith(code + "/");
            }
        }
    }

    @Test
    void shouldFailAtOnceWithInternalErrorTextWhenTheDepartmentIsDown() {
        http.sendJson("PUT", "/faults/EPFO", "{\"down\": true}");

        HttpResponse<String> response = passbook("100200300400");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains(FaultInjector.INTERNAL_ERROR_TEXT);
    }

    @Test
    void shouldAnswerGarbageOrOversizedBodiesOnDemand() {
        http.sendJson("PUT", "/faults/TN-TRANSPORT", "{\"garbage\": true}");
        HttpResponse<String> garbage = http.get("/departments/TN-TRANSPORT/vehicles/status");
        http.sendJson("PUT", "/faults/TN-TRANSPORT", "{\"oversized\": true}");
        HttpResponse<String> oversized = http.get("/departments/TN-TRANSPORT/vehicles/status");

        assertThat(garbage.statusCode()).isEqualTo(200);
        assertThat(garbage.body()).startsWith("<html>");
        assertThat(oversized.statusCode()).isEqualTo(200);
        assertThat(oversized.body().length()).isGreaterThan(2_000_000);
    }

    @Test
    void shouldCountCallsAndHowManyItHeldAtOnce() {
        http.sendJson("DELETE", "/faults/SLOW-DEPT/stats", "");
        http.sendJson("PUT", "/faults/SLOW-DEPT", "{\"latencyMs\": 300}");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> http.get("/departments/SLOW-DEPT/anything"), pool));
            }
            calls.forEach(call -> assertThat(call.join().statusCode()).isEqualTo(200));
        } finally {
            pool.shutdown();
        }

        JsonNode stats = TestHttp.json(http.get("/faults/SLOW-DEPT/stats"));
        assertThat(stats.path("calls").asLong()).isEqualTo(4);
        assertThat(stats.path("inFlight").asInt()).isZero();
        assertThat(stats.path("maxInFlight").asInt()).isBetween(2, 4);
    }
}
