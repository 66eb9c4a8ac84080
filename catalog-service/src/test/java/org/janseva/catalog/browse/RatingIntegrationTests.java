package org.janseva.catalog.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.janseva.catalog.rating.Ratings;
import org.janseva.platform.test.TestTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class RatingIntegrationTests extends CatalogTestSupport {

    static final String RATE = "/api/v1/catalog/services/%s/rating";

    @Autowired
    Ratings ratings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    HttpResponse<String> rate(String code, String body, String citizen) {
        return rateWith(code, body, tokens.citizenToken(citizen));
    }

    HttpResponse<String> rateWith(String code, String body, String token) {
        return http.sendJson("PUT", RATE.formatted(code), body, "Authorization", TestTokenIssuer.bearer(token));
    }

    @Test
    void shouldDocumentTheRatingsStatusesAndNoCallerParameter() {
        JsonNode put = ok("/v3/api-docs")
                .path("paths")
                .path("/api/v1/catalog/services/{code}/rating")
                .path("put");

        assertThat(put.path("responses").propertyNames()).contains("204", "400", "401", "403", "404", "415");
        assertThat(put.path("responses").has("200")).isFalse();
        assertThat(put.path("parameters").findValuesAsString("name")).containsExactly("code");
    }

    @Test
    void shouldKeepOneRatingPerCitizenTheLatestWinning() {
        JsonNode before = ok("/api/v1/catalog/services/IMD-FORECAST").path("rating");
        int count = before.path("count").asInt();

        assertThat(rate("IMD-FORECAST", "{\"stars\": 2}", "rating-citizen-1").statusCode())
                .isEqualTo(204);
        assertThat(rate("IMD-FORECAST", "{\"stars\": 5, \"comment\": \"Accurate\"}", "rating-citizen-2")
                        .statusCode())
                .isEqualTo(204);
        assertThat(rate("IMD-FORECAST", "{\"stars\": 4}", "rating-citizen-1").statusCode())
                .isEqualTo(204);

        JsonNode after = ok("/api/v1/catalog/services/IMD-FORECAST").path("rating");
        assertThat(after.path("count").asInt()).isEqualTo(count + 2);
        if (count == 0) {
            assertThat(after.path("average").decimalValue()).isEqualByComparingTo("4.5");
        }
        JsonNode listed = CatalogBrowseIntegrationTests.item(
                ok("/api/v1/catalog/services?department=IMD&size=100"), "IMD-FORECAST");
        assertThat(listed.path("rating")).isEqualTo(after);
    }

    @Test
    void shouldUnlinkAnErasedCitizensRatingsKeepingTheirStars() {
        assertThat(rate(
                                "IMD-FORECAST",
                                "{\"stars\": 1, \"comment\": \"Asha from Hubli says: wrong\"}",
                                "rating-erased-1")
                        .statusCode())
                .isEqualTo(204);
        assertThat(rate("SOILHEALTH-CARD", "{\"stars\": 2, \"comment\": \"call me on 98450\"}", "rating-erased-1")
                        .statusCode())
                .isEqualTo(204);
        JsonNode before = ok("/api/v1/catalog/services/IMD-FORECAST").path("rating");

        assertProblem(erase("rating-erased-1", tokens.citizenToken("rating-erased-1")), 403, "FORBIDDEN");
        // the erasure is user-service's alone (scope erasure): not the internet-facing gateway's
        // token (scope revocations), nor another service's (scope service)
        assertProblem(erase("rating-erased-1", gatewayToken()), 403, "FORBIDDEN");
        assertProblem(erase("rating-erased-1", tokens.serviceToken("payment-service")), 403, "FORBIDDEN");
        assertThat(jdbc.sql("select count(*) from rating where citizen_id = 'rating-erased-1'")
                        .query(Long.class)
                        .single())
                .as("nothing erased by a refused call")
                .isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from erased_citizen where citizen_id = 'rating-erased-1'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(erase("rating-erased-1", userServiceErasureToken()).statusCode())
                .isEqualTo(204);

        ratings.refresh();
        assertThat(ok("/api/v1/catalog/services/IMD-FORECAST").path("rating")).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from rating where citizen_id = 'rating-erased-1'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql(
                                "select count(*) from rating where comment like 'Asha from Hubli%' or comment like 'call me%'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select count(distinct citizen_id) from rating where citizen_id like 'erased-%'")
                        .query(Long.class)
                        .single())
                .as("each rating unlinked on its own")
                .isGreaterThanOrEqualTo(2);
        assertThat(erase("rating-erased-1", userServiceErasureToken()).statusCode())
                .as("idempotent")
                .isEqualTo(204);
    }

    @Test
    void shouldRefuseARatingWithTheTokenOfAnErasedCitizenStoringNothing() {
        String citizen = "rating-erased-2";
        String token = tokens.citizenToken(citizen);
        String userService = userServiceErasureToken();
        assertThat(rateWith("SOILHEALTH-CARD", "{\"stars\": 4, \"comment\": \"before\"}", token)
                        .statusCode())
                .isEqualTo(204);
        assertThat(erase(citizen, userService).statusCode()).isEqualTo(204);
        assertThat(erase(citizen, userService).statusCode())
                .as("the outbox may deliver twice")
                .isEqualTo(204);
        ratings.refresh();
        JsonNode before = ok("/api/v1/catalog/services/SOILHEALTH-CARD").path("rating");

        // the same token, still unexpired: only the gateway learns of the erasure from its polls
        HttpResponse<String> refused =
                rateWith("SOILHEALTH-CARD", "{\"stars\": 1, \"comment\": \"written after the erasure\"}", token);

        JsonNode problem = assertProblem(refused, 401, "UNAUTHENTICATED");
        assertThat(problem.path("detail").asString()).contains("deleted");
        assertThat(refused.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
        assertThat(storedRatings(citizen)).as("nothing stored").isZero();
        assertThat(jdbc.sql("select count(*) from rating where comment = 'written after the erasure'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(rateWith("IMD-FORECAST", "{\"stars\": 5}", token).statusCode())
                .as("on any service")
                .isEqualTo(401);
        assertThat(storedRatings(citizen)).isZero();
        ratings.refresh();
        assertThat(ok("/api/v1/catalog/services/SOILHEALTH-CARD").path("rating"))
                .as("counted once, as before")
                .isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from erased_citizen where citizen_id = ?")
                        .param(citizen)
                        .query(Long.class)
                        .single())
                .isOne();
        assertThat(rate("SOILHEALTH-CARD", "{\"stars\": 3}", "rating-citizen-11")
                        .statusCode())
                .as("other citizens rate as before")
                .isEqualTo(204);
    }

    @Test
    void shouldUnlinkARatingWhoseTransactionTheErasureHadToWaitFor() throws Exception {
        String citizen = "rating-erased-3";
        CompletableFuture<HttpResponse<String>> erasure;
        try (Connection rating = dataSource.getConnection()) {
            // a rating's transaction, caught between its check and its commit
            rating.setAutoCommit(false);
            lockAsARatingDoes(rating, citizen);
            try (PreparedStatement insert =
                    rating.prepareStatement("insert into rating (entry_code, citizen_id, stars, comment, rated_at)"
                            + " values ('IMD-FORECAST', ?, 2, 'committed late', now())")) {
                insert.setString(1, citizen);
                insert.executeUpdate();
            }
            erasure = CompletableFuture.supplyAsync(() -> erase(citizen, userServiceErasureToken()));
            Thread.sleep(500);
            assertThat(erasure).as("the erasure waits for the rating").isNotDone();
            rating.commit();
        }

        assertThat(erasure.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
        assertThat(storedRatings(citizen)).as("unlinked").isZero();
        assertThat(jdbc.sql("select count(*) from rating where comment = 'committed late'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void shouldRefuseARatingThatHadToWaitForTheErasure() throws Exception {
        String citizen = "rating-erased-4";
        String token = tokens.citizenToken(citizen);
        CompletableFuture<HttpResponse<String>> late;
        try (Connection erasure = dataSource.getConnection()) {
            // an erasure's transaction, between recording the citizen and its commit
            erasure.setAutoCommit(false);
            lockAsARatingDoes(erasure, citizen);
            try (PreparedStatement insert =
                    erasure.prepareStatement("insert into erased_citizen (citizen_id, erased_at) values (?, now())")) {
                insert.setString(1, citizen);
                insert.executeUpdate();
            }
            late = CompletableFuture.supplyAsync(
                    () -> rateWith("IMD-FORECAST", "{\"stars\": 3, \"comment\": \"too late\"}", token));
            Thread.sleep(500);
            assertThat(late).as("the rating waits for the erasure").isNotDone();
            erasure.commit();
        }

        assertProblem(late.get(10, TimeUnit.SECONDS), 401, "UNAUTHENTICATED");
        assertThat(storedRatings(citizen)).as("nothing stored").isZero();
    }

    /** The per-citizen lock that ratings and the erasure take (ErasedCitizens). */
    private static void lockAsARatingDoes(Connection connection, String citizen) throws SQLException {
        try (PreparedStatement lock =
                connection.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            lock.setString(1, "citizen-erasure:" + citizen);
            lock.executeQuery().close();
        }
    }

    /** user-service's own token for its erasure fan-out (SelfServiceToken): scope erasure alone. */
    private static String userServiceErasureToken() {
        return tokens.token().subject("user-service").scopes("erasure").sign();
    }

    /** The gateway's token, as user-service gives it: scope revocations alone. */
    private static String gatewayToken() {
        return tokens.token().subject("gateway-service").scopes("revocations").sign();
    }

    private HttpResponse<String> erase(String citizen, String token) {
        return http.sendJson(
                "POST",
                "/internal/v1/citizens/" + citizen + "/erasure",
                "",
                "Authorization",
                TestTokenIssuer.bearer(token));
    }

    @Test
    void shouldChangeTheEtagOfAnswersShowingRatings() {
        String etag = http.get("/api/v1/catalog/services/SOILHEALTH-CARD")
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        assertThat(rate("SOILHEALTH-CARD", "{\"stars\": 3}", "rating-citizen-3").statusCode())
                .isEqualTo(204);
        assertThat(http.get("/api/v1/catalog/services/SOILHEALTH-CARD", "If-None-Match", etag)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void shouldNeedACitizensToken() {
        assertProblem(http.sendJson("PUT", RATE.formatted("IMD-FORECAST"), "{\"stars\": 5}"), 401, "UNAUTHENTICATED");
        assertProblem(
                http.sendJson(
                        "PUT",
                        RATE.formatted("IMD-FORECAST"),
                        "{\"stars\": 5}",
                        "Authorization",
                        TestTokenIssuer.bearer(tokens.serviceToken("payment-service"))),
                403,
                "FORBIDDEN");
        assertProblem(
                http.sendJson(
                        "PUT",
                        RATE.formatted("IMD-FORECAST"),
                        "{\"stars\": 5}",
                        "Authorization",
                        TestTokenIssuer.bearer(tokens.expiredToken("rating-citizen-1"))),
                401,
                "UNAUTHENTICATED");
    }

    @Test
    void shouldRefuseBadRatingsAndUnknownServices() {
        assertProblem(rate("IMD-FORECAST", "{\"stars\": 6}", "rating-citizen-4"), 400, "VALIDATION_FAILED");
        assertProblem(rate("IMD-FORECAST", "{\"stars\": 0}", "rating-citizen-4"), 400, "VALIDATION_FAILED");
        assertProblem(rate("IMD-FORECAST", "{}", "rating-citizen-4"), 400, "VALIDATION_FAILED");
        assertProblem(
                rate("IMD-FORECAST", "{\"stars\": 3, \"comment\": \"" + "x".repeat(1001) + "\"}", "rating-citizen-4"),
                400,
                "VALIDATION_FAILED");
        assertProblem(rate("NO-SUCH-SERVICE", "{\"stars\": 3}", "rating-citizen-4"), 404, "SERVICE_NOT_FOUND");
    }

    @Test
    void shouldCountACommentsLengthInCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00"; // 😀: one character, two UTF-16 units

        assertThat(rate(
                                "IMD-FORECAST",
                                "{\"stars\": 2, \"comment\": \"" + emoji.repeat(1000) + "\"}",
                                "rating-citizen-8")
                        .statusCode())
                .as("1000 characters are allowed")
                .isEqualTo(204);
        assertThat(jdbc.sql("select char_length(comment) from rating where citizen_id = 'rating-citizen-8'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1000);

        JsonNode problem = assertProblem(
                rate("IMD-FORECAST", "{\"stars\": 2, \"comment\": \"" + emoji.repeat(1001) + "\"}", "rating-citizen-9"),
                400,
                "VALIDATION_FAILED");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("comment");
        assertThat(problem.path("errors").get(0).path("message").asString())
                .isEqualTo("must be at most 1000 characters");
        assertThat(storedRatings("rating-citizen-9")).as("nothing stored").isZero();
    }

    @Test
    void shouldTakeTheServiceCodeInAnyCaseAsTheDetailDoes() {
        assertThat(ok("/api/v1/catalog/services/gj-caste-certificate")
                        .path("code")
                        .asString())
                .isEqualTo("GJ-CASTE-CERTIFICATE");

        assertThat(rate("gj-caste-certificate", "{\"stars\": 4}", "rating-citizen-10")
                        .statusCode())
                .isEqualTo(204);
        assertThat(rate("Gj-Caste-Certificate", "{\"stars\": 2}", "rating-citizen-10")
                        .statusCode())
                .isEqualTo(204);

        assertThat(jdbc.sql("select entry_code || ':' || stars from rating where citizen_id = 'rating-citizen-10'")
                        .query(String.class)
                        .list())
                .as("one rating, under the canonical code, the latest winning")
                .containsExactly("GJ-CASTE-CERTIFICATE:2");
        assertThat(ok("/api/v1/catalog/services/GJ-CASTE-CERTIFICATE")
                        .path("rating")
                        .path("count")
                        .asInt())
                .isPositive();
    }

    @Test
    void shouldRefuseStarsOfTheWrongTypeOrGivenTwiceStoringNothing() {
        Map<String, String> refused = Map.of(
                "{\"stars\": \"4\"}", "stars",
                "{\"stars\": true}", "stars",
                "{\"stars\": 4, \"stars\": 5}", "stars",
                "{\"stars\": 4, \"comment\": 5}", "comment",
                "{\"stars\": 4, \"comment\": \"good\", \"comment\": \"bad\"}", "comment");
        refused.forEach((body, field) -> {
            JsonNode problem = assertProblem(rate("IMD-FORECAST", body, "rating-citizen-6"), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").get(0).path("field").asString())
                    .as(body)
                    .isEqualTo(field);
        });
        assertThat(storedRatings("rating-citizen-6")).as("nothing stored").isZero();

        assertThat(rate("IMD-FORECAST", "{\"stars\": 4, \"comment\": null}", "rating-citizen-6")
                        .statusCode())
                .isEqualTo(204);
        assertThat(storedRatings("rating-citizen-6")).isOne();
    }

    @Test
    void shouldAnswerAYamlBodyWithAnUnsupportedMediaTypeProblem() {
        HttpResponse<String> response = http.send(http.request(RATE.formatted("IMD-FORECAST"))
                .header("Content-Type", "application/yaml")
                .header("Authorization", TestTokenIssuer.bearer(tokens.citizenToken("rating-citizen-7")))
                .PUT(HttpRequest.BodyPublishers.ofString("stars: 3\n"))
                .build());

        JsonNode problem = assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(problem.path("detail").asString()).doesNotContain("yaml");
        assertThat(storedRatings("rating-citizen-7")).as("nothing stored").isZero();
    }

    private long storedRatings(String citizen) {
        return jdbc.sql("select count(*) from rating where citizen_id = ?")
                .param(citizen)
                .query(Long.class)
                .single();
    }

    @Test
    void shouldRefuseFractionalStarsInsteadOfStoringThemTruncated() {
        JsonNode problem =
                assertProblem(rate("IMD-FORECAST", "{\"stars\": 4.9}", "rating-citizen-5"), 400, "VALIDATION_FAILED");

        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("stars");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("whole number");
        assertThat(jdbc.sql("select count(*) from rating where citizen_id = 'rating-citizen-5'")
                        .query(Long.class)
                        .single())
                .as("nothing stored")
                .isZero();
    }
}
