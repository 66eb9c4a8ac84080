package org.janseva.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
        classes = PlatformWebIntegrationTests.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class PlatformWebIntegrationTests {

    @LocalServerPort
    int port;

    TestHttp http;

    @Autowired
    RequestMappingHandlerAdapter adapter;

    @Autowired
    TestController controller;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
    }

    @Test
    void shouldAnswerAnUnknownPathWithANotFoundProblem() {
        JsonNode problem = assertProblem(http.get("/no/such/path"), 404, "RESOURCE_NOT_FOUND");
        assertThat(problem.path("instance").asString()).isEqualTo("/no/such/path");
    }

    @Test
    void shouldWriteTheRequestIdAndTheTraceIdIntoTheAccessLogLine(CapturedOutput output) {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        http.get(
                "/test/pages?size=1",
                "X-Request-Id",
                "trace-log-mvc-1",
                "traceparent",
                "00-" + traceId + "-00f067aa0ba902b7-01");

        String line = output.getOut()
                .lines()
                .filter(l -> l.contains("trace-log-mvc-1") && l.contains("org.janseva.access"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no access-log line with the request id"));
        assertThat(line).contains(traceId);
    }

    /**
     * An exception that escapes the filter chain is answered by Tomcat's error dispatch after
     * {@link RequestIdFilter} has returned: its access line must say what the client got, not the
     * 200 the response held when the exception passed it.
     */
    @Test
    void shouldLogTheStatusTheClientGetsWhenAnExceptionEscapesTheFilterChain(CapturedOutput output) {
        HttpResponse<String> failed = http.get("/test/escape/boom", "X-Request-Id", "escape-boom-1");
        assertProblem(failed, 500, "INTERNAL_ERROR");
        assertThat(accessLine(output, "escape-boom-1")
                        .path("http")
                        .path("status")
                        .asInt())
                .isEqualTo(500);

        // an ApiException is answered by the error dispatch with its own status
        HttpResponse<String> refused = http.get("/test/escape/busy", "X-Request-Id", "escape-busy-1");
        assertProblem(refused, 503, "TRY_LATER");
        assertThat(refused.headers().firstValue("Retry-After")).contains("7");
        assertThat(accessLine(output, "escape-busy-1")
                        .path("http")
                        .path("status")
                        .asInt())
                .isEqualTo(503);

        // what Tomcat itself answers with another status: a request body that broke off, a parameter it refused
        assertProblem(http.get("/test/escape/broken-body", "X-Request-Id", "escape-body-1"), 400, "VALIDATION_FAILED");
        assertThat(accessLine(output, "escape-body-1")
                        .path("http")
                        .path("status")
                        .asInt())
                .isEqualTo(400);
        assertProblem(
                http.get("/test/escape/parameters", "X-Request-Id", "escape-parameters-1"), 413, "PAYLOAD_TOO_LARGE");
        assertThat(accessLine(output, "escape-parameters-1")
                        .path("http")
                        .path("status")
                        .asInt())
                .isEqualTo(413);

        // once the answer has started, its status is the one the client got
        String committed = rawGet("/test/escape/committed", "X-Request-Id: escape-committed-1");
        assertThat(committed).matches("(?s)HTTP/1\\.[01] 202 .*");
        assertThat(accessLine(output, "escape-committed-1")
                        .path("http")
                        .path("status")
                        .asInt())
                .isEqualTo(202);
    }

    /**
     * Tomcat logs an exception that escaped the filters once {@link RequestIdFilter} has returned:
     * that ERROR line must still name the request, or nobody can tie it to the 500 a client
     * reports.
     */
    @Test
    void shouldNameTheRequestInTheErrorLineOfAnExceptionThatEscapedTheFilters(CapturedOutput output) {
        assertProblem(http.get("/test/escape/boom", "X-Request-Id", "escape-error-line-1"), 500, "INTERNAL_ERROR");

        List<String> errors = output.getOut()
                .lines()
                .filter(l -> l.contains("\"level\":\"ERROR\"") && l.contains("a filter failed"))
                .toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("\"requestId\":\"escape-error-line-1\"");
    }

    /** @return the one access-log line of the request, as JSON */
    private static JsonNode accessLine(CapturedOutput output, String requestId) {
        List<String> lines = output.getOut()
                .lines()
                .filter(l -> l.contains("\"" + requestId + "\"") && l.contains("org.janseva.access"))
                .toList();
        assertThat(lines).as("access lines of %s", requestId).hasSize(1);
        return JsonMapper.builder().build().readTree(lines.get(0));
    }

    @Test
    void shouldAnswerAPathTomcatRefusesWithAProblemNotTomcatsPage() {
        for (String path : List.of("/test/pages%2Fx", "/test/%zz")) {
            String response = rawGet(path);

            assertThat(response).as(path).matches("(?s)HTTP/1\\.[01] 400 .*");
            assertThat(response).contains("Content-Type: application/problem+json");
            JsonNode problem =
                    JsonMapper.builder().build().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
            assertThat(problem.path("detail").asString()).isNotBlank();
            assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("path");
            assertThat(problem.path("errors").get(0).path("message").asString()).isNotBlank();
            assertThat(problem.path("requestId").asString()).isNotBlank();
            assertThat(problem.path("instance").asString()).isEqualTo(path.contains("%zz") ? "/" : path);
            assertThat(response).doesNotContain("<html");
        }
    }

    @Test
    void shouldNameAQueryParameterThatIsNotValidPercentEncoding() {
        String response = rawGet("/test/pages?size=%zz");

        assertThat(response).matches("(?s)HTTP/1\\.[01] 400 .*");
        JsonNode problem = JsonMapper.builder().build().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("size");
    }

    @Test
    void shouldRefuseAQueryParameterThatIsNotUtf8InsteadOfDroppingTheRest() {
        // Tomcat stops reading parameters at such a one without a word: the rest were answered as if unasked
        Map<String, String> undecodable = Map.of(
                "/test/pages?size=1&x=%FF", "x",
                "/test/pages?x=%FF&size=1", "x",
                "/test/search?q=%C0%AF", "q",
                "/test/search?q=ok&q=%ED%A0%80", "q",
                "/test/search?q=%zz", "q",
                "/test/search?q=a%2", "q",
                "/test/search?q=%E0%A4", "q",
                "/test/search?%FF=1&q=ok", "query",
                "/test/search?q=ok&x%FFy=1", "query");
        undecodable.forEach((pathAndQuery, field) -> {
            String response = rawGet(pathAndQuery);
            assertThat(response).as(pathAndQuery).matches("(?s)HTTP/1\\.[01] 400 .*");
            JsonNode problem =
                    JsonMapper.builder().build().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertThat(problem.path("code").asString()).isEqualTo("VALIDATION_FAILED");
            assertThat(problem.path("errors").get(0).path("field").asString())
                    .as(pathAndQuery)
                    .isEqualTo(field);
            assertThat(problem.path("errors").get(0).path("message").asString())
                    .isEqualTo("is not valid percent-encoded UTF-8");
        });
        // valid UTF-8, escaped or not, and a plus for a space, are read as sent
        assertThat(rawGet("/test/search?q=%E0%A4%AC%E0%A4%BF%E0%A4%9C%E0%A4%B2%E0%A5%80+bill&x="))
                .contains("\"q\":\"बिजली bill\"");
        assertThat(rawGet("/test/pages?size=7&x=%C3%A9")).contains("\"size\":7");
    }

    /**
     * A GET with the path exactly as given (java.net.http refuses to send a bad escape), in
     * HTTP/1.0 so that the answer is not chunked.
     */
    private String rawGet(String pathAndQuery, String... headerLines) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder headers = new StringBuilder("Host: localhost\r\n");
            for (String line : headerLines) {
                headers.append(line).append("\r\n");
            }
            socket.getOutputStream()
                    .write(("GET " + pathAndQuery + " HTTP/1.0\r\n" + headers + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void shouldAnswerMalformedJsonWithAValidationProblemOnTheBody() {
        JsonNode problem = assertProblem(http.postJson("/test/greetings", "{\"name\": "), 400, "VALIDATION_FAILED");

        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("body");
    }

    @Test
    void shouldNameTheFieldOfAValueOfTheWrongType() {
        JsonNode problem =
                assertProblem(http.postJson("/test/greetings", "{\"name\": {\"a\": 1}}"), 400, "VALIDATION_FAILED");

        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("name");
        assertThat(problem.path("errors").get(0).path("message").asString()).doesNotContain("java", "String");
    }

    @Test
    void shouldListEveryInvalidFieldInAValidationProblem() {
        JsonNode problem = assertProblem(
                http.postJson("/test/greetings", "{\"name\": \"\", \"note\": \"far too long\"}"),
                400,
                "VALIDATION_FAILED");

        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("name", "note");
    }

    @Test
    void shouldNameInvalidFieldsAsTheClientSendsThemNotAsTheirJavaNames() {
        JsonNode problem = assertProblem(
                http.postJson(
                        "/test/greetings",
                        "{\"name\": \"Asha\", \"reply_to\": \"far too long\","
                                + " \"labels\": [{\"label_text\": \"ok\"}, {\"label_text\": \"\"}]}"),
                400,
                "VALIDATION_FAILED");

        assertThat(problem.path("errors").findValuesAsString("field"))
                .containsExactly("labels[1].label_text", "reply_to");
    }

    @Test
    void shouldRefuseAFractionWhereAWholeNumberIsExpectedInsteadOfTruncatingIt() {
        JsonNode problem = assertProblem(
                http.postJson("/test/greetings", "{\"name\": \"Asha\", \"copies\": 4.9}"), 400, "VALIDATION_FAILED");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("copies");
        assertThat(problem.path("errors").get(0).path("message").asString()).contains("whole number");

        JsonNode nested = assertProblem(
                http.postJson("/test/greetings", "{\"name\": \"Asha\", \"cards\": [{\"count\": 1}, {\"count\": 0.5}]}"),
                400,
                "VALIDATION_FAILED");
        assertThat(nested.path("errors").get(0).path("field").asString()).isEqualTo("cards[1].count");

        HttpResponse<String> whole = http.postJson("/test/greetings", "{\"name\": \"Asha\", \"copies\": 4}");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(whole).path("copies").asInt()).isEqualTo(4);
    }

    @Test
    void shouldRefuseAScalarOfTheWrongTypeInsteadOfCoercingIt() {
        Map<String, String> wrong = Map.of(
                "{\"name\": 123}", "name",
                "{\"name\": \"Asha\", \"note\": 929.60}", "note",
                "{\"name\": \"Asha\", \"note\": true}", "note",
                "{\"name\": \"Asha\", \"tags\": [\"ok\", 7]}", "tags[1]",
                "{\"name\": \"Asha\", \"copies\": \"4\"}", "copies",
                "{\"name\": \"Asha\", \"copies\": \"\"}", "copies",
                "{\"name\": \"Asha\", \"cards\": [{\"count\": \"1\"}]}", "cards[0].count",
                "{\"name\": \"Asha\", \"urgent\": \"true\"}", "urgent",
                "{\"name\": \"Asha\", \"urgent\": 1}", "urgent",
                "{\"name\": \"Asha\", \"tone\": 0}", "tone");
        wrong.forEach((body, field) -> {
            JsonNode problem = assertProblem(http.postJson("/test/greetings", body), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").get(0).path("field").asString())
                    .as(body)
                    .isEqualTo(field);
        });
        JsonNode text = assertProblem(http.postJson("/test/greetings", "{\"name\": 123}"), 400, "VALIDATION_FAILED");
        assertThat(text.path("errors").get(0).path("message").asString()).isEqualTo("must be a JSON string");
        JsonNode number = assertProblem(
                http.postJson("/test/greetings", "{\"name\": \"A\", \"copies\": \"4\"}"), 400, "VALIDATION_FAILED");
        assertThat(number.path("errors").get(0).path("message").asString()).isEqualTo("must be a whole number");

        HttpResponse<String> typed = http.postJson(
                "/test/greetings",
                "{\"name\": \"Asha\", \"note\": null, \"copies\": 4, \"urgent\": true, \"tone\": \"WARM\"}");
        assertThat(typed.statusCode()).as(typed.body()).isEqualTo(200);
        assertThat(TestHttp.json(typed).path("copies").asInt()).isEqualTo(4);
        assertProblem(http.postJson("/test/greetings", "{\"name\": null}"), 400, "VALIDATION_FAILED");
    }

    @Test
    void shouldRefuseAMemberGivenTwiceNamingItInsteadOfKeepingTheLast() {
        Map<String, String> twice = Map.of(
                "{\"name\": \"Asha\", \"name\": \"Ravi\"}", "name",
                "{\"name\": \"Asha\", \"cards\": [{\"count\": 1}, {\"count\": 1, \"count\": 3}]}", "cards[1].count",
                "{\"name\": \"Asha\", \"extra\": {\"k\": [{\"a\": 1, \"a\": 2}]}}", "extra.k[0].a");
        twice.forEach((body, field) -> {
            JsonNode problem = assertProblem(http.postJson("/test/greetings", body), 400, "VALIDATION_FAILED");
            assertThat(problem.path("errors").get(0).path("field").asString())
                    .as(body)
                    .isEqualTo(field);
            assertThat(problem.path("errors").get(0).path("message").asString())
                    .isEqualTo("is given more than once in the same object");
        });
        JsonNode tree =
                assertProblem(http.postJson("/test/trees", "{\"a\": {\"b\": 1, \"b\": 2}}"), 400, "VALIDATION_FAILED");
        assertThat(tree.path("errors").get(0).path("field").asString()).isEqualTo("a.b");
        JsonNode unfit = assertProblem(
                http.postJson("/test/trees", "{\"a\": {\"\\u0001\": 1, \"\\u0001\": 2}}"), 400, "VALIDATION_FAILED");
        assertThat(unfit.path("errors").get(0).path("field").asString()).isEqualTo("a");
    }

    @Test
    void shouldReadAndWriteJsonOnlyNotYamlOrXml() {
        for (String type : List.of("application/yaml", "application/x-yaml", "application/xml", "text/xml")) {
            HttpResponse<String> response = http.send(http.request("/test/greetings")
                    .header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("name: Asha\n"))
                    .build());

            JsonNode problem = assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
            assertThat(problem.path("detail").asString())
                    .as(type)
                    .contains("application/json")
                    .doesNotContain("yaml", "xml");
        }
        HttpResponse<String> yamlAnswer = http.get("/test/pages?size=1", "Accept", "application/yaml");
        assertThat(yamlAnswer.body()).doesNotContain("size: 1");
        assertThat(adapter.getMessageConverters())
                .noneMatch(JsonOnlyMessageConverters::otherFormat)
                .anyMatch(
                        c -> c.getSupportedMediaTypes().contains(org.springframework.http.MediaType.APPLICATION_JSON));
    }

    /**
     * A handler that produces JSON is not run for an {@code Accept} that refuses JSON (its 406 came
     * after it had run, when its answer was written): the rule of catalog-service's invocations,
     * where a range of weight 0 refuses.
     */
    @Test
    void shouldRefuseAnAcceptWithoutJsonBeforeAHandlerThatProducesJsonRuns() {
        for (String accept : List.of(
                "application/xml",
                "text/html",
                "application/json;q=0, text/plain",
                "application/json;q=0",
                "application/problem+json",
                "not a media type")) {
            int before = controller.notes.get();
            HttpResponse<String> refused = http.send(http.request("/test/notes")
                    .header("Accept", accept)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());

            JsonNode problem = assertProblem(refused, 406, "NOT_ACCEPTABLE");
            assertThat(problem.path("instance").asString()).isEqualTo("/test/notes");
            assertThat(controller.notes.get()).as(accept).isEqualTo(before);
        }
        for (String accept : List.of(
                "application/json",
                "*/*",
                "application/*",
                "application/json, application/problem+json",
                "text/html;q=0, application/json;q=0.5")) {
            HttpResponse<String> taken = http.send(http.request("/test/notes")
                    .header("Accept", accept)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());

            assertThat(taken.statusCode()).as(accept).isEqualTo(200);
            assertThat(taken.headers().firstValue("Content-Type")).hasValue("application/json");
        }
        HttpResponse<String> noAccept = http.send(http.request("/test/notes")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(noAccept.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldStillServeTheApiDescriptionAsJsonAndYaml() {
        HttpResponse<String> json = http.get("/v3/api-docs");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(json).path("openapi").asString()).startsWith("3.");
        HttpResponse<String> yaml = http.get("/v3/api-docs.yaml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi: 3.");
    }

    @Test
    void shouldRefuseANulCharacterInAJsonStringNamingTheFieldWithoutRepeatingTheValue() {
        for (String body : List.of(
                "{\"name\": \"\\u0000x\"}",
                "{\"name\": \"Asha\", \"tags\": [\"ok\", \"a\\u0000b\"]}",
                "{\"name\": \"Asha\", \"extra\": {\"k\": [\"\\u0000\"]}}")) {
            HttpResponse<String> response = http.postJson("/test/greetings", body);

            JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
            JsonNode error = problem.path("errors").get(0);
            assertThat(error.path("field").asString()).as(body).isIn("name", "tags[1]", "extra.k");
            assertThat(error.path("message").asString()).isEqualTo("must not contain the NUL character (U+0000)");
            assertThat(response.body()).doesNotContain("\\u0000", "a\u0000b");
        }
        JsonNode tree = assertProblem(
                http.postJson("/test/trees", "{\"a\": {\"b\": [1, \"x\\u0000\"]}}"), 400, "VALIDATION_FAILED");
        assertThat(tree.path("errors").get(0).path("field").asString()).isEqualTo("a.b[1]");
        assertThat(TestHttp.json(http.postJson("/test/trees", "{\"a\": [\"ok\"]}"))
                        .path("a")
                        .get(0)
                        .asString())
                .isEqualTo("ok");
        assertThat(TestHttp.json(http.postJson("/test/greetings", "{\"name\": \"A\\tsha\\n\"}"))
                        .path("greeting")
                        .asString())
                .isEqualTo("Namaste A\tsha\n");
    }

    @Test
    void shouldRefuseHalfASurrogatePairInsteadOfStoringAQuestionMark() {
        Map<String, String> broken = Map.of(
                "{\"name\": \"Asha \\ud83d\"}", "name",
                "{\"name\": \"\\ude00 Asha\"}", "name",
                "{\"name\": \"Asha\", \"tags\": [\"ok\", \"\\ud83d\\ud83d\\ude00\"]}", "tags[1]",
                "{\"name\": \"Asha\", \"extra\": {\"k\": [\"\\udfff\"]}}", "extra.k");
        broken.forEach((body, field) -> {
            HttpResponse<String> response = http.postJson("/test/greetings", body);

            JsonNode problem = assertProblem(response, 400, "VALIDATION_FAILED");
            JsonNode error = problem.path("errors").get(0);
            assertThat(error.path("field").asString()).as(body).isEqualTo(field);
            assertThat(error.path("message").asString()).as(body).contains("surrogate");
        });
        JsonNode tree = assertProblem(
                http.postJson("/test/trees", "{\"a\": {\"b\": [1, \"x\\ud800\"]}}"), 400, "VALIDATION_FAILED");
        assertThat(tree.path("errors").get(0).path("field").asString()).isEqualTo("a.b[1]");

        // a whole pair, escaped or not, is text: an emoji in a name is kept as sent
        HttpResponse<String> escaped = http.postJson("/test/greetings", "{\"name\": \"Asha \\ud83d\\ude00\"}");
        assertThat(escaped.statusCode()).as(escaped.body()).isEqualTo(200);
        assertThat(TestHttp.json(escaped).path("greeting").asString()).isEqualTo("Namaste Asha \ud83d\ude00");
        HttpResponse<String> raw = http.postJson("/test/trees", "{\"a\": \"\ud83d\ude00 आशा\"}");
        assertThat(TestHttp.json(raw).path("a").asString()).isEqualTo("\ud83d\ude00 आशा");
    }

    @Test
    void shouldNameTheFieldOfANumberOutOfItsRange() {
        Map<String, String> tooLarge = Map.of(
                "{\"name\": \"Asha\", \"copies\": 99999999999}", "copies",
                "{\"name\": \"Asha\", \"copies\": -99999999999999999999999}", "copies",
                "{\"name\": \"Asha\", \"cards\": [{\"count\": 1}, {\"count\": 3000000000}]}", "cards[1].count");
        tooLarge.forEach((body, field) -> {
            JsonNode problem = assertProblem(http.postJson("/test/greetings", body), 400, "VALIDATION_FAILED");
            JsonNode error = problem.path("errors").get(0);
            assertThat(error.path("field").asString()).as(body).isEqualTo(field);
            assertThat(error.path("message").asString())
                    .as(body)
                    .isEqualTo("is out of range: must be a whole number from -2147483648 to 2147483647");
        });
        HttpResponse<String> largest = http.postJson("/test/greetings", "{\"name\": \"Asha\", \"copies\": 2147483647}");
        assertThat(TestHttp.json(largest).path("copies").asInt()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void shouldRefuseANulCharacterInAQueryParameterAFormParameterOrThePath() {
        JsonNode query = assertProblem(http.get("/test/search?q=a%00b"), 400, "VALIDATION_FAILED");
        assertThat(query.path("errors").get(0).path("field").asString()).isEqualTo("q");
        assertThat(query.path("errors").get(0).path("message").asString()).contains("NUL");

        HttpResponse<String> form = http.send(http.request("/test/search")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=%00"))
                .build());
        JsonNode formProblem = assertProblem(form, 400, "VALIDATION_FAILED");
        assertThat(formProblem.path("errors").get(0).path("field").asString()).isEqualTo("q");

        JsonNode path = assertProblem(http.get("/test/items/A%00B"), 400, "VALIDATION_FAILED");
        assertThat(path.path("errors").get(0).path("field").asString()).isEqualTo("path");
        assertThat(path.path("instance").asString()).isEqualTo("/test/items/A%00B");

        assertThat(TestHttp.json(http.get("/test/search?q=a%09b")).path("q").asString())
                .isEqualTo("a\tb");
        assertThat(TestHttp.json(http.get("/test/items/A%20B")).path("id").asString())
                .isEqualTo("A B");
    }

    @Test
    void shouldReportAWrongQueryParameterTypeAsAValidationProblem() {
        JsonNode problem = assertProblem(http.get("/test/pages?size=ten"), 400, "VALIDATION_FAILED");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("size");
    }

    @Test
    void shouldRefuseAWildcardContentTypeWith415InsteadOfFailing() {
        for (String range : List.of("*/*", "application/*", "text/*", "*/*; charset=UTF-8")) {
            HttpResponse<String> response = http.send(http.request("/test/greetings")
                    .header("Content-Type", range)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Asha\"}"))
                    .build());

            assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
        }
    }

    @Test
    void shouldRefuseAnUnsupportedMediaType() {
        HttpResponse<String> response = http.send(http.request("/test/greetings")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                .build());

        assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void shouldRefuseABodyOverOneMebibyteByItsLength() {
        String big = "{\"name\": \"" + "x".repeat(1024 * 1024) + "\"}";
        assertProblem(http.postJson("/test/greetings", big), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void shouldRefuseAChunkedBodyOverOneMebibyteWhileReadingIt() {
        byte[] big = ("{\"name\": \"" + "x".repeat(1024 * 1024) + "\"}").getBytes();
        HttpResponse<String> response = http.send(http.request("/test/greetings")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build());

        assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void shouldHideTheCauseOfAnUnexpectedFailure() {
        HttpResponse<String> response = http.get("/test/boom");

        JsonNode problem = assertProblem(response, 500, "INTERNAL_ERROR");
        assertThat(response.body()).doesNotContain("secret_table").doesNotContain("IllegalStateException");
        assertThat(problem.path("detail").asString()).contains("request id");
    }

    /**
     * Its database or the authorization server cannot be reached: 503 with Retry-After and a WARN
     * now and then, not a 500 with an ERROR and a stack trace for every request.
     */
    @Test
    void shouldAnswerAnUnreachableDatabaseOrAuthorizationServerWith503(CapturedOutput output) {
        long unexpectedBefore = unexpectedFailures(output);
        for (String path : List.of("/test/database", "/test/service-token")) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = http.get(path);

                JsonNode problem = assertProblem(response, 503, "SERVICE_UNAVAILABLE");
                assertThat(problem.path("detail").asString()).contains("try again");
                assertThat(response.headers().firstValue("Retry-After"))
                        .as(path)
                        .contains("5");
                assertThat(response.body()).doesNotContain("127.0.0.1").doesNotContain("Exception");
            }
        }
        List<String> lines = output.getOut().lines().toList();
        assertThat(lines.stream().filter(l -> l.contains("The database is unavailable, answered 503")))
                .hasSize(1)
                .allMatch(l -> l.contains("\"level\":\"WARN\"") && l.contains("Connection"));
        assertThat(lines.stream().filter(l -> l.contains("The authorization server is unavailable, answered 503")))
                .hasSize(1);
        assertThat(unexpectedFailures(output)).as("ERRORs with a stack trace").isEqualTo(unexpectedBefore);
    }

    private static long unexpectedFailures(CapturedOutput output) {
        return output.getOut()
                .lines()
                .filter(l -> l.contains("Unexpected failure"))
                .count();
    }

    @Test
    void shouldTurnAnApiExceptionIntoItsProblemWithHeadersAndProperties() {
        HttpResponse<String> response = http.get("/test/busy");

        JsonNode problem = assertProblem(response, 429, "SLOW_DOWN");
        assertThat(problem.path("title").asString()).isEqualTo("Slow down");
        assertThat(problem.path("retryInSeconds").asInt()).isEqualTo(30);
        assertThat(response.headers().firstValue("Retry-After")).contains("30");
    }

    @Test
    void shouldAnswerAWrongMethodWithAProblem() {
        assertProblem(http.sendJson("DELETE", "/test/greetings", "{}"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void shouldAnswerATraceWhichTomcatRefusesItselfWithAProblemCarryingTheClientsRequestId() {
        HttpResponse<String> response = http.send(http.request("/test/greetings")
                .method("TRACE", HttpRequest.BodyPublishers.noBody())
                .header("X-Request-Id", "client-trace.1")
                .build());

        JsonNode problem = assertProblem(response, 405, "METHOD_NOT_ALLOWED");
        assertThat(problem.path("requestId").asString()).isEqualTo("client-trace.1");
        assertThat(response.headers().firstValue("X-Request-Id")).contains("client-trace.1");
    }

    @Test
    void shouldAnswerAContainerErrorDispatchWithAProblem() {
        assertProblem(http.get("/test/send-error"), 403, "FORBIDDEN");
    }

    @Test
    void shouldEchoASaneRequestIdAndPutItInTheProblem() {
        HttpResponse<String> response = http.get("/no/such/path", "X-Request-Id", "client-abc.123");

        assertThat(response.headers().firstValue("X-Request-Id")).contains("client-abc.123");
        assertThat(TestHttp.json(response).path("requestId").asString()).isEqualTo("client-abc.123");
    }

    @Test
    void shouldReplaceARequestIdThatCouldInjectIntoLogs() {
        HttpResponse<String> response = http.get("/test/pages?size=1", "X-Request-Id", "bad id\"} {\"level\":\"ERROR");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id"))
                .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));
    }

    record GreetingRequest(
            @NotBlank String name,
            @Size(max = 5) String note,
            Integer copies,
            List<Card> cards,
            List<String> tags,
            Map<String, Object> extra,
            @JsonProperty("reply_to") @Size(max = 5) String replyTo,
            @Valid List<Label> labels,
            Boolean urgent,
            Tone tone) {}

    enum Tone {
        WARM,
        FORMAL
    }

    record Card(int count) {}

    record Label(@JsonProperty("label_text") @NotBlank String labelText) {}

    @RestController
    static class TestController {

        final AtomicInteger notes = new AtomicInteger();

        @PostMapping(path = "/test/notes", produces = MediaType.APPLICATION_JSON_VALUE)
        Map<String, Integer> note() {
            return Map.of("notes", notes.incrementAndGet());
        }

        @PostMapping("/test/greetings")
        Map<String, Object> greet(@Valid @RequestBody GreetingRequest request) {
            return request.copies() == null
                    ? Map.of("greeting", "Namaste " + request.name())
                    : Map.of("greeting", "Namaste " + request.name(), "copies", request.copies());
        }

        @GetMapping("/test/pages")
        Map<String, Integer> pages(@RequestParam int size) {
            return Map.of("size", size);
        }

        @org.springframework.web.bind.annotation.RequestMapping(
                path = "/test/search",
                method = {
                    org.springframework.web.bind.annotation.RequestMethod.GET,
                    org.springframework.web.bind.annotation.RequestMethod.POST
                })
        Map<String, String> search(@RequestParam String q) {
            return Map.of("q", q);
        }

        @PostMapping("/test/trees")
        JsonNode tree(@RequestBody JsonNode body) {
            return body;
        }

        @GetMapping("/test/items/{id}")
        Map<String, String> item(@org.springframework.web.bind.annotation.PathVariable String id) {
            return Map.of("id", id);
        }

        @GetMapping("/test/boom")
        String boom() {
            throw new IllegalStateException("select * from secret_table failed");
        }

        /** A real JDBC driver asked for a connection where no database listens. */
        @GetMapping("/test/database")
        Integer database() {
            var dataSource = new org.springframework.jdbc.datasource.DriverManagerDataSource(
                    "jdbc:postgresql://127.0.0.1:" + closedPort() + "/janseva?connectTimeout=2", "janseva", "");
            return new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForObject("select 1", Integer.class);
        }

        /** A service token asked of an authorization server that does not listen. */
        @GetMapping("/test/service-token")
        String serviceToken() {
            return new org.janseva.platform.core.security.ServiceTokenClient(
                            java.net.URI.create("http://127.0.0.1:" + closedPort() + "/oauth2/token"),
                            "test-client",
                            "test-secret",
                            "service",
                            java.time.Duration.ofSeconds(60),
                            java.time.Clock.systemUTC())
                    .token();
        }

        private static int closedPort() {
            try (var socket = new java.net.ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }

        @GetMapping("/test/busy")
        String busy() {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "SLOW_DOWN", "Slow down", "Too many greetings.")
                    .withProperty("retryInSeconds", 30)
                    .withHeader("Retry-After", "30");
        }

        @GetMapping("/test/send-error")
        void sendError(jakarta.servlet.http.HttpServletResponse response) throws java.io.IOException {
            response.sendError(403);
        }
    }

    @org.springframework.boot.SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TestController.class)
    static class TestApplication {

        /**
         * Fails under {@code /test/escape/}, after the platform's filters: an exception, an
         * {@link ApiException}, exceptions Tomcat answers with a status of their own, an
         * exception once the answer has started.
         */
        @org.springframework.context.annotation.Bean
        org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> failingFilter() {
            jakarta.servlet.Filter filter = (request, response, chain) -> {
                String path = ((jakarta.servlet.http.HttpServletRequest) request).getRequestURI();
                switch (path) {
                    case "/test/escape/boom" -> throw new IllegalStateException("a filter failed");
                    case "/test/escape/busy" ->
                        throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "TRY_LATER", "Try later", "Busy.")
                                .withHeader("Retry-After", "7");
                    case "/test/escape/broken-body" ->
                        throw new org.apache.coyote.BadRequestException("the body broke off");
                    case "/test/escape/parameters" ->
                        throw new jakarta.servlet.ServletException(
                                new org.apache.tomcat.util.http.InvalidParameterException("too many parameters", 413));
                    case "/test/escape/committed" -> {
                        ((jakarta.servlet.http.HttpServletResponse) response).setStatus(202);
                        response.getOutputStream().write("{\"partial\":".getBytes(StandardCharsets.US_ASCII));
                        response.flushBuffer();
                        throw new IllegalStateException("failed half-way through the answer");
                    }
                    default -> chain.doFilter(request, response);
                }
            };
            var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(filter);
            registration.addUrlPatterns("/test/escape/*");
            return registration;
        }
    }
}
