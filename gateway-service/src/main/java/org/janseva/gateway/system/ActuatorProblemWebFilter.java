package org.janseva.gateway.system;

import org.janseva.platform.core.web.ProblemCodes;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives the gateway's own actuator answers of an error status a problem document: the actuator
 * answers some of them with no body at all (an unknown health group, {@code
 * /actuator/health/foo}, is a bare 404), where every other error of the platform is {@code
 * application/problem+json}. Only answers that have no body and no content type are filled in;
 * the actuator's own bodies (a health document with 503) pass unchanged.
 */
@Component
class ActuatorProblemWebFilter implements WebFilter, Ordered {

    private final JsonMapper jsonMapper;

    ActuatorProblemWebFilter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    /** After the request id is known. */
    @Override
    public int getOrder() {
        return GatewayCorsWebFilter.ORDER + 2;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!path.startsWith("/actuator")) {
            return chain.filter(exchange);
        }
        String requestId = exchange.getAttributeOrDefault(RequestContextWebFilter.REQUEST_ID_ATTRIBUTE, "");
        return chain.filter(exchange.mutate()
                .response(new ProblemForEmptyError(exchange.getResponse(), path, requestId))
                .build());
    }

    /** Writes a problem document where an error answer would have gone out empty. */
    private final class ProblemForEmptyError extends ServerHttpResponseDecorator {

        private final String path;
        private final String requestId;

        ProblemForEmptyError(ServerHttpResponse delegate, String path, String requestId) {
            super(delegate);
            this.path = path;
            this.requestId = requestId;
        }

        @Override
        public Mono<Void> setComplete() {
            return emptyError() ? writeProblem() : super.setComplete();
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            if (!emptyError()) {
                return super.writeWith(body);
            }
            // an empty body written out: the problem instead, once it shows that nothing came
            return Flux.from(body)
                    .collectList()
                    .flatMap(buffers ->
                            buffers.isEmpty() ? writeProblem() : super.writeWith(Flux.fromIterable(buffers)));
        }

        private boolean emptyError() {
            HttpStatusCode status = getStatusCode();
            return status != null
                    && status.isError()
                    && !isCommitted()
                    && getHeaders().getContentType() == null
                    && getHeaders().getContentLength() <= 0;
        }

        private Mono<Void> writeProblem() {
            int status = getStatusCode().value();
            byte[] problem = jsonMapper.writeValueAsBytes(ProblemWebExceptionHandler.problem(
                    status,
                    ProblemCodes.forStatus(status),
                    ProblemCodes.titleForStatus(status),
                    null,
                    path,
                    requestId));
            HttpHeaders headers = getHeaders();
            headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            headers.setContentLength(problem.length);
            return getDelegate().writeWith(Mono.just(bufferFactory().wrap(problem)));
        }
    }
}
