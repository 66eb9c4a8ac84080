package org.janseva.platform.core.logging;

import java.sql.BatchUpdateException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The reason a WARN line gives for a failure: one short line that says what failed ({@code
 * CannotGetJdbcConnectionException: Connection refused}, {@code JWKSetRetrievalException: Read
 * timed out}), without a stack trace, a statement or a row's values, or a whole error page.
 *
 * <p>The rule: the simple name of the exception caught, which says what kind of thing failed (a
 * connection, a statement's grammar, a key set's fetch), then the first line of its deepest cause's
 * message, which says why ({@code Connection refused}, {@code HTTP response code: 500}). Only the
 * first line, because the next ones carry the values: PostgreSQL's {@code Detail: Failing row
 * contains (...)} and {@code Where:} lines, or the rest of an HTML page. The outer messages are
 * left out, because they quote the statement ({@code PreparedStatementCallback; SQL [insert into
 * ... values ...]}) or only wrap the cause's. A JDBC batch's {@link BatchUpdateException} quotes
 * the statement with its values too ({@code Batch entry 0 insert into ... was aborted}): when it is
 * the deepest cause, its next exception (the database's own error) is used instead. The whole
 * reason is cut at {@value #MAX_LENGTH} characters, with {@code ...} after the cut.
 */
public final class LogReasons {

    /** The longest reason, {@code ...} not counted. */
    public static final int MAX_LENGTH = 300;

    private static final String CUT = "...";

    private static final String NO_MESSAGE = "(no message)";

    private LogReasons() {}

    /**
     * @param ex what failed
     * @return {@code <SimpleClassName>: <first line of the deepest cause's message>}, at most
     *     {@value #MAX_LENGTH} characters and {@code ...}; the deepest cause's class name where it
     *     has no message, and the class name alone for an exception without a cause or a message
     */
    public static String of(Throwable ex) {
        if (ex == null) {
            return NO_MESSAGE;
        }
        Throwable cause = deepestCause(ex);
        String line = firstLine(cause.getMessage());
        String reason;
        if (line != null) {
            reason = name(ex) + ": " + line;
        } else if (cause != ex) {
            reason = name(ex) + ": " + name(cause);
        } else {
            reason = name(ex);
        }
        return cut(reason);
    }

    /**
     * For a caller that has only a message: an exception's message to be quoted in a log line, or
     * one kept for later.
     *
     * @param message a message, perhaps of several lines or a whole page
     * @return its first line that is not blank, at most {@value #MAX_LENGTH} characters and {@code
     *     ...}; {@code (no message)} for a {@code null} or blank one
     */
    public static String of(String message) {
        String line = firstLine(message);
        return line == null ? NO_MESSAGE : cut(line);
    }

    /** Follows the causes to the last, and a batch's next exception; a cycle ends the walk. */
    private static Throwable deepestCause(Throwable ex) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable cause = ex;
        while (seen.add(cause)) {
            Throwable next = cause.getCause();
            if (next == null && cause instanceof BatchUpdateException batch) {
                next = batch.getNextException();
            }
            if (next == null || seen.contains(next)) {
                break;
            }
            cause = next;
        }
        return cause;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        return message.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .findFirst()
                .orElse(null);
    }

    private static String name(Throwable ex) {
        String name = ex.getClass().getSimpleName();
        return name.isEmpty() ? ex.getClass().getName() : name;
    }

    private static String cut(String reason) {
        if (reason.length() <= MAX_LENGTH) {
            return reason;
        }
        int end = Character.isHighSurrogate(reason.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return reason.substring(0, end) + CUT;
    }
}
