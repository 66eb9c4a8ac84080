package org.janseva.catalog.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.janseva.adapter.spi.DepartmentCallException;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard where every adapter's call passes: {@link DepartmentHttp} checks each new
 * connection's addresses when its host is resolved, so a refused address is never connected to,
 * whatever the department's settings said when they were saved; redirects are never followed.
 */
class DepartmentHttpGuardIntegrationTests {

    private final StubHttpServer department = StubHttpServer.start();
    private final StubHttpServer ownService = StubHttpServer.start();
    private DepartmentHttp http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.destroy();
        }
        department.close();
        ownService.close();
    }

    private static DepartmentHttpRequest get(String url) {
        return new DepartmentHttpRequest("GET", URI.create(url), Map.of(), null, Duration.ofSeconds(2));
    }

    @Test
    void shouldNeverConnectToALoopbackDepartmentWhereLoopbackIsNotAllowed() {
        http = AdapterTestSupport.http(AdapterTestSupport.guard(new OutboundProperties(null, null, null), List.of()));

        for (String url : List.of(department.baseUri() + "/x", "http://localhost:" + department.port() + "/x")) {
            assertThatThrownBy(() -> http.exchange(get(url)))
                    .isInstanceOf(DepartmentCallException.class)
                    .hasMessageContaining("was not called")
                    .hasMessageContaining("a loopback address")
                    .satisfies(ex -> assertThat(((DepartmentCallException) ex).kind())
                            .isEqualTo(DepartmentCallException.Kind.UNREACHABLE));
        }
        assertThat(department.requests()).isEmpty();
    }

    @Test
    void shouldNeverConnectToThePlatformsOwnServicesEvenWhereLoopbackIsAllowed() {
        http = AdapterTestSupport.http(AdapterTestSupport.guard(
                AdapterTestSupport.loopbackAllowed(),
                List.of(Map.entry("payment-service", ownService.baseUri().toString()))));

        assertThatThrownBy(() -> http.exchange(get("http://localhost:" + ownService.port() + "/internal/v1/x")))
                .isInstanceOf(DepartmentCallException.class)
                .hasMessageContaining("the platform's own services");
        assertThat(http.exchange(get(department.baseUri() + "/ok")).status()).isEqualTo(404);
        assertThat(ownService.requests()).isEmpty();
        assertThat(department.requests()).hasSize(1);
    }

    @Test
    void shouldNotFollowARedirectToAForbiddenHost() {
        http = AdapterTestSupport.http(AdapterTestSupport.guard(
                AdapterTestSupport.loopbackAllowed(),
                List.of(Map.entry("user-service", ownService.baseUri().toString()))));
        department.otherwise(new Answer(
                302, null, null, 0, Map.of("Location", ownService.baseUri() + "/internal/v1/users/c-1/recent")));

        DepartmentHttpAnswer answer = http.exchange(get(department.baseUri() + "/licences/1"));

        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.redirect()).isTrue();
        assertThat(department.requests()).hasSize(1);
        assertThat(ownService.requests()).as("the redirect was not followed").isEmpty();
    }

    @Test
    void shouldRefuseAtCallTimeANameThatCameToResolveToAForbiddenAddress() throws Exception {
        AtomicReference<String> dns = new AtomicReference<>("127.0.0.1");
        OutboundAddressGuard guard = new OutboundAddressGuard(
                AdapterTestSupport.loopbackAllowed(),
                List.of(),
                host -> host.equals("rto.example")
                        ? new InetAddress[] {InetAddress.getByName(dns.get())}
                        : InetAddress.getAllByName(host));
        http = AdapterTestSupport.http(guard);
        // the department closes each connection, so each call resolves its name anew
        department.otherwise(Answer.json("{\"ok\": true}").withHeader("Connection", "close"));
        String url = "http://rto.example:" + department.port() + "/status";

        assertThat(http.exchange(get(url)).status()).isEqualTo(200);
        dns.set("169.254.169.254");

        assertThatThrownBy(() -> http.exchange(get(url)))
                .isInstanceOf(DepartmentCallException.class)
                .hasMessageContaining("rto.example resolves to 169.254.169.254");
        assertThat(department.requests()).hasSize(1);
    }

    @Test
    void shouldRefuseAnAddressLiteralAndANonHttpSchemeWithoutResolvingAnything() {
        http = AdapterTestSupport.http();

        assertThatThrownBy(() -> http.exchange(get("http://169.254.169.254/latest/meta-data/")))
                .isInstanceOf(DepartmentCallException.class)
                .hasMessageContaining("the cloud metadata address");
        assertThatThrownBy(() -> http.exchange(get("http://[::ffff:a9fe:a9fe]/latest/")))
                .isInstanceOf(DepartmentCallException.class)
                .hasMessageContaining("the cloud metadata address");
        assertThatThrownBy(() -> http.exchange(get("file:///etc/passwd")))
                .isInstanceOf(DepartmentCallException.class)
                .hasMessageContaining("Only http and https");
    }
}
