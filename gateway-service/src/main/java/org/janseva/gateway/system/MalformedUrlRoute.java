package org.janseva.gateway.system;

import java.net.URI;
import java.net.URISyntaxException;
import org.reactivestreams.Publisher;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Answers a request whose URL cannot be parsed ({@code /api/v1/catalog/%zz}, a lone {@code %}, a
 * character that must be percent-encoded) with a 400 {@code VALIDATION_FAILED} problem document
 * whose error is on {@code path}.
 * Spring's adapter between Reactor Netty and WebFlux builds a {@link URI} of every request before
 * any filter or error handler runs, and when that fails it answers a bare 400 with an empty body
 * itself, so {@link ProblemWebExceptionHandler} never sees such a request. This route comes
 * before Boot's (which hands everything else to WebFlux) and takes exactly the requests that
 * adapter would refuse, checked the same way: the request target appended to a base URL must
 * parse as a {@link URI}. Such a request reaches no filter: {@link RouteProblemWriter} answers,
 * counts and logs it.
 */
@Component
class MalformedUrlRoute implements NettyRouteProvider {

    private static final String DETAIL = "The URL is not valid: a % must be followed by two hexadecimal digits, "
            + "and characters such as spaces, quotes, |, {, } and non-ASCII letters must be percent-encoded.";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final RouteProblemWriter writer;

    MalformedUrlRoute(RouteProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(request -> !parseable(request.uri()), this::refuse);
    }

    private Publisher<Void> refuse(HttpServerRequest request, HttpServerResponse response) {
        return writer.refuse(
                request, response, "Malformed URL", DETAIL, instance(request.uri()), "path", "is not a valid URL");
    }

    /**
     * @param target the request target as received (origin form {@code /path?query}, or absolute
     *     form {@code http://host/path?query})
     * @return whether Spring's adapter can make a {@link URI} of it, tried as it does: the target's
     *     path and query (an absolute form's own scheme and authority dropped) after a base URL
     */
    static boolean parseable(String target) {
        try {
            new URI("http://localhost" + pathAndQuery(target));
            return true;
        } catch (URISyntaxException ex) {
            return false;
        }
    }

    private static String pathAndQuery(String target) {
        int schemeEnd = target.indexOf("://");
        if (schemeEnd < 0 || firstOf(target, "/?#", 0) < schemeEnd) {
            return target;
        }
        int pathStart = firstOf(target, "/?#", schemeEnd + 3);
        return pathStart < 0 ? "" : target.substring(pathStart);
    }

    private static int firstOf(String text, String chars, int from) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the target's path as a valid URI reference for the problem's {@code instance}: what
     *     the client sent, with each character that may not stand there percent-encoded (a lone
     *     {@code %} becomes {@code %25})
     */
    static String instance(String target) {
        String path = pathAndQuery(target);
        int end = firstOf(path, "?#", 0);
        if (end >= 0) {
            path = path.substring(0, end);
        }
        StringBuilder encoded = new StringBuilder(path.length() + 16);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && hex(path, i + 1) && hex(path, i + 2)) {
                encoded.append(path, i, i + 3);
                i += 2;
            } else if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                // Netty reads the request line byte by byte, one char per byte
                encoded.append('%').append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        return encoded.isEmpty() || encoded.charAt(0) != '/' ? "/" + encoded : encoded.toString();
    }

    private static boolean hex(String text, int index) {
        if (index >= text.length()) {
            return false;
        }
        char c = text.charAt(index);
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
