package org.janseva.simulator.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.janseva.platform.test.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SmsGatewayIntegrationTests {

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void setUp() {
        http = TestHttp.localhost(port);
    }

    @AfterEach
    void clearFaults() {
        http.send(http.request("/faults/sms").DELETE().build());
    }

    @Test
    void shouldShowSentMessagesInTheOutboxNewestFirstWhateverTheNumbersFormat() {
        send("+916000000101", "Your code is 111111");
        send("6000000101", "Your code is 222222");

        JsonNode outbox = TestHttp.json(http.get("/sms/outbox?mobile=6000000101"));

        assertThat(outbox).hasSize(2);
        assertThat(outbox.get(0).path("text").asString()).isEqualTo("Your code is 222222");
        assertThat(outbox.get(1).path("text").asString()).isEqualTo("Your code is 111111");
        assertThat(TestHttp.json(http.get("/sms/outbox?mobile=%2B916000000101")))
                .hasSize(2);
        assertThat(TestHttp.json(http.get("/sms/outbox?mobile=6000000102"))).isEmpty();
    }

    @Test
    void shouldFailSendingWhileTheSmsTargetIsDown() {
        http.sendJson("PUT", "/faults/sms", "{\"down\": true}");

        HttpResponse<String> response = http.postJson(
                "/sms/messages", "{\"to\": \"+916000000103\", \"text\": \"lost\", \"sender\": \"JANSVA\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(TestHttp.json(http.get("/sms/outbox?mobile=6000000103"))).isEmpty();
    }

    @Test
    void shouldRefuseANumberThatIsNotOne() {
        assertThat(http.postJson("/sms/messages", "{\"to\": \"abc\", \"text\": \"x\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    private void send(String to, String text) {
        HttpResponse<String> response = http.postJson(
                "/sms/messages", "{\"to\": \"" + to + "\", \"text\": \"" + text + "\", \"sender\": \"JANSVA\"}");
        assertThat(response.statusCode()).isEqualTo(202);
    }
}
