package org.janseva.user.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
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

    @Test
    void shouldRemoveAnyCodeWithoutAskingTheCatalogue() {
        String code = newCode();

        HttpResponse<String> removed = delete(code);

        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
        assertThat(CATALOGUE.lookups(code)).isZero();
        assertThat(favourites()).containsExactly("EPFO-PASSBOOK");
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
