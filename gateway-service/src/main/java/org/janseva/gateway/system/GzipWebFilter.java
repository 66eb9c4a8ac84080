package org.janseva.gateway.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gzips an answer of at least {@value #MIN_SIZE} bytes of JSON or text for a client whose
 * {@code Accept-Encoding} takes gzip (named, or {@code *}, with a q-value above 0): a page of 100
 * catalogue entries is ~37 KB of JSON and ~6 KB gzipped, which is what a KaiOS phone on 2G waits
 * for. Only gzip: every HTTP client decodes it. Reactor Netty's own compressor
 * ({@code server.compression}) was tried and taken out: it offers every codec on the class path
 * and answered {@code Accept-Encoding: *} in snappy, which no client decodes, and its choice of
 * codecs cannot be narrowed. Every answer of these types says {@code Vary: Accept-Encoding}
 * ({@link GatewayAnswerHeaders}), so that no shared cache hands gzip to a client that did not ask.
 *
 * <p>The answer is gathered whole before it is compressed (the platform's JSON answers are at
 * most a few hundred KB); a streamed answer ({@code writeAndFlushWith}), a {@code HEAD}, a
 * status without a body, a range (206: its byte positions count the unencoded answer) and an
 * answer already encoded pass as they are. Catalogue ETags are weak,
 * so they stay valid for both encodings (RFC 9110 8.8.1).
 */
@Component
class GzipWebFilter implements WebFilter, Ordered {

    static final int MIN_SIZE = 1024;

    @Override
    public int getOrder() {
        // inside RequestContextWebFilter and the CORS filter, whose headers it keeps
        return GatewayCorsWebFilter.ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())
                || !acceptsGzip(exchange.getRequest().getHeaders().getFirst(HttpHeaders.ACCEPT_ENCODING))) {
            return chain.filter(exchange);
        }
        return chain.filter(
                exchange.mutate().response(new Gzipping(exchange.getResponse())).build());
    }

    /**
     * @param acceptEncoding the request's {@code Accept-Encoding}, or {@code null}
     * @return whether it takes gzip: named with a q-value above 0, or not named and {@code *}
     *     with a q-value above 0 (RFC 9110 12.5.3)
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isBlank()) {
            return false;
        }
        Double gzip = null;
        Double star = null;
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.split(";");
            String coding = pieces[0].strip().toLowerCase(Locale.ROOT);
            double q = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].strip().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(parameter.substring(2).strip());
                    } catch (NumberFormatException ex) {
                        q = 0;
                    }
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = Math.max(gzip == null ? 0 : gzip, q);
            } else if (coding.equals("*")) {
                star = q;
            }
        }
        return gzip != null ? gzip > 0 : star != null && star > 0;
    }

    static boolean compressible(MediaType type) {
        return type != null
                && (MediaType.APPLICATION_JSON.isCompatibleWith(type)
                        || MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(type)
                        || (type.getType().equals("text") && !type.getSubtype().equals("event-stream")));
    }

    private static final class Gzipping extends ServerHttpResponseDecorator {

        Gzipping(ServerHttpResponse delegate) {
            super(delegate);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            HttpHeaders headers = getHeaders();
            HttpStatusCode status = getStatusCode();
            if (!compressible(headers.getContentType())
                    || headers.containsHeader(HttpHeaders.CONTENT_ENCODING)
                    || headers.containsHeader(HttpHeaders.CONTENT_RANGE)
                    || (status != null && (status.value() == 204 || status.value() == 206 || status.value() == 304))) {
                return super.writeWith(body);
            }
            return DataBufferUtils.join(body).flatMap(joined -> {
                if (joined.readableByteCount() < MIN_SIZE) {
                    return super.writeWith(Mono.just(joined));
                }
                byte[] gzipped;
                try {
                    gzipped = gzip(joined);
                } finally {
                    DataBufferUtils.release(joined);
                }
                headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
                headers.setContentLength(gzipped.length);
                return super.writeWith(Mono.just(bufferFactory().wrap(gzipped)));
            });
        }

        private static byte[] gzip(DataBuffer buffer) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(buffer.readableByteCount() / 4);
            try (GZIPOutputStream gzip = new GZIPOutputStream(out);
                    InputStream in = buffer.asInputStream()) {
                in.transferTo(gzip);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return out.toByteArray();
        }
    }
}
