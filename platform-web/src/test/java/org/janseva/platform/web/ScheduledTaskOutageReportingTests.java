package org.janseva.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.ScheduledMethodRunnable;

/**
 * The reporting inside both schedulers Boot makes: {@link ThreadPoolTaskScheduler} (Java 17) and
 * {@link SimpleAsyncTaskScheduler} (virtual threads, Java 21+), whose fixed-delay tasks run on its
 * own scheduler thread.
 */
class ScheduledTaskOutageReportingTests {

    private static final String THREADS = "flaky-job-";

    private final Logger outagesLogger = (Logger) LoggerFactory.getLogger("test.scheduled-task-outage-reporting");
    private final Logger schedulerLogger =
            (Logger) LoggerFactory.getLogger("org.springframework.scheduling.support.TaskUtils$LoggingErrorHandler");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void capture() {
        outagesLogger.setLevel(Level.INFO);
        logged.start();
        outagesLogger.addAppender(logged);
        schedulerLogger.addAppender(logged);
    }

    @AfterEach
    void release() {
        outagesLogger.detachAppender(logged);
        schedulerLogger.detachAppender(logged);
    }

    @Test
    void shouldReportOutagesOfATaskOnAThreadPoolTaskSchedulerAndLeaveOtherFailuresToItsErrorHandler() throws Exception {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix(THREADS);
        scheduler.initialize();
        try {
            runFlakyJob(scheduler);
        } finally {
            scheduler.shutdown();
        }
    }

    @Test
    void shouldReportOutagesOfATaskOnASimpleAsyncTaskSchedulerAndLeaveOtherFailuresToItsErrorHandler()
            throws Exception {
        try (SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler()) {
            scheduler.setThreadNamePrefix(THREADS);
            scheduler.start();
            runFlakyJob(scheduler);
        }
    }

    /**
     * Three runs fail for the database, one for a defect, then the job succeeds: one WARN, the
     * scheduler's ERROR with its stack trace for the defect alone, one INFO.
     */
    private void runFlakyJob(TaskScheduler scheduler) throws Exception {
        FlakyJob job = new FlakyJob(List.of("outage", "outage", "defect", "outage", "ok"));
        ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();
        registrar.setTaskScheduler(scheduler);
        new ScheduledTaskOutageReporting(new ScheduledTaskOutages(outagesLogger, Clock.systemUTC()))
                .configureTasks(registrar);
        registrar.addFixedDelayTask(new ScheduledMethodRunnable(job, "poll"), Duration.ofMillis(10));
        registrar.afterPropertiesSet();
        try {
            assertThat(job.done.await(30, TimeUnit.SECONDS))
                    .as("the job ran to success")
                    .isTrue();
        } finally {
            registrar.destroy();
        }

        // the lines of this scheduler's threads (the appender hears whatever else runs in this JVM)
        List<ILoggingEvent> events = logged.list.stream()
                .filter(e -> e.getThreadName().startsWith(THREADS))
                .toList();
        assertThat(events)
                .extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
                .hasSize(3)
                .satisfies(lines -> {
                    assertThat(lines.get(0))
                            .isEqualTo("WARN Scheduled task FlakyJob.poll failed, the database is unavailable:"
                                    + " CannotGetJdbcConnectionException: Connection refused; it runs again on its"
                                    + " schedule, and this is said at most once a minute until it succeeds");
                    assertThat(lines.get(1)).isEqualTo("ERROR Unexpected error occurred in scheduled task");
                    assertThat(lines.get(2))
                            .matches("INFO Scheduled task FlakyJob.poll succeeded again after 3 failures in \\d+ s");
                });
        assertThat(events.get(0).getThrowableProxy()).isNull();
        assertThat(events.get(1).getThrowableProxy().getMessage()).isEqualTo("a defect");
        assertThat(events.get(2).getThrowableProxy()).isNull();
    }

    /**
     * Fails or succeeds as told, run by run. Done at its second success: a fixed-delay run starts
     * after the one before has ended, reported success included.
     */
    static class FlakyJob {

        private final ConcurrentLinkedQueue<String> outcomes;
        final CountDownLatch done = new CountDownLatch(2);

        FlakyJob(List<String> outcomes) {
            this.outcomes = new ConcurrentLinkedQueue<>(outcomes);
        }

        public void poll() {
            String outcome = outcomes.poll();
            if ("outage".equals(outcome)) {
                throw new CannotGetJdbcConnectionException(
                        "Failed to obtain JDBC Connection",
                        new SQLTransientConnectionException(
                                "HikariPool-1 - Connection is not available",
                                new ConnectException("Connection refused")));
            }
            if ("defect".equals(outcome)) {
                throw new IllegalStateException("a defect");
            }
            done.countDown();
        }
    }
}
