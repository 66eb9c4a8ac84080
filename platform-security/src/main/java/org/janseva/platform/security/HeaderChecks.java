package org.janseva.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The same checks Spring Security makes on every request's headers and bearer token, without
 * the regular expressions that made them a third of catalog-service's CPU per invocation
 * (bench/invocation-cpu: {@link StrictHttpFirewall}'s {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}
 * runs over the 700-character {@code Authorization} header on each read, and
 * {@link DefaultBearerTokenResolver}'s pattern once more). Same rules, one pass per character.
 */
final class HeaderChecks {

    private HeaderChecks() {}

    /**
     * StrictHttpFirewall's default for header names: every code point assigned and not a control
     * character.
     */
    static final Predicate<String> HEADER_NAME = value -> allowed(value, false);

    /** StrictHttpFirewall's default for header values: the same, a tab allowed. */
    static final Predicate<String> HEADER_VALUE = value -> allowed(value, true);

    private static boolean allowed(String value, boolean tabAllowed) {
        int length = value.length();
        for (int i = 0; i < length; ) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                i++;
                continue;
            }
            int codePoint = value.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tabAllowed && codePoint == '\t'))) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /** A {@link StrictHttpFirewall} with its defaults, checking headers with the predicates above. */
    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HEADER_NAME);
        firewall.setAllowedHeaderValues(HEADER_VALUE);
        return firewall;
    }

    /**
     * {@link DefaultBearerTokenResolver} with a fast path for the common request: one
     * {@code Authorization: Bearer <b64token>} header and no {@code access_token} parameter. Every
     * other request (another case of "Bearer", a malformed token, a token parameter) goes to the
     * default resolver, which answers it exactly as before.
     */
    static final class FastBearerTokenResolver implements BearerTokenResolver {

        private static final String PREFIX = "Bearer ";
        private final DefaultBearerTokenResolver fallback = new DefaultBearerTokenResolver();

        @Override
        public String resolve(HttpServletRequest request) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization != null
                    && authorization.startsWith(PREFIX)
                    && wellFormed(authorization, PREFIX.length())
                    && request.getParameterValues("access_token") == null) {
                return authorization.substring(PREFIX.length());
            }
            return fallback.resolve(request);
        }

        /** RFC 6750 b64token: {@code [a-zA-Z0-9-._~+/]+=*}. */
        static boolean wellFormed(String value, int start) {
            int i = start;
            int length = value.length();
            while (i < length && tokenChar(value.charAt(i))) {
                i++;
            }
            if (i == start) {
                return false;
            }
            while (i < length && value.charAt(i) == '=') {
                i++;
            }
            return i == length;
        }

        private static boolean tokenChar(char c) {
            return (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || c == '+'
                    || c == '/';
        }
    }
}
