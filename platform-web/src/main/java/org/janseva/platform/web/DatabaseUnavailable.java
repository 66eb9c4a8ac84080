package org.janseva.platform.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure comes from a database that cannot be reached, as opposed to a defect or bad
 * data: the same exceptions {@link DatabaseUnavailableExceptionHandler} answers 503, anywhere in
 * the cause chain, and what a plain {@link javax.sql.DataSource} throws without Spring in between.
 * With HikariCP and pgjdbc against a closed port (checked), a {@code JdbcClient} throws {@code
 * CannotGetJdbcConnectionException} (a {@link DataAccessResourceFailureException}), a {@code
 * TransactionTemplate} {@link CannotCreateTransactionException}, {@code DataSource.getConnection()}
 * Hikari's {@link SQLTransientConnectionException}; all three with pgjdbc's SQLState 08001 and
 * {@code ConnectException: Connection refused} beneath. A connection lost during a statement (SQLState
 * 08006, or 57P01 when PostgreSQL shuts down) is translated by Spring into a {@link
 * DataAccessResourceFailureException} too.
 */
public final class DatabaseUnavailable {

    /** SQLState class 08: connection exception. */
    private static final String CONNECTION_EXCEPTION = "08";

    /** Deeper than any real chain; a chain that loops back on itself ends here. */
    private static final int MAX_DEPTH = 20;

    private DatabaseUnavailable() {}

    /**
     * @param ex what failed
     * @return whether it, or one of its causes, says the database cannot be reached
     */
    public static boolean isCauseOf(Throwable ex) {
        Throwable cause = ex;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || (cause instanceof SQLException sql
                            && sql.getSQLState() != null
                            && sql.getSQLState().startsWith(CONNECTION_EXCEPTION))) {
                return true;
            }
        }
        return false;
    }
}
