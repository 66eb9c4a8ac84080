package org.janseva.catalog.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.janseva.platform.core.logging.LogReasons;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

@ExtendWith(OutputCaptureExtension.class)
class AuditTrailTests {

    /** Records the size of every batch instead of writing it. */
    private final List<Integer> batches = new CopyOnWriteArrayList<>();
    /** The request ids of the rows written, in order. */
    private final List<String> written = new CopyOnWriteArrayList<>();
    /** Batch writes still to fail, as they do while the database is down. */
    private final AtomicInteger failures = new AtomicInteger();

    private final AtomicInteger attempts = new AtomicInteger();

    private final JdbcTemplate jdbc = new JdbcTemplate() {
        @Override
        @SuppressWarnings("unchecked")
        public <T> int[][] batchUpdate(
                String sql, Collection<T> rows, int batchSize, ParameterizedPreparedStatementSetter<T> setter) {
            attempts.incrementAndGet();
            if (failures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
            }
            batches.add(rows.size());
            ((Collection<InvocationAudit>) rows).forEach(row -> written.add(row.requestId()));
            return new int[0][];
        }
    };

    /** Runs the callback as it is: the fake statements above need no transaction. */
    private final PlatformTransactionManager transactions = new AbstractPlatformTransactionManager() {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {}

        @Override
        protected void doCommit(DefaultTransactionStatus status) {}

        @Override
        protected void doRollback(DefaultTransactionStatus status) {}
    };

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

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

    @Test
    void shouldKeepABatchWhoseWriteFailedAndWriteItOnceTheDatabaseIsBack() {
        failures.set(2);
        trail = started(500, Duration.ofMillis(50));

        for (int i = 0; i < 3; i++) {
            trail.record(row(i));
        }

        // tried again after 1 s and 2 s, the rows that came meanwhile queued behind it
        InvocationTestSupport.eventually(
                Duration.ofSeconds(10), () -> assertThat(written).hasSize(3));
        assertThat(attempts).hasValue(3);
        assertThat(written).containsExactly("req-0", "req-1", "req-2");
        assertThat(meters.counter("janseva.invocation.audit.dropped").count()).isZero();
    }

    @Test
    void shouldDropRowsOnlyWhenTheQueueIsFull() {
        failures.set(Integer.MAX_VALUE);
        trail = started(2, Duration.ofMillis(10), 3);
        trail.record(row(0));
        InvocationTestSupport.eventually(
                Duration.ofSeconds(5), () -> assertThat(attempts).hasPositiveValue());

        // the writer holds row 0; the queue takes 3 more, and the rest are dropped and counted
        for (int i = 1; i <= 5; i++) {
            trail.record(row(i));
        }
        assertThat(meters.counter("janseva.invocation.audit.dropped").count()).isEqualTo(2);

        failures.set(0);
        InvocationTestSupport.eventually(
                Duration.ofSeconds(10), () -> assertThat(written).hasSize(4));
        assertThat(written).containsExactly("req-0", "req-1", "req-2", "req-3");
    }

    @Test
    void shouldStopWithinItsTimeLimitWhileTheDatabaseIsDownAndCountTheRowsNotWritten() {
        failures.set(Integer.MAX_VALUE);
        trail = started(500, Duration.ofMillis(10));
        for (int i = 0; i < 4; i++) {
            trail.record(row(i));
        }
        InvocationTestSupport.eventually(
                Duration.ofSeconds(5), () -> assertThat(attempts).hasPositiveValue());

        long start = System.nanoTime();
        trail.stop();

        // flush interval + 5 s at most; the writer tries until a second before and then gives up
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(5_010 + 500));
        assertThat(attempts.get()).isGreaterThan(2);
        assertThat(meters.counter("janseva.invocation.audit.dropped").count()).isEqualTo(4);
        assertThat(written).isEmpty();
    }

    @Test
    void shouldStopWithinItsTimeLimitWhenAWriteHangsAndSaySo(CapturedOutput output) {
        CountDownLatch hanging = new CountDownLatch(1);
        JdbcTemplate hangingJdbc = new JdbcTemplate() {
            @Override
            public <T> int[][] batchUpdate(
                    String sql, Collection<T> rows, int batchSize, ParameterizedPreparedStatementSetter<T> setter) {
                try {
                    hanging.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
            }
        };
        trail = new AuditTrail(hangingJdbc, transactions, properties(500, Duration.ofMillis(10), 1000), meters);
        trail.start();
        trail.record(row(0));
        trail.record(row(1));

        long start = System.nanoTime();
        trail.stop();
        hanging.countDown();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(5_010 + 500));
        assertThat(output.getOut()).contains("Stopping while invocation audit rows are being written");
    }

    @Test
    void shouldLogAFailureInOneShortLineWithoutTheStatementsValues() {
        BatchUpdateException batch = new BatchUpdateException(
                "Batch entry 0 insert into invocation_audit values ('citizen-9') was aborted", "23514", new int[0]);
        batch.setNextException(new SQLException(
                "ERROR: new row violates check constraint\n  Detail: Failing row contains (citizen-9)"));

        // the reason of the WARN lines (LogReasons): the database's error, not the batch's statement
        assertThat(LogReasons.of(new DataIntegrityViolationException("PreparedStatementCallback; SQL [insert]", batch)))
                .isEqualTo("DataIntegrityViolationException: ERROR: new row violates check constraint")
                .doesNotContain("citizen-9");
        assertThat(LogReasons.of(new CannotGetJdbcConnectionException(
                        "Failed to obtain JDBC Connection",
                        new SQLException("Connection to localhost:15432 refused. Check that the hostname and port"))))
                .isEqualTo("CannotGetJdbcConnectionException: Connection to localhost:15432 refused. Check that the"
                        + " hostname and port");
    }

    private AuditTrail started(int batchSize, Duration flushInterval) {
        return started(batchSize, flushInterval, 1000);
    }

    private AuditTrail started(int batchSize, Duration flushInterval, int queueCapacity) {
        AuditTrail started =
                new AuditTrail(jdbc, transactions, properties(batchSize, flushInterval, queueCapacity), meters);
        started.start();
        return started;
    }

    private static InvocationProperties properties(int batchSize, Duration flushInterval, int queueCapacity) {
        return new InvocationProperties(
                Duration.ofMillis(4500),
                Duration.ofSeconds(4),
                50,
                10,
                25,
                1000,
                new InvocationProperties.Audit(queueCapacity, batchSize, flushInterval),
                new InvocationProperties.RecentServices(false, Duration.ofSeconds(1), 10, Duration.ofMinutes(1)));
    }

    private static InvocationAudit row(int i) {
        return new InvocationAudit(
                Instant.now(), "req-" + i, "citizen", null, "SVC", "op", "DEPT", Outcome.SUCCESS, 200, 5);
    }
}
