package org.janseva.catalog.invocation;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.janseva.adapter.spi.AdapterResponse;
import org.janseva.adapter.spi.DepartmentCallException;
import org.janseva.catalog.adapter.DepartmentHttp;
import org.janseva.catalog.catalogue.DepartmentStatus;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs department calls inside that department's guards, all made on demand from the
 * {@code department} template of each resilience4j registry: a circuit breaker (count window 20,
 * opens at 50% failures or slow calls over 2 s after 10 calls, half-open after 30 s with 3 trial
 * calls), a bulkhead (the department's {@code maxConcurrentCalls}, 10 by default, no waiting), a
 * time limiter (the department's {@code timeoutMs}, 3 s by default) and, for idempotent operations
 * only, a retry (2 attempts, jittered backoff) of transient failures that never runs while the
 * circuit is open and never past the invocation's time budget.
 *
 * <p>The call runs on a worker thread so that the time limiter can give up on it; the bulkhead
 * permit is held until the department has really answered or the call's HTTP exchanges were
 * aborted at the end of its time ({@link DepartmentHttp#within}: token fetch and call together,
 * a moment after the time limiter answered), so a hanging or trickling department never has more
 * calls in flight than its bulkhead allows, and not for longer than its timeout. A refusal (the
 * department said no) counts as a success: the department is healthy.
 *
 * <p>A change of the department's {@code maxConcurrentCalls} puts a new bulkhead in force that
 * counts the calls still in flight ({@link DepartmentBulkhead}); it never makes a call wait.
 */
@Component
class DepartmentCalls implements DisposableBean {

    static final String TEMPLATE = "department";

    private final CircuitBreakerRegistry circuitBreakers;
    private final BulkheadRegistry bulkheads;
    private final TimeLimiterRegistry timeLimiters;
    private final RetryRegistry retries;
    private final InvocationProperties properties;
    private final InvocationMetrics metrics;
    private final DepartmentHttp http;
    private final Clock clock;
    private final ThreadPoolExecutor workers;
    private final Map<String, Guards> guards = new ConcurrentHashMap<>();
    private final Map<String, Long> openedAt = new ConcurrentHashMap<>();

    private record Guards(
            CircuitBreaker circuitBreaker,
            DepartmentBulkhead bulkhead,
            TimeLimiter timeLimiter,
            Retry retry,
            int maxCalls,
            long timeoutMs) {}

    DepartmentCalls(
            CircuitBreakerRegistry circuitBreakers,
            BulkheadRegistry bulkheads,
            TimeLimiterRegistry timeLimiters,
            RetryRegistry retries,
            InvocationProperties properties,
            InvocationMetrics metrics,
            DepartmentHttp http,
            ObjectProvider<Clock> clock) {
        this.circuitBreakers = circuitBreakers;
        this.bulkheads = bulkheads;
        this.timeLimiters = timeLimiters;
        this.retries = retries;
        this.properties = properties;
        this.metrics = metrics;
        this.http = http;
        this.clock = clock.getIfUnique(Clock::systemUTC);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(
                Math.min(16, properties.callThreads()),
                properties.callThreads(),
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "department-call-" + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * @param departmentCode the department
     * @param maxCalls its {@code maxConcurrentCalls}
     * @param timeout its call timeout (already capped)
     * @param idempotent whether the operation may be retried
     * @param call the adapter call, honouring the timeout on its own connections
     * @return the department's answer or refusal
     * @throws DepartmentUnavailableException when the circuit is open or the bulkhead full
     * @throws DepartmentCallException when the department failed or timed out
     */
    AdapterResponse call(
            String departmentCode, int maxCalls, Duration timeout, boolean idempotent, Supplier<AdapterResponse> call) {
        Guards g = guards(departmentCode, maxCalls, timeout);
        if (!idempotent) {
            return attempt(departmentCode, g, call);
        }
        long deadline = System.nanoTime() + properties.budget().toNanos();
        Retry.Context<AdapterResponse> context = g.retry().context();
        while (true) {
            try {
                AdapterResponse response = attempt(departmentCode, g, call);
                context.onComplete();
                return response;
            } catch (DepartmentCallException ex) {
                long remaining = deadline - System.nanoTime();
                if (remaining < timeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(200)) {
                    throw ex;
                }
                // throws ex when it is not transient or the attempts are spent; else waits the backoff
                context.onRuntimeError(ex);
            }
        }
    }

    private AdapterResponse attempt(String departmentCode, Guards g, Supplier<AdapterResponse> call) {
        CircuitBreaker circuitBreaker = g.circuitBreaker();
        try {
            circuitBreaker.acquirePermission();
        } catch (CallNotPermittedException ex) {
            throw new DepartmentUnavailableException(
                    departmentCode,
                    DepartmentUnavailableException.Reason.CIRCUIT_OPEN,
                    retryAfterSeconds(departmentCode, circuitBreaker));
        }
        Bulkhead permit = g.bulkhead().tryAcquire();
        if (permit == null) {
            circuitBreaker.releasePermission();
            throw new DepartmentUnavailableException(
                    departmentCode, DepartmentUnavailableException.Reason.BULKHEAD_FULL, 1);
        }
        long start = System.nanoTime();
        Duration limit = Duration.ofMillis(g.timeoutMs());
        // the permit goes back exactly once: by the task when it runs, or here when the time
        // limiter cancelled it before any worker started it (a starved machine), which never runs
        AtomicBoolean claimed = new AtomicBoolean();
        Future<AdapterResponse> future;
        try {
            future = workers.submit(withMdc(() -> {
                if (!claimed.compareAndSet(false, true)) {
                    return null;
                }
                try {
                    // the department's exchanges end by the time limit too, freeing the permit then
                    return http.within(limit, call);
                } finally {
                    g.bulkhead().release(permit);
                }
            }));
        } catch (RejectedExecutionException ex) {
            g.bulkhead().release(permit);
            circuitBreaker.releasePermission();
            throw new DepartmentUnavailableException(
                    departmentCode, DepartmentUnavailableException.Reason.NO_CAPACITY, 1);
        }
        try {
            return awaited(departmentCode, g, circuitBreaker, future, start);
        } finally {
            if (future.isCancelled() && claimed.compareAndSet(false, true)) {
                g.bulkhead().release(permit);
            }
        }
    }

    private AdapterResponse awaited(
            String departmentCode,
            Guards g,
            CircuitBreaker circuitBreaker,
            Future<AdapterResponse> future,
            long start) {
        try {
            AdapterResponse response = g.timeLimiter().executeFutureSupplier(() -> future);
            circuitBreaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return response;
        } catch (TimeoutException ex) {
            DepartmentCallException timeout = new DepartmentCallException(
                    DepartmentCallException.Kind.TIMEOUT,
                    "Department " + departmentCode + " did not answer within " + g.timeoutMs() + " ms",
                    ex);
            circuitBreaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, timeout);
            throw timeout;
        } catch (DepartmentCallException ex) {
            circuitBreaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
            throw ex;
        } catch (RuntimeException ex) {
            // not the department's fault (e.g. an operation misconfigured): not counted
            circuitBreaker.releasePermission();
            throw ex;
        } catch (Exception ex) {
            circuitBreaker.releasePermission();
            throw new IllegalStateException("A department call failed unexpectedly", ex);
        }
    }

    private static <T> java.util.concurrent.Callable<T> withMdc(java.util.concurrent.Callable<T> task) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        return () -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                return task.call();
            } finally {
                MDC.clear();
            }
        };
    }

    private Guards guards(String departmentCode, int maxCalls, Duration timeout) {
        Guards current = guards.get(departmentCode);
        if (current != null && current.maxCalls() == maxCalls && current.timeoutMs() == timeout.toMillis()) {
            return current;
        }
        Guards made = guards.compute(departmentCode, (code, existing) -> {
            if (existing != null && existing.maxCalls() == maxCalls && existing.timeoutMs() == timeout.toMillis()) {
                return existing;
            }
            CircuitBreaker circuitBreaker = existing != null ? existing.circuitBreaker() : newCircuitBreaker(code);
            Retry retry = existing != null ? existing.retry() : newRetry(code);
            BulkheadConfig bulkheadConfig = BulkheadConfig.from(
                            template(bulkheads.getConfiguration(TEMPLATE), bulkheads.getDefaultConfig()))
                    .maxConcurrentCalls(maxCalls)
                    .maxWaitDuration(Duration.ZERO)
                    .build();
            DepartmentBulkhead bulkhead;
            if (existing == null) {
                bulkheads.remove(code);
                bulkhead = new DepartmentBulkhead(bulkheads.bulkhead(code, bulkheadConfig));
            } else if (existing.maxCalls() != maxCalls) {
                // never changeConfig: lowering the limit with calls in flight would wait for them,
                // holding this map's lock, and every call to the department behind it
                bulkheads.remove(code);
                bulkhead = existing.bulkhead();
                bulkhead.replace(bulkheads.bulkhead(code, bulkheadConfig));
            } else {
                bulkhead = existing.bulkhead();
            }
            TimeLimiterConfig timeLimiterConfig = TimeLimiterConfig.from(
                            template(timeLimiters.getConfiguration(TEMPLATE), timeLimiters.getDefaultConfig()))
                    .timeoutDuration(timeout)
                    .cancelRunningFuture(true)
                    .build();
            timeLimiters.remove(code);
            TimeLimiter timeLimiter = timeLimiters.timeLimiter(code, timeLimiterConfig);
            return new Guards(circuitBreaker, bulkhead, timeLimiter, retry, maxCalls, timeout.toMillis());
        });
        if (current == null) {
            // gauges read the live guards (a settings change keeps the circuit breaker and the bulkhead)
            metrics.guards(departmentCode, made.circuitBreaker(), made.bulkhead(), DepartmentBulkhead::saturation);
        }
        return made;
    }

    private CircuitBreaker newCircuitBreaker(String code) {
        CircuitBreaker circuitBreaker =
                circuitBreakers.getConfiguration(TEMPLATE).isPresent()
                        ? circuitBreakers.circuitBreaker(code, TEMPLATE)
                        : circuitBreakers.circuitBreaker(code);
        circuitBreaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt.put(code, clock.millis());
            }
        });
        return circuitBreaker;
    }

    private Retry newRetry(String code) {
        RetryConfig template = template(retries.getConfiguration(TEMPLATE), retries.getDefaultConfig());
        RetryConfig config = RetryConfig.from(template)
                .retryOnException(ex -> ex instanceof DepartmentCallException failure
                        && failure.kind().isTransient())
                .build();
        return retries.retry(code, config);
    }

    private static <C> C template(Optional<C> configured, C fallback) {
        return configured.orElse(fallback);
    }

    private long retryAfterSeconds(String code, CircuitBreaker circuitBreaker) {
        if (circuitBreaker.getState() != CircuitBreaker.State.OPEN) {
            return 1;
        }
        long waitMillis = circuitBreaker
                .getCircuitBreakerConfig()
                .getWaitIntervalFunctionInOpenState()
                .apply(1);
        long since = clock.millis() - openedAt.getOrDefault(code, clock.millis());
        return Math.max(1, (long) Math.ceil((waitMillis - since) / 1000.0));
    }

    /**
     * @param departmentCode a department
     * @return its status from its circuit: DOWN while open, DEGRADED while half-open or while a
     *     closed circuit sees many failures or slow calls, UP otherwise (and when never called)
     */
    DepartmentStatus status(String departmentCode) {
        Guards g = guards.get(departmentCode);
        if (g == null) {
            return DepartmentStatus.UP;
        }
        CircuitBreaker circuitBreaker = g.circuitBreaker();
        return switch (circuitBreaker.getState()) {
            case OPEN, FORCED_OPEN -> DepartmentStatus.DOWN;
            case HALF_OPEN -> DepartmentStatus.DEGRADED;
            case CLOSED -> {
                CircuitBreaker.Metrics metrics = circuitBreaker.getMetrics();
                float threshold = properties.degradedFailureRate();
                yield metrics.getFailureRate() >= threshold || metrics.getSlowCallRate() >= threshold
                        ? DepartmentStatus.DEGRADED
                        : DepartmentStatus.UP;
            }
            default -> DepartmentStatus.UP;
        };
    }

    /** @return the department's circuit breaker, if it was ever called on this instance */
    Optional<CircuitBreaker> circuitBreaker(String departmentCode) {
        return Optional.ofNullable(guards.get(departmentCode)).map(Guards::circuitBreaker);
    }

    /** @return the calls the department has in flight, by its bulkhead */
    int inFlight(String departmentCode) {
        Guards g = guards.get(departmentCode);
        return g == null ? 0 : g.bulkhead().inFlight();
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
