package org.janseva.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.janseva.platform.test.TestHttp;
import org.janseva.platform.test.WithTestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A backend route over two instances ({@code lb://catalog-service} with a static instance list,
 * as ops/scale-out runs it): requests alternate between them.
 */
@WithTestTokenIssuer
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "platform.services.catalog=lb://catalog-service")
class GatewayLoadBalancingIntegrationTests {

    static final StubHttpServer first = StubHttpServer.start();
    static final StubHttpServer second = StubHttpServer.start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.cloud.discovery.client.simple.instances.catalog-service[0].uri",
                () -> first.baseUri().toString());
        registry.add(
                "spring.cloud.discovery.client.simple.instances.catalog-service[1].uri",
                () -> second.baseUri().toString());
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    @Test
    void shouldSpreadARouteOverItsInstances() {
        first.on("GET", "/api/v1/catalog/stats", Answer.json("{}"));
        second.on("GET", "/api/v1/catalog/stats", Answer.json("{}"));
        TestHttp http = TestHttp.localhost(port);

        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/api/v1/catalog/stats").statusCode()).isEqualTo(200);
        }

        assertThat(statsRequests(first)).isEqualTo(5);
        assertThat(statsRequests(second)).isEqualTo(5);
    }

    private static long statsRequests(StubHttpServer instance) {
        return instance.requests().stream()
                .filter(r -> r.path().equals("/api/v1/catalog/stats"))
                .count();
    }
}
