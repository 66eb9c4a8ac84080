package org.janseva.catalog.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.janseva.platform.test.ProblemAssertions.assertProblem;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.janseva.catalog.catalogue.DepartmentHealth;
import org.janseva.catalog.catalogue.DepartmentStatus;
import org.janseva.platform.test.StubHttpServer;
import org.janseva.platform.test.StubHttpServer.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The guarantees of the department guards, over real HTTP. Timings are printed (lines starting
 * {@code RESILIENCE-TIMING}, in the test's output) for the report; the only bounds asserted are
 * the behaviour's own, far from the machine's noise: an open circuit answers without calling the
 * department and before the department's timeout, and a hanging department's call ends at its
 * time limit, not before it and not at the department's much later answer.
 */
class ResilienceIntegrationTests extends InvocationTestSupport {

    private static final String BODY = "{\"ref\": \"R-1\"}";
    private static final String OK = "{\"status\": \"OK\"}";

    @Autowired
    DepartmentHealth departmentHealth;

    @Autowired
    BulkheadRegistry bulkheads;

    @Autowired
    DepartmentCalls calls;

    /** The hanging department's own host, so that what it holds is counted apart from the others. */
    private final StubHttpServer hangingHost = StubHttpServer.start();
    /** The host of the department whose limit is lowered, and of the trickling department. */
    private final StubHttpServer ownHost = StubHttpServer.start();

    private int closedPort;

    @AfterAll
    void stopHangingHost() {
        hangingHost.close();
        ownHost.close();
    }

    @BeforeAll
    void catalogue() throws Exception {
        setUpHttp();
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        department(
                "ZZINV-DOWN",
                "rest-json",
                Map.of("baseUrl", "http://127.0.0.1:" + closedPort + "/api", "timeoutMs", 1000));
        publishedEntry(
                "ZZINV-DOWN-SVC",
                "ZZINV-DOWN",
                Op.of("status", "POST", "/status", schema("ref")).notIdempotent(),
                Op.of("status-idempotent", "POST", "/status", schema("ref")));

        department(
                "ZZINV-HANG",
                "rest-json",
                Map.of("baseUrl", hangingHost.baseUri() + "/hang", "timeoutMs", 2500, "maxConcurrentCalls", 10));
        publishedEntry("ZZINV-HANG-SVC", "ZZINV-HANG", Op.of("status", "POST", "/status", schema("ref")));
        // it hangs well past the limit; the limit is long enough for all 60 concurrent calls to arrive
        // while the first 10 are still held, even on a loaded machine
        hangingHost.on("POST", "/hang/status", Answer.json(OK).delayedBy(6_000));

        department("ZZINV-FAST", "rest-json", Map.of("baseUrl", "{{stub2}}/fast", "timeoutMs", 2000));
        publishedEntry("ZZINV-FAST-SVC", "ZZINV-FAST", Op.of("status", "POST", "/status", schema("ref")));
        otherDepartments.on("POST", "/fast/status", Answer.json(OK));

        department("ZZINV-FLAKY", "rest-json", Map.of("baseUrl", "{{stub}}/flaky", "timeoutMs", 3000));
        publishedEntry(
                "ZZINV-FLAKY-SVC",
                "ZZINV-FLAKY",
                Op.of("status", "POST", "/status", schema("ref")).notIdempotent());

        department("ZZINV-RETRY", "rest-json", Map.of("baseUrl", "{{stub}}/retry", "timeoutMs", 2000));
        publishedEntry(
                "ZZINV-RETRY-SVC",
                "ZZINV-RETRY",
                Op.of("read", "POST", "/read", schema("ref")),
                Op.of("write", "POST", "/write", schema("ref")).notIdempotent(),
                Op.of("slow-read", "POST", "/slow-read", schema("ref")));

        department("ZZINV-SHRINK", "rest-json", shrinkSettings(3));
        publishedEntry(
                "ZZINV-SHRINK-SVC",
                "ZZINV-SHRINK",
                Op.of("slow", "POST", "/slow", schema("ref")).notIdempotent(),
                Op.of("fast", "POST", "/fast", schema("ref")));
        ownHost.on("POST", "/shrink/slow", Answer.json(OK).delayedBy(3_000));
        ownHost.on("POST", "/shrink/fast", Answer.json(OK));

        department(
                "ZZINV-TRICKLE",
                "rest-json",
                Map.of("baseUrl", ownHost.baseUri() + "/trickle", "timeoutMs", 1000, "maxConcurrentCalls", 1));
        publishedEntry(
                "ZZINV-TRICKLE-SVC",
                "ZZINV-TRICKLE",
                Op.of("slow", "POST", "/slow", schema("ref")),
                Op.of("fast", "POST", "/fast", schema("ref")));
        // 50 bytes, one every 200 ms: 10 s in all, while no single read waits anywhere near 1000 ms
        ownHost.trickling(
                "POST",
                "/trickle/slow",
                Answer.json("{\"status\": \"OK\", \"note\": \"" + "x".repeat(26) + "\"}"),
                200);
        ownHost.on("POST", "/trickle/fast", Answer.json(OK));
        refresh();
    }

    private Map<String, Object> shrinkSettings(int maxConcurrentCalls) {
        return Map.of(
                "baseUrl", ownHost.baseUri() + "/shrink", "timeoutMs", 4000, "maxConcurrentCalls", maxConcurrentCalls);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void timing(String what, Object value) {
        System.out.println("RESILIENCE-TIMING " + what + ": " + value);
    }

    @Test
    void shouldOpenTheCircuitOfADownDepartmentWithinTenCallsAndThenFailFast() {
        List<Integer> statuses = new ArrayList<>();
        List<Long> failingMillis = new ArrayList<>();
        int callsUntilOpen = 0;
        for (int i = 1; i <= 10; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = invoke("ZZINV-DOWN-SVC", "status", BODY);
            failingMillis.add(millisSince(start));
            statuses.add(response.statusCode());
            callsUntilOpen = i;
            if (departmentHealth.statusOf("ZZINV-DOWN") == DepartmentStatus.DOWN) {
                break;
            }
        }
        assertThat(statuses).containsOnly(502);
        assertThat(departmentHealth.statusOf("ZZINV-DOWN")).isEqualTo(DepartmentStatus.DOWN);

        long notPermittedBefore =
                circuitBreakers.circuitBreaker("ZZINV-DOWN").getMetrics().getNumberOfNotPermittedCalls();
        List<Long> openMillis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = invoke("ZZINV-DOWN-SVC", "status", BODY);
            openMillis.add(millisSince(start));
            assertProblem(response, 503, "DEPARTMENT_UNAVAILABLE");
            assertThat(Integer.parseInt(
                            response.headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1, 2);
        }
        // failing fast: none of the 20 reached the department (the circuit refused them), and each
        // was answered without waiting for the department's 1000 ms timeout
        assertThat(circuitBreakers.circuitBreaker("ZZINV-DOWN").getMetrics().getNumberOfNotPermittedCalls()
                        - notPermittedBefore)
                .isEqualTo(20);
        assertThat(Collections.max(openMillis)).isLessThan(1000);
        timing("down department: calls until the circuit opened", callsUntilOpen);
        timing("down department: latency of the failing calls (ms)", failingMillis);
        timing("down department: latency once open (ms)", openMillis);
        timing("down department: max latency once open (ms)", Collections.max(openMillis));
    }

    @Test
    void shouldRetryAnIdempotentCallToADownDepartmentButNeverWhileTheCircuitIsOpen() {
        // a new circuit for this department
        assertThat(invoke("ZZINV-DOWN-SVC", "status-idempotent", BODY).statusCode())
                .isEqualTo(502);
        CircuitBreaker circuitBreaker = circuitBreakers.circuitBreaker("ZZINV-DOWN");
        assertThat(circuitBreaker.getMetrics().getNumberOfFailedCalls())
                .as("two attempts")
                .isEqualTo(2);

        circuitBreaker.transitionToOpenState();
        assertThat(invoke("ZZINV-DOWN-SVC", "status-idempotent", BODY).statusCode())
                .isEqualTo(503);
        assertThat(circuitBreaker.getMetrics().getNumberOfNotPermittedCalls())
                .as("one attempt")
                .isEqualTo(1);
    }

    @Test
    void shouldRetryOnlyIdempotentOperationsAndNeverATimeout() {
        departments.on("POST", "/retry/read", Answer.json(503, "{}"));
        departments.on("POST", "/retry/write", Answer.json(503, "{}"));
        departments.on("POST", "/retry/slow-read", Answer.json(OK).delayedBy(4_000));
        departments.clearRequests();

        assertProblem(invoke("ZZINV-RETRY-SVC", "read", BODY), 502, "DEPARTMENT_ERROR");
        assertThat(requestsTo("/retry/read")).isEqualTo(2);

        assertProblem(invoke("ZZINV-RETRY-SVC", "write", BODY), 502, "DEPARTMENT_ERROR");
        assertThat(requestsTo("/retry/write")).isEqualTo(1);

        assertProblem(invoke("ZZINV-RETRY-SVC", "slow-read", BODY), 504, "DEPARTMENT_TIMEOUT");
        assertThat(requestsTo("/retry/slow-read")).isEqualTo(1);
    }

    private long requestsTo(String path) {
        return departments.requests().stream()
                .filter(r -> r.path().equals(path))
                .count();
    }

    @Test
    void shouldTimeOutAHangingDepartmentAtItsLimitHoldNoMoreThanItsBulkheadAndLeaveOthersAlone() throws Exception {
        List<Long> baseline = fastCalls(20);
        ExecutorService pool = Executors.newFixedThreadPool(60);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<HttpResponse<String>>> hanging = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                hanging.add(CompletableFuture.supplyAsync(
                        () -> {
                            await(go);
                            return invoke("ZZINV-HANG-SVC", "status", BODY);
                        },
                        pool));
            }
            go.countDown();
            List<Long> during = fastCalls(20);
            List<Integer> statuses = hanging.stream()
                    .map(CompletableFuture::join)
                    .map(HttpResponse::statusCode)
                    .toList();

            assertThat(hangingHost.maxConcurrentRequests())
                    .as("calls the hanging department held at once")
                    .isLessThanOrEqualTo(10);
            assertThat(statuses).containsOnly(503, 504);
            assertThat(statuses).contains(503, 504);
            HttpResponse<String> refused = hanging.stream()
                    .map(CompletableFuture::join)
                    .filter(r -> r.statusCode() == 503)
                    .findFirst()
                    .orElseThrow();
            assertProblem(refused, 503, "DEPARTMENT_UNAVAILABLE");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();

            timing("hanging department: most calls it held at once", hangingHost.maxConcurrentRequests());
            timing("hanging department: 60 concurrent calls answered", count(statuses));
            timing("other department: latency before (ms)", summary(baseline));
            timing("other department: latency while the first hangs under 60 calls (ms)", summary(during));
        } finally {
            pool.shutdown();
        }

        // the 10 held calls keep their permits until their HTTP timeout fires, a moment after their
        // time limit answered the citizen (later still on a loaded machine): wait for them, or this
        // call would be refused by the full bulkhead (503) instead of timing out
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(bulkheads.bulkhead("ZZINV-HANG").getMetrics().getAvailableConcurrentCalls())
                        .isEqualTo(10));
        circuitBreakers.circuitBreaker("ZZINV-HANG").reset();
        long start = System.nanoTime();
        assertProblem(invoke("ZZINV-HANG-SVC", "status", BODY), 504, "DEPARTMENT_TIMEOUT");
        long timedOutAfter = millisSince(start);
        // at the limit: not before it, and not held until the department's 6 s answer either
        assertThat(timedOutAfter).isBetween(2500L, 4500L);
        timing("hanging department (timeoutMs 2500): one call answered 504 after (ms)", timedOutAfter);
    }

    private List<Long> fastCalls(int n) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = invoke("ZZINV-FAST-SVC", "status", BODY);
            millis.add(millisSince(start));
            assertThat(response.statusCode()).as("the other department answers").isEqualTo(200);
        }
        return millis;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<Integer, Long> count(List<Integer> statuses) {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        statuses.forEach(s -> counts.merge(s, 1L, Long::sum));
        return counts;
    }

    private static String summary(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return "p50=" + sorted.get(sorted.size() / 2) + " max=" + sorted.get(sorted.size() - 1) + " all=" + millis;
    }

    /**
     * Lowering a department's limit below the calls it has in flight must not make any call wait
     * (resilience4j's changeConfig waited for the in-flight calls, every call to the department
     * queued behind it): new calls are refused at once until the in-flight ones have ended, and the
     * new limit holds afterwards.
     */
    @Test
    void shouldRefuseAtOnceInsteadOfWaitingWhenALimitIsLoweredBelowTheCallsInFlight() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                slow.add(CompletableFuture.supplyAsync(() -> invoke("ZZINV-SHRINK-SVC", "slow", BODY), pool));
            }
            eventually(
                    Duration.ofSeconds(2),
                    () -> assertThat(ownHost.arrivals("POST", "/shrink/slow")).isEqualTo(3));

            department("ZZINV-SHRINK", "rest-json", shrinkSettings(1));
            refresh();
            List<Long> refusedMillis = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                HttpResponse<String> refused = invoke("ZZINV-SHRINK-SVC", "fast", BODY);
                refusedMillis.add(millisSince(start));
                assertProblem(refused, 503, "DEPARTMENT_UNAVAILABLE");
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            }
            // the in-flight calls still answer 3 s after they started; waiting for them would show
            assertThat(Collections.max(refusedMillis)).isLessThan(1500);
            assertThat(calls.inFlight("ZZINV-SHRINK")).isEqualTo(3);

            assertThat(slow.stream().map(CompletableFuture::join).map(HttpResponse::statusCode))
                    .containsOnly(200);
            eventually(
                    Duration.ofSeconds(2),
                    () -> assertThat(calls.inFlight("ZZINV-SHRINK")).isZero());
            assertThat(invoke("ZZINV-SHRINK-SVC", "fast", BODY).statusCode()).isEqualTo(200);

            // the new limit is 1
            ownHost.clearRequests();
            CompletableFuture<HttpResponse<String>> held =
                    CompletableFuture.supplyAsync(() -> invoke("ZZINV-SHRINK-SVC", "slow", BODY), pool);
            eventually(
                    Duration.ofSeconds(2),
                    () -> assertThat(ownHost.arrivals("POST", "/shrink/slow")).isEqualTo(1));
            assertProblem(invoke("ZZINV-SHRINK-SVC", "fast", BODY), 503, "DEPARTMENT_UNAVAILABLE");
            assertThat(held.join().statusCode()).isEqualTo(200);
            timing("lowered limit (3 in flight, limit 3 -> 1): latency of the refused calls (ms)", refusedMillis);
        } finally {
            pool.shutdown();
            department("ZZINV-SHRINK", "rest-json", shrinkSettings(3));
            refresh();
        }
    }

    /**
     * A department that trickles its answer a byte at a time, each read well within the timeout,
     * holds its bulkhead permit no longer than its timeout: the exchange is aborted at the deadline,
     * so the next call (limit 1) is let through a moment after the citizen got the 504.
     */
    @Test
    void shouldEndATricklingAnswerAtTheTimeoutAndFreeTheDepartmentsPermit() {
        long start = System.nanoTime();
        assertProblem(invoke("ZZINV-TRICKLE-SVC", "slow", BODY), 504, "DEPARTMENT_TIMEOUT");
        long timedOutAfter = millisSince(start);
        assertThat(timedOutAfter).isGreaterThanOrEqualTo(1000L);

        long afterTimeout = System.nanoTime();
        List<Integer> statuses = new ArrayList<>();
        eventually(Duration.ofMillis(1500), () -> {
            int status = invoke("ZZINV-TRICKLE-SVC", "fast", BODY).statusCode();
            statuses.add(status);
            assertThat(status).isEqualTo(200);
        });
        long freeAfter = millisSince(afterTimeout);
        assertThat(statuses).allMatch(status -> status == 200 || status == 503);
        assertThat(calls.inFlight("ZZINV-TRICKLE")).isZero();
        timing("trickling department (timeoutMs 1000, answer over 10 s): 504 after (ms)", timedOutAfter);
        timing("trickling department: next call let through after the 504 (ms)", freeAfter);
    }

    @Test
    void shouldCloseTheCircuitAgainAfterTheDepartmentRecovers() {
        departments.on("POST", "/flaky/status", Answer.json(503, "{}"));
        for (int i = 0; i < 10; i++) {
            invoke("ZZINV-FLAKY-SVC", "status", BODY);
        }
        assertThat(departmentHealth.statusOf("ZZINV-FLAKY")).isEqualTo(DepartmentStatus.DOWN);
        assertProblem(invoke("ZZINV-FLAKY-SVC", "status", BODY), 503, "DEPARTMENT_UNAVAILABLE");

        departments.on("POST", "/flaky/status", Answer.json(OK));
        long recovered = System.nanoTime();
        eventually(
                Duration.ofSeconds(10),
                () -> assertThat(departmentHealth.statusOf("ZZINV-FLAKY")).isEqualTo(DepartmentStatus.DEGRADED));
        long halfOpenMillis = millisSince(recovered);
        int trialCalls = 0;
        while (departmentHealth.statusOf("ZZINV-FLAKY") != DepartmentStatus.UP && trialCalls < 10) {
            assertThat(invoke("ZZINV-FLAKY-SVC", "status", BODY).statusCode()).isEqualTo(200);
            trialCalls++;
        }
        assertThat(departmentHealth.statusOf("ZZINV-FLAKY")).isEqualTo(DepartmentStatus.UP);
        assertThat(circuitBreakers.circuitBreaker("ZZINV-FLAKY").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(trialCalls).isEqualTo(3);
        timing(
                "recovery: half-open after (ms, wait-duration-in-open-state 2 s in tests, 30 s in production)",
                halfOpenMillis);
        timing("recovery: successful trial calls until closed", trialCalls);
        timing("recovery: closed after (ms)", millisSince(recovered));
    }
}
