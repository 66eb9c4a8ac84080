package org.janseva.catalog.invocation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes the invocation audit off the request path: a call only puts its row in a bounded queue;
 * one background thread writes the rows in batches to the append-only {@code invocation_audit}
 * table, at the latest {@code flush-interval} after the first row of a batch was queued. When the queue is full (the database is down or slow) rows are dropped and counted in
 * {@code janseva.invocation.audit.dropped}, rather than slowing citizens down. Rows still queued at
 * shutdown are written before the application stops.
 */
@Component
class AuditTrail implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final String INSERT = """
            insert into invocation_audit (occurred_at, request_id, citizen_id, client_id, service_code, operation_code,
                                          department_code, outcome, http_status, latency_ms)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final long GATHER_PAUSE_MILLIS = 20;
    /** How often an idle writer looks whether it is being stopped. */
    private static final long IDLE_POLL_MILLIS = 100;

    private final JdbcTemplate jdbc;
    private final InvocationProperties.Audit properties;
    private final BlockingQueue<InvocationAudit> queue;
    private final Counter dropped;
    private final Counter failed;
    private volatile Thread writer;
    private volatile boolean running;

    AuditTrail(JdbcTemplate jdbc, InvocationProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.properties = properties.audit();
        this.queue = new ArrayBlockingQueue<>(this.properties.queueCapacity());
        this.dropped = Counter.builder("janseva.invocation.audit.dropped")
                .description("Audit rows dropped because the queue was full")
                .register(meters);
        this.failed = Counter.builder("janseva.invocation.audit.failed")
                .description("Audit rows that could not be written")
                .register(meters);
    }

    /** Queues a row; never blocks. */
    void record(InvocationAudit audit) {
        if (!queue.offer(audit)) {
            dropped.increment();
        }
    }

    private void run() {
        List<InvocationAudit> batch = new ArrayList<>(properties.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                InvocationAudit first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(batch, System.nanoTime() + properties.flushInterval().toNanos());
                write(batch);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                queue.drainTo(batch);
                write(batch);
                return;
            } finally {
                batch.clear();
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

    private void write(List<InvocationAudit> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            jdbc.batchUpdate(INSERT, batch, batch.size(), (statement, row) -> {
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
            });
        } catch (RuntimeException ex) {
            failed.increment(batch.size());
            log.warn("Could not write {} invocation audit rows: {}", batch.size(), ex.getMessage());
        }
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
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
        running = false;
        Thread thread = writer;
        if (thread != null) {
            try {
                thread.join(properties.flushInterval().toMillis() + 5_000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
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
}
