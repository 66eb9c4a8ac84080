package org.janseva.gateway.system;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Works around a Reactor Netty 1.3.x stall of HTTP/1.1 keep-alive connections (reactor-netty
 * issue 4361, fixed in September 2026, after the 1.3.8 this build can get at most): when a request arrives
 * before the previous one's operations have terminated, the server queues it; if that queued
 * request is then answered synchronously (the gateway's own 401, 403, 404 or 429, written without
 * any I/O), the queue drains without anyone asking the channel to read again, and the next request
 * on the connection is never read. The client waits until its own timeout; the gateway logs
 * nothing.
 *
 * <p>This handler sits after Reactor Netty's {@code HttpTrafficHandler} and, each time a
 * request's operations terminate, asks the channel to read once more, as a task queued after the
 * traffic handler's own draining task, so that it runs once the queue is empty. A read request
 * on a channel that is already reading changes nothing. Remove this class once the build is on a
 * Reactor Netty release with the fix ({@code GatewaySecurityIntegrationTests} shows the stall
 * without it).
 */
@Component
public class KeepAliveReadResumer implements NettyServerCustomizer {

    /** The name of the handler in each connection's pipeline. */
    static final String HANDLER_NAME = "janseva.keepAliveReadResumer";

    /** Reactor Netty's event for "a request's operations terminated" (a package-private type). */
    private static final String TERMINATED_EVENT = "reactor.netty.http.server.HttpServerOperationsTerminatedEvent";

    private static final ChannelHandler HANDLER = new ResumeReadHandler();

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null && pipeline.get(HANDLER_NAME) == null) {
                pipeline.addAfter(NettyPipeline.HttpTrafficHandler, HANDLER_NAME, HANDLER);
            }
        });
    }

    @ChannelHandler.Sharable
    static final class ResumeReadHandler extends ChannelInboundHandlerAdapter {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (TERMINATED_EVENT.equals(event.getClass().getName())) {
                // queued behind HttpTrafficHandler's own task: by then its queue has drained
                ctx.executor().execute(() -> {
                    if (!ctx.isRemoved() && ctx.channel().isActive()) {
                        ctx.read();
                    }
                });
            }
            super.userEventTriggered(ctx, event);
        }
    }
}
