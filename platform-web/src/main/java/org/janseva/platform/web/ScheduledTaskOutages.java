package org.janseva.platform.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.janseva.platform.core.logging.LogReasons;
import org.slf4j.Logger;

/**
 * What a scheduled task logs while the database is unavailable: one WARN line without a stack trace
 * at its first failure, naming the task and the cause, then at most one every {@link #LOG_INTERVAL}
 * with the number of failures since, and one INFO when it succeeds again. An outage fails every run
 * (the payment outbox polls twice a second), and Spring's scheduler logged each failure as an ERROR
 * with a 15 KB stack trace before. The sibling of {@link DependencyUnavailable}, which does the same
 * for the requests an outage fails. Each task is counted on its own, so one task's line never hides
 * another's.
 */
final class ScheduledTaskOutages {

    /** At most one line per task this often while it fails. */
    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final Clock clock;
    private final ConcurrentMap<String, Outage> outages = new ConcurrentHashMap<>();

    /**
     * @param log where the lines go
     * @param clock when failures happen, for the rate limit and the durations in the lines
     */
    ScheduledTaskOutages(Logger log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /**
     * A run of the task failed because the database is unavailable ({@link DatabaseUnavailable}).
     *
     * @param task the task's name ({@link #name(Runnable)})
     * @param ex what it failed with
     */
    void failed(String task, Throwable ex) {
        Instant now = clock.instant();
        Outage outage = outages.computeIfAbsent(task, t -> new Outage(now));
        synchronized (outage) {
            outage.failures++;
            if (outage.lastLogged == null) {
                outage.lastLogged = now;
                outage.failuresLogged = outage.failures;
                log.warn(
                        "Scheduled task {} failed, the database is unavailable: {}; it runs again on its schedule,"
                                + " and this is said at most once a minute until it succeeds",
                        task,
                        LogReasons.of(ex));
            } else if (!now.isBefore(outage.lastLogged.plus(LOG_INTERVAL))) {
                log.warn(
                        "Scheduled task {} still fails, the database is unavailable: {} ({} failures since the last"
                                + " such line, {} in {} s)",
                        task,
                        LogReasons.of(ex),
                        outage.failures - outage.failuresLogged,
                        outage.failures,
                        Duration.between(outage.since, now).toSeconds());
                outage.lastLogged = now;
                outage.failuresLogged = outage.failures;
            }
        }
    }

    /**
     * A run of the task ended without an exception: one INFO line if it had failed for the
     * database before.
     *
     * @param task the task's name ({@link #name(Runnable)})
     */
    void succeeded(String task) {
        Outage outage = outages.remove(task);
        if (outage != null) {
            synchronized (outage) {
                log.info(
                        "Scheduled task {} succeeded again after {} failures in {} s",
                        task,
                        outage.failures,
                        Duration.between(outage.since, clock.instant()).toSeconds());
            }
        }
    }

    /**
     * The name a task is logged under: {@code OutboxWorker.poll} for a {@code @Scheduled} method
     * (whose runnable's {@code toString()} is the method's class and name), the runnable's own
     * {@code toString()} otherwise.
     */
    static String name(Runnable task) {
        String name = task.toString();
        int method = name.lastIndexOf('.');
        if (method <= 0 || name.indexOf('@') >= 0 || name.indexOf('/') >= 0 || name.indexOf(' ') >= 0) {
            return name;
        }
        String type = name.substring(name.lastIndexOf('.', method - 1) + 1, method);
        int nested = type.lastIndexOf('$');
        if (nested >= 0 && nested + 1 < type.length() && !Character.isDigit(type.charAt(nested + 1))) {
            type = type.substring(nested + 1);
        }
        return type + name.substring(method);
    }

    /** One task's failures since it last succeeded. */
    private static final class Outage {

        private final Instant since;
        private long failures;
        private long failuresLogged;
        private Instant lastLogged;

        Outage(Instant since) {
            this.since = since;
        }
    }
}
