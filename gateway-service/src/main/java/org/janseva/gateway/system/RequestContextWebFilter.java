package org.janseva.gateway.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.janseva.platform.core.web.ClientAddressHeader;
import org.janseva.platform.core.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.util.context.Context;

/**
 * First thing every request meets: gives it its request id (the client's when sane, else a new
 * one) and passes it on to the backend and back to the client, and into the MDC of the request's
 * log lines ({@link RequestIdContext}); removes identity headers that only the platform may set;
 * tells the backends the client's address ({@link ClientAddresses}, {@code X-Internal-Client-Address});
 * makes sure a client's {@code Connection} header cannot have these dropped before the backend;
 * when the answer starts, fills in the headers every answer carries ({@link GatewayAnswerHeaders}), records it in {@link GatewayRequestMetrics} and writes one access-log
 * line. A request that never gets an answer, because its client hung up before it (while the
 * gateway read the body, or after forwarding, while the backend worked), is recorded once Reactor
 * Netty is done with it, as a 499 {@code CLIENT_CLOSED_REQUEST}; once either way, never twice.
 */
@Component
class RequestContextWebFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the request id, for the error handler. */
    static final String REQUEST_ID_ATTRIBUTE = RequestIds.ATTRIBUTE;

    /**
     * Exchange attribute holding the {@code code} of a problem the gateway answered itself (a
     * backend's own problem keeps its code in its body and its own access line), for the access line.
     */
    static final String PROBLEM_CODE_ATTRIBUTE = RequestContextWebFilter.class.getName() + ".problemCode";

    /**
     * The access line's and the metric's status for a request whose client hung up before its
     * answer (nginx's convention): not a 5xx, so no alert fires for what a client did.
     */
    static final int CLIENT_CLOSED_REQUEST = 499;

    /** The access line's problem code of such a request (no problem document is sent: nobody reads it). */
    static final String CLIENT_CLOSED_REQUEST_CODE = "CLIENT_CLOSED_REQUEST";

    private static final Logger accessLog = LoggerFactory.getLogger("org.janseva.access");

    /** Headers a client may not have dropped by naming them in {@code Connection} (lower case). */
    private static final Set<String> FORWARDED_TO_BACKEND = Set.of(
            RequestIds.HEADER.toLowerCase(Locale.ROOT),
            ClientAddressHeader.NAME.toLowerCase(Locale.ROOT),
            "traceparent",
            "tracestate",
            "baggage");

    private final List<String> strippedHeaders;
    private final List<String> strippedPrefixes;
    private final GatewayRequestMetrics metrics;
    private final int trustedProxyHops;

    RequestContextWebFilter(GatewayProperties properties, GatewayRequestMetrics metrics) {
        RequestIdContext.register();
        this.metrics = metrics;
        this.trustedProxyHops = properties.trustedProxyHops();
        this.strippedHeaders = properties.strippedHeaders();
        this.strippedPrefixes = properties.strippedHeaderPrefixes().stream()
                .map(p -> p.toLowerCase(Locale.ROOT))
                .toList();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        String requestId =
                RequestIds.acceptOrGenerate(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
        String clientAddress = ClientAddresses.of(exchange.getRequest(), trustedProxyHops);
        ServerWebExchange mutated = exchange.mutate()
                .request(request -> request.headers(headers -> {
                    stripIdentityHeaders(headers);
                    headers.set(RequestIds.HEADER, requestId);
                    headers.set(ClientAddressHeader.NAME, clientAddress);
                    keepForwardedHeaders(headers);
                }))
                .build();
        mutated.getAttributes().put(REQUEST_ID_ATTRIBUTE, requestId);
        mutated.getAttributes().put(ClientAddresses.ATTRIBUTE, clientAddress);
        ServerHttpResponse response = mutated.getResponse();
        response.getHeaders().set(RequestIds.HEADER, requestId);
        AtomicBoolean recorded = new AtomicBoolean();
        response.beforeCommit(() -> {
            // a proxied answer may have replaced the header with the backend's copy
            response.getHeaders().set(RequestIds.HEADER, requestId);
            HttpStatusCode status = response.getStatusCode();
            GatewayAnswerHeaders.fillIn(response.getHeaders(), status == null ? 200 : status.value());
            if (recorded.compareAndSet(false, true)) {
                finished(mutated, requestId, start);
            }
            return Mono.empty();
        });
        if (ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection connection) {
            // Reactor Netty is done with the request: answered (recorded above when the answer
            // started), or its client hung up, before forwarding or while the backend worked
            Runnable unanswered = () -> unanswered(mutated, requestId, start, recorded);
            connection.onTerminate().subscribe(null, ex -> unanswered.run(), unanswered);
        }
        return chain.filter(mutated).contextWrite(Context.of(RequestIdContext.KEY, requestId));
    }

    /**
     * Records a request whose answer never started once Reactor Netty is done with it: its client
     * hung up (Reactor Netty then cancels the request's handling, the backend call included). Also
     * when an error reached the error handler just before that cancellation, which cancelled the
     * handler's answer before it started: a cancellation seen here in the filter chain missed that
     * one, and the request had no access line or metric at all.
     */
    private void unanswered(ServerWebExchange exchange, String requestId, long start, AtomicBoolean recorded) {
        if (recorded.compareAndSet(false, true)) {
            markClientClosed(exchange);
            finished(exchange, requestId, start);
        }
    }

    /**
     * Records the request as given up by its client: status 499 and the code {@code
     * CLIENT_CLOSED_REQUEST}, in the access line and the metric written when it finishes.
     */
    static void markClientClosed(ServerWebExchange exchange) {
        exchange.getAttributes().put(PROBLEM_CODE_ATTRIBUTE, CLIENT_CLOSED_REQUEST_CODE);
        exchange.getResponse().setStatusCode(HttpStatusCode.valueOf(CLIENT_CLOSED_REQUEST));
    }

    /**
     * Takes out of the request's {@code Connection} header the names of the headers the backends
     * must get: the request id and client address the gateway has just set, and the trace context
     * (the only address the backends are told: Spring Cloud Gateway forwards no
     * {@code X-Forwarded-*} or {@code Forwarded} header without trusted proxies configured). Spring
     * Cloud Gateway's {@code RemoveHopByHopHeadersFilter} removes, just before forwarding, every
     * header the client names in {@code Connection}, the gateway's own included: with
     * {@code Connection: keep-alive, X-Request-Id} the backend got no request id and made up
     * another (its problem and its log lines told a different one than the client had), and with
     * {@code X-Internal-Client-Address} named the OTP per-address limit keyed on the gateway's
     * address. Any other header the client names there is still dropped, as RFC 9110 7.6.1 asks.
     */
    private static void keepForwardedHeaders(HttpHeaders headers) {
        List<String> options = headers.getConnection();
        if (options.isEmpty()) {
            return;
        }
        List<String> kept =
                options.stream().filter(option -> !forwardedToBackend(option)).toList();
        if (kept.size() == options.size()) {
            return;
        }
        if (kept.isEmpty()) {
            headers.remove(HttpHeaders.CONNECTION);
        } else {
            headers.setConnection(kept);
        }
    }

    private static boolean forwardedToBackend(String name) {
        return FORWARDED_TO_BACKEND.contains(name.toLowerCase(Locale.ROOT));
    }

    private void stripIdentityHeaders(HttpHeaders headers) {
        strippedHeaders.forEach(headers::remove);
        List<String> prefixed = new ArrayList<>();
        for (String name : headers.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (strippedPrefixes.stream().anyMatch(lower::startsWith)) {
                prefixed.add(name);
            }
        }
        prefixed.forEach(headers::remove);
    }

    private void finished(ServerWebExchange exchange, String requestId, long start) {
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith("/actuator")) {
            return;
        }
        long nanos = System.nanoTime() - start;
        int status = exchange.getResponse().getStatusCode() == null
                ? 200
                : exchange.getResponse().getStatusCode().value();
        metrics.record(exchange, status, nanos);
        logAccess(
                requestId,
                exchange.getRequest().getMethod().name(),
                path,
                status,
                nanos,
                GatewayRequestMetrics.routeId(exchange),
                exchange.getAttribute(PROBLEM_CODE_ATTRIBUTE));
    }

    /**
     * Writes the access-log line of an answered request: with the route that took it to a backend
     * ({@code none} when the gateway answered before routing) and, when the gateway wrote the problem
     * itself, its code, so that an operator tells a gateway's 503 ({@code LOGIN_BUSY}, {@code
     * SERVICE_UNAVAILABLE}) or 429 from a backend's by the line alone.
     *
     * @param routeId the route's id, {@code none} before routing
     * @param problemCode the code of the problem the gateway answered, {@code null} for any other answer
     */
    static void logAccess(
            String requestId, String method, String path, int status, long nanos, String routeId, String problemCode) {
        if (!accessLog.isInfoEnabled()) {
            return;
        }
        double millis = nanos / 1_000_000.0;
        RequestIdContext.withRequestId(requestId, () -> {
            var line = accessLog
                    .atInfo()
                    .addKeyValue("http.method", method)
                    .addKeyValue("url.path", path)
                    .addKeyValue("http.status", status)
                    .addKeyValue("durationMs", millis)
                    .addKeyValue("route", routeId);
            if (problemCode != null) {
                line = line.addKeyValue("problem.code", problemCode);
            }
            line.log("{} {} {} {}ms", method, path, status, millis);
        });
    }
}
