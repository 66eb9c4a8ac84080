package org.janseva.catalog.adapter.restjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.janseva.adapter.spi.AdapterResponse;
import org.janseva.adapter.spi.AdapterSettings;
import org.janseva.adapter.spi.DepartmentAdapter;
import org.janseva.adapter.spi.DepartmentCallException;
import org.janseva.adapter.spi.OperationSpec;
import org.janseva.adapter.spi.Refusal;
import org.janseva.catalog.adapter.AdapterTestSupport;
import org.janseva.catalog.adapter.DepartmentAdapterContract;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.StubHttpServer.Recorded;
import org.junit.jupiter.api.Test;

class RestJsonAdapterIntegrationTests extends DepartmentAdapterContract {

    private static final String API_KEY = "k3y-Vahan-2f8a9c7e";

    private RestJsonAdapter adapter;

    @Override
    protected DepartmentAdapter adapter() {
        if (adapter == null) {
            adapter = new RestJsonAdapter(http, AdapterTestSupport.auth(http, Clock.systemUTC()));
        }
        return adapter;
    }

    @Override
    protected Map<String, Object> settings(URI baseUrl) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("baseUrl", baseUrl + "/api");
        settings.put("timeoutMs", 3000);
        settings.put("auth", Map.of("type", "api-key", "headerName", "X-Api-Key", "apiKey", API_KEY));
        return settings;
    }

    @Override
    protected String secret() {
        return API_KEY;
    }

    @Override
    protected OperationSpec operation() {
        return new OperationSpec(
                "licence-status",
                "GET",
                "/v2/licences/{licenceNumber}",
                Map.of("holder", "/data/holder/name", "validUntil", "/data/validity/1", "status", "/status"),
                true,
                Map.of());
    }

    @Override
    protected Map<String, Object> input() {
        return Map.of("licenceNumber", "DL 14/2011");
    }

    @Override
    protected String successfulAnswer() {
        return "{\"status\": \"VALID\", \"data\": {\"holder\": {\"name\": \"ASHA RAO\"},"
                + " \"validity\": [\"2011-03-01\", \"2031-02-28\"]}}";
    }

    private Recorded lastRequest() {
        List<Recorded> requests = department.requests();
        return requests.get(requests.size() - 1);
    }

    private AdapterResponse call(OperationSpec operation, Map<String, Object> input, Map<String, Object> settings) {
        return adapter()
                .invoke(
                        AdapterTestSupport.request("DEPT", operation, input, Duration.ofSeconds(3)),
                        new AdapterSettings("DEPT", settings));
    }

    @Test
    void shouldFillPathPlaceholdersUrlEncodedAndInjectTheApiKey() {
        AdapterResponse response = invoke();

        Recorded request = lastRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/api/v2/licences/DL%2014%2F2011");
        assertThat(request.header("X-Api-Key")).isEqualTo(API_KEY);
        assertThat(request.header("X-Request-Id")).isEqualTo("test-request-1");
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void shouldMapTheAnswerWithJsonPointers() {
        AdapterResponse response = invoke();

        assertThat(response.data())
                .containsOnly(
                        Map.entry("holder", "ASHA RAO"),
                        Map.entry("validUntil", "2031-02-28"),
                        Map.entry("status", "VALID"));
    }

    @Test
    void shouldNestDottedOutputFieldsAndGiveNullForMissingPointers() {
        OperationSpec operation = new OperationSpec(
                "licence-status",
                "GET",
                "/v2/licences/{licenceNumber}",
                Map.of("holder.name", "/data/holder/name", "holder.photo", "/data/holder/photo"),
                true,
                Map.of());

        AdapterResponse response = call(operation, input(), settings(department.baseUri()));

        assertThat(response.data()).containsOnlyKeys("holder");
        Map<?, ?> holder = (Map<?, ?>) response.data().get("holder");
        assertThat(holder.get("name")).isEqualTo("ASHA RAO");
        assertThat(holder.containsKey("photo")).isTrue();
        assertThat(holder.get("photo")).isNull();
    }

    @Test
    void shouldPassTheAnswerOnAsItIsWithoutAMappingAndWrapAnArray() {
        OperationSpec passThrough = new OperationSpec("status", "GET", "/status", Map.of(), true, Map.of());
        String answer = "{\"a\": 1, \"b\": {\"c\": [true, null, 2.50, \"\u0939\u093f\"]}}";
        department.otherwise(Answer.json(answer));
        AdapterResponse object = call(passThrough, Map.of(), settings(department.baseUri()));
        assertThat(object.isPassThrough()).isTrue();
        assertThat(object.jsonText()).isEqualTo(answer);

        department.otherwise(Answer.json("[{\"id\": 1}, {\"id\": 2}]"));
        assertThat(call(passThrough, Map.of(), settings(department.baseUri())).jsonText())
                .isEqualTo("{\"items\":[{\"id\": 1}, {\"id\": 2}]}");

        department.otherwise(Answer.json(""));
        assertThat(call(passThrough, Map.of(), settings(department.baseUri())).jsonText())
                .isEqualTo("{}");
    }

    @Test
    void shouldRefuseAPassThroughAnswerThatIsNotExactlyOneObjectOrArray() {
        OperationSpec passThrough = new OperationSpec("status", "GET", "/status", Map.of(), true, Map.of());
        for (String garbage : new String[] {"{\"a\": 1} {\"b\": 2}", "\"text\"", "42", "{\"a\": [1, 2}", "{\"a\": 1"}) {
            department.otherwise(Answer.json(garbage));
            assertThatThrownBy(() -> call(passThrough, Map.of(), settings(department.baseUri())))
                    .as(garbage)
                    .isInstanceOfSatisfying(
                            DepartmentCallException.class,
                            ex -> assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.BAD_ANSWER));
        }
    }

    @Test
    void shouldMapQueryParametersAndHeadersAndSendTheBodyOfAPost() {
        OperationSpec post = new OperationSpec(
                "apply",
                "POST",
                "/v1/applications/{scheme}",
                Map.of(),
                false,
                Map.of(
                        "query", Map.of("district", "districtCode"),
                        "headers", Map.of("X-Applicant-Mobile", "mobile"),
                        "bodyFields", List.of("name", "income")));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("scheme", "pm kisan");
        input.put("districtCode", "KA-21&x=1");
        input.put("mobile", "9876543210\r\nX-Evil: 1");
        input.put("name", "Asha Rao");
        input.put("income", 120000);

        // a value a header cannot carry (here a header injection) never leaves: the invocation
        // refuses it as the citizen's input before the adapter, which refuses it again
        int before = department.requests().size();
        assertThatThrownBy(() -> call(post, input, settings(department.baseUri())))
                .isInstanceOf(IllegalStateException.class);
        assertThat(department.requests()).hasSize(before);

        input.put("mobile", "9876543210");
        call(post, input, settings(department.baseUri()));

        Recorded request = lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v1/applications/pm%20kisan");
        assertThat(request.query()).isEqualTo("district=KA-21%26x%3D1");
        assertThat(request.header("X-Applicant-Mobile")).isEqualTo("9876543210");
        assertThat(request.header("X-Evil")).isNull();
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(request.body()).isEqualTo("{\"name\":\"Asha Rao\",\"income\":120000}");
    }

    @Test
    void shouldSendTheOtherInputsOfAGetAsQueryParameters() {
        OperationSpec get = new OperationSpec("search", "GET", "/v1/{state}/centres", Map.of(), true, Map.of());

        call(get, Map.of("state", "KA", "pincode", "560001"), settings(department.baseUri()));

        assertThat(lastRequest().path()).isEqualTo("/api/v1/KA/centres");
        assertThat(lastRequest().query()).isEqualTo("pincode=560001");
    }

    @Test
    void shouldFillAQueryPartOfThePathTemplateWithEncodedValues() {
        OperationSpec get = new OperationSpec(
                "search", "GET", "/blood-availability?pincode={pincode}&group={bloodGroup}", Map.of(), true, Map.of());
        assertThat(adapter().validateOperation(get)).isEmpty();

        call(
                get,
                Map.of("pincode", "560001", "bloodGroup", "AB+", "hospital", "St John's"),
                settings(department.baseUri()));

        assertThat(lastRequest().path()).isEqualTo("/api/blood-availability");
        assertThat(lastRequest().query()).isEqualTo("pincode=560001&group=AB%2B&hospital=St%20John's");
    }

    @Test
    void shouldLeaveOutAQueryParameterWhoseOptionalFieldTheInputLeavesOut() {
        OperationSpec get = new OperationSpec(
                "search", "GET", "/vacancies?keyword={keyword}&state={stateCode}&source=ncs", Map.of(), true, Map.of());

        call(get, Map.of("keyword", "nurse"), settings(department.baseUri()));
        assertThat(lastRequest().path()).isEqualTo("/api/vacancies");
        assertThat(lastRequest().query()).isEqualTo("keyword=nurse&source=ncs");

        OperationSpec events = new OperationSpec("events", "GET", "/events?month={month}", Map.of(), true, Map.of());
        call(events, Map.of(), settings(department.baseUri()));
        assertThat(lastRequest().path()).isEqualTo("/api/events");
        assertThat(lastRequest().query()).isNull();
    }

    @Test
    void shouldAuthenticateWithBasicCredentials() {
        Map<String, Object> settings = new LinkedHashMap<>(settings(department.baseUri()));
        settings.put("auth", Map.of("type", "basic", "username", "janseva", "password", "pa55:word"));

        invoke(settings);

        assertThat(lastRequest().header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("janseva:pa55:word".getBytes()));
    }

    private AdapterResponse invoke(Map<String, Object> settings) {
        return call(operation(), input(), settings);
    }

    @Test
    void shouldObtainAnOAuth2TokenOnceAndReuseItUntilItExpires() {
        department.on(
                "POST",
                "/oauth/token",
                Answer.json("{\"access_token\": \"tok-1\", \"token_type\": \"Bearer\", \"expires_in\": 600}"));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));
        RestJsonAdapter oauthAdapter = new RestJsonAdapter(http, AdapterTestSupport.auth(http, clock));
        Map<String, Object> settings = new LinkedHashMap<>(settings(department.baseUri()));
        settings.put(
                "auth",
                Map.of(
                        "type", "oauth2-client-credentials",
                        "tokenUrl", department.baseUri() + "/oauth/token",
                        "clientId", "janseva",
                        "clientSecret", "cl!ent-secret",
                        "scope", "licences.read"));
        AdapterSettings adapterSettings = new AdapterSettings("OAUTH-DEPT", settings);

        for (int i = 0; i < 3; i++) {
            oauthAdapter.invoke(
                    AdapterTestSupport.request("OAUTH-DEPT", operation(), input(), Duration.ofSeconds(3)),
                    adapterSettings);
        }
        assertThat(tokenRequests()).hasSize(1);
        Recorded tokenRequest = tokenRequests().get(0);
        assertThat(tokenRequest.body()).isEqualTo("grant_type=client_credentials&scope=licences.read");
        assertThat(tokenRequest.header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("janseva:cl%21ent-secret".getBytes()));
        assertThat(lastRequest().header("Authorization")).isEqualTo("Bearer tok-1");

        clock.advance(Duration.ofSeconds(580));
        oauthAdapter.invoke(
                AdapterTestSupport.request("OAUTH-DEPT", operation(), input(), Duration.ofSeconds(3)), adapterSettings);
        assertThat(tokenRequests()).hasSize(2);

        department.otherwise(Answer.json(401, "{\"error\": \"invalid_token\"}"));
        assertThatThrownBy(() -> oauthAdapter.invoke(
                        AdapterTestSupport.request("OAUTH-DEPT", operation(), input(), Duration.ofSeconds(3)),
                        adapterSettings))
                .isInstanceOfSatisfying(
                        DepartmentCallException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.SERVER_ERROR));
        department.otherwise(Answer.json(successfulAnswer()));
        oauthAdapter.invoke(
                AdapterTestSupport.request("OAUTH-DEPT", operation(), input(), Duration.ofSeconds(3)), adapterSettings);
        assertThat(tokenRequests()).as("a refused token is replaced").hasSize(3);
    }

    private List<Recorded> tokenRequests() {
        return department.requests().stream()
                .filter(r -> r.path().equals("/oauth/token"))
                .toList();
    }

    @Test
    void shouldTurnA404IntoARefusalNamedByTheOperationOrTheDefault() {
        department.otherwise(
                Answer.json(404, "{\"message\": \"licence DL 14/2011 not in VAHAN db table LIC_MASTER\"}"));

        AdapterResponse plain = invoke();
        assertThat(plain.isRefusal()).isTrue();
        assertThat(plain.refusal().code()).isEqualTo("RECORD_NOT_FOUND");
        assertThat(plain.refusal().message()).doesNotContain("LIC_MASTER");

        OperationSpec named = new OperationSpec(
                "licence-status",
                "GET",
                "/v2/licences/{licenceNumber}",
                Map.of(),
                true,
                Map.of("refusals", Map.of("404", Map.of("code", "LICENCE_NOT_FOUND", "message", "No such licence."))));
        AdapterResponse refused = call(named, input(), settings(department.baseUri()));
        assertThat(refused.refusal().kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
        assertThat(refused.refusal().code()).isEqualTo("LICENCE_NOT_FOUND");

        department.otherwise(Answer.json(422, "{\"message\": \"bad\"}"));
        assertThat(invoke().refusal().kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE);
    }

    @Test
    void shouldCountRefusedCredentialsAsAFailure() {
        department.otherwise(Answer.json(403, "{}"));

        assertThatThrownBy(this::invoke)
                .isInstanceOfSatisfying(
                        DepartmentCallException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.SERVER_ERROR));
    }

    @Test
    void shouldFailAsUnreachableWhenNobodyListens() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> invoke(settings(URI.create("http://127.0.0.1:" + closedPort))))
                .isInstanceOfSatisfying(
                        DepartmentCallException.class,
                        ex -> assertThat(ex.kind()).isEqualTo(DepartmentCallException.Kind.UNREACHABLE));
    }

    @Test
    void shouldValidateOperations() {
        assertThat(adapter()
                        .validateOperation(new OperationSpec(
                                "x", "FETCH", "v1?x=1", Map.of("a", "b"), true, Map.of("body", "all"))))
                .extracting(p -> p.setting())
                .containsExactlyInAnyOrder("method", "path", "responseMapping.a", "options.body");
        // a misspelt or malformed option would otherwise change nothing, in silence
        assertThat(adapter()
                        .validateOperation(new OperationSpec(
                                "x",
                                "POST",
                                "/v1/x",
                                Map.of(),
                                true,
                                Map.of("querry", Map.of("a", "b"), "bodyFields", "vehicleNumber"))))
                .extracting(p -> p.setting() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "options.querry: is not an option of rest-json; known options: [body, bodyFields, headers,"
                                + " query, refusals]",
                        "options.bodyFields: must be a list of input field names");
    }

    @Test
    void shouldRefuseStaticHeadersThatCarryCredentials() {
        Map<String, Object> settings = new LinkedHashMap<>(settings(department.baseUri()));
        settings.put("headers", Map.of("Authorization", "Bearer abc"));

        assertThat(registry().validate(RestJsonAdapter.TYPE, new AdapterSettings("DEPT", settings)))
                .extracting(p -> p.setting())
                .containsExactly("headers.Authorization");
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
