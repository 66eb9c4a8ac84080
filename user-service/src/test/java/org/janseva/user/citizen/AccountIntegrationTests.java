package org.janseva.user.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.MutableClock;
import org.janseva.user.UserServiceTest;
import org.janseva.user.UserServiceTestSupport;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Profile, favourites, recent services (with the internal endpoint) and erasure. */
@UserServiceTest
class AccountIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    MutableClock clock;

    @Autowired
    MpinProperties mpinProperties;

    @Value("${platform.user.otp.hmac-secret}")
    String otpSecret;

    Citizen citizen;
    TestHttp http;
    String mobile;
    String token;
    String citizenId;
    ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThePool() {
        pool.shutdownNow();
        clock.reset();
    }

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        citizen = new Citizen(http);
        mobile = UserServiceTestSupport.newMobile();
        JsonNode registered = citizen.registered(mobile, "482916");
        token = registered.path("access_token").asString();
        citizenId = registered.path("user").path("id").asString();
    }

    @Test
    void shouldPatchTheProfileAndKeepTheMobileMasked() {
        HttpResponse<String> patched = http.sendJson(
                "PATCH",
                "/api/v1/users/me",
                "{\"name\": \"Asha Kumari\", \"email\": \"asha@example.org\", \"gender\": \"FEMALE\","
                        + " \"dateOfBirth\": \"1990-04-23\", \"preferredLanguage\": \"ta\", \"state\": null}",
                "Authorization",
                "Bearer " + token);

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        JsonNode me = TestHttp.json(citizen.get("/api/v1/users/me", token));
        assertThat(me.path("name").asString()).isEqualTo("Asha Kumari");
        assertThat(me.path("email").asString()).isEqualTo("asha@example.org");
        assertThat(me.path("dateOfBirth").asString()).isEqualTo("1990-04-23");
        assertThat(me.path("preferredLanguage").asString()).isEqualTo("ta");
        assertThat(me.path("state").isNull()).isTrue();
        assertThat(me.path("mobile").asString()).isEqualTo("******" + mobile.substring(6));
        assertThat(patched.body()).doesNotContain(mobile);
    }

    @Test
    void shouldRefuseAnInvalidProfilePatchFieldByField() {
        JsonNode problem = assertProblem(
                http.sendJson(
                        "PATCH",
                        "/api/v1/users/me",
                        "{\"name\": \"\", \"email\": \"nope\", \"preferredLanguage\": \"fr\", \"mobile\": \"9\"}",
                        "Authorization",
                        "Bearer " + token),
                400,
                "VALIDATION_FAILED");
        assertThat(problem.path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("name", "email", "preferredLanguage", "mobile");
    }

    @Test
    void shouldRefuseAnEmailThatIsNotAPlainAddressSayingWhyAndChangeNothing() {
        HttpResponse<String> set = patch(Map.of("email", "asha@example.org"));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Map<String, Object> before = profileRow(jdbc);
        Map<String, String> refused = Map.of(
                "a@...",
                Emails.BAD_DOMAIN,
                "<script>alert(1)</script>@x.y",
                Emails.BAD_LOCAL_PART,
                "a\u0007b@x.y",
                Emails.BAD_LOCAL_PART,
                "a,b;c@x.y",
                Emails.BAD_LOCAL_PART,
                "\"asha rao\"@example.in",
                Emails.BAD_LOCAL_PART,
                "asha@localhost",
                Emails.BAD_DOMAIN,
                "asha@[192.0.2.1]",
                Emails.BAD_DOMAIN,
                "\u0938\u0902\u092a\u0930\u094d\u0915@example.in",
                Emails.NOT_ASCII,
                "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(59) + ".in",
                Emails.TOO_LONG);

        refused.forEach((email, message) -> {
            HttpResponse<String> response = patch(Map.of("name", "Asha Kumari", "email", email));

            JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors")).as(email).hasSize(1);
            assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("email");
            assertThat(problem.path("errors").get(0).path("message").asString())
                    .as(email)
                    .isEqualTo(message);
            assertThat(response.body()).doesNotContain("<script>", "alert", "asha", "192.0.2.1");
        });

        JsonNode me = TestHttp.json(citizen.get("/api/v1/users/me", token));
        assertThat(me.path("email").asString()).isEqualTo("asha@example.org");
        assertThat(me.path("name").asString()).isEqualTo("Asha Devi");
        assertThat(profileRow(jdbc)).isEqualTo(before);

        // a domain in another script is taken in its xn-- form (डाटामेल.भारत)
        HttpResponse<String> idn = patch(Map.of("email", "info@xn--c2bd4bq1db8d.xn--h2brj9c"));
        assertThat(idn.statusCode()).as(idn.body()).isEqualTo(200);
        assertThat(TestHttp.json(idn).path("email").asString()).isEqualTo("info@xn--c2bd4bq1db8d.xn--h2brj9c");
    }

    @Test
    void shouldApplyBothOfTwoPatchesOfDifferentFieldsSentAtOnce() throws Exception {
        assertThat(patch(Map.of("gender", "FEMALE", "state", "KA")).statusCode())
                .isEqualTo(200);
        HttpResponse<String> gender;
        HttpResponse<String> state;
        // both patches are made to wait on the citizen's row, so they overlap for certain
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("select 1 from citizen where id = ? for update")) {
                lock.setString(1, citizenId);
                try (ResultSet row = lock.executeQuery()) {
                    assertThat(row.next()).isTrue();
                }
            }
            CompletableFuture<HttpResponse<String>> first =
                    CompletableFuture.supplyAsync(() -> patch(Map.of("gender", "MALE")), pool);
            awaitWaiting(1);
            CompletableFuture<HttpResponse<String>> second =
                    CompletableFuture.supplyAsync(() -> patch(Map.of("state", "KL")), pool);
            awaitWaiting(2);
            holder.rollback();
            gender = first.get(20, TimeUnit.SECONDS);
            state = second.get(20, TimeUnit.SECONDS);
        }

        assertThat(gender.statusCode()).as(gender.body()).isEqualTo(200);
        assertThat(state.statusCode()).as(state.body()).isEqualTo(200);
        // the second saw the first's change: its answer and the stored profile have both
        assertThat(TestHttp.json(state).path("gender").asString()).isEqualTo("MALE");
        JsonNode me = TestHttp.json(citizen.get("/api/v1/users/me", token));
        assertThat(me.path("gender").asString()).isEqualTo("MALE");
        assertThat(me.path("state").asString()).isEqualTo("KL");
    }

    /** Waits until this many backends wait for a lock. */
    private void awaitWaiting(int waiting) throws InterruptedException {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        int now = 0;
        while (Instant.now().isBefore(deadline)) {
            now = jdbc.sql("""
                            select count(*) from pg_stat_activity
                            where datname = current_database() and cardinality(pg_blocking_pids(pid)) > 0
                            """).query(Integer.class).single();
            if (now >= waiting) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(now).as("requests waiting on the citizen's row").isEqualTo(waiting);
    }

    private HttpResponse<String> patch(Map<String, String> members) {
        return http.sendJson(
                "PATCH",
                "/api/v1/users/me",
                TestHttp.jsonMapper().writeValueAsString(members),
                "Authorization",
                "Bearer " + token);
    }

    private Map<String, Object> profileRow(JdbcClient jdbc) {
        return jdbc.sql("select name, email, updated_at from citizen where id = ?")
                .param(citizenId)
                .query()
                .singleRow();
    }

    @Test
    void shouldTakeOnlyAStateOrUnionTerritoryCodeAndChangeNothingElse() {
        for (String state : List.of("Narnia", "", "Karnataka", "XX", "IN-KA")) {
            HttpResponse<String> refused = http.sendJson(
                    "PATCH",
                    "/api/v1/users/me",
                    "{\"name\": \"Asha Kumari\", \"state\": \"" + state + "\"}",
                    "Authorization",
                    "Bearer " + token);

            JsonNode problem = assertProblem(refused, 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(state)
                    .containsExactly("state");
            assertThat(problem.path("errors").get(0).path("message").asString())
                    .startsWith("must be one of [AP, AR, ")
                    .contains("KA", "DL", "PY");
        }
        JsonNode unchanged = TestHttp.json(citizen.get("/api/v1/users/me", token));
        assertThat(unchanged.path("state").asString()).isEqualTo("KA");
        assertThat(unchanged.path("name").asString()).isEqualTo("Asha Devi");

        HttpResponse<String> patched =
                http.sendJson("PATCH", "/api/v1/users/me", "{\"state\": \" mh \"}", "Authorization", "Bearer " + token);
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(TestHttp.json(patched).path("state").asString()).isEqualTo("MH");
        assertThat(TestHttp.json(citizen.get("/api/v1/users/me", token))
                        .path("state")
                        .asString())
                .isEqualTo("MH");
    }

    @Test
    void shouldCountANamesCharactersAsAReaderDoesAndRefuseControlCharacters() {
        // a letter and 99 emoji: 199 UTF-16 units, 100 characters, which varchar(100) keeps
        String hundred = "A" + "\uD83D\uDE4F".repeat(99);
        HttpResponse<String> patched = http.sendJson(
                "PATCH", "/api/v1/users/me", "{\"name\": \"" + hundred + "\"}", "Authorization", "Bearer " + token);
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(TestHttp.json(citizen.get("/api/v1/users/me", token))
                        .path("name")
                        .asString())
                .isEqualTo("A" + "🙏".repeat(99));

        for (String name : List.of(
                "A" + "\uD83D\uDE4F".repeat(100), "\u00a0", "Asha\\nDevi", "Asha\\tDevi", "Asha\\u0007", "A\u2028B")) {
            JsonNode problem = assertProblem(
                    http.sendJson(
                            "PATCH",
                            "/api/v1/users/me",
                            "{\"name\": \"" + name + "\"}",
                            "Authorization",
                            "Bearer " + token),
                    400,
                    "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field"))
                    .as(name)
                    .containsExactly("name");
        }
        assertThat(TestHttp.json(citizen.get("/api/v1/users/me", token))
                        .path("name")
                        .asString())
                .isEqualTo("A" + "🙏".repeat(99));
    }

    @Test
    void shouldRefuseANulCharacterAsAFieldErrorInsteadOfFailingInPostgres() {
        for (String field : List.of("name", "email", "state")) {
            HttpResponse<String> response = http.sendJson(
                    "PATCH",
                    "/api/v1/users/me",
                    "{\"" + field + "\": \"\\u0000x\"}",
                    "Authorization",
                    "Bearer " + token);

            JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").findValuesAsString("field")).containsExactly(field);
            assertThat(response.body()).doesNotContain("\\u0000");
        }
        String nul = "ab\\u0000c";
        assertRefusedField(citizen.refresh(nul), "refresh_token");
        assertRefusedField(citizen.logout(nul), "refresh_token");
        assertRefusedField(citizen.loginWithOtp(mobile, nul, "123456"), "otpRef");
        assertRefusedField(citizen.register(UserServiceTestSupport.newMobile(), nul, "123456", "482916"), "otpRef");
        assertRefusedField(
                http.sendJson("PUT", "/api/v1/users/me/favourites/A%00B", "", "Authorization", "Bearer " + token),
                "path");
        assertThat(TestHttp.json(citizen.get("/api/v1/users/me", token))
                        .path("name")
                        .asString())
                .isEqualTo("Asha Devi");
    }

    @Test
    void shouldAnswerAnEncodedSlashInAServiceCodeWithAFullProblem() {
        HttpResponse<String> response =
                http.sendJson("PUT", "/api/v1/users/me/favourites/A%2FB", "", "Authorization", "Bearer " + token);

        JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/users/me/favourites/A%2FB");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("path");
    }

    private static void assertRefusedField(HttpResponse<String> response, String field) {
        JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(problem.path("errors").findValuesAsString("field"))
                .as(response.body())
                .containsExactly(field);
    }

    @Test
    void shouldKeepFavourites() {
        put("/api/v1/users/me/favourites/EPFO-PASSBOOK");
        put("/api/v1/users/me/favourites/BESCOM-BILL");
        put("/api/v1/users/me/favourites/BESCOM-BILL");
        http.send(http.request("/api/v1/users/me/favourites/EPFO-PASSBOOK")
                .header("Authorization", "Bearer " + token)
                .DELETE()
                .build());

        JsonNode favourites = TestHttp.json(citizen.get("/api/v1/users/me/favourites", token));
        assertThat(favourites.path("items").findValuesAsString("serviceCode")).containsExactly("BESCOM-BILL");
        assertProblem(
                http.sendJson("PUT", "/api/v1/users/me/favourites/not_a_code", "", "Authorization", "Bearer " + token),
                400,
                "VALIDATION_FAILED");
    }

    @Test
    void shouldPageTheFavouritesAsEveryListIsPaged() {
        put("/api/v1/users/me/favourites/EPFO-CLAIM-STATUS");
        put("/api/v1/users/me/favourites/EPFO-KYC-STATUS");
        put("/api/v1/users/me/favourites/EPFO-PENSION-STATUS");

        JsonNode first = TestHttp.json(citizen.get("/api/v1/users/me/favourites?page=0&size=1", token));
        assertThat(first.path("items")).hasSize(1);
        assertPage(first.path("page"), 0, 1, 3, 3);

        JsonNode last = TestHttp.json(citizen.get("/api/v1/users/me/favourites?page=1&size=2", token));
        assertThat(last.path("items")).hasSize(1);
        assertPage(last.path("page"), 1, 2, 3, 2);

        JsonNode whole = TestHttp.json(citizen.get("/api/v1/users/me/favourites", token));
        assertThat(whole.path("items")).hasSize(3);
        assertPage(whole.path("page"), 0, 20, 3, 1);
        assertThat(whole.path("items").findValuesAsString("serviceCode"))
                .containsExactly("EPFO-PENSION-STATUS", "EPFO-KYC-STATUS", "EPFO-CLAIM-STATUS");
        // the pages together are the whole list, newest first
        assertThat(first.path("items").get(0)).isEqualTo(whole.path("items").get(0));
        assertThat(last.path("items").get(0)).isEqualTo(whole.path("items").get(2));

        JsonNode beyond = TestHttp.json(citizen.get("/api/v1/users/me/favourites?page=5&size=2", token));
        assertThat(beyond.path("items")).isEmpty();
        assertPage(beyond.path("page"), 5, 2, 3, 2);
    }

    @Test
    void shouldRefuseAPageOrSizeOutOfRangeNamingTheParameter() {
        Map<String, String> refused = Map.of(
                "size=101", "size",
                "size=0", "size",
                "page=-1", "page",
                "page=x", "page",
                "size=ten", "size");
        for (String path : new String[] {"/api/v1/users/me/favourites", "/api/v1/users/me/recent"}) {
            refused.forEach((query, field) -> {
                JsonNode problem = assertProblem(citizen.get(path + "?" + query, token), 400, "VALIDATION_FAILED");
                assertThat(problem.path("errors").findValuesAsString("field"))
                        .as("%s?%s", path, query)
                        .containsExactly(field);
            });
        }
        assertThat(citizen.get("/api/v1/users/me/favourites?size=100", token).statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldRecordRecentServicesFromAServiceTokenOnly() {
        String service = citizen.accessToken("catalog-service", "test-catalog-secret", "service");
        for (int i = 0; i < 22; i++) {
            HttpResponse<String> recorded = http.postJson(
                    "/internal/v1/users/" + citizenId + "/recent",
                    "{\"serviceCode\": \"SVC-" + i + "\"}",
                    "Authorization",
                    "Bearer " + service);
            assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(204);
        }
        assertProblem(
                http.postJson(
                        "/internal/v1/users/" + citizenId + "/recent",
                        "{\"serviceCode\": \"SVC-X\"}",
                        "Authorization",
                        "Bearer " + token),
                403,
                "FORBIDDEN");
        assertProblem(
                http.postJson("/internal/v1/users/" + citizenId + "/recent", "{\"serviceCode\": \"SVC-X\"}"),
                401,
                "UNAUTHENTICATED");

        JsonNode recent = TestHttp.json(citizen.get("/api/v1/users/me/recent", token));
        assertThat(recent.path("items")).hasSize(20);
        assertThat(recent.path("items").get(0).path("serviceCode").asString()).isEqualTo("SVC-21");
        assertThat(recent.path("items").get(19).path("serviceCode").asString()).isEqualTo("SVC-2");
        assertPage(recent.path("page"), 0, 20, 20, 1);

        // at most the last 20 are kept, whatever the size asked for
        JsonNode all = TestHttp.json(citizen.get("/api/v1/users/me/recent?size=100", token));
        assertThat(all.path("items")).hasSize(20);
        assertPage(all.path("page"), 0, 100, 20, 1);
        JsonNode second = TestHttp.json(citizen.get("/api/v1/users/me/recent?page=1&size=15", token));
        assertThat(second.path("items").findValuesAsString("serviceCode"))
                .containsExactly("SVC-6", "SVC-5", "SVC-4", "SVC-3", "SVC-2");
        assertPage(second.path("page"), 1, 15, 20, 2);
    }

    private static void assertPage(JsonNode page, int number, int size, long totalElements, int totalPages) {
        assertThat(page.path("number").asInt()).as("number of %s", page).isEqualTo(number);
        assertThat(page.path("size").asInt()).as("size of %s", page).isEqualTo(size);
        assertThat(page.path("totalElements").asLong())
                .as("totalElements of %s", page)
                .isEqualTo(totalElements);
        assertThat(page.path("totalPages").asInt()).as("totalPages of %s", page).isEqualTo(totalPages);
    }

    @Test
    void shouldEraseTheAccountAndTellPaymentAndCatalogServiceEvenIfOneIsDownAtFirst() throws Exception {
        StubHttpServer payments = UserServiceTestSupport.PAYMENTS;
        StubHttpServer catalog = UserServiceTestSupport.CATALOG;
        String erasurePath = "/internal/v1/citizens/" + citizenId + "/erasure";
        payments.on("POST", erasurePath, Answer.json(503, "{}"));
        catalog.on("POST", erasurePath, new Answer(204, null, null, 0, Map.of()));
        String refresh = TestHttp.json(citizen.loginWithMpin(mobile, "482916"))
                .path("refresh_token")
                .asString();
        put("/api/v1/users/me/favourites/EPFO-PASSBOOK");

        HttpResponse<String> erased = citizen.erase(token, "482916");

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Map<String, Object> row = jdbc.sql("select mobile_e164, name, mpin_hash, status from citizen where id = ?")
                .param(citizenId)
                .query()
                .singleRow();
        assertThat(row.get("mobile_e164")).isNull();
        assertThat(row.get("name")).isNull();
        assertThat(row.get("mpin_hash")).isNull();
        assertThat(row.get("status")).isEqualTo("ERASED");
        assertThat(jdbc.sql("select count(*) from favourite where citizen_id = ?")
                        .param(citizenId)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertProblem(citizen.refresh(refresh), 401, "REFRESH_TOKEN_INVALID");
        assertProblem(citizen.loginWithMpin(mobile, "482916"), 401, "INVALID_CREDENTIALS");
        assertProblem(citizen.get("/api/v1/users/me", token), 404, "CITIZEN_NOT_FOUND");

        // catalog-service takes it at once, whatever payment-service does
        awaitRequests(catalog, erasurePath, 1);
        Instant catalogDeadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(catalogDeadline) && !delivered(jdbc, "catalog-service")) {
            Thread.sleep(100);
        }
        assertThat(delivered(jdbc, "catalog-service")).isTrue();
        assertThat(delivered(jdbc, "payment-service")).isFalse();
        // payment-service answers 503 first; the outbox keeps trying until it takes the erasure
        awaitRequests(payments, erasurePath, 1);
        payments.on("POST", erasurePath, new Answer(204, null, null, 0, Map.of()));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline) && !delivered(jdbc, "payment-service")) {
            Thread.sleep(100);
        }
        assertThat(delivered(jdbc, "payment-service")).isTrue();
        StubHttpServer.Recorded call = payments.requests().stream()
                .filter(r -> r.path().equals(erasurePath))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(call.header("Authorization")).startsWith("Bearer ");
        // user-service's own token for the fan-out: scope erasure (which the erasure endpoints
        // need) and nothing else, never scope service
        for (StubHttpServer.Recorded erasure : List.of(
                call,
                catalog.requests().stream()
                        .filter(r -> r.path().equals(erasurePath))
                        .reduce((a, b) -> b)
                        .orElseThrow())) {
            JWTClaimsSet claims = SignedJWT.parse(
                            erasure.header("Authorization").substring("Bearer ".length()))
                    .getJWTClaimsSet();
            assertThat(claims.getSubject()).isEqualTo("user-service");
            assertThat(claims.getStringListClaim("scope")).containsExactly("erasure");
        }

        // the mobile may register again as a new citizen, once its OTP cooldown is over (the
        // erasure did not reset it)
        clock.advance(Duration.ofSeconds(31));
        String ref = citizen.otpRef(mobile, "REGISTER");
        HttpResponse<String> again = citizen.register(mobile, ref, citizen.lastOtp(mobile), "592047");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(TestHttp.json(again).path("user").path("id").asString()).isNotEqualTo(citizenId);
    }

    /**
     * An erasure cannot be undone: it needs the MPIN again, checked under the number's lockout as
     * the old MPIN of a change is. A bearer token alone (15 minutes, maybe leaked) erased the
     * account.
     */
    @Test
    void shouldEraseTheAccountOnlyWithItsMpinCountingWrongOnesTowardsTheLock() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        String bearer = "Bearer " + token;

        // the token alone, or an MPIN of no MPIN's form: a bad field, not counted
        assertRefusedField(
                http.send(http.request("/api/v1/users/me")
                        .header("Authorization", bearer)
                        .DELETE()
                        .build()),
                "body");
        assertRefusedField(http.sendJson("DELETE", "/api/v1/users/me", "{}", "Authorization", bearer), "mpin");
        for (String malformed : List.of("", "12", "abcd", " 482916", "４８２９１６")) {
            assertRefusedField(citizen.erase(token, malformed), "mpin");
        }
        assertThat(mpinFailures(jdbc)).isZero();

        // a wrong MPIN: 403 (the token is valid, the session goes on), counted like a wrong login
        for (int failures = 1; failures <= 4; failures++) {
            HttpResponse<String> wrong = citizen.erase(token, "000001");
            JsonNode problem = assertProblem(wrong, 403, "INVALID_CREDENTIALS");
            assertThat(problem.path("detail").asString()).isEqualTo("The current MPIN is not correct.");
            assertThat(wrong.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(mpinFailures(jdbc)).isEqualTo(failures);
        }
        // the fifth locks the number, and then the right MPIN erases nothing either
        HttpResponse<String> fifth = citizen.erase(token, "000001");
        assertProblem(fifth, 423, "ACCOUNT_LOCKED");
        assertThat(fifth.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> locked = citizen.erase(token, "482916");
        assertProblem(locked, 423, "ACCOUNT_LOCKED");
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertProblem(citizen.loginWithMpin(mobile, "482916"), 423, "ACCOUNT_LOCKED");
        assertThat(citizen.get("/api/v1/users/me", token).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from erasure_outbox where citizen_id = ?")
                        .param(citizenId)
                        .query(Integer.class)
                        .single())
                .isZero();

        // once the lock has ended, the right MPIN erases the account
        clock.advance(mpinProperties.lockDuration().plusSeconds(1));
        HttpResponse<String> erased = citizen.erase(token, "482916");
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);
        assertProblem(citizen.get("/api/v1/users/me", token), 404, "CITIZEN_NOT_FOUND");
    }

    /** @return the wrong MPINs counted for the citizen's number */
    private int mpinFailures(JdbcClient jdbc) {
        String id = new HmacSha256(mpinProperties.checkedPepper())
                .derive("janseva mpin-failure key")
                .hex(Mobiles.normalise(mobile));
        return jdbc.sql("select coalesce(sum(failures), 0) from mpin_failure where mobile_hmac = ?")
                .param(id)
                .query(Integer.class)
                .single();
    }

    /**
     * Today's date in India is a date of birth (a newborn's), also from 00:00 to 05:30 IST, when
     * it is still yesterday by UTC: it was refused as a future date then.
     */
    @Test
    void shouldTakeTodaysDateInIndiaAsADateOfBirthWhileItIsStillYesterdayByUtc() {
        // 00:30 IST, the next time it comes: 19:00 UTC
        Instant now = clock.instant();
        Instant justAfterMidnightInIndia =
                now.atZone(ZoneOffset.UTC).toLocalDate().atTime(19, 0).toInstant(ZoneOffset.UTC);
        if (!justAfterMidnightInIndia.isAfter(now)) {
            justAfterMidnightInIndia = justAfterMidnightInIndia.plus(Duration.ofDays(1));
        }
        clock.advance(Duration.between(now, justAfterMidnightInIndia));
        LocalDate todayInIndia = LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Kolkata"));
        assertThat(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)).isBefore(todayInIndia);

        HttpResponse<String> patched = patch(Map.of("dateOfBirth", todayInIndia.toString()));

        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(TestHttp.json(patched).path("dateOfBirth").asString()).isEqualTo(todayInIndia.toString());
        // a date that is the future everywhere is still refused
        JsonNode problem = assertProblem(
                patch(Map.of("dateOfBirth", todayInIndia.plusDays(1).toString())), 400, "VALIDATION_FAILED");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("dateOfBirth");
    }

    @Test
    void shouldRefuseTheAccountRoutesOfAnErasedCitizenWhoseAccessTokenIsStillValid() {
        put("/api/v1/users/me/favourites/EPFO-PASSBOOK");
        HttpResponse<String> erased = citizen.erase(token, "482916");
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);

        // the access token lives on until its exp; the account behind it is gone, reads and writes alike
        String bearer = "Bearer " + token;
        assertProblem(
                http.sendJson("PUT", "/api/v1/users/me/favourites/BESCOM-BILL", "", "Authorization", bearer),
                404,
                "CITIZEN_NOT_FOUND");
        assertProblem(
                http.send(http.request("/api/v1/users/me/favourites/EPFO-PASSBOOK")
                        .header("Authorization", bearer)
                        .DELETE()
                        .build()),
                404,
                "CITIZEN_NOT_FOUND");
        assertProblem(citizen.get("/api/v1/users/me/favourites", token), 404, "CITIZEN_NOT_FOUND");
        assertProblem(citizen.get("/api/v1/users/me/recent", token), 404, "CITIZEN_NOT_FOUND");
        assertProblem(
                http.sendJson("PATCH", "/api/v1/users/me", "{\"name\": \"Someone\"}", "Authorization", bearer),
                404,
                "CITIZEN_NOT_FOUND");
        assertProblem(
                http.sendJson(
                        "PUT",
                        "/api/v1/users/me/mpin",
                        "{\"oldMpin\": \"482916\", \"newMpin\": \"592047\"}",
                        "Authorization",
                        bearer),
                404,
                "CITIZEN_NOT_FOUND");
        assertProblem(citizen.erase(token, "482916"), 404, "CITIZEN_NOT_FOUND");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThat(jdbc.sql("select count(*) from favourite where citizen_id = ?")
                        .param(citizenId)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void shouldKeepTheNumbersOtpSendLimitsThroughItsErasureWithoutKeepingTheNumber() {
        // setUp's registration was sent an OTP moments ago
        erase(token, "482916");

        JsonNode tooSoon = assertProblem(citizen.requestOtp(mobile, "REGISTER"), 429, "RATE_LIMITED");
        assertThat(tooSoon.path("reason").asString()).isEqualTo("OTP_RESEND_TOO_SOON");
        // register and erase four more times: five OTPs in the hour, every account erased
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(31));
            erase(citizen.registered(mobile, "592047").path("access_token").asString(), "592047");
        }
        clock.advance(Duration.ofSeconds(31));
        JsonNode sixth = assertProblem(citizen.requestOtp(mobile, "REGISTER"), 429, "RATE_LIMITED");
        assertThat(sixth.path("reason").asString()).isEqualTo("OTP_SEND_LIMIT");

        // the five challenges count under the number's HMAC, with nothing of the person in clear
        JdbcClient jdbc = JdbcClient.create(dataSource);
        String e164 = "+91" + mobile;
        assertThat(jdbc.sql("select count(*) from otp_challenge where mobile_e164 = ?")
                        .param(e164)
                        .query(Integer.class)
                        .single())
                .isZero();
        HmacSha256 erasedKey = new HmacSha256(otpSecret).derive("janseva otp-erased key");
        List<Map<String, Object>> kept = jdbc.sql(
                        "select code_hmac, client_ip, client_ip_hmac, consumed_at from otp_challenge where mobile_hmac = ?")
                .param(erasedKey.hex(e164))
                .query()
                .listOfRows();
        assertThat(kept).hasSize(5).allSatisfy(row -> {
            assertThat(row.get("code_hmac")).isNull();
            assertThat(row.get("client_ip")).isNull();
            assertThat(row.get("client_ip_hmac")).isNotNull();
            assertThat(row.get("consumed_at")).isNotNull();
        });

        // an hour after the first, the number may be sent one again
        clock.advance(Duration.ofMinutes(58));
        assertThat(citizen.requestOtp(mobile, "REGISTER").statusCode()).isEqualTo(202);
    }

    @Test
    void shouldKeepAnAddressesOtpSendLimitThroughTheErasureOfANumberItWasSentFor() {
        // the tests' limit is 4 an hour per address
        String address = UserServiceTestSupport.newAddress();
        String erased = UserServiceTestSupport.newMobile();
        HttpResponse<String> sent = citizen.requestOtp(erased, "REGISTER", "X-Forwarded-For", address);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        HttpResponse<String> registered = citizen.register(
                erased, TestHttp.json(sent).path("otpRef").asString(), citizen.lastOtp(erased), "592047");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        erase(TestHttp.json(registered).path("access_token").asString(), "592047");

        for (int i = 0; i < 3; i++) {
            assertThat(citizen.requestOtp(UserServiceTestSupport.newMobile(), "REGISTER", "X-Forwarded-For", address)
                            .statusCode())
                    .isEqualTo(202);
        }
        JsonNode fifth = assertProblem(
                citizen.requestOtp(UserServiceTestSupport.newMobile(), "REGISTER", "X-Forwarded-For", address),
                429,
                "RATE_LIMITED");
        assertThat(fifth.path("reason").asString()).isEqualTo("OTP_ADDRESS_LIMIT");
        assertThat(JdbcClient.create(dataSource)
                        .sql("select count(*) from otp_challenge where client_ip = ? and mobile_e164 is null")
                        .param(address)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    private void erase(String accessToken, String mpin) {
        HttpResponse<String> erased = citizen.erase(accessToken, mpin);
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);
    }

    private boolean delivered(JdbcClient jdbc, String target) {
        return jdbc.sql("select delivered_at is not null from erasure_outbox where citizen_id = ? and target = ?")
                .params(citizenId, target)
                .query(Boolean.class)
                .single();
    }

    private void awaitRequests(StubHttpServer server, String path, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)
                && server.requests().stream().filter(r -> r.path().equals(path)).count() < count) {
            Thread.sleep(50);
        }
        assertThat(server.requests().stream().filter(r -> r.path().equals(path)).count())
                .isGreaterThanOrEqualTo(count);
    }

    private void put(String path) {
        HttpResponse<String> response = http.sendJson("PUT", path, "", "Authorization", "Bearer " + token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }
}
