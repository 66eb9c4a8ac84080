package org.janseva.user.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.CatalogueStub;
import org.janseva.user.MutableClock;
import org.janseva.user.UserServiceTest;
import org.janseva.user.UserServiceTestSupport;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A favourite is a service the catalogue publishes: catalog-service (a {@link CatalogueStub} here)
 * is asked, its answers are kept for a while, and when it cannot be asked nothing is stored. Each
 * test uses codes of its own, since the answers are kept across tests.
 */
@UserServiceTest
class FavouritesIntegrationTests {

    private static final CatalogueStub CATALOGUE = UserServiceTestSupport.CATALOGUE;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    MutableClock clock;

    TestHttp http;
    Citizen citizen;
    String token;
    String citizenId;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        citizen = new Citizen(http);
        JsonNode registered = citizen.registered(UserServiceTestSupport.newMobile(), "482916");
        token = registered.path("access_token").asString();
        citizenId = registered.path("user").path("id").asString();
        assertThat(put("EPFO-PASSBOOK").statusCode()).isEqualTo(204);
    }

    @AfterEach
    void restoreTheCatalogue() {
        CATALOGUE.answerNormally();
        clock.reset();
    }

    @Test
    void shouldMakeAPublishedServiceAFavourite() {
        String code = newCode();
        CATALOGUE.publish(code);

        HttpResponse<String> added = put(code);

        assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
        assertThat(favourites()).containsExactly(code, "EPFO-PASSBOOK");
        assertThat(CATALOGUE.lookups(code)).isEqualTo(1);
    }

    @Test
    void shouldRefuseACodeTheCatalogueDoesNotPublishAndStoreNothing() {
        String code = newCode();

        JsonNode problem = assertProblem(put(code), 404, "SERVICE_NOT_FOUND");

        assertThat(problem.path("title").asString()).isEqualTo("Service not found");
        assertThat(problem.path("detail").asString()).isEqualTo("No such service is offered.");
        assertThat(favourites()).containsExactly("EPFO-PASSBOOK");
        assertThat(storedFavourites()).isEqualTo(1);
        assertThat(CATALOGUE.lookups(code)).isEqualTo(1);
    }

    @Test
    void shouldAnswer503AndStoreNothingWhileTheCatalogueCannotBeReached() {
        String code = newCode();
        CATALOGUE.publish(code);
        CATALOGUE.stop();
        HttpResponse<String> refused;
        try {
            refused = put(code);
        } finally {
            CATALOGUE.restart();
        }

        assertProblem(refused, 503, "CATALOG_UNAVAILABLE");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(favourites()).containsExactly("EPFO-PASSBOOK");
        assertThat(storedFavourites()).isEqualTo(1);

        // the failure was not kept as an answer: once the catalogue is back, the code is asked again
        HttpResponse<String> added = put(code);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
        assertThat(favourites()).containsExactly(code, "EPFO-PASSBOOK");
    }

    @Test
    void shouldAnswer503AndStoreNothingWhenTheCatalogueGivesNoUsableAnswer() {
        List<String> failures = List.of(
                CatalogueStub.problem(500, "INTERNAL_ERROR", "Boom."),
                CatalogueStub.problem(503, "SERVICE_UNAVAILABLE", "Later."),
                // a 404 that is not the catalogue's SERVICE_NOT_FOUND: a wrong URL, not an unknown code
                CatalogueStub.problem(404, "RESOURCE_NOT_FOUND", "No such resource."),
                CatalogueStub.problem(429, "RATE_LIMITED", "Slow down."));
        for (String failure : failures) {
            String code = newCode();
            CATALOGUE.publish(code);
            int status = TestHttp.jsonMapper().readTree(failure).path("status").asInt();
            CATALOGUE.failWith(status, failure);

            HttpResponse<String> refused = put(code);

            assertProblem(refused, 503, "CATALOG_UNAVAILABLE");
            assertThat(favourites()).as(failure).containsExactly("EPFO-PASSBOOK");
            CATALOGUE.answerNormally();
            assertThat(put(code).statusCode()).as(failure).isEqualTo(204);
            assertThat(CATALOGUE.lookups(code)).as(failure).isEqualTo(2);
            delete(code);
        }
        assertThat(storedFavourites()).isEqualTo(1);
    }

    @Test
    void shouldAskTheCatalogueOncePerCodeWhileItsAnswerIsKept() {
        String published = newCode();
        String unknown = newCode();
        CATALOGUE.publish(published);
        String other = citizen.registered(UserServiceTestSupport.newMobile(), "592047")
                .path("access_token")
                .asString();

        assertThat(put(published).statusCode()).isEqualTo(204);
        assertThat(put(published).statusCode()).isEqualTo(204);
        assertThat(put(published, other).statusCode()).isEqualTo(204);
        assertProblem(put(unknown), 404, "SERVICE_NOT_FOUND");
        assertProblem(put(unknown, other), 404, "SERVICE_NOT_FOUND");

        assertThat(CATALOGUE.lookups(published)).isEqualTo(1);
        assertThat(CATALOGUE.lookups(unknown)).isEqualTo(1);
        // a kept answer needs no catalogue at all
        CATALOGUE.stop();
        try {
            delete(published);
            assertThat(put(published).statusCode()).isEqualTo(204);
        } finally {
            CATALOGUE.restart();
        }
    }

    @Test
    void shouldAskAgainAboutAnUnknownCodeAfterThirtySeconds() {
        String code = newCode();
        assertProblem(put(code), 404, "SERVICE_NOT_FOUND");
        CATALOGUE.publish(code);

        // the catalogue's answer is kept for 30 s: a service published meanwhile waits that long
        clock.advance(Duration.ofSeconds(29));
        assertProblem(put(code), 404, "SERVICE_NOT_FOUND");
        assertThat(CATALOGUE.lookups(code)).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        HttpResponse<String> added = put(code);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
        assertThat(CATALOGUE.lookups(code)).isEqualTo(2);
    }

    /**
     * catalog-service takes a service code in any case (its detail, invocation and rating
     * upper-case it); favourites refused a lower-case one with 400.
     */
    @Test
    void shouldTakeAServiceCodeInAnyCaseAndKeepItInCapitals() {
        String code = newCode();
        CATALOGUE.publish(code);
        String lower = code.toLowerCase(Locale.ROOT);

        HttpResponse<String> added = put(lower);

        assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
        assertThat(favourites()).containsExactly(code, "EPFO-PASSBOOK");
        assertThat(favouriteRow(code)).containsEntry("service_code", code);
        assertThat(CATALOGUE.lookups(code)).isEqualTo(1);
        // the same service in another case is the same favourite: no change, nothing asked
        HttpResponse<String> again = put(lower.substring(0, 1) + code.substring(1));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(204);
        assertThat(favourites()).containsExactly(code, "EPFO-PASSBOOK");
        assertThat(CATALOGUE.lookups(code)).isEqualTo(1);
        HttpResponse<String> removed = delete(lower);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
        assertThat(favourites()).containsExactly("EPFO-PASSBOOK");
        // still only letters, digits and hyphens, not first
        assertProblem(put("-" + lower), 400, "VALIDATION_FAILED");
        assertProblem(put("epfo_passbook"), 400, "VALIDATION_FAILED");
    }

    @Test
    void shouldRemoveAnyCodeWithoutAskingTheCatalogue() {
        String code = newCode();

        HttpResponse<String> removed = delete(code);

        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
        assertThat(CATALOGUE.lookups(code)).isZero();
        assertThat(favourites()).containsExactly("EPFO-PASSBOOK");
    }

    @Test
    void shouldAnswerNoChangeForAFavouriteItHasAlreadyEvenAtTheLimitAndRefuseOnlyANewOne() {
        List<String> stored = fillUpTo(ActivityController.MAX_FAVOURITES);
        Map<String, Object> passbook = favouriteRow("EPFO-PASSBOOK");
        String never = stored.get(0);

        HttpResponse<String> again = put("EPFO-PASSBOOK");

        assertThat(again.statusCode()).as(again.body()).isEqualTo(204);
        assertThat(favouriteRow("EPFO-PASSBOOK")).isEqualTo(passbook);
        // a favourite it has needs neither the catalogue nor the count, whatever they would say
        CATALOGUE.stop();
        try {
            HttpResponse<String> unasked = put(never);
            assertThat(unasked.statusCode()).as(unasked.body()).isEqualTo(204);
        } finally {
            CATALOGUE.restart();
        }
        assertThat(CATALOGUE.lookups(never)).isZero();
        assertThat(storedFavourites()).isEqualTo(ActivityController.MAX_FAVOURITES);

        String code = newCode();
        CATALOGUE.publish(code);
        JsonNode problem = assertProblem(put(code), 422, "FAVOURITES_LIMIT");
        assertThat(problem.path("detail").asString()).isEqualTo("At most 100 services can be favourites.");
        assertThat(storedFavourites()).isEqualTo(ActivityController.MAX_FAVOURITES);
        assertThat(favouriteRow(code)).isEmpty();

        // one removed, a new one fits again
        assertThat(delete(never).statusCode()).isEqualTo(204);
        HttpResponse<String> added = put(code);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
        assertThat(storedFavourites()).isEqualTo(ActivityController.MAX_FAVOURITES);
    }

    @Test
    void shouldNotGoOverTheLimitWhenTwoNewFavouritesArriveTogether() throws Exception {
        fillUpTo(ActivityController.MAX_FAVOURITES - 1);
        String first = newCode();
        String second = newCode();
        CATALOGUE.publish(first, second);
        List<HttpResponse<String>> answers;
        // both requests are made to wait on the citizen's row, so they overlap for certain
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("select 1 from citizen where id = ? for update")) {
                lock.setString(1, citizenId);
                try (ResultSet row = lock.executeQuery()) {
                    assertThat(row.next()).isTrue();
                }
            }
            List<CompletableFuture<HttpResponse<String>>> puts = Stream.of(first, second)
                    .map(code -> CompletableFuture.supplyAsync(() -> put(code)))
                    .toList();
            awaitWaitingOn(2);
            holder.rollback();
            answers = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> put : puts) {
                answers.add(put.get(20, TimeUnit.SECONDS));
            }
        }

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(204, 422);
        answers.stream()
                .filter(answer -> answer.statusCode() == 422)
                .forEach(answer -> assertProblem(answer, 422, "FAVOURITES_LIMIT"));
        assertThat(storedFavourites()).isEqualTo(ActivityController.MAX_FAVOURITES);
    }

    /** Stores favourites (of codes the catalogue was never asked about) until there are {@code total}. */
    private List<String> fillUpTo(int total) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        List<String> codes = new ArrayList<>();
        for (int i = storedFavourites(); i < total; i++) {
            String code = newCode();
            jdbc.sql("insert into favourite (citizen_id, service_code, added_at) values (?, ?, now())")
                    .params(citizenId, code)
                    .update();
            codes.add(code);
        }
        assertThat(storedFavourites()).isEqualTo(total);
        return codes;
    }

    /**
     * Waits until this many backends wait for a lock. Only the first waits for the holder's
     * transaction itself; the second waits for the first, which holds the row's tuple lock.
     */
    private void awaitWaitingOn(int waiting) throws InterruptedException {
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

    private Map<String, Object> favouriteRow(String code) {
        return JdbcClient.create(dataSource)
                .sql("select service_code, added_at from favourite where citizen_id = ? and service_code = ?")
                .params(citizenId, code)
                .query()
                .listOfRows()
                .stream()
                .findFirst()
                .orElse(Map.of());
    }

    private static String newCode() {
        return "ZZFAV-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    private HttpResponse<String> put(String code) {
        return put(code, token);
    }

    private HttpResponse<String> put(String code, String accessToken) {
        return http.sendJson(
                "PUT", "/api/v1/users/me/favourites/" + code, "", "Authorization", "Bearer " + accessToken);
    }

    private HttpResponse<String> delete(String code) {
        return http.send(http.request("/api/v1/users/me/favourites/" + code)
                .header("Authorization", "Bearer " + token)
                .DELETE()
                .build());
    }

    private List<String> favourites() {
        return TestHttp.json(citizen.get("/api/v1/users/me/favourites", token))
                .path("items")
                .findValuesAsString("serviceCode");
    }

    private int storedFavourites() {
        return JdbcClient.create(dataSource)
                .sql("select count(*) from favourite where citizen_id = ?")
                .param(citizenId)
                .query(Integer.class)
                .single();
    }
}
