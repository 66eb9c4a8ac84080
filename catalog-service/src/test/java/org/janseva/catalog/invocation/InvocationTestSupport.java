package org.janseva.catalog.invocation;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.janseva.catalog.adapter.AdapterSettingsCodec;
import org.janseva.catalog.catalogue.Catalogue;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Spring context for every invocation test: catalog-service on a random port, real
 * PostgreSQL, tokens from the shared test issuer, department back ends and user-service played by
 * stub HTTP servers. Tests put their own departments and entries (codes starting {@code ZZINV})
 * into the catalogue and remove them afterwards, so the shipped catalogue's figures stay intact.
 * The circuit breakers wait 2 s in the open state here instead of 30 s, so that recovery can be
 * seen without a long sleep.
 */
@EmbeddedPostgresTest(database = "catalog")
@WithTestTokenIssuer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(
        properties = {
            "resilience4j.circuitbreaker.configs.department.wait-duration-in-open-state=2s",
            "platform.catalog.adapters.settings-keys.test=" + InvocationTestSupport.SETTINGS_KEY,
            "platform.catalog.adapters.active-settings-key=test",
            "platform.security.client.secret=test-catalog-secret"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InvocationTestSupport {

    static final String SETTINGS_KEY = "dGVzdC1zZXR0aW5ncy1rZXktMzItYnl0ZXMtbG9uZyE=";
    static final TestTokenIssuer tokens = TestTokenIssuer.shared();
    /** Department back ends (one host: one connection pool). */
    static final StubHttpServer departments = StubHttpServer.start();
    /** A second department host, with its own connection pool. */
    static final StubHttpServer otherDepartments = StubHttpServer.start();
    /** user-service, for recent-service reports. */
    static final StubHttpServer userService = StubHttpServer.start();

    static final String CATEGORY = "zzinv";

    protected final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void stubs(DynamicPropertyRegistry registry) {
        registry.add("platform.services.user", () -> userService.baseUri().toString());
        registry.add(
                "platform.catalog.endpoints.stub", () -> departments.baseUri().toString());
        registry.add(
                "platform.catalog.endpoints.stub2",
                () -> otherDepartments.baseUri().toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Catalogue catalogue;

    @Autowired
    AdapterSettingsCodec codec;

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    TestHttp http;

    @BeforeEach
    void setUpHttp() {
        http = TestHttp.localhost(port);
        // every test starts with closed circuits: one test's failures must not open another's
        circuitBreakers.getAllCircuitBreakers().stream()
                .filter(circuitBreaker -> circuitBreaker.getName().startsWith("ZZINV"))
                .forEach(CircuitBreaker::reset);
        jdbc.sql("""
                        insert into category (code, position, names) values (?, 999, '{"en": "Invocation tests"}')
                        on conflict (code) do nothing""").param(CATEGORY).update();
        // the statement bumps the catalogue's version even when it inserts nothing: in force now,
        // not at the next poll in the middle of the test (which would empty the invocation cache)
        catalogue.refresh();
    }

    @AfterAll
    void removeTestCatalogue() {
        jdbc.sql("delete from catalogue_entry where code like 'ZZINV%'").update();
        jdbc.sql("delete from department where code like 'ZZINV%'").update();
        jdbc.sql("delete from category where code = ?").param(CATEGORY).update();
        catalogue.refresh();
    }

    /** Adds or replaces a department with these adapter settings, as stored (secrets sealed). */
    void department(String code, String adapterType, Map<String, Object> settings) {
        Map<String, Object> stored = codec.seal(code, adapterType, settings);
        jdbc.sql("""
                        insert into department (code, type, names, adapter_type, adapter_settings)
                        values (?, 'CENTRAL', '{"en": "Test department"}', ?, cast(? as jsonb))
                        on conflict (code) do update set adapter_type = excluded.adapter_type,
                            adapter_settings = excluded.adapter_settings, updated_at = now()""").params(code, adapterType, json.writeValueAsString(stored)).update();
    }

    /** An operation of a test entry. */
    record Op(
            String code,
            String method,
            String path,
            String inputSchema,
            Map<String, String> responseMapping,
            boolean idempotent,
            Integer cacheTtlSeconds,
            String visibility,
            Map<String, Object> options) {

        static Op of(String code, String method, String path, String inputSchema) {
            return new Op(code, method, path, inputSchema, Map.of(), true, null, "CITIZEN", Map.of());
        }

        Op mapped(Map<String, String> mapping) {
            return new Op(code, method, path, inputSchema, mapping, idempotent, cacheTtlSeconds, visibility, options);
        }

        Op notIdempotent() {
            return new Op(
                    code, method, path, inputSchema, responseMapping, false, cacheTtlSeconds, visibility, options);
        }

        Op cachedFor(int seconds) {
            return new Op(code, method, path, inputSchema, responseMapping, idempotent, seconds, visibility, options);
        }

        Op forServicesOnly() {
            return new Op(
                    code, method, path, inputSchema, responseMapping, idempotent, cacheTtlSeconds, "SERVICE", options);
        }
    }

    /** Adds or replaces a catalogue entry of the department with these operations. */
    void entry(
            String code, String department, String status, List<String> channels, List<String> countries, Op... ops) {
        jdbc.sql("delete from catalogue_entry where code = ?").param(code).update();
        jdbc.sql("""
                        insert into catalogue_entry (code, department_code, category_code, type, status, channels, countries,
                                                     names, descriptions)
                        values (?, ?, ?, 'CENTRAL', ?, ?, ?, '{"en": "Test service"}', '{"en": "A service for tests"}')""")
                .params(
                        code,
                        department,
                        CATEGORY,
                        status,
                        channels.toArray(String[]::new),
                        countries.toArray(String[]::new))
                .update();
        int position = 0;
        for (Op op : ops) {
            jdbc.sql("""
                            insert into operation (entry_code, code, position, names, http_method, path_template, input_schema,
                                                   response_mapping, idempotent, cache_ttl_seconds, visibility, options)
                            values (?, ?, ?, '{"en": "Test operation"}', ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?,
                                    cast(? as jsonb))""")
                    .params(
                            code,
                            op.code(),
                            position++,
                            op.method(),
                            op.path(),
                            op.inputSchema(),
                            json.writeValueAsString(op.responseMapping()),
                            op.idempotent(),
                            op.cacheTtlSeconds(),
                            op.visibility(),
                            json.writeValueAsString(op.options()))
                    .update();
        }
    }

    /** A published entry on every channel but kaios, offered in India only. */
    void publishedEntry(String code, String department, Op... ops) {
        entry(code, department, "PUBLISHED", List.of("android", "ios", "web"), List.of("IN"), ops);
    }

    void refresh() {
        catalogue.refresh();
    }

    static String schema(String... requiredStringFields) {
        StringBuilder properties = new StringBuilder();
        for (String field : requiredStringFields) {
            if (!properties.isEmpty()) {
                properties.append(", ");
            }
            properties
                    .append("\"")
                    .append(field)
                    .append("\": {\"type\": \"string\", \"minLength\": 1, \"title\": \"")
                    .append(field)
                    .append("\", \"examples\": [\"x\"]}");
        }
        String required = Arrays.stream(requiredStringFields)
                .map(f -> "\"" + f + "\"")
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
        return "{\"type\": \"object\", \"required\": [" + required + "], \"properties\": {" + properties + "}}";
    }

    HttpResponse<String> invoke(String service, String operation, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        if (all.stream().noneMatch("Authorization"::equalsIgnoreCase)) {
            all.add("Authorization");
            all.add(TestTokenIssuer.bearer(tokens.citizenToken("citizen-1")));
        }
        return http.postJson(
                "/api/v1/services/" + service + "/operations/" + operation, body, all.toArray(String[]::new));
    }

    static String citizen(String id) {
        return TestTokenIssuer.bearer(tokens.citizenToken(id));
    }

    static String service(String clientId) {
        return TestTokenIssuer.bearer(tokens.serviceToken(clientId));
    }

    /** Polls until the condition holds or the deadline passes (no fixed sleeps). */
    static void eventually(Duration within, Runnable assertion) {
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
                    Thread.sleep(25);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
            }
        }
    }
}
