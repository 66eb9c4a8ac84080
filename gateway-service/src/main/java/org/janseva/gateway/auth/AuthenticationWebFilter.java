package org.janseva.gateway.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.janseva.gateway.system.GatewayRejection;
import org.janseva.platform.core.web.ProblemCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * The gateway's access decision, before routing: public paths (API.md's "no login" routes) pass
 * without a token; every other request needs a valid bearer token, and the admin API scope
 * {@code admin}. The token was verified earlier by {@link CallerWebFilter}; this filter runs after
 * the rate limiter, so a refused request has counted against its address's bucket first.
 * Refusals are the platform's problem documents (401 {@code UNAUTHENTICATED} with
 * {@code WWW-Authenticate}, 403 {@code FORBIDDEN}; 503 {@code AUTHENTICATION_UNAVAILABLE} when the
 * token could not be checked at all, see {@link KeysUnavailableException}). A token on a public path is not required but,
 * when valid, identifies the caller for the rate limiter and is passed on; one that does not verify
 * is dropped there (not passed on, not refused), so an app whose access token has expired can still
 * refresh it, log in and browse.
 */
public final class AuthenticationWebFilter implements WebFilter, Ordered {

    /** After the token check ({@link CallerWebFilter}) and the rate limiter between them, before routing. */
    public static final int ORDER = CallerWebFilter.ORDER + 2;

    private static final Logger log = LoggerFactory.getLogger(AuthenticationWebFilter.class);
    private static final String HEALTH_PATH = "/actuator/health";

    /** The services' code for a token that could not be checked (platform-security's ProblemSecurityHandlers). */
    static final String AUTHENTICATION_UNAVAILABLE = "AUTHENTICATION_UNAVAILABLE";

    private static final long AUTHENTICATION_RETRY_AFTER_SECONDS = 5;

    /**
     * A path pattern for every method ({@code method == null}) or one; a GET rule holds for HEAD
     * and OPTIONS too.
     */
    private record Rule(HttpMethod method, PathPattern pattern) {
        boolean matches(HttpMethod requestMethod, PathContainer path) {
            return methodMatches(requestMethod) && pattern.matches(path);
        }

        private boolean methodMatches(HttpMethod requestMethod) {
            // HEAD is GET without the body (RFC 9110 9.3.2): uptime monitors use it on public
            // paths; OPTIONS asks which methods a path takes (9.3.7), no more secret than the GET
            return method == null
                    || method.equals(requestMethod)
                    || (HttpMethod.GET.equals(method)
                            && (HttpMethod.HEAD.equals(requestMethod) || HttpMethod.OPTIONS.equals(requestMethod)));
        }
    }

    private final boolean enabled;
    private final List<Rule> publicRules;
    private final List<Rule> adminRules;
    private final List<Rule> routedRules;

    AuthenticationWebFilter(GatewayAuthProperties properties, List<String> routedPaths) {
        this.enabled = properties.enabled();
        this.publicRules = rules(properties.publicPaths());
        this.adminRules = rules(properties.adminPaths());
        this.routedRules = rules(routedPaths);
        if (!enabled) {
            log.warn("Token checks are switched off (platform.gateway.auth.enabled=false): benchmarks only");
        }
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
        HttpMethod method = exchange.getRequest().getMethod();
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        boolean open = matchesAny(publicRules, method, path);
        GatewayCaller caller = exchange.getAttribute(GatewayCaller.ATTRIBUTE);
        if (caller == null) {
            boolean tokenUnchecked = exchange.getAttribute(CallerWebFilter.TOKEN_UNCHECKED_ATTRIBUTE) != null;
            boolean tokenRefused =
                    tokenUnchecked || exchange.getAttribute(CallerWebFilter.TOKEN_REFUSED_ATTRIBUTE) != null;
            if (open && tokenRefused) {
                // the apps send their access token on every request, also once it has expired
                // (to /api/v1/auth/refresh above all): on a public path a refused token is dropped,
                // and the request goes on without one, as if none had been sent
                return chain.filter(withoutAuthorization(exchange));
            }
            if (open) {
                return chain.filter(exchange);
            }
            if (!matchesAny(routedRules, method, path)) {
                // a path no route serves gets its 404 ROUTE_NOT_FOUND whoever asks, with no token
                // or with one that has expired (the apps send theirs on every request): a wrong
                // URL is not an authentication problem
                return chain.filter(withoutAuthorization(exchange));
            }
            if (tokenUnchecked) {
                // user-service's keys cannot be had: an outage of ours, not a bad token. A 401 would
                // make the app throw the citizen's login away; the services answer the same 503
                return Mono.error(new GatewayRejection(
                        503,
                        AUTHENTICATION_UNAVAILABLE,
                        "Your sign-in cannot be checked right now; try again shortly.",
                        AUTHENTICATION_RETRY_AFTER_SECONDS));
            }
            return unauthenticated(exchange, tokenRefused);
        }
        if (!open && matchesAny(adminRules, method, path) && !caller.scopes().contains("admin")) {
            exchange.getResponse()
                    .getHeaders()
                    .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
            return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN, ProblemCodes.detailForStatus(403)));
        }
        if (path.value().startsWith(HEALTH_PATH)) {
            // Boot's health endpoint shows details (show-details: when-authorized,
            // roles: ROLE_ADMIN) to the caller in Spring Security's reactive context
            return chain.filter(exchange)
                    .contextWrite(ReactiveSecurityContextHolder.withAuthentication(healthCaller(caller)));
        }
        return chain.filter(exchange);
    }

    private static ServerWebExchange withoutAuthorization(ServerWebExchange exchange) {
        return exchange.mutate()
                .request(request -> request.headers(headers -> headers.remove(HttpHeaders.AUTHORIZATION)))
                .build();
    }

    /** The caller as Spring Security sees it: its scopes, and ROLE_ADMIN for the admin scope. */
    private static Authentication healthCaller(GatewayCaller caller) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        caller.scopes().forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
        if (caller.scopes().contains("admin")) {
            authorities.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
        }
        return UsernamePasswordAuthenticationToken.authenticated(caller.subject(), null, authorities);
    }

    private static Mono<Void> unauthenticated(ServerWebExchange exchange, boolean tokenRefused) {
        exchange.getResponse()
                .getHeaders()
                .set(
                        HttpHeaders.WWW_AUTHENTICATE,
                        tokenRefused
                                ? "Bearer error=\"invalid_token\", error_description=\"The token is not valid\""
                                : "Bearer");
        return Mono.error(new ResponseStatusException(
                HttpStatus.UNAUTHORIZED,
                tokenRefused ? ProblemCodes.INVALID_TOKEN_DETAIL : ProblemCodes.detailForStatus(401)));
    }

    private static boolean matchesAny(List<Rule> rules, HttpMethod method, PathContainer path) {
        for (Rule rule : rules) {
            if (rule.matches(method, path)) {
                return true;
            }
        }
        return false;
    }

    private static List<Rule> rules(List<String> entries) {
        List<Rule> rules = new ArrayList<>();
        for (String entry : entries) {
            String trimmed = entry.strip();
            int space = trimmed.indexOf(' ');
            HttpMethod method =
                    space > 0 ? HttpMethod.valueOf(trimmed.substring(0, space).toUpperCase(Locale.ROOT)) : null;
            String pattern = space > 0 ? trimmed.substring(space + 1).strip() : trimmed;
            rules.add(new Rule(method, PathPatternParser.defaultInstance.parse(pattern)));
        }
        return rules;
    }
}
