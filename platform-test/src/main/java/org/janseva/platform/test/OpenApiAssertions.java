package org.janseva.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Asserts what a service's generated OpenAPI document says about its answers. */
public final class OpenApiAssertions {

    private OpenApiAssertions() {}

    /**
     * Checks, softly, that each operation documents each status with its problem codes: every
     * status given codes is answered as {@code application/problem+json} and its description names
     * each code. A status given no codes (a success) is only expected to be there if the caller
     * checks the statuses itself.
     *
     * @param softly collects the failures
     * @param paths the document's {@code paths}
     * @param expected {@code "post /api/v1/x"} → status → the codes, separated by spaces ({@code ""} for none)
     */
    public static void assertDocumentedProblems(
            SoftAssertions softly, JsonNode paths, Map<String, Map<String, String>> expected) {
        expected.forEach((operation, statuses) -> {
            JsonNode responses = responses(paths, operation);
            softly.assertThat(responses.isObject()).as(operation).isTrue();
            statuses.forEach((status, codes) -> {
                if (codes.isEmpty()) {
                    return;
                }
                JsonNode response = responses.path(status);
                softly.assertThat(response.path("content").propertyNames())
                        .as("%s %s", operation, status)
                        .containsExactly("application/problem+json");
                for (String code : codes.split(" ")) {
                    softly.assertThat(response.path("description").asString())
                            .as("%s %s", operation, status)
                            .contains(code);
                }
            });
        });
    }

    /**
     * Checks that the public document ({@code /v3/api-docs}, the one the gateway serves) lists no
     * {@code /internal/**} endpoint and no error page, and that the internal document
     * ({@code /v3/api-docs/internal}) lists exactly the given internal paths.
     *
     * @param http a client of the service
     * @param internalPaths the service's {@code /internal/**} paths, as documented
     */
    public static void assertInternalEndpointsOnlyInTheInternalDocument(TestHttp http, String... internalPaths) {
        JsonNode published = TestHttp.json(http.get("/v3/api-docs")).path("paths");
        assertThat(published.propertyNames())
                .as("paths of the public document")
                .isNotEmpty()
                .noneMatch(path -> path.startsWith("/internal") || path.startsWith("/error"));
        JsonNode internal = TestHttp.json(http.get("/v3/api-docs/internal")).path("paths");
        assertThat(internal.propertyNames())
                .as("paths of the internal document")
                .containsExactlyInAnyOrder(internalPaths);
    }

    /**
     * Checks that the public document names the gateway's public URL (the issuer) as its only
     * server, whatever address the request for it came to, and the service as its title; and that
     * the internal document names the service itself (a relative URL).
     *
     * @param http a client of the service (at an address that is not the issuer's)
     * @param issuer the service's {@code platform.security.issuer}
     * @param applicationName the service's name
     */
    public static void assertPublicDocumentNamesTheGateway(TestHttp http, String issuer, String applicationName) {
        JsonNode published = TestHttp.json(http.get("/v3/api-docs"));
        assertThat(published.path("servers").size()).as("servers").isEqualTo(1);
        assertThat(published.path("servers").path(0).path("url").asString()).isEqualTo(issuer);
        assertThat(published.path("info").path("title").asString()).isEqualTo(applicationName);
        assertThat(http.get("/v3/api-docs.yaml").body()).contains("- url: " + issuer + "\n");
        JsonNode internal = TestHttp.json(http.get("/v3/api-docs/internal"));
        assertThat(internal.path("servers").path(0).path("url").asString()).isEqualTo("/");
    }

    /**
     * Checks each document's security against the service's answers: every documented operation
     * (public and internal) is sent without a token, and it must answer 401 UNAUTHENTICATED exactly
     * when the document says it needs the bearer token. Path variables are sent as {@code x},
     * bodies as {@code {}}: enough to get past routing, not to change anything. Each operation that
     * needs the token must also document that refusal ({@link #assertDocumentedRefusals}).
     *
     * @param http a client of the service
     */
    public static void assertDocumentedSecurityHolds(TestHttp http) {
        JsonNode scheme = TestHttp.json(http.get("/v3/api-docs"))
                .path("components")
                .path("securitySchemes")
                .path("bearer");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asString()).isEqualTo("JWT");
        SoftAssertions softly = new SoftAssertions();
        everyPath(http)
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    String method = operation.getKey().toUpperCase(Locale.ROOT);
                    if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                        return;
                    }
                    String target = path.getKey().replaceAll("\\{[^}/]+}", "x");
                    HttpResponse<String> answer = method.equals("GET") || method.equals("DELETE")
                            ? http.send(http.request(target)
                                    .method(method, HttpRequest.BodyPublishers.noBody())
                                    .build())
                            : http.sendJson(method, target, "{}");
                    boolean refused = answer.statusCode() == 401
                            && "UNAUTHENTICATED"
                                    .equals(TestHttp.json(answer).path("code").asString());
                    softly.assertThat(refused)
                            .as(
                                    "%s %s (security %s) answered %s without a token",
                                    method, path.getKey(), security(operation.getValue()), answer.statusCode())
                            .isEqualTo(!security(operation.getValue()).isEmpty());
                }));
        assertDocumentedRefusals(softly, everyPath(http));
        softly.assertAll();
    }

    /**
     * Checks, softly, that every operation that needs the bearer token documents the refusals of
     * the security filter chain as problems: 401 naming {@code UNAUTHENTICATED}, and, when it needs
     * one of some scopes, 403 naming {@code FORBIDDEN} (an operation that takes any valid token may
     * document a 403 of its own, but need not).
     *
     * @param softly collects the failures
     * @param paths the {@code paths} of one document, or of several ({@link #everyPath})
     */
    public static void assertDocumentedRefusals(SoftAssertions softly, JsonNode paths) {
        paths.properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    JsonNode requirements = operation.getValue().path("security");
                    List<JsonNode> bearer = new ArrayList<>();
                    requirements.forEach(requirement -> {
                        if (requirement.has("bearer")) {
                            bearer.add(requirement.path("bearer"));
                        }
                    });
                    if (bearer.isEmpty()) {
                        return;
                    }
                    String name = operation.getKey() + " " + path.getKey();
                    JsonNode responses = operation.getValue().path("responses");
                    assertRefusal(softly, name, responses.path("401"), "401", "UNAUTHENTICATED");
                    if (bearer.stream().noneMatch(JsonNode::isEmpty)) {
                        assertRefusal(softly, name, responses.path("403"), "403", "FORBIDDEN");
                    }
                }));
    }

    private static void assertRefusal(
            SoftAssertions softly, String operation, JsonNode response, String status, String code) {
        softly.assertThat(response.path("content").propertyNames())
                .as("%s %s documented as a problem", operation, status)
                .containsExactly("application/problem+json");
        softly.assertThat(response.path("description").asString())
                .as("%s %s", operation, status)
                .contains(code);
    }

    /**
     * @param paths the document's {@code paths}
     * @param operation {@code "post /api/v1/x"}
     * @return what the operation's {@code security} says: {@code "bearer [citizen]"}, {@code
     *     "bearer []"} (any valid token), {@code ""} when it needs none
     */
    public static String security(JsonNode paths, String operation) {
        String[] methodAndPath = operation.split(" ", 2);
        JsonNode documented = paths.path(methodAndPath[1]).path(methodAndPath[0]);
        assertThat(documented.isObject()).as(operation).isTrue();
        return security(documented);
    }

    private static String security(JsonNode operation) {
        List<String> requirements = new ArrayList<>();
        for (JsonNode requirement : operation.path("security")) {
            requirement.properties().forEach(scheme -> {
                List<String> scopes = new ArrayList<>();
                scheme.getValue().forEach(scope -> scopes.add(scope.asString()));
                requirements.add(scheme.getKey() + " " + scopes);
            });
        }
        return String.join(", ", requirements);
    }

    /**
     * @param http a client of the service
     * @return the {@code paths} of the service's public document and of its internal one
     *     together: every operation the service documents
     */
    public static JsonNode everyPath(TestHttp http) {
        ObjectNode paths = (ObjectNode)
                TestHttp.json(http.get("/v3/api-docs")).path("paths").deepCopy();
        TestHttp.json(http.get("/v3/api-docs/internal"))
                .path("paths")
                .properties()
                .forEach(e -> paths.set(e.getKey(), e.getValue()));
        return paths;
    }

    /**
     * @param paths the document's {@code paths}
     * @param operation {@code "post /api/v1/x"}
     * @return that operation's {@code responses} (a missing node when it is not documented)
     */
    public static JsonNode responses(JsonNode paths, String operation) {
        String[] methodAndPath = operation.split(" ", 2);
        return paths.path(methodAndPath[1]).path(methodAndPath[0]).path("responses");
    }

    /**
     * Checks that no answer of any operation (public or internal) is documented as {@code *}{@code /*} (any type):
     * each names the media type it really answers with ({@code application/json}, a problem's
     * {@code application/problem+json}, a PDF's {@code application/pdf}...).
     *
     * @param http a client of the service
     */
    public static void assertEveryAnswerNamesItsMediaType(TestHttp http) {
        List<String> wildcards = new ArrayList<>();
        everyPath(http)
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(operation -> operation
                                .getValue()
                                .path("responses")
                                .properties()
                                .forEach(response -> {
                                    if (response.getValue().path("content").has("*/*")) {
                                        wildcards.add(
                                                operation.getKey() + " " + path.getKey() + " " + response.getKey());
                                    }
                                })));
        assertThat(wildcards).as("answers documented as */*").isEmpty();
    }

    /**
     * @param document a whole OpenAPI document
     * @param operation {@code "get /api/v1/x"}
     * @param status the answer's status
     * @return the schema of that answer's {@code application/json} body, its {@code $ref} followed
     */
    public static JsonNode answerSchema(JsonNode document, String operation, String status) {
        JsonNode schema = responses(document.path("paths"), operation)
                .path(status)
                .path("content")
                .path("application/json")
                .path("schema");
        assertThat(schema.isObject())
                .as("%s %s: application/json schema", operation, status)
                .isTrue();
        return resolve(document, schema);
    }

    /**
     * @param document a whole OpenAPI document
     * @param schema a schema in it
     * @return the schema, or the one its {@code $ref} names (a missing node when there is none)
     */
    public static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        String prefix = "#/components/schemas/";
        return ref.startsWith(prefix)
                ? document.path("components").path("schemas").path(ref.substring(prefix.length()))
                : schema;
    }

    /**
     * Checks that a live answer has the shape its operation documents: every value in it, nested
     * ones and array items included, has a type its documented schema allows (a schema that names
     * none allows any), and every member of an object is a property of the object's schema (a schema
     * without properties, a map or a free-form object, takes any member). A document whose schema
     * was replaced by another of the same name fails here.
     *
     * @param document the service's whole OpenAPI document
     * @param operation {@code "get /api/v1/x"}
     * @param answer the operation's 200 answer, as received
     */
    public static void assertAnswerHasItsDocumentedShape(JsonNode document, String operation, JsonNode answer) {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(document, answerSchema(document, operation, "200"), answer, "", undocumented);
        assertThat(undocumented)
                .as("%s: values of the answer its schema does not describe", operation)
                .isEmpty();
    }

    private static void collectUndocumented(
            JsonNode document, JsonNode schema, JsonNode value, String where, List<String> undocumented) {
        JsonNode resolved = resolve(document, schema);
        List<String> types = new ArrayList<>();
        if (resolved.path("type").isArray()) {
            resolved.path("type").forEach(type -> types.add(type.asString()));
        } else if (resolved.path("type").isString()) {
            types.add(resolved.path("type").asString());
        }
        String type = value.isObject()
                ? "object"
                : value.isArray()
                        ? "array"
                        : value.isString()
                                ? "string"
                                : value.isBoolean() ? "boolean" : value.isIntegralNumber() ? "integer" : "number";
        boolean typed = value.isNull()
                || types.isEmpty()
                || types.contains(type)
                || (type.equals("integer") && types.contains("number"));
        if (!typed) {
            undocumented.add(where + " (" + type + ", documented as " + types + ")");
            return;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                collectUndocumented(
                        document, resolved.path("items"), value.get(i), where + "[" + i + "]", undocumented);
            }
        } else if (value.isObject() && resolved.path("properties").isObject()) {
            JsonNode properties = resolved.path("properties");
            value.properties().forEach(member -> {
                if (properties.has(member.getKey())) {
                    collectUndocumented(
                            document,
                            properties.path(member.getKey()),
                            member.getValue(),
                            where + "." + member.getKey(),
                            undocumented);
                } else {
                    undocumented.add(where + "." + member.getKey());
                }
            });
        }
    }
}
