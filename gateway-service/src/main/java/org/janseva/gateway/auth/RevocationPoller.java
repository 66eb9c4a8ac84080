package org.janseva.gateway.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.janseva.platform.core.security.ServiceTokenClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@link RevokedTokens} up to date. Every {@code platform.gateway.auth.revocations-poll-interval}
 * (5 s) it asks user-service for the revocations recorded since the last one it has
 * ({@code GET /internal/v1/revocations?after=<cursor>}, with the gateway's own token, scope {@code revocations}),
 * page after page until it has them all; at start it gets every revocation whose tokens may still
 * be unexpired. A revoked token is refused from the next poll on: a few seconds after a logout,
 * a reused refresh token or an erasure instead of up to 15 minutes.
 *
 * <p>When user-service cannot be reached, refuses or answers nonsense, the gateway keeps what it
 * knows and goes on serving every request: a poll that fails is counted
 * ({@code janseva.gateway.revocations.polls{outcome="failure"}}), logged when failures begin (and
 * every 5 minutes while they last) and when they end, and {@code janseva.gateway.revocations.age}
 * says how old the list is. The poll runs on a thread of its own with timeouts, never on an event
 * loop.
 */
final class RevocationPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RevocationPoller.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Enough for 50,000 revocations in one poll; the rest comes at the next one. */
    private static final int MAX_PAGES_PER_POLL = 100;

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REPEAT_WARNING_AFTER = Duration.ofMinutes(5);

    private final URI revocationsUri;
    private final ServiceTokenClient serviceToken;
    private final RevokedTokens revoked;
    private final Duration interval;
    private final HttpClient http;
    private final Clock clock;
    private final Counter successes;
    private final Counter failures;
    private final Instant createdAt;

    private volatile ScheduledExecutorService executor;
    // the poll's own state: written by the poller's thread only
    private String cursor;
    private volatile Instant lastSuccess;
    private Instant failingSince;
    private Instant lastWarning;

    RevocationPoller(
            URI revocationsUri,
            ServiceTokenClient serviceToken,
            RevokedTokens revoked,
            Duration interval,
            HttpClient http,
            Clock clock,
            MeterRegistry meters) {
        this.revocationsUri = revocationsUri;
        this.serviceToken = serviceToken;
        this.revoked = revoked;
        this.interval = interval;
        this.http = http;
        this.clock = clock;
        this.createdAt = clock.instant();
        this.successes = Counter.builder("janseva.gateway.revocations.polls")
                .description("Polls of user-service's revoked tokens, by outcome")
                .tag("outcome", "success")
                .register(meters);
        this.failures = Counter.builder("janseva.gateway.revocations.polls")
                .description("Polls of user-service's revoked tokens, by outcome")
                .tag("outcome", "failure")
                .register(meters);
        Gauge.builder("janseva.gateway.revocations.known", revoked, RevokedTokens::size)
                .description("Logins and citizens whose unexpired tokens the gateway refuses")
                .register(meters);
        FunctionCounter.builder("janseva.gateway.revocations.refused", revoked, RevokedTokens::refused)
                .description("Tokens refused because they were revoked")
                .register(meters);
        Gauge.builder("janseva.gateway.revocations.age", this, RevocationPoller::ageSeconds)
                .description("Seconds since the revoked tokens were last fetched (since start if never)")
                .baseUnit("seconds")
                .register(meters);
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "revocation-poller");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /**
     * Fetches the revocations since the last poll; never throws.
     *
     * @return whether user-service answered every page asked for
     */
    boolean poll() {
        try {
            JsonNode page;
            int pages = 0;
            do {
                page = fetch(cursor);
                for (JsonNode item : page.path("items")) {
                    apply(item);
                }
                cursor = page.path("next").asString();
            } while (page.path("more").asBoolean() && ++pages < MAX_PAGES_PER_POLL);
            succeeded();
            return true;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException | RuntimeException ex) {
            failed(ex);
            return false;
        } finally {
            revoked.forgetExpired(clock.instant());
        }
    }

    private JsonNode fetch(String after) throws IOException, InterruptedException {
        String token = serviceToken.token();
        URI uri = after == null ? revocationsUri : URI.create(revocationsUri + "?after=" + after);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header(HttpHeaders.ACCEPT, "application/json")
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401) {
            serviceToken.invalidate(token);
        }
        if (response.statusCode() != 200) {
            throw new IOException("user-service answered " + response.statusCode());
        }
        JsonNode page = JSON.readTree(response.body());
        // the cursor goes into the next URL: digits only
        if (!page.path("items").isArray() || !page.path("next").asString("").matches("\\d{1,18}")) {
            throw new IOException("user-service's answer is not a page of revocations");
        }
        return page;
    }

    private void apply(JsonNode item) {
        Instant expiresAt = Instant.parse(item.path("expiresAt").asString());
        String sid = item.path("sid").asString(null);
        String jti = item.path("jti").asString(null);
        String citizenId = item.path("citizenId").asString(null);
        String notBefore = item.path("notBefore").asString(null);
        if (sid != null) {
            revoked.revokeLogin(sid, expiresAt);
        } else if (jti != null) {
            revoked.revokeToken(jti, expiresAt);
        } else if (citizenId != null && notBefore != null) {
            revoked.revokeCitizen(citizenId, Instant.parse(notBefore), expiresAt);
        }
    }

    private void succeeded() {
        successes.increment();
        Instant now = clock.instant();
        lastSuccess = now;
        if (failingSince != null) {
            log.info(
                    "Fetched the revoked tokens from {} again after {} s of failed polls; {} revocations known",
                    revocationsUri,
                    Duration.between(failingSince, now).toSeconds(),
                    revoked.size());
            failingSince = null;
        }
    }

    private void failed(Exception ex) {
        failures.increment();
        Instant now = clock.instant();
        if (failingSince == null) {
            failingSince = now;
        } else if (Duration.between(lastWarning, now).compareTo(REPEAT_WARNING_AFTER) < 0) {
            return;
        }
        lastWarning = now;
        log.warn(
                "Could not fetch the revoked tokens from {} ({}: {}), failing for {} s: the gateway goes on with the {}"
                        + " revocations it knows",
                revocationsUri,
                ex.getClass().getSimpleName(),
                ex.getMessage(),
                Duration.between(failingSince, now).toSeconds(),
                revoked.size());
    }

    private double ageSeconds() {
        Instant since = lastSuccess != null ? lastSuccess : createdAt;
        return Duration.between(since, clock.instant()).toMillis() / 1000.0;
    }
}
