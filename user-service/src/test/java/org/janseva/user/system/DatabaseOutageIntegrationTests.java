package org.janseva.user.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import com.zaxxer.hikari.HikariDataSource;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.janseva.platform.test.TestHttp;
import org.janseva.user.MutableClock;
import org.janseva.user.UserServiceTest;
import org.janseva.user.UserServiceTestSupport;
import org.janseva.user.UserServiceTestSupport.Citizen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The authorization server's endpoints while user-service's PostgreSQL cannot be reached, over
 * real HTTP. The outage is a real one for the service: its database stops taking connections
 * ({@code allow_connections false}), the pool's connections are ended by the server and evicted,
 * so every read waits the pool's connection timeout (3 s) and fails as it does with PostgreSQL
 * down; the server itself keeps running for the other tests, and takes connections again after.
 */
@UserServiceTest
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    SigningKeys signingKeys;

    @Autowired
    AuthorizationServerProperties properties;

    @Autowired
    MutableClock clock;

    TestHttp http;
    Citizen citizen;
    JdbcClient admin;
    String database;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
        citizen = new Citizen(http);
        admin = JdbcClient.create(SharedEmbeddedPostgres.get().admin());
        database = JdbcClient.create(dataSource)
                .sql("select current_database()")
                .query(String.class)
                .single();
    }

    @AfterEach
    void restore() {
        if (database != null) {
            databaseBack();
        }
        clock.reset();
        signingKeys.reload();
    }

    @Test
    void shouldAnswerTheJwksAndTheTokenEndpoint503WhileTheDatabaseIsDownAndNoKeysWereReadYet(CapturedOutput output)
            throws SQLException {
        String mobile = UserServiceTestSupport.newMobile();
        citizen.registered(mobile, "482916");
        // as after a start: the keys are read at their first use, which the outage fails
        signingKeys.reload();
        databaseDown();

        assertServiceUnavailable(http.get("/oauth2/jwks"));
        assertServiceUnavailable(http.get("/oauth2/jwks", "Accept", "application/jwk-set+json, application/json"));
        HttpResponse<String> token = citizen.clientCredentials("catalog-service", "test-catalog-secret", "");
        assertServiceUnavailable(token);
        assertThat(token.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertServiceUnavailable(citizen.loginWithMpin(mobile, "482916"));
        // one WARN now and then (the platform's), no ERROR with a stack trace for every request
        assertThat(output.getOut().lines().filter(l -> l.contains("\"level\":\"ERROR\"") && l.contains("requestId")))
                .isEmpty();

        // back: the keys are read at the next request, no restart
        databaseBack();
        HttpResponse<String> jwks = http.get("/oauth2/jwks");
        assertThat(jwks.statusCode()).as(jwks.body()).isEqualTo(200);
        JsonNode keys = TestHttp.json(jwks).path("keys");
        assertThat(keys.isArray() && !keys.isEmpty()).as(jwks.body()).isTrue();
        assertThat(keys.get(0).path("kid").asString())
                .isEqualTo(signingKeys.publishedKeys().getKeys().get(0).getKeyID());
        assertThat(citizen.clientCredentials("catalog-service", "test-catalog-secret", "")
                        .statusCode())
                .isEqualTo(200);
        assertThat(citizen.loginWithMpin(mobile, "482916").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldKeepPublishingTheKeysItReadBeforeWhileTheDatabaseIsDown() throws SQLException {
        signingKeys.reload();
        HttpResponse<String> jwks = http.get("/oauth2/jwks");
        assertThat(jwks.statusCode()).as(jwks.body()).isEqualTo(200);
        databaseDown();
        clock.advance(properties.keyCacheTtl().plusSeconds(1));

        HttpResponse<String> kept = http.get("/oauth2/jwks");

        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(kept.body()).isEqualTo(jwks.body());
        // a client's secret is checked against the database, which cannot be read: 503, not 401
        assertServiceUnavailable(citizen.clientCredentials("catalog-service", "test-catalog-secret", ""));
    }

    private static void assertServiceUnavailable(HttpResponse<String> response) {
        JsonNode problem = assertProblem(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(problem.path("detail").asString()).contains("try again");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("accepting connections");
    }

    /** PostgreSQL takes no new connection to the service's database and ends the ones it has. */
    private void databaseDown() throws SQLException {
        admin.sql("alter database " + database + " allow_connections false").update();
        admin.sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = ?")
                .param(database)
                .query()
                .listOfRows();
        dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
    }

    /**
     * PostgreSQL takes connections again; returns once the pool hands one out (it tries again
     * after a back-off, so the first requests after an outage may still be answered 503).
     */
    private void databaseBack() {
        admin.sql("alter database " + database + " allow_connections true").update();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try (Connection connection = dataSource.getConnection()) {
                return;
            } catch (SQLException ex) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("The pool took no connection again", ex);
                }
            }
        }
    }
}
