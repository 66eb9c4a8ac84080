package org.janseva.gateway.auth;

import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Who is calling: verifies the bearer token, when there is one, before the rate limiter, which
 * counts a verified caller's requests in their own bucket and everyone else's in their address's.
 * It refuses nothing itself. {@link AuthenticationWebFilter} decides after the rate limiter, so a
 * request that will be refused (no token on a protected path, a bad token) has been counted
 * against its address like any anonymous request, and a flood of them meets a 429.
 */
public final class CallerWebFilter implements WebFilter, Ordered {

    /** After the request id and the size limit, before rate limiting. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /** Exchange attribute present when the request carried a token that did not verify. */
    static final String TOKEN_REFUSED_ATTRIBUTE = CallerWebFilter.class.getName() + ".tokenRefused";

    /**
     * Exchange attribute present when the request carried a token that could not be checked: no
     * key set of user-service's is held and none can be fetched (see {@link KeysUnavailableException}).
     */
    static final String TOKEN_UNCHECKED_ATTRIBUTE = CallerWebFilter.class.getName() + ".tokenUnchecked";

    private final TokenVerifier verifier;
    private final boolean enabled;

    CallerWebFilter(TokenVerifier verifier, GatewayAuthProperties properties) {
        this.verifier = verifier;
        this.enabled = properties.enabled();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!enabled) {
            return chain.filter(exchange);
        }
        String token = bearer(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return chain.filter(exchange);
        }
        // only the verification's failure means "bad token"; errors of the rest of the chain
        // (a dead backend, a timeout) must reach the error handler unchanged
        return verifier.verify(token)
                .map(Optional::of)
                .onErrorResume(ex -> !(ex instanceof Error), ex -> {
                    exchange.getAttributes()
                            .put(
                                    TokenVerifier.keysUnavailable(ex)
                                            ? TOKEN_UNCHECKED_ATTRIBUTE
                                            : TOKEN_REFUSED_ATTRIBUTE,
                                    Boolean.TRUE);
                    return Mono.just(Optional.empty());
                })
                .flatMap(verified -> {
                    verified.ifPresent(caller -> exchange.getAttributes().put(GatewayCaller.ATTRIBUTE, caller));
                    return chain.filter(exchange);
                });
    }

    private static String bearer(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() || token.length() > 8192 ? null : token;
    }
}
