package org.janseva.user.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.janseva.platform.web.ProblemWriter;
import org.janseva.platform.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The methods of the authorization server's endpoints, answered as Spring MVC answers them on the
 * rest of the API. The library's filters match an endpoint by path and method, so any other
 * method fell through to Spring MVC, which has no handler there: {@code GET /oauth2/token} or
 * {@code POST /oauth2/jwks} was a 404, as if the endpoint did not exist, and so was {@code HEAD}
 * on the JWKS and the metadata (RFC 9110 9.3.2: HEAD is GET without the body; monitors use it).
 * Now:
 *
 * <ul>
 *   <li>a method the endpoint does not take: 405 {@code METHOD_NOT_ALLOWED} with {@code Allow};
 *   <li>{@code HEAD} on a GET endpoint: the GET's answer (status, headers, {@code
 *       Content-Length}) without its body;
 *   <li>{@code OPTIONS}: 200 with {@code Allow};
 *   <li>every answer's text is UTF-8 (RFC 8259), and says so: the JWKS was written through the
 *       servlet writer under the container's default, labelled {@code
 *       application/json;charset=ISO-8859-1}.
 * </ul>
 *
 * <p>Runs before Spring Security (the endpoints' own filter chain matches by method too), on the
 * endpoints' paths as the library matches them (decoded). The authorization endpoint has {@link
 * AuthorizationEndpointRefusal}; the OpenID Connect discovery document is not served here.
 */
final class AuthorizationServerMethods extends OncePerRequestFilter {

    /** RFC 8414's well-known path; {@link AuthorizationServerSettings} has no setting for it. */
    static final String METADATA_PATH = "/.well-known/oauth-authorization-server";

    private final List<Endpoint> endpoints;

    private final ProblemWriter writer;

    AuthorizationServerMethods(AuthorizationServerSettings settings, ProblemWriter writer) {
        this.endpoints = List.of(
                new Endpoint(settings.getTokenEndpoint(), HttpMethod.POST),
                new Endpoint(settings.getTokenRevocationEndpoint(), HttpMethod.POST),
                new Endpoint(settings.getTokenIntrospectionEndpoint(), HttpMethod.POST),
                new Endpoint(settings.getJwkSetEndpoint(), HttpMethod.GET),
                new Endpoint(METADATA_PATH, HttpMethod.GET));
        this.writer = writer;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return endpoint(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Endpoint endpoint = endpoint(request);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        HttpMethod method = HttpMethod.valueOf(request.getMethod());
        if (method.equals(endpoint.method())) {
            chain.doFilter(request, response);
        } else if (HttpMethod.HEAD.equals(method) && HttpMethod.GET.equals(endpoint.method())) {
            headAsGet(request, response, chain);
        } else if (HttpMethod.OPTIONS.equals(method)) {
            List<String> allowed = new ArrayList<>(endpoint.allowed());
            allowed.add(HttpMethod.OPTIONS.name());
            response.setStatus(HttpStatus.OK.value());
            response.setHeader(HttpHeaders.ALLOW, String.join(",", allowed));
            response.setContentLength(0);
        } else {
            response.setHeader(HttpHeaders.ALLOW, String.join(",", endpoint.allowed()));
            writer.write(response, Problems.forStatus(HttpStatus.METHOD_NOT_ALLOWED, null, request));
        }
    }

    /** The GET's answer, its body counted for {@code Content-Length} and dropped. */
    private static void headAsGet(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest get = new HttpServletRequestWrapper(request) {
            @Override
            public String getMethod() {
                return HttpMethod.GET.name();
            }
        };
        ContentCachingResponseWrapper body = new ContentCachingResponseWrapper(response);
        chain.doFilter(get, body);
        if (!response.isCommitted()) {
            response.setContentLength(body.getContentSize());
        }
    }

    private Endpoint endpoint(HttpServletRequest request) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.path().matches(request)) {
                return endpoint;
            }
        }
        return null;
    }

    /** An endpoint's path, matched as the library matches it, and the one method it takes. */
    private record Endpoint(RequestMatcher path, HttpMethod method) {

        Endpoint(String path, HttpMethod method) {
            this(PathPatternRequestMatcher.withDefaults().matcher(path), method);
        }

        /** @return the methods the endpoint answers, as {@code Allow} lists them */
        List<String> allowed() {
            return HttpMethod.GET.equals(method)
                    ? List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name())
                    : List.of(method.name());
        }
    }
}
