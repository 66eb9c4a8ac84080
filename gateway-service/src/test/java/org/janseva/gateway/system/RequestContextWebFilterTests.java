package org.janseva.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * A request is recorded (access line and metric) once, whichever way it ends. Reactor Netty's
 * connection is an embedded channel here, closed as when the client hangs up.
 */
class RequestContextWebFilterTests {

    SimpleMeterRegistry registry;
    RequestContextWebFilter filter;
    EmbeddedChannel channel;
    ServerWebExchange exchange;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        GatewayProperties properties = new GatewayProperties(
                DataSize.ofMegabytes(1),
                List.of("X-User-Id"),
                List.of("X-Internal-"),
                0,
                Duration.ofSeconds(10),
                Duration.ofSeconds(15));
        filter = new RequestContextWebFilter(properties, new GatewayRequestMetrics(registry));
        channel = new EmbeddedChannel();
        exchange = new DefaultServerWebExchange(
                new ConnectedRequest(Connection.from(channel)),
                new MockServerHttpResponse(),
                new DefaultWebSessionManager(),
                ServerCodecConfigurer.create(),
                new AcceptHeaderLocaleContextResolver());
    }

    /**
     * An error on its way to the error handler (the backend call failed with it) when the client
     * hung up: Reactor Netty cancelled the handler's answer before it started, and the request went
     * unrecorded.
     */
    @Test
    void shouldRecordARequestWhoseClientLeftBeforeTheErrorHandlerAnswered() {
        filter.filter(exchange, failing()).subscribe(null, error -> {});

        channel.close();

        assertThat(recorded("499")).isEqualTo(1);
        assertThat(exchange.getAttributes())
                .containsEntry(RequestContextWebFilter.PROBLEM_CODE_ATTRIBUTE, "CLIENT_CLOSED_REQUEST");
    }

    @Test
    void shouldRecordARequestWhoseHandlingWasCancelledOnce() {
        Disposable handling = filter.filter(exchange, mutated -> Mono.never()).subscribe();

        handling.dispose();
        channel.close();

        assertThat(recorded("499")).isEqualTo(1);
        assertThat(registry.find("janseva.gateway.requests").timers()).hasSize(1);
    }

    @Test
    void shouldRecordAnAnsweredRequestOnceWithItsStatusWhenItsConnectionCloses() {
        filter.filter(exchange, mutated -> mutated.getResponse().setComplete()).block();

        channel.close();

        assertThat(recorded("200")).isEqualTo(1);
        assertThat(registry.find("janseva.gateway.requests").timers()).hasSize(1);
    }

    private static WebFilterChain failing() {
        return mutated -> Mono.error(new IllegalStateException("the backend call failed"));
    }

    private long recorded(String status) {
        Timer timer =
                registry.find("janseva.gateway.requests").tag("status", status).timer();
        return timer == null ? 0 : timer.count();
    }

    /** A request whose native request is a Reactor Netty connection, as the server's are. */
    private static final class ConnectedRequest extends AbstractServerHttpRequest {

        private final Connection connection;

        ConnectedRequest(Connection connection) {
            super(HttpMethod.GET, URI.create("http://localhost/api/v1/payments/slow"), null, new HttpHeaders());
            this.connection = connection;
        }

        @Override
        protected MultiValueMap<String, HttpCookie> initCookies() {
            return new LinkedMultiValueMap<>();
        }

        @Override
        protected SslInfo initSslInfo() {
            return null;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getNativeRequest() {
            return (T) connection;
        }
    }
}
