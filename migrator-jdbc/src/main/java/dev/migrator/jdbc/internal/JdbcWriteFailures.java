package dev.migrator.jdbc.internal;

import dev.migrator.api.DatabaseException;
import dev.migrator.spi.TableInfo;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Set;

/**
 * What a failed read or write of a data migration means on PostgreSQL and MySQL/MariaDB: whether it may pass when tried
 * again on a new connection, and a message saying what failed where, in the database's words, and what to do.
 */
final class JdbcWriteFailures {

    /** SQLSTATEs that may pass on a new try: serialization failure, deadlock, admin shutdown / crash / cannot connect. */
    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03");

    /** MySQL error codes that may pass on a new try: deadlock, lock wait timeout, server gone away, lost connection. */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(1213, 1205, 2006, 2013);

    private JdbcWriteFailures() {}

    /** Walks the cause chain for a lost connection, a deadlock, a serialization failure or a lock wait timeout. */
    static boolean isTransient(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 32; depth++) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException e) {
                String state = e.getSQLState();
                if (state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state))) {
                    return true;
                }
                if (TRANSIENT_CODES.contains(e.getErrorCode())) {
                    return true;
                }
            }
            if (t.getClass().getSimpleName().contains("CommunicationsException")) {
                return true; // Connector/J's unchecked CJCommunicationsException and its SQLException twin
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }

    static final String RETRY_HINT = "The batch is rolled back; it may pass when tried again on a new connection.";

    /** What to do about a failed write, by the error's class. */
    static String hint(SQLException e, TableInfo table, List<String> keys) {
        String state = String.valueOf(e.getSQLState());
        int code = e.getErrorCode();
        if (state.equals("23505") || code == 1062) {
            return "A row's key already exists in " + table.qualifiedName() + ": choose a conflict strategy that updates"
                    + " or skips existing rows, or empty the table first. Nothing of the batch is committed.";
        }
        if (state.equals("42P10")) {
            return table.qualifiedName() + " needs a primary key or unique constraint on exactly " + keys
                    + " for an upsert; add one, or give the migration the table's key.";
        }
        if (state.equals("21000")) {
            return "The batch holds the same key " + keys + " twice; remove duplicates in the source or transform.";
        }
        if (state.equals("23503") || code == 1452) {
            return "A referenced row is missing: migrate the parent table first, or drop the orphan rows in a validator.";
        }
        if (state.equals("23502") || code == 1048 || code == 1364) {
            return "A NOT NULL column of " + table.qualifiedName() + " gets no value: set it in the transform or give"
                    + " it a default.";
        }
        return "Check the records against the columns and constraints of " + table.qualifiedName()
                + "; nothing of the batch is committed.";
    }

    /**
     * The failure, or when the connection is closed after it, a recoverable one saying so: Connector/J reports a
     * killed connection during a batch as "No operations allowed after statement closed" (SQLSTATE S1009).
     */
    static SQLException lostConnection(Connection connection, SQLException e) {
        try {
            if (!isTransient(e) && connection.isClosed()) {
                return new SQLRecoverableException("The connection was lost: " + e.getMessage(), "08003", e);
            }
        } catch (SQLException ignored) {
            // isClosed() does not fail on a closed connection; the original failure is the one to report
        }
        return e;
    }

    /** A failure that says what failed where, the database's words, and what to do; never a password. */
    static DatabaseException failed(JdbcBackend backend, String action, SQLException e, String hint) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        String timeout = backend.dialect().timeoutHint(e);
        return new DatabaseException("Cannot " + action + " on '" + backend.name() + "': " + message + " (SQLSTATE "
                + e.getSQLState() + "). " + (timeout != null ? timeout : hint), e);
    }
}
