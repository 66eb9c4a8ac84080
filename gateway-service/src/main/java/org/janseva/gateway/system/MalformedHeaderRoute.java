package org.janseva.gateway.system;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import org.janseva.platform.core.web.RequestIds;
import org.reactivestreams.Publisher;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Answers a request whose header section Netty refuses (a control character in a header value
 * or name, a name that is not a token, a space before the colon, a line without a colon, a bad
 * {@code Content-Length}) with a 400 {@code VALIDATION_FAILED} problem document whose error names
 * the header when Netty says which one it was ({@code headers} otherwise), and closes the
 * connection.
 *
 * <p>Netty's decoder validates every header as it reads it and, on the first bad one, hands on
 * the request marked as failed and stops reading the connection; Reactor Netty then answers a
 * bare 400 with an empty body itself, before any route. Netty's checks stay as they are (turning
 * them off would also turn off Reactor Netty's checks of the headers the gateway sends, which
 * keep a CR or LF out of a response). Instead {@link Marker}'s handler, just before Reactor
 * Netty's, replaces such a failed request with one that carries only the request id and channel
 * read before the bad header and no body, marked by its own headers type; this route, ahead of
 * Boot's, answers exactly the requests so marked, with {@code Connection: close}. Reactor Netty
 * answers pipelined requests in order as for any other; no filter sees the refused request and
 * no backend receives it.
 *
 * <p>The same way, and for the same reason (Reactor Netty's answer would be empty), this route
 * answers a request line over Netty's 4 KB limit (a 414 {@code URI_TOO_LONG}), a header section
 * over the 8 KB limit (a 431 {@code REQUEST_HEADER_FIELDS_TOO_LARGE}), a request line Netty cannot
 * read (a 400 on {@code request-line}), and a request with two {@code Host} headers, or an
 * HTTP/1.1 one with none (a 400 on {@code Host}, RFC 9112 3.2), and one with more than {@value
 * #MAX_HEADER_FIELDS} header fields (a 431, which the services behind would refuse with a bare 400),
 * which Netty would hand on.
 */
@Component
// before MalformedUrlRoute: a refused request with a bad URL too must still close its connection
@Order(Ordered.HIGHEST_PRECEDENCE)
class MalformedHeaderRoute implements NettyRouteProvider {

    private static final String CONTROL_CHARACTERS = "must not contain control characters";

    private static final String NAME_NOT_TOKEN = "names must be tokens: letters, digits and !#$%&'*+-.^_`|~";

    private static final String NOT_WELL_FORMED = "must be well-formed HTTP/1.1 header fields";

    private static final String VALUE_REFUSED = "Validation failed for header '";

    private static final String DETAIL = "A request header is not valid HTTP: a header name must be a token (letters,"
            + " digits and !#$%&'*+-.^_`|~, no space before the colon) and a value must not contain control"
            + " characters (0x00-0x1F other than tab, and 0x7F).";

    private static final String URI_TOO_LONG_DETAIL = "The URL is longer than the platform reads (4 KB with the method"
            + " and HTTP version); shorten it (a search text, for one).";

    private static final String HEADERS_TOO_LARGE_DETAIL =
            "The request's headers are larger than the platform reads (8 KB in all); send fewer or shorter ones.";

    /**
     * The most header fields a request may carry. The services behind the gateway (Tomcat) refuse a
     * request with more than 100 with a bare 400 before any of their code runs, and the gateway adds
     * its own on the way (X-Forwarded-*, Forwarded, the request id, the trace context): a client
     * that sent 95 small ones got that 400, about an encoded slash. 64 leaves room for both; an
     * app sends about 10, a browser about 20.
     */
    static final int MAX_HEADER_FIELDS = 64;

    private static final String TOO_MANY_HEADERS_DETAIL = "The request carries more header fields than the platform"
            + " reads (" + MAX_HEADER_FIELDS + "); send fewer.";

    private static final String REQUEST_LINE_DETAIL = "The request line is not valid HTTP: it must be a method (a token"
            + " such as GET), a single space, the URL, a single space and the HTTP version (HTTP/1.1).";

    private static final String HOST_DETAIL =
            "An HTTP/1.1 request must carry exactly one Host header, and an HTTP/1.0 one at most one (RFC 9112 3.2).";

    private final RouteProblemWriter writer;

    MalformedHeaderRoute(RouteProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(request -> request.requestHeaders() instanceof RefusedHeaders, this::refuse);
    }

    private Publisher<Void> refuse(HttpServerRequest request, HttpServerResponse response) {
        RefusedHeaders refused = (RefusedHeaders) request.requestHeaders();
        // the decoder reads nothing more on this connection
        response.keepAlive(false);
        return writer.refuse(
                request,
                response,
                refused.status,
                refused.title,
                refused.detail,
                MalformedUrlRoute.instance(request.uri()),
                refused.field,
                refused.message);
    }

    /**
     * @param cause why Netty's decoder refused the header section
     * @return the error for the client (Netty's own text is read, never shown): on the header
     *     Netty names, else on {@code headers}
     */
    private static RefusedHeaders refusal(Throwable cause) {
        String text = String.valueOf(cause.getMessage());
        // DefaultHeaders wraps the value check of DefaultHttpHeadersFactory (which refuses
        // exactly the control characters other than tab) and names the header, whose name
        // has passed the token check already
        if (text.startsWith(VALUE_REFUSED) && text.endsWith("'") && text.length() > VALUE_REFUSED.length() + 1) {
            return malformedHeader(text.substring(VALUE_REFUSED.length(), text.length() - 1), CONTROL_CHARACTERS);
        }
        // HttpObjectDecoder's check for a control character Java takes for whitespace (0x0B,
        // 0x0C, 0x1C-0x1F) right after the colon; it does not say which header
        if (text.startsWith("Invalid separator")) {
            return malformedHeader("headers", CONTROL_CHARACTERS);
        }
        // DefaultHttpHeadersFactory's name check (a control character, a space before the colon,
        // a separator such as "(") and its check for an empty name
        if (text.startsWith("a header name") || text.startsWith("empty headers")) {
            return malformedHeader("headers", NAME_NOT_TOKEN);
        }
        return malformedHeader("headers", NOT_WELL_FORMED);
    }

    private static RefusedHeaders malformedHeader(String field, String message) {
        return new RefusedHeaders(400, "Malformed header", DETAIL, field, message);
    }

    /**
     * @param request a request Netty's decoder refused
     * @return why, for the client: a request line over the limit (414), a header section over the
     *     limit (431), a request line Netty cannot read (400), or a bad header (400)
     */
    static RefusedHeaders refusal(HttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        // the decoder hands on a FullHttpRequest of its own when it could not read the request line
        if (request instanceof FullHttpRequest) {
            return cause instanceof TooLongFrameException
                    ? new RefusedHeaders(414, "URL too long", URI_TOO_LONG_DETAIL, "path", "is too long")
                    : new RefusedHeaders(
                            400,
                            "Malformed request line",
                            REQUEST_LINE_DETAIL,
                            "request-line",
                            "must be a method, a URL and HTTP/1.1, separated by single spaces");
        }
        if (cause instanceof TooLongFrameException) {
            return new RefusedHeaders(
                    431, "Request headers too large", HEADERS_TOO_LARGE_DETAIL, "headers", "are too large");
        }
        return refusal(cause);
    }

    /**
     * @return why a request the decoder read is refused all the same, or null: RFC 9112 3.2 wants
     *     exactly one {@code Host} in an HTTP/1.1 request and at most one in an HTTP/1.0 one
     */
    static RefusedHeaders hostRefusal(HttpRequest request) {
        int hosts = request.headers().getAll(HttpHeaderNames.HOST).size();
        boolean http10 = HttpVersion.HTTP_1_0.equals(request.protocolVersion());
        if (hosts > 1 || (hosts == 0 && !http10)) {
            return new RefusedHeaders(
                    400, "Malformed header", HOST_DETAIL, "Host", "must be sent exactly once in an HTTP/1.1 request");
        }
        return null;
    }

    /**
     * @return why a request the decoder read is refused all the same, or null: it carries more than
     *     {@link #MAX_HEADER_FIELDS} header fields (431)
     */
    static RefusedHeaders headerCountRefusal(HttpRequest request) {
        if (request.headers().size() > MAX_HEADER_FIELDS) {
            return new RefusedHeaders(
                    431,
                    "Request headers too large",
                    TOO_MANY_HEADERS_DETAIL,
                    "headers",
                    "are too many (at most " + MAX_HEADER_FIELDS + ")");
        }
        return null;
    }

    /** The headers of a request refused before any route: the route's mark, never a client's. */
    static final class RefusedHeaders extends DefaultHttpHeaders {

        final int status;
        final String title;
        final String detail;
        final String field;
        final String message;

        RefusedHeaders(int status, String title, String detail, String field, String message) {
            this.status = status;
            this.title = title;
            this.detail = detail;
            this.field = field;
            this.message = message;
        }
    }

    /** Puts a {@link MarkingHandler} into each connection's pipeline, before Reactor Netty's. */
    @Component
    static class Marker implements NettyServerCustomizer {

        /** The name of the handler in each connection's pipeline. */
        static final String HANDLER_NAME = "janseva.malformedHeaderMarker";

        @Override
        public HttpServer apply(HttpServer server) {
            return server.doOnChannelInit((observer, channel, remoteAddress) -> {
                ChannelPipeline pipeline = channel.pipeline();
                if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null && pipeline.get(HANDLER_NAME) == null) {
                    pipeline.addBefore(NettyPipeline.HttpTrafficHandler, HANDLER_NAME, new MarkingHandler());
                }
            });
        }
    }

    /**
     * One per connection. Inbound: marks each request to refuse, and after one whose connection
     * the decoder goes on reading (a bad {@code Host}) drops the rest, for the connection closes
     * after the answer. Outbound: an answer to an HTTP/1.0 request must not be chunked (RFC 9112
     * 6.1, such a client reads the chunk sizes as the body), so its {@code Transfer-Encoding} is
     * dropped, the body is sent as it is and the connection closes after it, which ends the body.
     */
    static final class MarkingHandler extends ChannelDuplexHandler {

        /** The versions of the requests read and not yet answered, in order (pipelining). */
        private final Queue<HttpVersion> versions = new ArrayDeque<>();

        private boolean discarding;

        private boolean closeAfterBody;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (discarding) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest request) {
                RefusedHeaders refused = request.decoderResult().isFailure() ? refusal(request) : hostRefusal(request);
                if (refused == null) {
                    refused = headerCountRefusal(request);
                }
                if (refused != null) {
                    // the decoder reads nothing more after a failure; after a bad Host it would read
                    // the body and what follows, which no one is to see
                    discarding = !request.decoderResult().isFailure();
                    versions.add(HttpVersion.HTTP_1_1);
                    ctx.fireChannelRead(marked(request, refused));
                    ReferenceCountUtil.release(msg);
                    ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
                    return;
                }
                versions.add(request.protocolVersion());
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response
                    && response.status().codeClass() != HttpStatusClass.INFORMATIONAL
                    && HttpVersion.HTTP_1_0.equals(versions.poll())
                    && HttpUtil.isTransferEncodingChunked(response)) {
                response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                closeAfterBody = true;
            }
            if (msg instanceof LastHttpContent && closeAfterBody) {
                closeAfterBody = false;
                ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.write(msg, promise);
        }

        private static HttpRequest marked(HttpRequest request, RefusedHeaders headers) {
            HttpHeaders read = request.headers();
            // Origin: the web site must be able to read the refusal (the CORS headers are set from it)
            for (String name : new String[] {RequestIds.HEADER, "X-Channel", "Origin"}) {
                String value = read.get(name);
                if (value != null) {
                    headers.set(name, value);
                }
            }
            // a request line the decoder could not read has no URL of the client's
            String uri = request instanceof FullHttpRequest ? "/" : request.uri();
            return new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), uri, headers);
        }
    }
}
