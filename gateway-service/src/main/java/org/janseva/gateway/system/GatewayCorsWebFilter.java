package org.janseva.gateway.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for the web site, at the one door ({@link GatewayCorsProperties}). Right after the request
 * id, before the size limit, the token check and the rate limiter:
 *
 * <ul>
 *   <li>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 *       is answered here and goes no further: 204 with the CORS headers when the origin, the
 *       method and every header asked for are allowed, else a 403 {@code FORBIDDEN} problem
 *       saying which. Browsers send no token with a preflight, so it is never refused for the
 *       lack of one; and it is not counted by the rate limiter: it could only count against its
 *       address's anonymous bucket, which everyone behind a carrier's address shares, doubling
 *       there what a signed-in web citizen's calls cost, while answering it costs less than a
 *       429 would (no token check, no backend, no Redis round trip).
 *   <li>Every other answer, the gateway's own problems (401, 404, 413, 429, 503 ...) as much as a
 *       backend's, gets {@code Access-Control-Allow-Origin} (the request's origin) and
 *       {@code Access-Control-Expose-Headers} when its {@code Origin} is allowed, just before it
 *       is sent. An actual request from an origin not allowed is not refused (no credentials ride
 *       on it: the API takes bearer tokens, not cookies): it gets no CORS headers, so the browser
 *       keeps the answer from the page.
 *   <li>A backend's own {@code Access-Control-*} headers never pass: the gateway alone decides,
 *       and a browser refuses an answer with two {@code Access-Control-Allow-Origin}.
 * </ul>
 *
 * With origins configured, every answer says {@code Vary: Origin}, so that no cache hands one
 * origin's answer to another.
 */
@Component
class GatewayCorsWebFilter implements WebFilter, Ordered {

    /** After {@link RequestContextWebFilter} (so a preflight has a request id and is logged), before everything else. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    private static final String CORS_HEADER_PREFIX = "access-control-";

    private static final List<String> PREFLIGHT_VARY = List.of(
            HttpHeaders.ORIGIN, HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);

    private final CorsConfiguration config;
    private final boolean enabled;
    private final String methodRefused;
    private final String headerRefused;

    GatewayCorsWebFilter(GatewayCorsProperties properties) {
        this.enabled = !properties.allowedOrigins().isEmpty();
        this.config = new CorsConfiguration();
        config.setAllowedOriginPatterns(properties.allowedOrigins());
        config.setAllowedMethods(properties.allowedMethods());
        config.setAllowedHeaders(properties.allowedHeaders());
        config.setExposedHeaders(properties.exposedHeaders());
        config.setAllowCredentials(false);
        config.setMaxAge(properties.maxAge());
        this.methodRefused = "Cross-origin requests may use only these methods: "
                + String.join(", ", properties.allowedMethods()) + ".";
        this.headerRefused = "Cross-origin requests may send only these headers: "
                + String.join(", ", properties.allowedHeaders()) + ".";
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (CorsUtils.isPreFlightRequest(request)) {
            return preflight(request, exchange.getResponse());
        }
        String origin = request.getHeaders().getOrigin();
        String allowedOrigin = origin == null ? null : config.checkOrigin(origin);
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            // a proxied answer's headers are in place by now: the backend's CORS headers go
            decorate(response.getHeaders(), allowedOrigin);
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    private Mono<Void> preflight(ServerHttpRequest request, ServerHttpResponse response) {
        HttpHeaders headers = response.getHeaders();
        addVary(headers, PREFLIGHT_VARY);
        String allowedOrigin = config.checkOrigin(request.getHeaders().getOrigin());
        if (allowedOrigin == null) {
            return refused("Cross-origin requests from this origin are not allowed.");
        }
        List<HttpMethod> methods = allowedMethods(request);
        if (methods == null) {
            return refused(methodRefused);
        }
        List<String> asked = request.getHeaders().getAccessControlRequestHeaders();
        List<String> allowedHeaders = config.checkHeaders(asked);
        if (!asked.isEmpty() && (allowedHeaders == null || allowedHeaders.size() < asked.size())) {
            // Spring's check passes the allowed part of the list; a browser would then fail the
            // preflight with no word of why
            return refused(headerRefused);
        }
        headers.setAccessControlAllowOrigin(allowedOrigin);
        headers.setAccessControlAllowMethods(methods);
        if (!asked.isEmpty()) {
            headers.setAccessControlAllowHeaders(allowedHeaders);
        }
        headers.setAccessControlMaxAge(config.getMaxAge());
        response.setStatusCode(HttpStatus.NO_CONTENT);
        return response.setComplete();
    }

    private List<HttpMethod> allowedMethods(ServerHttpRequest request) {
        try {
            HttpMethod method = request.getHeaders().getAccessControlRequestMethod();
            return method == null ? null : config.checkHttpMethod(method);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static Mono<Void> refused(String detail) {
        return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN, detail));
    }

    /**
     * Sets the CORS headers of an actual (not preflight) answer to a request with this
     * {@code Origin}, for an answer written outside WebFlux ({@link RouteProblemWriter}): without
     * them a browser hides the 400 from the page and reports a CORS failure instead. (A request
     * refused for a malformed header has no headers left to read an {@code Origin} from: Netty
     * keeps none; browsers never send such a header.)
     *
     * @param headers the answer's headers, changed in place
     * @param origin the request's {@code Origin}, or {@code null}
     */
    void decorateAnswer(HttpHeaders headers, String origin) {
        decorate(headers, origin == null ? null : config.checkOrigin(origin));
    }

    private void decorate(HttpHeaders headers, String allowedOrigin) {
        List<String> backendCors = new ArrayList<>();
        for (String name : headers.headerNames()) {
            if (name.toLowerCase(Locale.ROOT).startsWith(CORS_HEADER_PREFIX)) {
                backendCors.add(name);
            }
        }
        backendCors.forEach(headers::remove);
        if (!enabled) {
            return;
        }
        addVary(headers, List.of(HttpHeaders.ORIGIN));
        if (allowedOrigin != null) {
            headers.setAccessControlAllowOrigin(allowedOrigin);
            if (config.getExposedHeaders() != null
                    && !config.getExposedHeaders().isEmpty()) {
                headers.setAccessControlExposeHeaders(config.getExposedHeaders());
            }
        }
    }

    /** Adds the names to {@code Vary} unless there already (a backend's {@code Vary} stays). */
    static void addVary(HttpHeaders headers, List<String> names) {
        List<String> vary = new ArrayList<>(headers.getVary());
        boolean changed = false;
        for (String name : names) {
            if (vary.stream().noneMatch(v -> v.equalsIgnoreCase(name) || v.equals("*"))) {
                vary.add(name);
                changed = true;
            }
        }
        if (changed) {
            headers.setVary(vary);
        }
    }
}
