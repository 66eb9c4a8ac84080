package org.janseva.catalog.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;

class AuditTrailTests {

    /** Records the size of every batch instead of writing it. */
    private final List<Integer> batches = new CopyOnWriteArrayList<>();

    private final JdbcTemplate jdbc = new JdbcTemplate() {
        @Override
        public <T> int[][] batchUpdate(
                String sql, Collection<T> rows, int batchSize, ParameterizedPreparedStatementSetter<T> setter) {
            batches.add(rows.size());
            return new int[0][];
        }
    };

    private AuditTrail trail;

    @AfterEach
    void stop() {
        if (trail != null) {
            trail.stop();
        }
    }

    @Test
    void shouldWriteTheRowsOfCallsArrivingOneByOneInOneBatch() throws InterruptedException {
        trail = started(500, Duration.ofSeconds(1));

        for (int i = 0; i < 5; i++) {
            trail.record(row(i));
            Thread.sleep(20);
        }

        InvocationTestSupport.eventually(
                Duration.ofSeconds(5), () -> assertThat(batches).isNotEmpty());
        assertThat(batches).containsExactly(5);
    }

    @Test
    void shouldWriteAFullBatchWithoutWaitingForTheFlushInterval() throws InterruptedException {
        trail = started(10, Duration.ofSeconds(30));

        for (int i = 0; i < 25; i++) {
            trail.record(row(i));
        }

        InvocationTestSupport.eventually(
                Duration.ofSeconds(5), () -> assertThat(batches).containsExactly(10, 10));
    }

    @Test
    void shouldWriteTheRowsStillQueuedWhenItStops() {
        trail = started(500, Duration.ofSeconds(30));
        for (int i = 0; i < 7; i++) {
            trail.record(row(i));
        }

        trail.stop();

        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
    }

    private AuditTrail started(int batchSize, Duration flushInterval) {
        InvocationProperties properties = new InvocationProperties(
                Duration.ofMillis(4500),
                Duration.ofSeconds(4),
                50,
                10,
                25,
                1000,
                new InvocationProperties.Audit(1000, batchSize, flushInterval),
                new InvocationProperties.RecentServices(false, Duration.ofSeconds(1), 10, Duration.ofMinutes(1)));
        AuditTrail started = new AuditTrail(jdbc, properties, new SimpleMeterRegistry());
        started.start();
        return started;
    }

    private static InvocationAudit row(int i) {
        return new InvocationAudit(
                Instant.now(), "req-" + i, "citizen", null, "SVC", "op", "DEPT", Outcome.SUCCESS, 200, 5);
    }
}
