package org.janseva.catalog.shipped;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.janseva.platform.test.EmbeddedPostgresTest;
import org.janseva.platform.test.SimulatorProcess;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.TestTokenIssuer;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shipped EPFO department, as Flyway leaves a new database, called over real HTTP as a citizen
 * calls it, against the department simulator (its EPFO back end answers in EPFO's own dialect:
 * snake_case, {@code dd-MM-yyyy} dates, bare rupee strings). Through the {@code epfo} adapter every
 * operation answers in the platform's conventions (camelCase fields, ISO-8601 dates, money
 * {@code {"value", "currency"}}); on {@code rest-json}, as V3 shipped it, they passed EPFO's dialect
 * on to citizens.
 */
@EmbeddedPostgresTest(database = "catalog")
@WithTestTokenIssuer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "platform.catalog.refresh-interval=1h")
class ShippedEpfoIntegrationTests {

    private static final TestTokenIssuer tokens = TestTokenIssuer.shared();
    private static final Pattern FIELD_NAME = Pattern.compile("[a-z][A-Za-z0-9]*");
    private static final Pattern EPFO_DATE = Pattern.compile("\\d{2}-\\d{2}-\\d{4}");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern RUPEES = Pattern.compile("\\d+\\.\\d{2}");

    @DynamicPropertySource
    static void simulator(DynamicPropertyRegistry registry) {
        registry.add(
                "platform.catalog.endpoints.simulator",
                () -> SimulatorProcess.get().baseUrl());
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp http;

    @BeforeEach
    void setUpHttp() {
        http = TestHttp.localhost(port);
    }

    @Test
    void shouldShipEpfoOnItsCodedAdapterType() {
        assertThat(jdbc.sql("select adapter_type from department where code = 'EPFO'")
                        .query(String.class)
                        .single())
                .isEqualTo("epfo");
        assertThat(jdbc.sql("""
                                select count(*) from operation o join catalogue_entry e on e.code = o.entry_code
                                where e.department_code = 'EPFO' and o.response_mapping::jsonb <> '{}'::jsonb""").query(Long.class).single())
                .as("epfo maps the answers in code; no EPFO operation has a mapping it would ignore")
                .isZero();
    }

    @Test
    void shouldAnswerEveryEpfoOperationWithItsExamplesInThePlatformsConventions() {
        List<String> services = new ArrayList<>();
        ok("/api/v1/catalog/services?department=EPFO&size=100")
                .path("items")
                .forEach(item -> services.add(item.path("code").asString()));
        assertThat(services).hasSize(15);
        int calls = 0;
        for (String service : services) {
            JsonNode operations = ok("/api/v1/catalog/services/" + service).path("operations");
            assertThat(operations).as(service).isNotEmpty();
            for (JsonNode operation : operations) {
                JsonNode schema = operation.path("inputSchema");
                List<ObjectNode> inputs = new ArrayList<>(List.of(examples(schema, false)));
                ObjectNode required = examples(schema, true);
                if (!required.equals(inputs.get(0))) {
                    inputs.add(required); // optional fields left out, as a citizen may
                }
                for (ObjectNode input : inputs) {
                    String call = service + " " + operation.path("code").asString() + " " + input;
                    HttpResponse<String> response =
                            invoke(service, operation.path("code").asString(), input);
                    assertThat(response.statusCode())
                            .as(call + " -> " + response.body())
                            .isEqualTo(200);
                    List<String> problems = new ArrayList<>();
                    conventions(TestHttp.json(response).path("data"), "data", problems);
                    assertThat(problems).as(call + " -> " + response.body()).isEmpty();
                    calls++;
                }
            }
        }
        assertThat(calls).isGreaterThanOrEqualTo(16);
    }

    @Test
    void shouldAnswerThePassbookClaimAndKycInThePlatformsShape() {
        JsonNode passbook = data("EPFO-PASSBOOK", "passbook", "{\"uan\": \"100123456789\"}");
        assertThat(passbook.path("uan").asString()).isEqualTo("100123456789");
        assertThat(passbook.path("memberName").asString()).isNotBlank();
        assertThat(passbook.path("joinedOn").asString()).matches(ISO_DATE);
        JsonNode entry = passbook.path("entries").path(0);
        assertThat(entry.path("creditedOn").asString()).matches(ISO_DATE);
        assertThat(entry.path("wageMonth").asString()).matches("\\d{4}-\\d{2}");
        assertThat(entry.path("employeeShare").path("value").asString()).matches(RUPEES);
        assertThat(entry.path("employeeShare").path("currency").asString()).isEqualTo("INR");
        assertThat(passbook.path("balance").path("providentFund").path("value").asString())
                .matches(RUPEES);
        assertThat(passbook.has("member_name")).isFalse();

        JsonNode claim = data(
                "EPFO-CLAIM-STATUS", "claim-status", "{\"uan\": \"100123456789\", \"claimId\": \"MHBAN240612345678\"}");
        assertThat(claim.path("claimId").asString()).isEqualTo("MHBAN240612345678");
        assertThat(claim.path("status").asString()).isIn("UNDER_PROCESS", "REJECTED", "SETTLED");
        assertThat(claim.path("receivedOn").asString()).matches(ISO_DATE);
        assertThat(claim.path("history").path(0).path("date").asString()).matches(ISO_DATE);

        JsonNode kyc = data("EPFO-KYC-STATUS", "kyc-status", "{\"uan\": \"100123456789\"}");
        assertThat(kyc.path("status").asString()).isIn("COMPLETE", "PENDING");
        assertThat(kyc.path("aadhaar").path("verified").isBoolean()).isTrue();

        // EPFO's own refusal, in the platform's words
        assertProblem(
                http.postJson(
                        "/api/v1/services/EPFO-PASSBOOK/operations/passbook",
                        "{\"uan\": \"100123450000\"}",
                        "Authorization",
                        citizen()),
                404,
                "UAN_NOT_FOUND");
    }

    private JsonNode data(String service, String operation, String input) {
        HttpResponse<String> response = http.postJson(
                "/api/v1/services/" + service + "/operations/" + operation, input, "Authorization", citizen());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response).path("data");
    }

    private HttpResponse<String> invoke(String service, String operation, ObjectNode input) {
        return http.postJson(
                "/api/v1/services/" + service + "/operations/" + operation,
                input.toString(),
                "Authorization",
                citizen());
    }

    private static String citizen() {
        return TestTokenIssuer.bearer(tokens.citizenToken("citizen-epfo-walk"));
    }

    private JsonNode ok(String pathAndQuery) {
        HttpResponse<String> response = http.get(pathAndQuery);
        assertThat(response.statusCode())
                .as(pathAndQuery + " -> " + response.body())
                .isEqualTo(200);
        return TestHttp.json(response);
    }

    /** The schema's first example of each property (of the required ones only, when asked). */
    private static ObjectNode examples(JsonNode schema, boolean requiredOnly) {
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        ObjectNode input = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode example = property.getValue().path("examples").path(0);
            if (!example.isMissingNode() && (!requiredOnly || required.contains(property.getKey()))) {
                input.set(property.getKey(), example);
            }
        }
        return input;
    }

    /** Collects what breaks the platform's conventions: snake_case names, EPFO's dates, bare money. */
    private static void conventions(JsonNode node, String at, List<String> problems) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String path = at + "." + field.getKey();
                if (!FIELD_NAME.matcher(field.getKey()).matches()) {
                    problems.add(path + " is not camelCase");
                }
                if (field.getKey().toLowerCase(java.util.Locale.ROOT).matches(".*(amount|share|wages|total)")
                        && !field.getValue().isObject()) {
                    problems.add(path + " is money that is not {value, currency}: " + field.getValue());
                }
                conventions(field.getValue(), path, problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                conventions(node.get(i), at + "[" + i + "]", problems);
            }
        } else if (node.isString() && EPFO_DATE.matcher(node.asString()).matches()) {
            problems.add(at + " is a date that is not ISO-8601: " + node.asString());
        }
    }
}
