package org.janseva.catalog.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.janseva.adapter.spi.DepartmentCallException;
import org.janseva.adapter.spi.DepartmentCallException.Kind;
import org.janseva.platform.web.RequestIdPropagation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of every built-in adapter type: a {@link RestClient} on Apache HttpClient 5 with
 * one connection pool per department host (scheme, host and port), so that a slow host exhausts
 * its own pool and nobody else's. Redirects are never followed, nothing is retried here (retries
 * are the invocation layer's decision), cookies are not kept, and an answer larger than
 * {@code platform.catalog.adapters.max-response-size} (1 MiB) is refused while it is read: the
 * connection is aborted rather than drained. Only http and https are called, and every new
 * connection passes the {@link OutboundAddressGuard} (the SSRF guard) when its host is resolved, so
 * a department whose name comes to resolve to a refused address is refused at call time too.
 *
 * <p>A request's timeout is a deadline for the whole exchange (waiting for a pooled connection,
 * connecting, sending, and reading the whole answer), not a wait per read: when it passes, a timer
 * aborts the request, which closes its connection, so a department that trickles its answer a byte
 * at a time holds neither the calling thread nor the connection past it. Work run {@link
 * #within(Duration, Supplier) within} a budget (a department call, a dry run) has all its
 * exchanges end by the budget's end, whatever their own timeouts: an OAuth2 token fetch and the
 * call it authenticates share the call's time.
 *
 * <p>Failures become {@link DepartmentCallException}s whose messages name the host and the
 * failure, never a header, a body or a secret.
 */
@Component
public class DepartmentHttp implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DepartmentHttp.class);
    private static final String USER_AGENT = "JanSeva-Platform/1 (department-adapter)";

    private final AdaptersProperties properties;
    private final OutboundAddressGuard guard;
    private final long maxResponseBytes;
    private final JsonMapper json;
    private final Map<String, CloseableHttpClient> clients = new ConcurrentHashMap<>();
    private final Map<String, RestClient> restClients = new ConcurrentHashMap<>();
    /** The end ({@link System#nanoTime()}) of the budget the current thread's work runs within. */
    private final ThreadLocal<Long> budgetEnd = new ThreadLocal<>();
    /** The exchange the current thread is making. */
    private final ThreadLocal<Exchange> current = new ThreadLocal<>();
    /** Aborts exchanges at their deadlines. */
    private final ScheduledThreadPoolExecutor deadlines;

    DepartmentHttp(AdaptersProperties properties, OutboundAddressGuard guard) {
        this.properties = properties;
        this.guard = guard;
        this.maxResponseBytes = properties.maxResponseSize().toBytes();
        this.json = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        this.deadlines = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "department-http-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // nearly every exchange ends before its deadline: its cancelled timer must not stay queued
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs work whose exchanges must all end within the budget: each ends at its own timeout or at
     * the budget's end, whichever comes first (an exchange started after the budget's end fails at
     * once with {@code TIMEOUT}). A budget inside another ends no later than the outer one.
     *
     * @param budget the time the work's exchanges have, together
     * @param work the work, e.g. an adapter's {@code invoke}
     * @return what the work returns
     */
    public <T> T within(Duration budget, Supplier<T> work) {
        Long outer = budgetEnd.get();
        long end = System.nanoTime() + budget.toNanos();
        if (outer != null && outer - end < 0) {
            end = outer;
        }
        budgetEnd.set(end);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                budgetEnd.remove();
            } else {
                budgetEnd.set(outer);
            }
        }
    }

    /**
     * @param timeout an exchange's own timeout
     * @return the time an exchange started now with that timeout has, within the current budget
     *     (zero or less when the budget is spent)
     */
    public Duration remaining(Duration timeout) {
        long now = System.nanoTime();
        long end = now + timeout.toNanos();
        Long budget = budgetEnd.get();
        if (budget != null && budget - end < 0) {
            end = budget;
        }
        return Duration.ofNanos(end - now);
    }

    /**
     * Sends the request and reads the whole answer.
     *
     * @param request the request
     * @return the answer, whatever its status
     * @throws DepartmentCallException {@code TIMEOUT} when no answer came in time,
     *     {@code UNREACHABLE} when the host could not be reached, {@code BAD_ANSWER} when the answer
     *     is too large
     */
    public DepartmentHttpAnswer exchange(DepartmentHttpRequest request) {
        String host = request.uri().getScheme() + "://" + request.uri().getAuthority();
        String scheme = request.uri().getScheme() == null
                ? ""
                : request.uri().getScheme().toLowerCase(Locale.ROOT);
        if ((!scheme.equals("http") && !scheme.equals("https")) || request.uri().getHost() == null) {
            throw new DepartmentCallException(
                    Kind.UNREACHABLE, 0, "Only http and https URLs with a host are called; refused " + scheme + ":");
        }
        long remaining = remaining(request.timeout()).toNanos();
        if (remaining <= 0) {
            throw new DepartmentCallException(Kind.TIMEOUT, 0, host + " was not called: the call's time was spent");
        }
        RestClient client = restClient(request.uri(), request.timeout());
        RestClient.RequestBodySpec spec = client.method(HttpMethod.valueOf(request.method()))
                .uri(request.uri())
                .headers(headers -> {
                    headers.set("Accept", MediaType.APPLICATION_JSON_VALUE);
                    if (request.body() != null) {
                        headers.setContentType(MediaType.APPLICATION_JSON);
                    }
                    request.headers().forEach(headers::set);
                });
        if (request.body() != null) {
            spec.body(request.body());
        }
        Exchange exchange = new Exchange();
        current.set(exchange);
        ScheduledFuture<?> deadline = deadlines.schedule(exchange::expire, remaining, TimeUnit.NANOSECONDS);
        try {
            return spec.exchange(
                    (httpRequest, response) -> {
                        int status = response.getStatusCode().value();
                        MediaType contentType = response.getHeaders().getContentType();
                        long declared = response.getHeaders().getContentLength();
                        if (declared > maxResponseBytes) {
                            exchange.abort();
                            throw tooLarge(host);
                        }
                        byte[] body = readLimited(response.getBody(), host, exchange);
                        return new DepartmentHttpAnswer(
                                status, contentType == null ? null : contentType.toString(), body);
                    },
                    true);
        } catch (ResourceAccessException ex) {
            if (exchange.expired()) {
                throw new DepartmentCallException(Kind.TIMEOUT, host + " did not answer in time", ex);
            }
            throw translate(ex, host);
        } finally {
            deadline.cancel(false);
            current.remove();
        }
    }

    /**
     * @param body a department's answer
     * @return it parsed into a JSON-like tree (maps, lists, strings, {@link java.math.BigDecimal}s,
     *     booleans); an empty body is an empty map
     * @throws DepartmentCallException {@code BAD_ANSWER} when it is not JSON
     */
    public Object parseJson(byte[] body, String what) {
        if (body.length == 0) {
            return new java.util.LinkedHashMap<String, Object>();
        }
        try {
            return json.readValue(body, Object.class);
        } catch (JacksonException ex) {
            throw new DepartmentCallException(Kind.BAD_ANSWER, 0, what + " answered a body that is not JSON");
        }
    }

    /**
     * Checks, without building a tree, that a department's answer is exactly one JSON object or
     * array (nothing after it), for answers passed on as they are.
     *
     * @param body the answer
     * @param what who answered, for the failure's message
     * @return {@code true} for an object, {@code false} for an array
     * @throws DepartmentCallException {@code BAD_ANSWER} when it is anything else
     */
    public boolean checkJsonObjectOrArray(byte[] body, String what) {
        try (JsonParser parser = json.createParser(body)) {
            JsonToken root = parser.nextToken();
            if (root != JsonToken.START_OBJECT && root != JsonToken.START_ARRAY) {
                throw new DepartmentCallException(
                        Kind.BAD_ANSWER, 0, what + " answered JSON that is not an object or array");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new DepartmentCallException(Kind.BAD_ANSWER, 0, what + " answered something after its JSON");
            }
            return root == JsonToken.START_OBJECT;
        } catch (JacksonException ex) {
            throw new DepartmentCallException(Kind.BAD_ANSWER, 0, what + " answered a body that is not JSON");
        }
    }

    /** @return the value as JSON bytes */
    public byte[] toJson(Object value) {
        return json.writeValueAsBytes(value);
    }

    private byte[] readLimited(InputStream in, String host, Exchange exchange) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] buffer = new byte[8192];
        int size = 0;
        int read;
        while ((read = in.read(buffer, size, buffer.length - size)) != -1) {
            size += read;
            if (size > maxResponseBytes) {
                exchange.abort();
                throw tooLarge(host);
            }
            if (size == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxResponseBytes + 1));
            }
        }
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }

    private DepartmentCallException tooLarge(String host) {
        return new DepartmentCallException(
                Kind.BAD_ANSWER, 0, host + " answered more than " + maxResponseBytes + " bytes; refused");
    }

    private static DepartmentCallException translate(ResourceAccessException ex, String host) {
        Throwable cause = ex.getCause();
        if (cause instanceof DepartmentCallException dce) {
            return dce;
        }
        if (cause instanceof OutboundAddressGuard.RefusedAddressException refused) {
            return new DepartmentCallException(
                    Kind.UNREACHABLE, host + " was not called: its URL " + refused.reason(), ex);
        }
        if (cause instanceof ConnectTimeoutException) {
            return new DepartmentCallException(Kind.UNREACHABLE, "No connection to " + host + " in time", ex);
        }
        if (cause instanceof SocketTimeoutException
                || cause instanceof InterruptedIOException
                        && cause.getClass()
                                .getSimpleName()
                                .toLowerCase(Locale.ROOT)
                                .contains("timeout")) {
            return new DepartmentCallException(Kind.TIMEOUT, host + " did not answer in time", ex);
        }
        if (cause instanceof HttpHostConnectException
                || cause instanceof ConnectException
                || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException) {
            return new DepartmentCallException(Kind.UNREACHABLE, host + " cannot be reached", ex);
        }
        return new DepartmentCallException(
                Kind.UNREACHABLE,
                "The connection to " + host + " failed ("
                        + (cause == null ? "I/O" : cause.getClass().getSimpleName()) + ")",
                ex);
    }

    private RestClient restClient(URI uri, Duration timeout) {
        String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getAuthority();
        return restClients.computeIfAbsent(origin + "|" + timeout.toMillis(), key -> {
            AbortingRequestFactory factory =
                    new AbortingRequestFactory(clients.computeIfAbsent(origin, this::newClient), this::attach);
            factory.setReadTimeout(timeout);
            factory.setConnectionRequestTimeout(timeout);
            return RestClient.builder()
                    .requestFactory(factory)
                    .defaultHeader("User-Agent", USER_AGENT)
                    .requestInterceptor(new RequestIdPropagation())
                    .build();
        });
    }

    private CloseableHttpClient newClient(String origin) {
        Duration connect = properties.connectTimeout();
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(guard.dnsResolver())
                .setMaxConnTotal(properties.maxConnectionsPerHost())
                .setMaxConnPerRoute(properties.maxConnectionsPerHost())
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
                .setConnPoolPolicy(PoolReusePolicy.LIFO)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connect))
                        .setTimeToLive(TimeValue.of(properties.connectionTimeToLive()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        log.info("Connection pool for department host {} ({} connections)", origin, properties.maxConnectionsPerHost());
        return HttpClients.custom()
                .setConnectionManager(pool)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.of(properties.idleConnectionTimeout()))
                .build();
    }

    private void attach(HttpUriRequestBase request) {
        Exchange exchange = current.get();
        if (exchange != null) {
            exchange.attach(request);
        }
    }

    @Override
    public void destroy() {
        deadlines.shutdownNow();
        clients.values().forEach(client -> {
            try {
                client.close();
            } catch (IOException ex) {
                log.debug("Closing a department connection pool failed", ex);
            }
        });
        clients.clear();
        restClients.clear();
    }

    /**
     * One exchange's request, to abort: when its deadline passes (closing the connection ends a
     * read that would otherwise wait for a trickling department), or when its answer is too large
     * (closing a half-read HttpClient response would read the rest).
     */
    private static final class Exchange {

        private volatile HttpUriRequestBase request;
        private volatile boolean expired;

        /** Called once the request is made, before it is sent: aborted at once if already expired. */
        void attach(HttpUriRequestBase request) {
            this.request = request;
            if (expired) {
                request.abort();
            }
        }

        /** The deadline passed. */
        void expire() {
            expired = true;
            abort();
        }

        void abort() {
            HttpUriRequestBase attached = request;
            if (attached != null) {
                attached.abort();
            }
        }

        boolean expired() {
            return expired;
        }
    }

    /** Hands each request it makes to {@code onRequest}, so that it can be aborted. */
    static final class AbortingRequestFactory extends HttpComponentsClientHttpRequestFactory {

        private final Consumer<HttpUriRequestBase> onRequest;

        AbortingRequestFactory(CloseableHttpClient client, Consumer<HttpUriRequestBase> onRequest) {
            super(client);
            this.onRequest = onRequest;
        }

        @Override
        protected void postProcessHttpRequest(ClassicHttpRequest request) {
            if (request instanceof HttpUriRequestBase abortable) {
                onRequest.accept(abortable);
            }
        }
    }
}
