package org.janseva.gateway.system;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
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
 * no backend receives it. A request line Netty cannot read, and a header section over the size
 * limit (431), are still answered by Reactor Netty.
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
                "Malformed header",
                DETAIL,
                MalformedUrlRoute.instance(request.uri()),
                refused.field,
                refused.message);
    }

    /**
     * @param cause why Netty's decoder refused the header section
     * @return the error for the client (Netty's own text is read, never shown): on the header
     *     Netty names, else on {@code headers}
     */
    static RefusedHeaders refusal(Throwable cause) {
        String text = String.valueOf(cause.getMessage());
        // DefaultHeaders wraps the value check of DefaultHttpHeadersFactory (which refuses
        // exactly the control characters other than tab) and names the header, whose name
        // has passed the token check already
        if (text.startsWith(VALUE_REFUSED) && text.endsWith("'") && text.length() > VALUE_REFUSED.length() + 1) {
            return new RefusedHeaders(text.substring(VALUE_REFUSED.length(), text.length() - 1), CONTROL_CHARACTERS);
        }
        // HttpObjectDecoder's check for a control character Java takes for whitespace (0x0B,
        // 0x0C, 0x1C-0x1F) right after the colon; it does not say which header
        if (text.startsWith("Invalid separator")) {
            return new RefusedHeaders("headers", CONTROL_CHARACTERS);
        }
        // DefaultHttpHeadersFactory's name check (a control character, a space before the colon,
        // a separator such as "(") and its check for an empty name
        if (text.startsWith("a header name") || text.startsWith("empty headers")) {
            return new RefusedHeaders("headers", NAME_NOT_TOKEN);
        }
        return new RefusedHeaders("headers", NOT_WELL_FORMED);
    }

    /** The headers of a request refused for a bad header: the route's mark, never a client's. */
    static final class RefusedHeaders extends DefaultHttpHeaders {

        final String field;
        final String message;

        RefusedHeaders(String field, String message) {
            this.field = field;
            this.message = message;
        }
    }

    /** Puts {@link MarkingHandler} into each connection's pipeline, before Reactor Netty's. */
    @Component
    static class Marker implements NettyServerCustomizer {

        /** The name of the handler in each connection's pipeline. */
        static final String HANDLER_NAME = "janseva.malformedHeaderMarker";

        private static final ChannelHandler HANDLER = new MarkingHandler();

        @Override
        public HttpServer apply(HttpServer server) {
            return server.doOnChannelInit((observer, channel, remoteAddress) -> {
                ChannelPipeline pipeline = channel.pipeline();
                if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null && pipeline.get(HANDLER_NAME) == null) {
                    pipeline.addBefore(NettyPipeline.HttpTrafficHandler, HANDLER_NAME, HANDLER);
                }
            });
        }
    }

    @ChannelHandler.Sharable
    static final class MarkingHandler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request && refusedHeaderSection(request)) {
                ctx.fireChannelRead(marked(request));
                // the decoder reads nothing more on this connection, not even the body
                ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
                return;
            }
            ctx.fireChannelRead(msg);
        }

        /**
         * @return whether the decoder read the request line and then refused a header: it hands on
         *     the request it was filling (a {@link FullHttpRequest} of its own stands for a request
         *     line it could not read)
         */
        private static boolean refusedHeaderSection(HttpRequest request) {
            DecoderResult result = request.decoderResult();
            return result.isFailure()
                    && !(request instanceof FullHttpRequest)
                    && !(result.cause() instanceof TooLongFrameException);
        }

        private static HttpRequest marked(HttpRequest request) {
            HttpHeaders read = request.headers();
            HttpHeaders headers = refusal(request.decoderResult().cause());
            for (String name : new String[] {RequestIds.HEADER, "X-Channel"}) {
                String value = read.get(name);
                if (value != null) {
                    headers.set(name, value);
                }
            }
            return new DefaultHttpRequest(request.protocolVersion(), request.method(), request.uri(), headers);
        }
    }
}
