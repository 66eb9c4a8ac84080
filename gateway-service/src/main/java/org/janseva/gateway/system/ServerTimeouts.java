package org.janseva.gateway.system;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * The server's own time limits, so that no client holds a connection (and what it sent) for as
 * long as it likes; Reactor Netty has none by default. Three of them, each for one way of holding on:
 *
 * <ul>
 *   <li>a connection with no request on it: {@code server.netty.idle-timeout} (Boot's property,
 *       Reactor Netty's idle timeout) closes it;
 *   <li>a request whose line and headers trickle in or stop half-way: closed once
 *       {@code platform.gateway.headers-timeout} has passed since their first byte (the handlers
 *       below; the idle timeout alone restarts on each byte, so a byte a minute kept a connection
 *       for ever);
 *   <li>a body that does not arrive: {@link RequestBodyDeadlineWebFilter} answers 408 at
 *       {@code platform.gateway.body-timeout}; Reactor Netty's request timeout, a little later,
 *       closes the connection of a body nobody is reading (a request the gateway refused while
 *       its body was still coming), which would otherwise stay open until the client gives up.
 * </ul>
 */
@Component
class ServerTimeouts implements NettyServerCustomizer {

    /** How much later than the body timeout Reactor Netty closes a connection whose body never ended. */
    static final Duration BACKSTOP_MARGIN = Duration.ofSeconds(5);

    static final String BYTES_HANDLER = "janseva.headersDeadline.bytes";
    static final String REQUESTS_HANDLER = "janseva.headersDeadline.requests";

    private final long headersTimeoutMillis;
    private final Duration requestTimeout;

    ServerTimeouts(GatewayProperties properties) {
        this.headersTimeoutMillis = Math.max(1, properties.headersTimeout().toMillis());
        this.requestTimeout = properties.bodyTimeout().plus(BACKSTOP_MARGIN);
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.requestTimeout(requestTimeout).doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(BYTES_HANDLER) == null) {
                HeadersDeadline deadline = new HeadersDeadline(headersTimeoutMillis);
                pipeline.addBefore(NettyPipeline.HttpCodec, BYTES_HANDLER, deadline.bytes);
                pipeline.addAfter(NettyPipeline.HttpCodec, REQUESTS_HANDLER, deadline.requests);
            }
        });
    }

    /**
     * One connection's clock for the headers of its next request: started by the first bytes that
     * arrive while no request is being read (seen before the HTTP decoder), stopped when the decoder
     * has made a request of them (seen after it). Both handlers run on the connection's event
     * loop, as does the timer, so the state needs no synchronisation.
     */
    static final class HeadersDeadline {

        private final long timeoutMillis;
        private io.netty.util.concurrent.ScheduledFuture<?> timer;
        private boolean readingRequest;

        final ChannelInboundHandlerAdapter bytes = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!readingRequest && timer == null) {
                    timer = ctx.executor().schedule(() -> ctx.channel().close(), timeoutMillis, TimeUnit.MILLISECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                stop();
                ctx.fireChannelInactive();
            }
        };

        final ChannelInboundHandlerAdapter requests = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    stop();
                    readingRequest = true;
                }
                if (msg instanceof LastHttpContent) {
                    readingRequest = false;
                }
                ctx.fireChannelRead(msg);
            }
        };

        HeadersDeadline(long timeoutMillis) {
            this.timeoutMillis = timeoutMillis;
        }

        private void stop() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
    }
}
