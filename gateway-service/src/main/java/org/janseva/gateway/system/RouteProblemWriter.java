package org.janseva.gateway.system;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import org.janseva.platform.core.web.ProblemCodes;
import org.janseva.platform.core.web.RequestIds;
import org.reactivestreams.Publisher;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers, from a Reactor Netty route, a request that never becomes a WebFlux exchange
 * ({@link MalformedUrlRoute}, {@link MalformedHeaderRoute}) with a problem document (a 400
 * {@code VALIDATION_FAILED}, a 414 {@code URI_TOO_LONG} or a 431
 * {@code REQUEST_HEADER_FIELDS_TOO_LARGE}), and counts and logs it as {@link RequestContextWebFilter} does every other
 * request. Such a request reaches no filter: it is neither rate-limited nor routed; the headers
 * that filters give every other answer are set here ({@link GatewayAnswerHeaders}, the CORS
 * headers of {@link GatewayCorsWebFilter}).
 */
@Component
class RouteProblemWriter {

    private final JsonMapper jsonMapper;
    private final GatewayRequestMetrics metrics;
    private final GatewayCorsWebFilter cors;

    RouteProblemWriter(JsonMapper jsonMapper, GatewayRequestMetrics metrics, GatewayCorsWebFilter cors) {
        this.jsonMapper = jsonMapper;
        this.metrics = metrics;
        this.cors = cors;
    }

    /** A 400 {@code VALIDATION_FAILED}: see {@link #refuse(HttpServerRequest, HttpServerResponse, int, String, String, String, String, String)}. */
    Publisher<Void> refuse(
            HttpServerRequest request,
            HttpServerResponse response,
            String title,
            String detail,
            String instance,
            String field,
            String message) {
        return refuse(request, response, 400, title, detail, instance, field, message);
    }

    /**
     * @param status the answer's status; its code is {@link ProblemCodes#forStatus(int)}
     * @param instance the problem's {@code instance}, a valid URI reference
     * @param field the one error's {@code field}
     * @param message the one error's {@code message}
     */
    Publisher<Void> refuse(
            HttpServerRequest request,
            HttpServerResponse response,
            int status,
            String title,
            String detail,
            String instance,
            String field,
            String message) {
        long start = System.nanoTime();
        String requestId = RequestIds.acceptOrGenerate(request.requestHeaders().get(RequestIds.HEADER));
        String code = ProblemCodes.forStatus(status);
        Map<String, Object> problem =
                ProblemWebExceptionHandler.problem(status, code, title, detail, instance, requestId);
        problem.put("errors", List.of(Map.of("field", field, "message", message)));
        byte[] body = jsonMapper.writeValueAsBytes(problem);
        String method = request.method().name();
        metrics.record(
                GatewayRequestMetrics.NO_ROUTE,
                method,
                request.requestHeaders().get("X-Channel"),
                status,
                System.nanoTime() - start);
        RequestContextWebFilter.logAccess(
                requestId, method, instance, status, System.nanoTime() - start, GatewayRequestMetrics.NO_ROUTE, code);
        HttpHeaders headers = new HttpHeaders();
        GatewayAnswerHeaders.fillIn(headers, status);
        cors.decorateAnswer(headers, request.requestHeaders().get(HttpHeaders.ORIGIN));
        headers.headerSet().forEach(header -> response.responseHeaders().set(header.getKey(), header.getValue()));
        return response.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .header(RequestIds.HEADER, requestId)
                .sendByteArray(Mono.just(body))
                .then();
    }
}
