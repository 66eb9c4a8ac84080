package org.janseva.gateway.ratelimit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.janseva.gateway.auth.AuthenticationWebFilter;
import org.janseva.gateway.system.GatewayRejection;
import org.janseva.gateway.system.RequestBodies;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The login routes' own concurrency limit: at most {@code loginConcurrency} login requests are
 * in flight through this instance; the next get a 503 {@code SERVICE_UNAVAILABLE} with
 * {@code Retry-After} at once, as a stackless {@link GatewayRejection} (cheap: a flood is mostly
 * rejections). MPIN checks are slow by design (Argon2id), so without it a login
 * flood would queue up in user-service and eat the CPU every other route needs.
 *
 * <p>A slot is taken only once the login's body has fully arrived (read into memory here, at most
 * {@code platform.gateway.max-request-body}, within {@code platform.gateway.body-timeout}): taken
 * before, eight clients sending their bodies slowly, or never finishing them, held every slot and
 * turned every other citizen's login and registration away with a 503.
 */
final class LoginConcurrencyWebFilter implements WebFilter, Ordered {

    private record Route(HttpMethod method, String path) {}

    private static final long LOGIN_RETRY_AFTER_SECONDS = 2;

    private final List<Route> routes;
    private final int limit;
    private final int maxBodyBytes;
    private final AtomicInteger inFlight = new AtomicInteger();

    LoginConcurrencyWebFilter(RateLimitProperties properties, int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.routes = properties.loginPaths().stream()
                .map(entry -> {
                    String[] parts = entry.strip().split("\\s+", 2);
                    return parts.length == 2
                            ? new Route(HttpMethod.valueOf(parts[0].toUpperCase(Locale.ROOT)), parts[1])
                            : new Route(null, parts[0]);
                })
                .toList();
        this.limit = properties.loginConcurrency();
    }

    @Override
    public int getOrder() {
        return AuthenticationWebFilter.ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        String path = routedPath(exchange.getRequest().getPath().pathWithinApplication());
        boolean login = routes.stream()
                .anyMatch(r -> (r.method() == null || r.method().equals(method))
                        && r.path().equals(path));
        if (!login) {
            return chain.filter(exchange);
        }
        if (!RequestBodies.expected(exchange.getRequest().getHeaders())) {
            return inSlot(exchange, chain);
        }
        return RequestBodies.read(exchange, maxBodyBytes).flatMap(read -> inSlot(read, chain));
    }

    private Mono<Void> inSlot(ServerWebExchange exchange, WebFilterChain chain) {
        if (inFlight.incrementAndGet() > limit) {
            inFlight.decrementAndGet();
            return Mono.error(new GatewayRejection(
                    503, "Too many sign-ins are in progress; try again in a moment.", LOGIN_RETRY_AFTER_SECONDS));
        }
        return chain.filter(exchange).doFinally(signal -> inFlight.decrementAndGet());
    }

    /**
     * @return the path as the backend will route it, not as the client spelled it: the gateway
     *     forwards the path as sent, and user-service's Tomcat decodes each segment, drops path
     *     parameters, empty and {@code .} segments and resolves {@code ..}. Compared as sent,
     *     {@code /api/v1/auth/%6cogin}, {@code /api/v1/auth//login} and {@code
     *     /api/v1/auth/login;x} were logins that the limit never counted.
     */
    static String routedPath(PathContainer path) {
        Deque<String> segments = new ArrayDeque<>();
        for (PathContainer.Element element : path.elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                String value = segment.valueToMatch();
                if (value.equals("..")) {
                    segments.pollLast();
                } else if (!value.isEmpty() && !value.equals(".")) {
                    segments.addLast(value);
                }
            }
        }
        return "/" + String.join("/", segments);
    }
}
