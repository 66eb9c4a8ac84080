package org.janseva.catalog.invocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.janseva.platform.core.security.ServiceTokenClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Tells user-service which service a citizen has just used ({@code POST
 * /internal/v1/users/{citizenId}/recent}, catalog-service's service token), for the citizen's
 * recent-services list. Off the request path: one worker thread and a bounded queue; when the
 * queue is full, or user-service is slow or down, the report is dropped and counted
 * ({@code janseva.recent.reports{outcome}}); the citizen's call is never failed nor slowed.
 * The same service used again by the same citizen within the repeat window is not reported again:
 * it already heads the list.
 */
@Component
class RecentServicesReporter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RecentServicesReporter.class);

    private final boolean enabled;
    private final RestClient userService;
    private final ThreadPoolExecutor worker;
    private final Cache<String, String> lastReported;
    private final MeterRegistry meters;

    RecentServicesReporter(
            InvocationProperties properties,
            ObjectProvider<ServiceTokenClient> tokens,
            Environment environment,
            MeterRegistry meters) {
        InvocationProperties.RecentServices settings = properties.recentServices();
        ServiceTokenClient tokenClient = tokens.getIfAvailable();
        this.enabled = settings.enabled() && tokenClient != null;
        if (settings.enabled() && tokenClient == null) {
            log.warn("Recent services are not reported: catalog-service has no service-token client "
                    + "(platform.security.client.id)");
        }
        this.meters = meters;
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(settings.timeout());
        factory.setReadTimeout(settings.timeout());
        String base = environment.getProperty("platform.services.user", "http://localhost:8082");
        RestClient.Builder builder = RestClient.builder().baseUrl(base).requestFactory(factory);
        if (tokenClient != null) {
            builder.requestInterceptor(tokenClient.interceptor());
        }
        this.userService = builder.build();
        this.lastReported = Caffeine.newBuilder()
                .expireAfterWrite(settings.repeatWindow())
                .maximumSize(100_000)
                .build();
        this.worker = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.queueCapacity()), task -> {
                    Thread thread = new Thread(task, "recent-services-reporter");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Reports, later and at most once per repeat window, that the citizen used the service. */
    void report(String citizenId, String serviceCode) {
        if (!enabled || serviceCode.equals(lastReported.getIfPresent(citizenId))) {
            return;
        }
        lastReported.put(citizenId, serviceCode);
        try {
            worker.execute(() -> send(citizenId, serviceCode));
        } catch (RejectedExecutionException ex) {
            lastReported.invalidate(citizenId);
            count("dropped");
        }
    }

    private void send(String citizenId, String serviceCode) {
        try {
            userService
                    .post()
                    .uri("/internal/v1/users/{citizenId}/recent", citizenId)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("serviceCode", serviceCode))
                    .retrieve()
                    .toBodilessEntity();
            count("sent");
        } catch (RuntimeException ex) {
            lastReported.invalidate(citizenId);
            count("failed");
            log.debug("Could not report a recent service to user-service: {}", ex.getMessage());
        }
    }

    private void count(String outcome) {
        Counter.builder("janseva.recent.reports")
                .description("Recent-service reports to user-service by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    @Override
    public void destroy() {
        worker.shutdown();
    }
}
