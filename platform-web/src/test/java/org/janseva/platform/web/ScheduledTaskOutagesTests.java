package org.janseva.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.transaction.CannotCreateTransactionException;

class ScheduledTaskOutagesTests {

    private final MutableClock clock = new MutableClock();
    private final Logger logger = (Logger) LoggerFactory.getLogger("test.scheduled-task-outages");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final ScheduledTaskOutages outages = new ScheduledTaskOutages(logger, clock);

    @BeforeEach
    void capture() {
        // the lines are asserted by level: INFO must pass whatever the test's logging configuration
        logger.setLevel(Level.INFO);
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    @Test
    void shouldWarnAtTheFirstFailureThenAtMostOnceAMinutePerTaskWithTheFailuresSince() {
        for (int i = 0; i < 5; i++) {
            outages.failed("OutboxWorker.poll", outage());
            clock.advance(Duration.ofSeconds(10));
        }
        outages.failed("Catalogue.poll", outage());
        assertThat(lines())
                .containsExactly(
                        "WARN Scheduled task OutboxWorker.poll failed, the database is unavailable:"
                                + " CannotGetJdbcConnectionException: Connection refused; it runs again on its schedule, and"
                                + " this is said at most once a minute until it succeeds",
                        "WARN Scheduled task Catalogue.poll failed, the database is unavailable:"
                                + " CannotGetJdbcConnectionException: Connection refused; it runs again on its schedule, and"
                                + " this is said at most once a minute until it succeeds");

        clock.advance(Duration.ofSeconds(9));
        outages.failed("OutboxWorker.poll", outage()); // 59 s after the first line
        assertThat(lines()).hasSize(2);
        clock.advance(Duration.ofSeconds(1));
        outages.failed("OutboxWorker.poll", outage());
        outages.failed("OutboxWorker.poll", outage());

        assertThat(lines())
                .hasSize(3)
                .last()
                .isEqualTo("WARN Scheduled task OutboxWorker.poll still fails, the database is unavailable:"
                        + " CannotGetJdbcConnectionException: Connection refused (6 failures since the last such line,"
                        + " 7 in 60 s)");
        assertThat(logged.list)
                .allSatisfy(event -> assertThat(event.getThrowableProxy()).isNull());
    }

    @Test
    void shouldSayOnceThatTheTaskSucceedsAgainAndStartAfreshAtItsNextFailure() {
        outages.succeeded("Ratings.poll");
        assertThat(lines()).isEmpty();

        outages.failed("Ratings.poll", outage());
        clock.advance(Duration.ofSeconds(30));
        outages.failed("Ratings.poll", outage());
        clock.advance(Duration.ofSeconds(12));
        outages.succeeded("Ratings.poll");
        outages.succeeded("Ratings.poll");

        assertThat(lines())
                .hasSize(2)
                .last()
                .isEqualTo("INFO Scheduled task Ratings.poll succeeded again after 2 failures in 42 s");

        outages.failed("Ratings.poll", outage());
        assertThat(lines()).hasSize(3).last().asString().startsWith("WARN Scheduled task Ratings.poll failed,");
    }

    @Test
    void shouldGiveTheReasonAsOneShortLineWithoutTheStatementOrTheRowsValues() {
        SQLException server = new SQLException(
                "FATAL: terminating connection due to administrator command\n  Detail: Key (mobile)=(+919800000001)",
                "57P01");
        outages.failed(
                "A.poll",
                new DataAccessResourceFailureException("StatementCallback; SQL [select secret from t]", server));
        outages.failed(
                "B.poll",
                new SQLTransientConnectionException(
                        "HikariPool-1 - Connection is not available, request timed out after 3000ms"));
        outages.failed("C.poll", new CannotGetJdbcConnectionException("x", new SQLException("y".repeat(500))));
        outages.failed("D.poll", new CannotCreateTransactionException("x", new ConnectException()));

        assertThat(lines().stream().map(ScheduledTaskOutagesTests::reason))
                .containsExactly(
                        "DataAccessResourceFailureException: FATAL: terminating connection due to administrator"
                                + " command",
                        "SQLTransientConnectionException: HikariPool-1 - Connection is not available, request"
                                + " timed out after 3000ms",
                        "CannotGetJdbcConnectionException: " + "y".repeat(300 - 34) + "...",
                        "CannotCreateTransactionException: ConnectException");
    }

    @Test
    void shouldNameAScheduledMethodByItsClassAndName() throws NoSuchMethodException {
        assertThat(ScheduledTaskOutages.name(new ScheduledMethodRunnable(new Job(), "poll")))
                .isEqualTo("Job.poll");
        Runnable lambda = () -> {};
        assertThat(ScheduledTaskOutages.name(lambda)).isEqualTo(lambda.toString());
    }

    @Test
    void shouldTellADatabaseOutageFromOtherFailures() {
        SQLTransientConnectionException timedOut = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available", "08001", new ConnectException("Connection refused"));
        assertThat(List.<Throwable>of(
                        new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", timedOut),
                        new CannotCreateTransactionException(
                                "Could not open JDBC Connection for transaction", timedOut),
                        new DataAccessResourceFailureException("I/O error", new SQLException("An I/O error", "08006")),
                        // a plain DataSource, wrapped by the job itself (payment-service's ReconciliationJob)
                        new IllegalStateException("Reconciliation could not take its lock", timedOut),
                        new IllegalStateException(new SQLException("The connection attempt failed.", "08001"))))
                .allMatch(DatabaseUnavailable::isCauseOf);
        assertThat(List.<Throwable>of(
                        new IllegalStateException("unknown outbox kind X"),
                        new DataIntegrityViolationException("duplicate key", new SQLException("duplicate", "23505")),
                        new BadSqlGrammarException("select", "select * from missing", new SQLException("no", "42P01")),
                        new IllegalStateException(new SQLException("no state"))))
                .noneMatch(DatabaseUnavailable::isCauseOf);
    }

    private List<String> lines() {
        return logged.list.stream()
                .map(event -> event.getLevel() + " " + event.getFormattedMessage())
                .toList();
    }

    /** The reason a WARN line of {@link ScheduledTaskOutages#failed} gives. */
    private static String reason(String line) {
        String start = "the database is unavailable: ";
        String end = "; it runs again on its schedule";
        return line.substring(line.indexOf(start) + start.length(), line.indexOf(end));
    }

    private static RuntimeException outage() {
        return new CannotGetJdbcConnectionException(
                "Failed to obtain JDBC Connection",
                new SQLTransientConnectionException(
                        "HikariPool-1 - Connection is not available, request timed out after 3000ms",
                        "08001",
                        new ConnectException("Connection refused")));
    }

    static class Job {

        public void poll() {}
    }

    static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-12-01T06:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
