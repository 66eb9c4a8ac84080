package org.janseva.gateway.system;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.janseva.platform.core.logging.LogReasons;
import org.janseva.platform.core.web.ProblemCodes;
import org.janseva.platform.core.web.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error the gateway itself produces becomes an RFC 9457 problem document with
 * {@code code} and {@code requestId}: an unknown path (404 {@code ROUTE_NOT_FOUND}), a backend
 * that cannot be reached (503 {@code SERVICE_UNAVAILABLE}), one that is too slow (504
 * {@code UPSTREAM_TIMEOUT}), a body too large (413), a deliberate {@link GatewayRejection}. Runs before Boot's default handler, so no
 * Whitelabel page or plain-text error ever reaches a client.
 *
 * <p>A backend it could not reach and one that did not answer in time each get one WARN line with
 * the method, the path (never the query string, which may carry tokens), the route and the request
 * id, so that an operator chasing 503s and 504s (docs/runbooks.md) finds them; a 5xx that a
 * backend answered itself passes through with only the access line.
 *
 * <p>What the client did is not blamed on the platform, as the 5xx alerts count the access
 * metric's statuses: a body that did not arrive in time ({@link RequestBodyDeadlineWebFilter}, or
 * still arriving when the route's time limit passed) is a 408 {@code REQUEST_TIMEOUT}, not a 504,
 * and the connection is closed after it (the rest of the body may still come); a client that hung
 * up before its answer (mid-upload, or while the backend worked) is recorded with the status 499
 * and the code {@code CLIENT_CLOSED_REQUEST} in the access line and the metric, logged at DEBUG
 * only: there is nobody to answer, and it was an ERROR with a stack trace and a 500 before.
 */
@Component
@Order(-2)
class ProblemWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    private final JsonMapper jsonMapper;
    private final HttpClientProperties httpClient;

    ProblemWebExceptionHandler(JsonMapper jsonMapper, HttpClientProperties httpClient) {
        this.jsonMapper = jsonMapper;
        this.httpClient = httpClient;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        String requestId = exchange.getAttributeOrDefault(RequestContextWebFilter.REQUEST_ID_ATTRIBUTE, "");
        if (clientGone(exchange)) {
            return clientClosed(exchange, ex, requestId);
        }
        Map<String, Object> problem = problemFor(ex, exchange, requestId);
        int status = (int) problem.get("status");
        exchange.getAttributes().put(RequestContextWebFilter.PROBLEM_CODE_ATTRIBUTE, problem.get("code"));
        response.setStatusCode(HttpStatusCode.valueOf(status));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (ex instanceof GatewayRejection rejection) {
            response.getHeaders().set("Retry-After", Long.toString(rejection.retryAfterSeconds()));
        } else if (status == 503) {
            response.getHeaders().set("Retry-After", "5");
        } else if (status == 408) {
            // what is left of the body may still be on its way: the connection cannot carry another request
            response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        DataBuffer body = response.bufferFactory().wrap(jsonMapper.writeValueAsBytes(problem));
        return response.writeWith(Mono.just(body));
    }

    /**
     * @return whether the client's connection is closed: whatever failed, nobody is waiting for an
     *     answer (a write to the closed channel, or a backend's failure or timeout that came after;
     *     a body cut off by the client's leaving never fails, {@link RequestBodyDeadlineWebFilter})
     */
    private static boolean clientGone(ServerWebExchange exchange) {
        Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        return request instanceof Connection connection && connection.isDisposed();
    }

    /** Records the request as given up by its client (499) and writes nothing it could read. */
    private Mono<Void> clientClosed(ServerWebExchange exchange, Throwable ex, String requestId) {
        String path = exchange.getRequest().getPath().value();
        RequestIdContext.withRequestId(
                requestId,
                () -> log.debug("Client closed the connection before the answer to {}: {}", path, ex.toString()));
        RequestContextWebFilter.markClientClosed(exchange);
        ServerHttpResponse response = exchange.getResponse();
        // commits the answer, which writes the access line and the metric; the write itself fails
        return response.setComplete().onErrorResume(writeFailure -> Mono.empty());
    }

    private Map<String, Object> problemFor(Throwable ex, ServerWebExchange exchange, String requestId) {
        String path = exchange.getRequest().getPath().value();
        if (hasCause(ex, RequestBodyTimeoutException.class)
                || (isTimeout(ex) && !RequestBodyDeadlineWebFilter.bodyReceived(exchange))) {
            // the client's slowness, not the backend's: no log line (the access line has it)
            return problem(
                    408,
                    ProblemCodes.REQUEST_TIMEOUT,
                    ProblemCodes.titleForStatus(408),
                    ProblemCodes.detailForStatus(408),
                    path,
                    requestId);
        }
        if (ex instanceof GatewayRejection rejection) {
            // deliberate and expected under load: no log line (the access log and the metrics count it)
            return problem(
                    rejection.status(),
                    rejection.code(),
                    ProblemCodes.titleForStatus(rejection.status()),
                    rejection.detail(),
                    path,
                    requestId);
        }
        if (hasCause(ex, ConnectException.class) || hasCause(ex, UnknownHostException.class)) {
            // refused, timed out connecting, or a service name that does not resolve (yet): nothing
            // was sent, so the app may send it again
            RequestIdContext.withRequestId(
                    requestId, () -> log.warn("Backend unreachable for {}: {}", path, ex.getMessage()));
            return problem(
                    503,
                    ProblemCodes.SERVICE_UNAVAILABLE,
                    "Service unavailable",
                    "The service behind this path is not reachable right now; try again shortly.",
                    path,
                    requestId);
        }
        if (hasCause(ex, PrematureCloseException.class)) {
            // the request went out and the backend closed the connection without an answer (a pod
            // killed or out of memory mid-request): whether it was carried out is unknown
            RequestIdContext.withRequestId(
                    requestId,
                    () -> log.warn("Backend closed the connection before answering {}: {}", path, LogReasons.of(ex)));
            return problem(
                    502,
                    ProblemCodes.forStatus(502),
                    ProblemCodes.titleForStatus(502),
                    "The service behind this path closed the connection before answering; the request may or may"
                            + " not have been carried out. Send it again only with the same Idempotency-Key, or after"
                            + " checking its result.",
                    path,
                    requestId);
        }
        if (ex instanceof ResponseStatusException rse) {
            int status = rse.getStatusCode().value();
            if (status == HttpStatus.NOT_FOUND.value()) {
                return problem(
                        404, ProblemCodes.ROUTE_NOT_FOUND, "Not found", "No API exists at this path.", path, requestId);
            }
            if (status == HttpStatus.GATEWAY_TIMEOUT.value()) {
                logTimeout(exchange, requestId);
                return problem(
                        504,
                        ProblemCodes.UPSTREAM_TIMEOUT,
                        "Upstream timeout",
                        "The service behind this path did not answer in time.",
                        path,
                        requestId);
            }
            if (status >= 500) {
                RequestIdContext.withRequestId(requestId, () -> log.warn("Gateway error for {}", path, ex));
            }
            // our own filters' refusals (401, 403, 413) say why; anything else gets its status's
            // generic explanation, never a framework's text
            String detail = status == 401 || status == 403 || status == 413 ? rse.getReason() : null;
            return problem(
                    status,
                    ProblemCodes.forStatus(status),
                    ProblemCodes.titleForStatus(status),
                    detail,
                    path,
                    requestId);
        }
        if (hasCause(ex, TimeoutException.class)) {
            logTimeout(exchange, requestId);
            return problem(
                    504,
                    ProblemCodes.UPSTREAM_TIMEOUT,
                    "Upstream timeout",
                    "The service behind this path did not answer in time.",
                    path,
                    requestId);
        }
        RequestIdContext.withRequestId(requestId, () -> log.error("Unexpected gateway failure for {}", path, ex));
        return problem(
                500,
                ProblemCodes.INTERNAL_ERROR,
                "Internal error",
                "The request could not be completed; quote the request id when you report it.",
                path,
                requestId);
    }

    /**
     * One WARN line for a 504: a route timeout is the backend's slowness, not the client's doing,
     * and the operator needs it beside the access line's bare status. The structured fields carry
     * what the message says, as the access line's do.
     */
    private void logTimeout(ServerWebExchange exchange, String requestId) {
        String method = exchange.getRequest().getMethod().name();
        String path = exchange.getRequest().getPath().value();
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String routeId = GatewayRequestMetrics.routeId(exchange);
        Duration limit = responseTimeout(route);
        String limitText = limit == null ? "its time limit" : limit.toMillis() + " ms";
        RequestIdContext.withRequestId(requestId, () -> {
            LoggingEventBuilder line = log.atWarn()
                    .addKeyValue("http.method", method)
                    .addKeyValue("url.path", path)
                    .addKeyValue("gateway.route", routeId);
            if (limit != null) {
                line = line.addKeyValue("timeoutMs", limit.toMillis());
            }
            line.log("Upstream timeout for {} {} on route {}: no answer within {}", method, path, routeId, limitText);
        });
    }

    /**
     * @return the route's response timeout as Spring Cloud Gateway applies it: the route's
     *     {@code response-timeout} metadata (milliseconds) if set, else the HTTP client's, or
     *     {@code null} if neither is (a negative metadata value turns it off)
     */
    private Duration responseTimeout(Route route) {
        Object configured = route == null ? null : route.getMetadata().get("response-timeout");
        if (configured instanceof Number number) {
            return number.longValue() < 0 ? null : Duration.ofMillis(number.longValue());
        }
        if (configured != null) {
            try {
                long millis = Long.parseLong(configured.toString().strip());
                return millis < 0 ? null : Duration.ofMillis(millis);
            } catch (NumberFormatException ex) {
                return null;
            }
        }
        return httpClient.getResponseTimeout();
    }

    /**
     * @param detail the explanation, or {@code null} for the status's generic one
     * @return a problem document with the platform's fields, in their order; a 400 with one error,
     *     on {@code request}, that repeats the detail (every 400 of the platform has {@code errors})
     */
    static Map<String, Object> problem(
            int status, String code, String title, String detail, String path, String requestId) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.of(code).toString());
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail != null ? detail : ProblemCodes.detailForStatus(status));
        problem.put("instance", path);
        problem.put("code", code);
        problem.put("requestId", requestId);
        if (status == 400) {
            problem.put("errors", List.of(Map.of("field", "request", "message", problem.get("detail"))));
        }
        return problem;
    }

    /** A route's time limit, as Spring Cloud Gateway signals it (a 504 status or a timeout). */
    private static boolean isTimeout(Throwable ex) {
        return (ex instanceof ResponseStatusException rse
                        && rse.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value())
                || hasCause(ex, TimeoutException.class);
    }

    private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
