package org.janseva.platform.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

class LogReasonsTests {

    /** Spring's data-access exceptions, which platform-core does not depend on, are shaped like this. */
    private static final class CannotGetJdbcConnectionException extends RuntimeException {
        CannotGetJdbcConnectionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class DataIntegrityViolationException extends RuntimeException {
        DataIntegrityViolationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Test
    void shouldNameTheExceptionCaughtAndItsDeepestCausesMessage() {
        ConnectException refused = new ConnectException("Connection refused");
        SQLException driver = new SQLException(
                "Connection to localhost:15432 refused. Check that the hostname and port are correct",
                "08001",
                refused);
        SQLTransientConnectionException pool = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 30000ms", "08001", driver);

        assertThat(LogReasons.of(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", pool)))
                .isEqualTo("CannotGetJdbcConnectionException: Connection refused");
        assertThat(LogReasons.of(new ResourceAccessException(
                        "I/O error on GET request for \"http://user-service:8082/oauth2/jwks\": Read timed out",
                        new SocketTimeoutException("Read timed out"))))
                .isEqualTo("ResourceAccessException: Read timed out");
        assertThat(LogReasons.of(new IOException(
                        "Server returned HTTP response code: 500 for URL: http://user-service:8082/oauth2/jwks")))
                .isEqualTo("IOException: Server returned HTTP response code: 500 for URL:"
                        + " http://user-service:8082/oauth2/jwks");
    }

    @Test
    void shouldQuoteOnlyTheFirstLineOfTheMessageWhereTheValuesFollow() {
        SQLException refusedRow = new SQLException(
                "ERROR: new row for relation \"signing_key\" violates check constraint \"signing_key_state\"\n"
                        + "  Detail: Failing row contains (k-1, 9876543210, secret).\n"
                        + "  Where: SQL statement \"insert into signing_key values (...)\"");

        assertThat(LogReasons.of(new DataIntegrityViolationException(
                        "PreparedStatementCallback; SQL [insert into signing_key values ('k-1', '9876543210')]",
                        refusedRow)))
                .isEqualTo("DataIntegrityViolationException: ERROR: new row for relation \"signing_key\" violates"
                        + " check constraint \"signing_key_state\"")
                .doesNotContain("9876543210", "Detail", "insert into");
        assertThat(LogReasons.of(new IllegalStateException("\n\n  first\r\nsecond")))
                .isEqualTo("IllegalStateException: first");
    }

    @Test
    void shouldUseTheDatabasesErrorOfABatchNotTheBatchsStatementWithItsValues() {
        BatchUpdateException batch = new BatchUpdateException(
                "Batch entry 0 insert into invocation_audit values ('citizen-9') was aborted: ERROR: ...  Call"
                        + " getNextException to see other errors in the batch.",
                "23514",
                new int[0]);
        batch.setNextException(new SQLException(
                "ERROR: new row violates check constraint\n  Detail: Failing row contains (citizen-9)", "23514"));

        assertThat(LogReasons.of(new DataIntegrityViolationException("PreparedStatementCallback; SQL [insert]", batch)))
                .isEqualTo("DataIntegrityViolationException: ERROR: new row violates check constraint")
                .doesNotContain("citizen-9");
        // a batch whose driver chained the error as its cause too: the same line
        BatchUpdateException chained = new BatchUpdateException(
                "Batch entry 0 insert into invocation_audit values ('citizen-9') was aborted",
                "23514",
                0,
                new int[0],
                new SQLException("ERROR: new row violates check constraint", "23514"));
        chained.setNextException((SQLException) chained.getCause());
        assertThat(LogReasons.of(new DataIntegrityViolationException("PreparedStatementCallback", chained)))
                .isEqualTo("DataIntegrityViolationException: ERROR: new row violates check constraint");
        // a batch without a next exception has nothing better than its own message
        assertThat(LogReasons.of(new BatchUpdateException("Batch entry 0 was aborted", new int[0])))
                .isEqualTo("BatchUpdateException: Batch entry 0 was aborted");
    }

    @Test
    void shouldNameTheCauseWhereItHasNoMessage() {
        assertThat(LogReasons.of(new IllegalStateException("Could not open JDBC Connection", new ConnectException())))
                .isEqualTo("IllegalStateException: ConnectException");
        assertThat(LogReasons.of(new IllegalStateException("Could not open", new ConnectException("  \n "))))
                .isEqualTo("IllegalStateException: ConnectException");
        assertThat(LogReasons.of(new ConnectException())).isEqualTo("ConnectException");
        assertThat(LogReasons.of(new RuntimeException() {})).isEqualTo(LogReasonsTests.class.getName() + "$1");
        assertThat(LogReasons.of((Throwable) null)).isEqualTo("(no message)");
    }

    @Test
    void shouldCutALongReasonAndSayItIsCut() {
        String reason = LogReasons.of(new IllegalStateException("x".repeat(1_000)));

        assertThat(reason)
                .hasSize(LogReasons.MAX_LENGTH + 3)
                .startsWith("IllegalStateException: xxx")
                .endsWith("xxx...");
        assertThat(LogReasons.of(new IllegalStateException("x".repeat(LogReasons.MAX_LENGTH - 23))))
                .hasSize(LogReasons.MAX_LENGTH)
                .doesNotEndWith("...");
        // never half of a character that takes two chars
        String cutInEmoji = LogReasons.of("x".repeat(LogReasons.MAX_LENGTH - 1) + "\ud83d\ude00".repeat(10));
        assertThat(cutInEmoji).isEqualTo("x".repeat(LogReasons.MAX_LENGTH - 1) + "...");
    }

    @Test
    void shouldNotQuoteAWholeErrorPage() {
        String page = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body>"
                + "<p>The upstream answered nothing useful.</p>".repeat(200) + "</body></html>\n";
        // Spring quotes the body on the exception message's one line
        HttpServerErrorException badGateway = HttpServerErrorException.create(
                HttpStatus.BAD_GATEWAY, "Bad Gateway", HttpHeaders.EMPTY, page.getBytes(StandardCharsets.UTF_8), null);

        String reason = LogReasons.of(badGateway);

        assertThat(reason)
                .startsWith("BadGateway: 502 Bad Gateway")
                .hasSizeLessThanOrEqualTo(LogReasons.MAX_LENGTH + 3)
                .doesNotContain("\n", "</html>");
        assertThat(LogReasons.of(page)).isEqualTo("<!DOCTYPE html>");
    }

    @Test
    void shouldGiveTheFirstLineOfAMessage() {
        assertThat(LogReasons.of("Malformed Jwk set")).isEqualTo("Malformed Jwk set");
        assertThat(LogReasons.of("ERROR: relation \"signing_key\" does not exist\n  Position: 15"))
                .isEqualTo("ERROR: relation \"signing_key\" does not exist");
        assertThat(LogReasons.of((String) null)).isEqualTo("(no message)");
        assertThat(LogReasons.of(" \n ")).isEqualTo("(no message)");
    }

    @Test
    void shouldEndAtACycleOfCauses() {
        SQLException first = new SQLException("first");
        SQLException second = new SQLException("second", first);
        first.initCause(second);

        assertThat(LogReasons.of(new IllegalStateException("outer", first))).isEqualTo("IllegalStateException: second");
    }
}
