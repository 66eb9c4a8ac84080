package org.janseva.catalog.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.janseva.catalog.CatalogServiceApplication;
import org.janseva.platform.test.BootJars;
import org.janseva.platform.test.SharedEmbeddedPostgres;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.StubHttpServer.Recorded;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The whole onboarding journey, as the issue tells it, over real HTTP: a department (a stub HTTP
 * server with an API key) is onboarded on one catalog-service instance (this test's context, A),
 * a service whose path has a placeholder and whose answer is mapped is added and dry-run; citizens
 * reach the platform through the gateway (its own process, from its jar), which routes to a second
 * catalog-service instance (B, another application context on the same database): the DRAFT is
 * not callable there, the publication made on A is live on B within seconds (invocation, search,
 * figures), the suspension too; the audit trail lists every step; the department's secret appears
 * in no answer and no log line.
 */
class OnboardingJourneyIntegrationTests extends AdminTestSupport {

    private static final String API_KEY = "sarathi-ka-9d41c07e";
    private static final String DEPARTMENT = "ZZADM-JRN";
    private static final String SERVICE = "ZZADM-JRN-DL";
    private static final String LICENCE = "{\"licenceNumber\": \"KA0120110012345\"}";

    private final StubHttpServer rto = StubHttpServer.start();
    /** user-service, for B's recent-services reports. */
    private final StubHttpServer userService = StubHttpServer.start();
    /** payment-service as B knows it: one of the platform's own services, never a department. */
    private final StubHttpServer paymentService = StubHttpServer.start();

    private final List<HttpResponse<String>> adminAnswers = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    private GatewayProcess gateway;
    private ConfigurableApplicationContext instanceB;
    private TestHttp throughGateway;
    private TestHttp instanceBDirect;

    @BeforeAll
    void startGatewayAndSecondInstance() throws Exception {
        rto.otherwise(Answer.json(DEPARTMENT_ANSWER));
        userService.otherwise(new Answer(204, null, null, 0, Map.of()));
        paymentService.otherwise(Answer.json("{\"paid\": true}"));
        int portB = BootJars.freePort();

        Map<String, String> gatewayProperties = new LinkedHashMap<>();
        gatewayProperties.put("platform.services.catalog", "http://127.0.0.1:" + portB);
        gatewayProperties.put("platform.services.user", userService.baseUri().toString());
        gatewayProperties.put(
                "platform.services.payment", paymentService.baseUri().toString());
        gatewayProperties.putAll(tokens.properties());
        gateway = GatewayProcess.start(gatewayProperties);

        SharedEmbeddedPostgres.Server postgres = SharedEmbeddedPostgres.get();
        Map<String, String> b = new LinkedHashMap<>();
        b.put("server.port", String.valueOf(portB));
        b.put("spring.datasource.url", postgres.jdbcUrl("catalog"));
        b.put("spring.datasource.username", postgres.username());
        b.put("spring.datasource.password", postgres.password());
        b.putAll(tokens.properties());
        b.put("platform.security.client.secret", "test-catalog-secret");
        b.put("platform.catalog.refresh-interval", "500ms");
        b.put("platform.services.user", userService.baseUri().toString());
        b.put("platform.services.payment", paymentService.baseUri().toString());
        b.put("platform.services.gateway", gateway.baseUri().toString());
        b.put("spring.main.banner-mode", "off");
        String[] args = b.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        instanceB = new SpringApplicationBuilder(CatalogServiceApplication.class).run(args);
        gateway.awaitReady();

        throughGateway = TestHttp.to(gateway.baseUri());
        instanceBDirect = TestHttp.localhost(portB);
        // after B's start: starting a Spring application re-initialises logging
        logs.start();
        rootLogger().addAppender(logs);
    }

    @AfterAll
    void stopGatewayAndSecondInstance() {
        rootLogger().detachAppender(logs);
        if (instanceB != null) {
            instanceB.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        rto.close();
        userService.close();
        paymentService.close();
    }

    @BeforeEach
    void clear() {
        rto.clearRequests();
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private HttpResponse<String> admin(HttpResponse<String> response) {
        adminAnswers.add(response);
        return response;
    }

    private HttpResponse<String> citizenCall(String citizenId) {
        return throughGateway.postJson(
                "/api/v1/services/" + SERVICE + "/operations/licence-status",
                LICENCE,
                "Authorization",
                citizen(citizenId),
                "X-Channel",
                "android");
    }

    private long publishedServices() {
        return TestHttp.json(throughGateway.get("/api/v1/catalog/stats"))
                .path("services")
                .asLong();
    }

    private List<String> search(String query) {
        List<String> codes = new ArrayList<>();
        TestHttp.json(throughGateway.get("/api/v1/catalog/services?q=" + query, "X-Channel", "android"))
                .path("items")
                .forEach(item -> codes.add(item.path("code").asString()));
        return codes;
    }

    @Test
    void shouldOnboardADepartmentAndBringItsServiceToCitizensThroughTheGatewayWithNoRestart() throws IOException {
        long figuresBefore = publishedServices();

        // 1. the department: rest-json, api-key auth
        JsonNode department = body(
                admin(post(
                        "/api/v1/admin/departments",
                        restJsonDepartment(DEPARTMENT, rto.baseUri() + "/sarathi", API_KEY))),
                201);
        assertThat(department.path("secrets").path("auth.apiKey").asString()).isEqualTo("set");

        // 2. its service: a placeholder in the path, a mapped answer; created as DRAFT
        String service = licenceService(SERVICE).replace("\"dl status\"", "\"dl status\", \"qzxjvkwpl\"");
        JsonNode created = body(admin(post("/api/v1/admin/departments/" + DEPARTMENT + "/services", service)), 201);
        assertThat(created.path("status").asString()).isEqualTo("DRAFT");

        // 3. a dry run against the department
        JsonNode dryRun = body(
                admin(post(
                        "/api/v1/admin/departments/" + DEPARTMENT + "/dry-run",
                        "{\"serviceCode\": \"" + SERVICE + "\", \"operationCode\": \"licence-status\", \"input\": "
                                + LICENCE + "}")),
                200);
        assertThat(dryRun.path("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(dryRun.path("raw").path("result").path("internal_ref").asString())
                .isEqualTo("LIC-MASTER-77");
        assertThat(dryRun.path("mapped").path("holder").path("name").asString()).isEqualTo("ASHA RAO");

        // 4. the DRAFT is not callable by a citizen, through the gateway (on instance B)
        assertProblem(citizenCall("citizen-jrn-1"), 404, "SERVICE_NOT_FOUND");
        assertThat(throughGateway.get("/api/v1/catalog/services/" + SERVICE).statusCode())
                .isEqualTo(404);
        assertProblem(
                throughGateway.postJson("/api/v1/admin/departments", "{}", "Authorization", citizen("citizen-jrn-1")),
                403,
                "FORBIDDEN");

        // 5. publish on A: live on B within seconds, no restart
        JsonNode published =
                body(admin(patch("/api/v1/admin/services/" + SERVICE, "{\"status\": \"PUBLISHED\"}")), 200);
        assertThat(published.path("status").asString()).isEqualTo("PUBLISHED");
        eventually(Duration.ofSeconds(15), Duration.ofMillis(250), () -> {
            HttpResponse<String> call = citizenCall("citizen-jrn-2");
            assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
            JsonNode data = TestHttp.json(call).path("data");
            assertThat(data.path("status").asString()).isEqualTo("VALID");
            assertThat(data.path("holder").path("name").asString()).isEqualTo("ASHA RAO");
            assertThat(data.path("validUntil").asString()).isEqualTo("2031-05-30");
            assertThat(data.has("result")).as("mapped, not passed on").isFalse();
            assertThat(TestHttp.json(call).path("serviceCode").asString()).isEqualTo(SERVICE);
        });
        Recorded call = rto.requests().get(rto.requests().size() - 1);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/sarathi/v1/licences/KA0120110012345/status");
        assertThat(call.header("X-Api-Key")).isEqualTo(API_KEY);
        // the search index is rebuilt right after the catalogue is swapped
        eventually(
                Duration.ofSeconds(10),
                Duration.ofMillis(100),
                () -> assertThat(search("qzxjvkwpl")).as("B's search index").containsExactly(SERVICE));
        assertThat(publishedServices()).as("B's figures").isEqualTo(figuresBefore + 1);
        assertThat(instanceBDirect.get("/api/v1/catalog/services/" + SERVICE).statusCode())
                .isEqualTo(200);

        // 6. suspend on A: gone on B within seconds
        body(admin(patch("/api/v1/admin/services/" + SERVICE, "{\"status\": \"SUSPENDED\"}")), 200);
        eventually(
                Duration.ofSeconds(15),
                Duration.ofMillis(250),
                () -> assertProblem(citizenCall("citizen-jrn-3"), 404, "SERVICE_NOT_FOUND"));
        eventually(
                Duration.ofSeconds(10),
                Duration.ofMillis(100),
                () -> assertThat(search("qzxjvkwpl")).doesNotContain(SERVICE));
        assertThat(publishedServices()).isEqualTo(figuresBefore);

        // 7. the audit trail lists every step, with the admin client's identity
        JsonNode trail = body(admin(get("/api/v1/admin/audit?department=" + DEPARTMENT)), 200);
        List<String> steps = new ArrayList<>();
        trail.path("items").forEach(item -> {
            assertThat(item.path("actor").asString()).isEqualTo("platform-admin");
            assertThat(item.path("requestId").asString()).isNotBlank();
            steps.add(
                    0,
                    item.path("action").asString()
                            + item.path("details").path("to").asString(""));
        });
        assertThat(steps)
                .containsExactly(
                        "DEPARTMENT_CREATED",
                        "SERVICE_CREATED",
                        "SERVICE_DRY_RUN",
                        "SERVICE_STATUS_CHANGEDPUBLISHED",
                        "SERVICE_STATUS_CHANGEDSUSPENDED");

        // 8. the department's health on A counts the citizens' calls B made (every instance audits)
        eventually(
                Duration.ofSeconds(10),
                Duration.ofMillis(100),
                () -> assertThat(body(get("/api/v1/admin/departments/" + DEPARTMENT + "/health"), 200)
                                .path("recent")
                                .path("calls")
                                .asLong())
                        .isPositive());

        // 9. the secret was never answered nor logged, here, on B or by the gateway
        assertThat(adminAnswers).allSatisfy(answer -> assertThat(answer.body()).doesNotContain(API_KEY));
        assertThat(logs.list)
                .isNotEmpty()
                .allSatisfy(event -> assertThat(event.getFormattedMessage()
                                + event.getMDCPropertyMap()
                                + (event.getThrowableProxy() == null
                                        ? ""
                                        : ThrowableProxyUtil.asString(event.getThrowableProxy())))
                        .doesNotContain(API_KEY));
        assertThat(Files.readString(gateway.log())).isNotBlank().doesNotContain(API_KEY);
    }

    @Test
    void shouldRefuseAtCallTimeADepartmentThatCameToPointAtThePlatformsOwnService() {
        body(
                post(
                        "/api/v1/admin/departments",
                        restJsonDepartment("ZZADM-JRN-EVIL", rto.baseUri() + "/evil", "evil-key-1234")),
                201);
        body(post("/api/v1/admin/departments/ZZADM-JRN-EVIL/services", licenceService("ZZADM-JRN-EVIL-DL")), 201);
        body(patch("/api/v1/admin/services/ZZADM-JRN-EVIL-DL", "{\"status\": \"PUBLISHED\"}"), 200);
        // then, as if the department's name had come to resolve to payment-service's address, its
        // URL changes past the admin API's check; the HTTP client's own check must refuse it
        jdbc.sql("""
                        update department set adapter_settings = jsonb_set(adapter_settings, '{baseUrl}', to_jsonb(?::text))
                        where code = 'ZZADM-JRN-EVIL'""")
                .param("http://localhost:" + paymentService.port() + "/pay")
                .update();

        eventually(
                Duration.ofSeconds(15),
                Duration.ofMillis(250),
                () -> assertProblem(
                        throughGateway.postJson(
                                "/api/v1/services/ZZADM-JRN-EVIL-DL/operations/licence-status",
                                LICENCE,
                                "Authorization",
                                citizen("citizen-jrn-4")),
                        502,
                        "DEPARTMENT_ERROR"));
        assertThat(paymentService.requests()).as("never connected to").isEmpty();
    }

    private static void eventually(Duration within, Duration pause, Runnable assertion) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError ex) {
                if (System.nanoTime() > deadline) {
                    throw ex;
                }
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
            }
        }
    }
}
