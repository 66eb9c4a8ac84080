package org.janseva.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.janseva.platform.core.web.ProblemCodes;
import org.janseva.platform.web.ApiException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves a {@link Caller} controller parameter from the verified token of the request. */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest webRequest,
            WebDataBinderFactory binderFactory) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED,
                    ProblemCodes.UNAUTHENTICATED,
                    ProblemCodes.titleForStatus(401),
                    "A valid bearer token is required.");
        }
        return fromJwt(token.getToken(), webRequest.getNativeRequest(HttpServletRequest.class));
    }

    static Caller fromJwt(Jwt jwt, HttpServletRequest request) {
        Set<String> scopes = scopes(jwt.getClaim("scope"));
        String onBehalfOf = null;
        if (scopes.contains(PlatformScopes.SERVICE) && request != null) {
            String header = request.getHeader(Caller.ON_BEHALF_OF_HEADER);
            onBehalfOf = header == null || header.isBlank() ? null : header.strip();
        }
        return new Caller(jwt.getSubject(), scopes, onBehalfOf);
    }

    private static Set<String> scopes(Object claim) {
        Set<String> scopes = new LinkedHashSet<>();
        if (claim instanceof String text) {
            for (String s : text.split(" ")) {
                if (!s.isBlank()) {
                    scopes.add(s);
                }
            }
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> scopes.add(String.valueOf(v)));
        }
        return scopes;
    }
}
