package org.janseva.catalog.invocation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.janseva.platform.core.logging.LogReasons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the invocation audit off the request path: a call only puts its row in a bounded queue;
 * one background thread writes the rows in batches to the append-only {@code invocation_audit}
 * table, at the latest {@code flush-interval} after the first row of a batch was queued.
 *
 * <p>Every call must be audited, so a batch whose write fails (the database is down, failing
 * over, or refuses the statement) is kept and written again after 1 s, then after twice as long
 * each time, {@value #MAX_RETRY_DELAY_MILLIS} ms at the longest, while new rows queue behind it. A
 * batch is inserted in one transaction: it is written entirely or not at all, so a retry never
 * writes a row twice (PostgreSQL's driver already runs an auto-commit batch as one implicit
 * transaction, but that is the driver's way, not a promise of JDBC). Rows are dropped only when the queue is full ({@code queue-capacity}),
 * rather than slowing citizens down; they are counted in {@code janseva.invocation.audit.dropped}
 * and logged at most once a minute. A batch the database refuses for its data (a value too long,
 * a check failed: SQLState classes 22 and 23, which no retry changes) is written again row by row
 * at once, so that one bad row cannot hold the trail up; only the rows refused are left out,
 * counted in {@code janseva.invocation.audit.refused}.
 *
 * <p>A failed write is logged once (one line, no stack trace) and then at most once a minute while
 * writes keep failing; when they work again, one INFO line says how many rows were written late.
 * Rows still queued at shutdown are written before the application stops, retried until {@code
 * flush-interval} + 4 s after the stop began; rows the database has not taken by then are lost,
 * counted as dropped and logged.
 */
@Component
class AuditTrail implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final String INSERT = """
            insert into invocation_audit (occurred_at, request_id, citizen_id, client_id, service_code, operation_code,
                                          department_code, outcome, http_status, latency_ms)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final long GATHER_PAUSE_MILLIS = 20;
    /** How often an idle or waiting writer looks whether it is being stopped. */
    private static final long IDLE_POLL_MILLIS = 100;
    /** The wait before a failed batch is written again; each further failure doubles it. */
    private static final long FIRST_RETRY_DELAY_MILLIS = 1_000;

    private static final long MAX_RETRY_DELAY_MILLIS = 30_000;
    /** The same WARN (writes failing, rows dropped, rows refused) at most once per interval. */
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /**
     * A stop waits {@code flush-interval} plus this for the writer; the writer stops retrying a
     * second earlier, so that it can still say what it could not write.
     */
    private static final long STOP_GRACE_MILLIS = 5_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final InvocationProperties.Audit properties;
    private final BlockingQueue<InvocationAudit> queue;
    private final Counter dropped;
    private final Counter refused;
    /** Rows dropped since the last WARN about them: counted on the request path, logged by the writer. */
    private final AtomicLong droppedUnlogged = new AtomicLong();

    private volatile Thread writer;
    private volatile boolean running;
    /** When a stopping writer stops retrying ({@link System#nanoTime()}). */
    private volatile long stopDeadline;

    // Only the writer thread touches what follows.
    private final Throttle failureWarnings = new Throttle();
    private final Throttle dropWarnings = new Throttle();
    private final Throttle refusalWarnings = new Throttle();
    private boolean failing;
    private long failingSince;
    private String lastFailure = "";
    /** Rows written late (kept or queued while writes failed) and not yet logged. */
    private long lateRows;
    /** Rows queued behind a kept batch when writes worked again, not yet written. */
    private long lateBehind;

    private long lateForSeconds;
    private long refusedUnlogged;
    private String lastRefusal = "";

    AuditTrail(
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            InvocationProperties properties,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties.audit();
        this.queue = new ArrayBlockingQueue<>(this.properties.queueCapacity());
        this.dropped = Counter.builder("janseva.invocation.audit.dropped")
                .description(
                        "Audit rows dropped because the queue was full, or not written when the application stopped")
                .register(meters);
        this.refused = Counter.builder("janseva.invocation.audit.refused")
                .description("Audit rows the database refused for their data (never retried)")
                .register(meters);
    }

    /** Queues a row; never blocks. */
    void record(InvocationAudit audit) {
        if (!queue.offer(audit)) {
            dropped.increment();
            droppedUnlogged.incrementAndGet();
        }
    }

    private void run() {
        List<InvocationAudit> batch = new ArrayList<>(properties.batchSize());
        try {
            while (running || !queue.isEmpty()) {
                warnCounted();
                InvocationAudit first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(batch, System.nanoTime() + properties.flushInterval().toNanos());
                writeUntilWritten(batch);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            queue.drainTo(batch);
            if (!batch.isEmpty() && !write(batch)) {
                abandon(batch);
            }
        }
    }

    /**
     * Adds queued rows to the batch until it is full or its first row has waited the flush
     * interval (at shutdown: at once), looking every {@value #GATHER_PAUSE_MILLIS} ms. So the
     * writer wakes and writes once per batch, not once per call: woken by every row, it cost a
     * context switch and a one-row transaction per invocation.
     */
    private void gather(List<InvocationAudit> batch, long deadline) throws InterruptedException {
        while (true) {
            queue.drainTo(batch, properties.batchSize() - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= properties.batchSize() || left <= 0 || !running) {
                return;
            }
            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, GATHER_PAUSE_MILLIS));
        }
    }

    /**
     * Writes the batch, retrying with a doubling delay while the write fails; new rows wait in the
     * queue meanwhile. At shutdown it gives up at the stop deadline.
     */
    private void writeUntilWritten(List<InvocationAudit> batch) throws InterruptedException {
        long delay = FIRST_RETRY_DELAY_MILLIS;
        while (!write(batch)) {
            if (!running && System.nanoTime() - stopDeadline >= 0) {
                abandon(batch);
                return;
            }
            pause(delay);
            delay = Math.min(delay * 2, MAX_RETRY_DELAY_MILLIS);
        }
    }

    /**
     * @return whether the batch is written (then it is empty); false keeps the rows not written in it
     */
    private boolean write(List<InvocationAudit> batch) {
        try {
            transaction.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, batch, batch.size(), AuditTrail::bind));
        } catch (DataIntegrityViolationException ex) {
            return writeEach(batch);
        } catch (RuntimeException ex) {
            failed(batch, ex);
            return false;
        }
        written(batch.size());
        batch.clear();
        return true;
    }

    /**
     * Writes a batch the database refused for its data one row at a time, each in its own
     * statement, leaving out the rows it refuses. A failure of another kind keeps the rows not yet
     * written, as for a batch.
     */
    private boolean writeEach(List<InvocationAudit> batch) {
        int written = 0;
        for (Iterator<InvocationAudit> rows = batch.iterator(); rows.hasNext(); ) {
            InvocationAudit row = rows.next();
            try {
                jdbc.update(INSERT, statement -> bind(statement, row));
                written++;
            } catch (DataIntegrityViolationException ex) {
                refused.increment();
                refusedUnlogged++;
                lastRefusal = LogReasons.of(ex);
            } catch (RuntimeException ex) {
                written(written);
                failed(batch, ex);
                return false;
            }
            rows.remove();
        }
        written(written);
        warnCounted();
        return true;
    }

    private static void bind(PreparedStatement statement, InvocationAudit row) throws SQLException {
        statement.setTimestamp(1, Timestamp.from(row.occurredAt()));
        statement.setString(2, row.requestId());
        statement.setString(3, row.citizenId());
        statement.setString(4, row.clientId());
        statement.setString(5, clip(row.serviceCode(), 64));
        statement.setString(6, clip(row.operationCode(), 60));
        statement.setString(7, row.departmentCode());
        statement.setString(8, row.outcome().name());
        statement.setInt(9, row.httpStatus());
        statement.setLong(10, row.latencyMillis());
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private void failed(List<InvocationAudit> kept, RuntimeException ex) {
        lastFailure = LogReasons.of(ex);
        if (!failing) {
            failing = true;
            failingSince = System.nanoTime();
            failureWarnings.reset();
            failureWarnings.due();
            log.warn(
                    "Could not write {} invocation audit rows, keeping them and trying again: {}",
                    kept.size(),
                    lastFailure);
        } else if (failureWarnings.due()) {
            log.warn(
                    "Still cannot write invocation audit rows after {} s, keeping {} rows: {}",
                    secondsSince(failingSince),
                    kept.size() + queue.size(),
                    lastFailure);
        }
    }

    /** Counts the rows written late, and says how many once the rows that waited are all written. */
    private void written(int rows) {
        if (failing) {
            failing = false;
            lateRows += rows;
            lateBehind = queue.size();
            lateForSeconds = secondsSince(failingSince);
        } else if (lateBehind > 0) {
            long late = Math.min(lateBehind, rows);
            lateRows += late;
            lateBehind -= late;
        }
        if (lateRows > 0 && lateBehind == 0) {
            log.info("Wrote {} invocation audit rows late: writes had failed for {} s", lateRows, lateForSeconds);
            lateRows = 0;
        }
    }

    /** Gives up on the batch and the queue at the stop deadline. */
    private void abandon(List<InvocationAudit> batch) {
        queue.drainTo(batch);
        dropped.increment(batch.size());
        log.warn("Stopping without writing {} invocation audit rows: {}", batch.size(), lastFailure);
        batch.clear();
    }

    /**
     * Waits before a kept batch is written again, logging drops meanwhile. A stop ends the wait at
     * once (the rows are tried again for as long as the stop allows) and bounds the next ones.
     */
    private void pause(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean stopping = !running;
        while (true) {
            long now = System.nanoTime();
            long left = stopping ? Math.min(end - now, stopDeadline - now) : end - now;
            if (left <= 0 || (!stopping && !running)) {
                return;
            }
            warnCounted();
            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, IDLE_POLL_MILLIS));
        }
    }

    /** Logs the rows dropped and refused since the last WARN about them, if it is time. */
    private void warnCounted() {
        if (droppedUnlogged.get() > 0 && dropWarnings.due()) {
            log.warn(
                    "Dropped {} invocation audit rows: the queue of {} rows was full",
                    droppedUnlogged.getAndSet(0),
                    properties.queueCapacity());
        }
        if (refusedUnlogged > 0 && refusalWarnings.due()) {
            log.warn(
                    "The database refused {} invocation audit rows for their data, not retried: {}",
                    refusedUnlogged,
                    lastRefusal);
            refusedUnlogged = 0;
        }
    }

    private static long secondsSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanoTime);
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::run, "invocation-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void stop() {
        long wait = properties.flushInterval().toMillis() + STOP_GRACE_MILLIS;
        stopDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait - 1_000);
        running = false;
        Thread thread = writer;
        if (thread != null) {
            try {
                thread.join(wait);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                // still in a write (waiting for a connection, say): what it holds goes with the JVM
                log.warn(
                        "Stopping while invocation audit rows are being written: the rows of that write and {} queued"
                                + " rows may be lost",
                        queue.size());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Starts before and stops after the web server (phase {@code DEFAULT_PHASE - 2048}), so that
     * rows of the last requests are written; the datasource closes later still.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** Whether a WARN is due: the first at once, then at most one per {@link #WARN_INTERVAL_NANOS}. */
    private static final class Throttle {

        private boolean warned;
        private long last;

        boolean due() {
            long now = System.nanoTime();
            if (warned && now - last < WARN_INTERVAL_NANOS) {
                return false;
            }
            warned = true;
            last = now;
            return true;
        }

        void reset() {
            warned = false;
        }
    }
}
