package org.inbasket.mailets.delivery;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.NoSuchElementException;
import java.util.Set;

import javax.mail.MessagingException;

/**
 * Tells a failure of the gateway's own infrastructure that goes away by itself (the database restarting, its
 * connection pool exhausted) from a failure of the mail. The whole cause chain is walked, including
 * {@link SQLException#getNextException()} and {@link MessagingException#getNextException()}, because James and
 * OpenJPA wrap the JDBC error several times.
 *
 * <p>Transient: {@link SQLTransientConnectionException}, {@link SQLNonTransientConnectionException} (the JDBC
 * type for "connection lost"; a new connection after the restart works), {@link SQLRecoverableException}, SQLState
 * class {@code 08} (connection exception), {@code 57P01}-{@code 57P03} (PostgreSQL shutting down, crashed, not yet
 * accepting connections), {@code 53300} (too many connections), {@link ConnectException}, and the connection
 * pool's "Timeout waiting for idle object" (commons-pool's {@link NoSuchElementException}). Everything else is
 * not transient.</p>
 *
 * <p>BUGS: a driver that reports a lost connection with another SQLState is not recognised; the mail then takes
 * the ordinary error path (held in the error repository), which loses nothing.</p>
 */
public final class TransientFailures {
    private TransientFailures() {
    }

    /** Whether {@code failure} or anything it wraps is a transient infrastructure failure. */
    public static boolean isTransient(Throwable failure) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (failure != null) {
            todo.push(failure);
        }
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (isTransientItself(t)) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                todo.push(sql.getNextException());
            }
            if (t instanceof MessagingException messaging && messaging.getNextException() != null) {
                todo.push(messaging.getNextException());
            }
            if (t.getCause() != null) {
                todo.push(t.getCause());
            }
        }
        return false;
    }

    private static boolean isTransientItself(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
            || t instanceof SQLRecoverableException || t instanceof ConnectException) {
            return true;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300");
        }
        return t instanceof NoSuchElementException && t.getMessage() != null
            && t.getMessage().contains("Timeout waiting for idle object");
    }

    /** The first line of the failure's message, for a log line or a held mail's reason; never the stack. */
    public static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.strip();
        int end = trimmed.indexOf('\n');
        return (end < 0 ? trimmed : trimmed.substring(0, end)).strip();
    }
}
